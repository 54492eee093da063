import { ApiError, api, type Playlist, type Share, type Trip } from './api.js';
import './style.css';

type Child = Node | string | null | undefined | false;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

const app = document.getElementById('app') as HTMLElement;
const show = (...children: Child[]) =>
  app.replaceChildren(...children.filter((c): c is Node | string => Boolean(c)));

const timeFmt = new Intl.DateTimeFormat(undefined, {
  timeZone: 'Europe/Zurich',
  hour: '2-digit',
  minute: '2-digit',
});
const dateFmt = new Intl.DateTimeFormat(undefined, {
  timeZone: 'Europe/Zurich',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const clock = (iso: string) => timeFmt.format(new Date(iso));
const day = (iso: string) => dateFmt.format(new Date(iso));

function duration(exactSeconds: number): string {
  const seconds = Math.round(exactSeconds);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return h > 0
    ? `${h} h ${String(m).padStart(2, '0')} min`
    : s
      ? `${m}:${String(s).padStart(2, '0')}`
      : `${m} min`;
}

const signed = (s: number) => `${s >= 0 ? '+' : '−'}${Math.abs(s).toFixed(Math.abs(s) < 0.1 ? 3 : 1)} s`;

function shareForm(onDone: (trip: Trip | null, share: Share) => void): HTMLElement {
  const input = h('textarea', {
    id: 'share-text',
    rows: '3',
    placeholder: 'Paste a link from the SBB app, sbb.ch or Google Maps, or a copied connection',
    'aria-label': 'Trip link or connection',
  }) as HTMLTextAreaElement;
  const status = h('p', { class: 'status', role: 'status' });
  const button = h('button', { type: 'submit' }, 'Make my mixtape');
  const form = h('form', { class: 'card share-form' }, h('h2', {}, 'Share a trip'), input, button, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    button.setAttribute('disabled', '');
    status.textContent = 'Reading your trip…';
    try {
      const result = await api.share(input.value);
      input.value = '';
      status.textContent = result.share.error?.message ?? '';
      onDone(result.trip, result.share);
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : 'Could not reach Railtape.';
    } finally {
      button.removeAttribute('disabled');
    }
  });
  return form;
}

function tripCard(trip: Trip): HTMLElement {
  return h(
    'a',
    { class: 'card trip', href: `#/trip/${trip.id}` },
    h('strong', {}, `${trip.origin} → ${trip.destination}`),
    h(
      'span',
      {},
      `${day(trip.departure)} · ${clock(trip.departure)}–${clock(trip.arrival)} · ${duration(trip.durationSeconds)}`,
    ),
    trip.exactness !== 'exact' && h('span', { class: 'badge' }, trip.exactness),
  );
}

function shareCard(share: Share, refresh: () => void): HTMLElement {
  const retry = h('button', { type: 'button', class: 'secondary' }, 'Try again');
  retry.addEventListener('click', async () => {
    retry.setAttribute('disabled', '');
    const result = await api.retry(share.id).catch(() => null);
    if (result?.trip) location.hash = `#/trip/${result.trip.id}`;
    else refresh();
  });
  const shared = share.payload.url ?? share.payload.text ?? share.payload.title ?? '';
  return h(
    'div',
    { class: `card share ${share.status}` },
    h('span', { class: 'badge' }, share.status.replace('_', ' ')),
    h('p', {}, share.error?.message ?? ''),
    h('code', {}, shared.length > 120 ? `${shared.slice(0, 117)}…` : shared),
    // A search waits for the timetable worker; retrying it by hand changes nothing.
    share.status !== 'parsed' && share.error?.code !== 'awaiting_timetable' && retry,
  );
}

async function homeScreen(): Promise<void> {
  const [{ trips }, { shares }] = await Promise.all([api.trips(), api.shares()]);
  const attention = shares.filter((s) => s.status !== 'parsed');
  show(
    shareForm((trip) => {
      if (trip) location.hash = `#/trip/${trip.id}`;
      else void homeScreen();
    }),
    h('h2', {}, 'Your trips'),
    trips.length
      ? h('div', { class: 'list', id: 'trips' }, ...trips.map(tripCard))
      : h('p', { class: 'empty' }, 'No trips yet: share one from the SBB app.'),
    attention.length > 0 && h('h2', {}, 'Shares waiting or not understood'),
    attention.length > 0 &&
      h(
        'div',
        { class: 'list', id: 'shares' },
        ...attention.map((s) => shareCard(s, () => void homeScreen())),
      ),
  );
}

function playlistSection(trip: Trip, playlist: Playlist): HTMLElement {
  const start = new Date(trip.departure).getTime();
  const at = (seconds: number) => clock(new Date(start + seconds * 1000).toISOString());
  const rows: HTMLElement[] = [];
  playlist.tracks.forEach((t, i) => {
    const leg = trip.legs[t.legIndex];
    rows.push(
      h(
        'li',
        {},
        h('span', { class: 'time' }, at(t.startSeconds)),
        h(
          'span',
          { class: 'what' },
          h('span', { class: 'title' }, `${i + 1}. ${t.title}`),
          h('span', { class: 'artist' }, t.artists.join(', ')),
        ),
        h(
          'span',
          { class: 'meta' },
          h('span', { class: 'len' }, duration(t.durationMs / 1000)),
          leg?.line ? h('span', { class: 'leg' }, leg.line) : null,
        ),
      ),
    );
    // Where the traveller gets off, show how close the song boundary lands.
    const next = playlist.tracks[i + 1];
    const boundary = playlist.boundaries.find((b) => b.legIndex === t.legIndex);
    if (next && next.legIndex !== t.legIndex && boundary) {
      const stop = trip.legs[t.legIndex]?.to.name ?? '';
      rows.push(
        h(
          'li',
          { class: 'boundary' },
          h('span', { class: 'time' }, at(boundary.targetSeconds)),
          h('span', {}, `Get off at ${stop}: song ends ${signed(boundary.errorSeconds)}`),
        ),
      );
    }
  });
  return h(
    'section',
    { class: 'card playlist' },
    h('h2', {}, 'Your mixtape'),
    h(
      'p',
      { class: 'fit' },
      `${playlist.tracks.length} tracks · ${duration(playlist.totalSeconds)} for a ${duration(playlist.targetSeconds)} trip (${signed(playlist.errorSeconds)})`,
    ),
    playlist.provider === 'demo' &&
      h(
        'p',
        { class: 'note' },
        'Demo catalog: invented sample tracks with realistic lengths, not real songs. Connect a music source for your own.',
      ),
    ...playlist.notes.map((n) => h('p', { class: 'note' }, n.message)),
    h('ol', { class: 'tracks' }, ...rows),
    h(
      'a',
      { href: `/api/trips/${trip.id}/playlist.m3u8`, class: 'button secondary', download: '' },
      'Download M3U8',
    ),
  );
}

async function tripScreen(id: string): Promise<void> {
  const { trip, playlist } = await api.trip(id);
  const legs = trip.legs.map((leg) =>
    h(
      'li',
      { class: `leg ${leg.mode}` },
      h('span', { class: 'time' }, `${clock(leg.departure)}–${clock(leg.arrival)}`),
      h(
        'span',
        {},
        leg.mode === 'walk'
          ? `Walk to ${leg.to.name}`
          : `${leg.line ?? leg.mode} ${leg.from.name} → ${leg.to.name}`,
      ),
    ),
  );
  show(
    h('a', { href: '#/', class: 'back' }, '← All trips'),
    h(
      'section',
      { class: 'card' },
      h('h1', {}, `${trip.origin} → ${trip.destination}`),
      h(
        'p',
        {},
        `${day(trip.departure)} · ${clock(trip.departure)}–${clock(trip.arrival)} · ${duration(trip.durationSeconds)}`,
      ),
      h('ol', { class: 'legs' }, ...legs),
    ),
    playlist ? playlistSection(trip, playlist) : h('p', { class: 'empty' }, 'No playlist yet.'),
  );
}

async function shareScreen(id: string): Promise<void> {
  const result = await api.shareById(id);
  if (result.trip) {
    location.replace(`#/trip/${result.trip.id}`);
    return;
  }
  show(
    h('a', { href: '#/', class: 'back' }, '← All trips'),
    shareCard(result.share, () => void shareScreen(id)),
  );
}

async function route(): Promise<void> {
  const shared = new URLSearchParams(location.search).get('share');
  const trip = /^#\/trip\/([\w-]+)$/.exec(location.hash)?.[1];
  try {
    if (shared) {
      history.replaceState(null, '', '/');
      await shareScreen(shared);
    } else if (trip) await tripScreen(trip);
    else await homeScreen();
  } catch (err) {
    show(h('p', { class: 'error' }, err instanceof Error ? err.message : 'Something went wrong.'));
  }
}

window.addEventListener('hashchange', () => void route());
void route();

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js'));
}
