import {
  ApiError,
  api,
  type MusicProvider,
  type Playlist,
  type Share,
  type ShareResult,
  type Trip,
} from '../src/api.js';
import { LOCALES, pickLang, STRINGS } from '../src/i18n/strings.js';
import { listeningCard } from './listening.js';
import { operatorLink, operatorScreen } from './operator.js';
import { pendingShares, removePendingShare } from './pending-shares.js';
import { localPlayer } from './player.js';
import { remindersCard } from './reminders.js';
import './style.css';

type Child = Node | string | null | undefined | false;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

const lang = pickLang(navigator.languages?.length ? navigator.languages : [navigator.language]);
const t = STRINGS[lang];
const locale = LOCALES[lang];
document.documentElement.lang = lang;
const tagline = document.getElementById('tagline');
if (tagline) tagline.textContent = t.tagline;

const app = document.getElementById('app') as HTMLElement;
const notice = h('p', { id: 'pending-notice', class: 'notice', role: 'status', hidden: '' });
app.before(notice);
const show = (...children: Child[]) =>
  app.replaceChildren(...children.filter((c): c is Node | string => Boolean(c)));

const timeFmt = new Intl.DateTimeFormat(locale, {
  timeZone: 'Europe/Zurich',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateFmt = new Intl.DateTimeFormat(locale, {
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

const secondsFmt = (digits: number) =>
  new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'always',
  });
const [fine, coarse] = [secondsFmt(3), secondsFmt(1)];
const signed = (s: number) => `${(Math.abs(s) < 0.1 ? fine : coarse).format(s).replace('-', '−')} s`;

function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return navigator.onLine ? t.somethingWrong : t.offline;
}

function shareForm(onDone: (trip: Trip | null, share: Share) => void): HTMLElement {
  const input = h('textarea', {
    id: 'share-text',
    rows: '3',
    placeholder: t.sharePlaceholder,
    'aria-label': t.shareLabel,
  }) as HTMLTextAreaElement;
  const status = h('p', { class: 'status', role: 'status' });
  const button = h('button', { type: 'submit', id: 'share-submit' }, t.shareButton);
  const form = h('form', { class: 'card share-form' }, h('h2', {}, t.shareHeading), input, button, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    button.setAttribute('disabled', '');
    status.textContent = t.reading;
    try {
      const result = await api.share({ text: input.value });
      input.value = '';
      status.textContent = result.share.error?.message ?? '';
      onDone(result.trip, result.share);
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : t.unreachable;
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
    trip.exactness !== 'exact' && h('span', { class: 'badge' }, t.exactness[trip.exactness]),
    // What the parser inferred rather than read (a year, a start station): the traveller should check it.
    (trip.guessed?.length ?? 0) > 0 && h('span', { class: 'badge guessed' }, t.guessed),
  );
}

/** "guessed" beside a field the parser inferred (`trip.guessed`), so the traveller checks it. */
function guessedMark(trip: Trip, ...fields: NonNullable<Trip['guessed']>): Child {
  return fields.some((f) => trip.guessed?.includes(f))
    ? h('span', { class: 'badge guessed', 'data-testid': `guessed-${fields[0]}` }, t.guessed)
    : false;
}

/** A share from "My location" asks where the traveller starts: the device position or a stop. */
function originForm(share: Share): HTMLElement {
  const status = h('p', { class: 'status', role: 'status' });
  const done = (result: ShareResult) => {
    if (result.trip) location.hash = `#/trip/${result.trip.id}`;
    else void route();
  };
  const fail = (err: unknown) => {
    status.textContent = err instanceof ApiError ? err.message : t.unreachable;
  };
  const usePosition = h('button', { type: 'button', class: 'secondary' }, t.useMyPosition);
  usePosition.addEventListener('click', () => {
    if (!('geolocation' in navigator)) {
      status.textContent = t.positionUnavailable;
      return;
    }
    usePosition.setAttribute('disabled', '');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        api
          .fillOrigin(share.id, { position: { lat: pos.coords.latitude, lon: pos.coords.longitude } })
          .then(done, fail)
          .finally(() => usePosition.removeAttribute('disabled'));
      },
      () => {
        status.textContent = t.positionUnavailable;
        usePosition.removeAttribute('disabled');
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  });
  const stop = h('input', {
    type: 'text',
    name: 'stop',
    autocomplete: 'off',
    'aria-label': t.startStop,
    placeholder: t.startStop,
  }) as HTMLInputElement;
  const form = h(
    'form',
    { class: 'origin' },
    h('strong', {}, t.whereStart),
    usePosition,
    stop,
    h('button', { type: 'submit' }, t.startHere),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = stop.value.trim();
    if (name === '') return;
    api.fillOrigin(share.id, { stop: name }).then(done, fail);
  });
  return form;
}

function shareCard(share: Share): HTMLElement {
  const retry = h('button', { type: 'button', class: 'secondary retry' }, t.tryAgain);
  retry.addEventListener('click', async () => {
    retry.setAttribute('disabled', '');
    const result = await api.retry(share.id).catch(() => null);
    if (result?.trip) location.hash = `#/trip/${result.trip.id}`;
    else void route();
  });
  const shared = share.payload.url ?? share.payload.text ?? share.payload.title ?? '';
  return h(
    'div',
    { class: `card share ${share.status}` },
    h('span', { class: 'badge' }, t.shareStatus[share.status]),
    h('p', {}, share.error?.message ?? ''),
    h('code', {}, shared.length > 120 ? `${shared.slice(0, 117)}…` : shared),
    share.error?.code === 'origin_needs_position' && originForm(share),
    // A search waits for the timetable worker; retrying it by hand changes nothing.
    share.status !== 'parsed' &&
      share.error?.code !== 'awaiting_timetable' &&
      share.error?.code !== 'origin_needs_position' &&
      retry,
  );
}

/** Where new mixtapes take their songs from: only the sources this server offers. */
function musicSourceCard(chosen: MusicProvider, available: readonly MusicProvider[]): HTMLElement {
  const status = h('p', { class: 'status', role: 'status' });
  const options = available.map((provider) => {
    const input = h('input', { type: 'radio', name: 'music-source', value: provider }) as HTMLInputElement;
    input.checked = provider === chosen;
    input.addEventListener('change', async () => {
      status.textContent = '';
      try {
        const saved = await api.updatePreferences({ musicSource: provider });
        status.textContent = t.sourceSaved(t.sourceNames[saved.musicSource]);
      } catch (err) {
        status.textContent = errorMessage(err);
      }
    });
    return h('label', { class: 'choice' }, input, ` ${t.sourceNames[provider]}`);
  });
  return h(
    'fieldset',
    { class: 'card music-source', 'data-testid': 'music-source' },
    h('legend', {}, t.musicHeading),
    ...options,
    status,
  );
}

async function homeScreen(): Promise<Child[]> {
  const [{ trips }, { shares }, sources, reminders, listening] = await Promise.all([
    api.trips(),
    api.shares(),
    api.musicSources().catch(() => null),
    // Null on a server without Web Push: then the card is not there at all.
    remindersCard(t).catch(() => null),
    listeningCard(t).catch(() => null),
  ]);
  const attention = shares.filter((s) => s.status !== 'parsed');
  return [
    shareForm((trip) => {
      if (trip) location.hash = `#/trip/${trip.id}`;
      else void route();
    }),
    h('h2', {}, t.yourTrips),
    trips.length
      ? h('div', { class: 'list', id: 'trips' }, ...trips.map(tripCard))
      : h('p', { class: 'empty' }, t.noTrips),
    attention.length > 0 && h('h2', {}, t.sharesAttention),
    attention.length > 0 && h('div', { class: 'list', id: 'shares' }, ...attention.map(shareCard)),
    // Nothing to choose on a server that offers only the demo catalog.
    sources && sources.available.length > 1 && musicSourceCard(sources.chosen, sources.available),
    reminders,
    listening,
  ];
}

function playlistSection(trip: Trip, playlist: Playlist): HTMLElement {
  // Times in the playlist count from its start: on the platform, before departure, with a lead-in.
  const start = new Date(trip.departure).getTime() - (playlist.leadInSeconds ?? 0) * 1000;
  const at = (seconds: number) => clock(new Date(start + seconds * 1000).toISOString());
  const rows: HTMLElement[] = [];
  playlist.tracks.forEach((track, i) => {
    const leg = trip.legs[track.legIndex];
    rows.push(
      h(
        'li',
        { 'data-track': String(i) },
        h('span', { class: 'time' }, at(track.startSeconds)),
        h(
          'span',
          { class: 'what' },
          h('span', { class: 'title' }, `${i + 1}. ${track.title}`),
          h('span', { class: 'artist' }, track.artists.join(', ')),
        ),
        h(
          'span',
          { class: 'meta' },
          h('span', { class: 'len' }, duration(track.durationMs / 1000)),
          leg?.line ? h('span', { class: 'leg' }, leg.line) : null,
        ),
      ),
    );
    // Where the traveller gets off, show how close the song boundary lands.
    const next = playlist.tracks[i + 1];
    const boundary = playlist.boundaries.find((b) => b.legIndex === track.legIndex);
    if (next && next.legIndex !== track.legIndex && boundary) {
      // legIndex −1 closes the music on the platform: the next song starts as the train leaves.
      const departs = track.legIndex < 0;
      const stop = departs ? (trip.legs[0]?.from.name ?? '') : (trip.legs[track.legIndex]?.to.name ?? '');
      rows.push(
        h(
          'li',
          { class: departs ? 'boundary departure' : 'boundary' },
          h('span', { class: 'time' }, at(boundary.targetSeconds)),
          h('span', {}, (departs ? t.trainLeaves : t.getOff)(stop, signed(boundary.errorSeconds))),
        ),
      );
    }
  });
  const player = playlist.provider === 'local' ? localPlayer(trip, playlist, t) : null;
  const list = h('ol', { class: 'tracks' }, ...rows);
  player?.onTrack((track) => {
    const index = track ? playlist.tracks.indexOf(track) : -1;
    for (const row of list.querySelectorAll('li[data-track]')) {
      row.classList.toggle('playing', row.getAttribute('data-track') === String(index));
    }
  });
  return h(
    'section',
    { class: 'card playlist' },
    h('h2', {}, t.yourMixtape),
    h(
      'p',
      { class: 'source', 'data-testid': 'playlist-source' },
      t.fromSource(t.sourceNames[playlist.provider]),
    ),
    h(
      'p',
      { class: 'fit' },
      t.fit(
        playlist.tracks.length,
        duration(playlist.totalSeconds),
        duration(playlist.targetSeconds),
        signed(playlist.errorSeconds),
      ),
    ),
    playlist.provider === 'demo' && h('p', { class: 'note', 'data-testid': 'demo-note' }, t.demoNote),
    playlist.externalUrl && spotifyActions(trip, playlist.externalUrl),
    player?.element,
    ...playlist.notes.map((n) => h('p', { class: 'note' }, n.message)),
    list,
    h(
      'a',
      {
        href: `/api/trips/${trip.id}/playlist.m3u8`,
        class: 'button secondary',
        download: '',
        'data-testid': 'download-m3u8',
      },
      t.download,
    ),
  );
}

/** Open the playlist in Spotify, or start it on the traveller's device at the trip's current spot. */
function spotifyActions(trip: Trip, externalUrl: string): HTMLElement {
  const status = h('p', { class: 'note', role: 'status', 'data-testid': 'play-status' });
  const play = h('button', { type: 'button', class: 'button', 'data-testid': 'play' }, t.playNow);
  play.addEventListener('click', async () => {
    play.setAttribute('disabled', '');
    try {
      const started = await api.play(trip.id);
      status.textContent = t.playing(started.trackIndex + 1, started.track.title);
    } catch (err) {
      status.textContent = errorMessage(err);
    } finally {
      play.removeAttribute('disabled');
    }
  });
  return h(
    'div',
    { class: 'actions' },
    h(
      'a',
      { href: externalUrl, class: 'button secondary', target: '_blank', rel: 'noopener' },
      t.openInSpotify,
    ),
    play,
    status,
  );
}

/** Shown when the server asks for sign-in (Spotify is Railtape's account system). */
function signInScreen(): Child[] {
  const returnTo = `${location.pathname}${location.hash}`;
  return [
    h(
      'section',
      { class: 'card', 'data-testid': 'sign-in' },
      h('h1', {}, t.signInHeading),
      h('p', {}, t.signInText),
      h(
        'a',
        { href: `/auth/spotify/login?returnTo=${encodeURIComponent(returnTo)}`, class: 'button' },
        t.signInButton,
      ),
    ),
  ];
}

/** After the sign-in callback: one sentence for an outcome other than success, then a clean URL. */
function signInOutcome(): void {
  const outcome = new URLSearchParams(location.search).get('signin');
  if (!outcome) return;
  history.replaceState(null, '', `/${location.hash}`);
  const text = t.signInOutcome[outcome];
  if (text) {
    notice.hidden = false;
    notice.textContent = text;
  }
}

/** Sign-out for a signed-in traveller, and a banner when Spotify must be connected again (a consent
 * that ran out after six months, say). */
async function accountBanner(): Promise<void> {
  // Operators (ADMIN_ACCOUNTS) get a link to the operator's page; the server refuses everyone else.
  void operatorLink(t).then((link) => link && app.after(link));
  const account = await api.me().catch(() => null);
  if (account?.signIn === 'spotify') {
    const signOut = h('button', { type: 'button', class: 'button secondary sign-out' }, t.signOut);
    signOut.addEventListener('click', async () => {
      await api.signOut().catch(() => undefined);
      location.assign('/');
    });
    app.after(signOut);
  }
  if (account?.spotify?.status !== 'reconnect_required') return;
  const banner = h(
    'p',
    { class: 'notice', role: 'status', 'data-testid': 'reconnect' },
    `${t.reconnect} `,
    h('a', { href: '/auth/spotify/login' }, t.reconnectButton),
  );
  app.before(banner);
}

/** The real-time prognosis next to a planned time, when it differs by a minute or more. */
function late(
  planned: string,
  expected: string | null | undefined,
  which: 'dep' | 'arr',
): HTMLElement | null {
  if (!expected) return null;
  const minutes = Math.round((Date.parse(expected) - Date.parse(planned)) / 60_000);
  if (minutes === 0) return null;
  return h(
    'span',
    { class: `expected ${minutes > 0 ? 'late' : 'early'}`, 'data-testid': `expected-${which}` },
    ` ${which === 'dep' ? t.expectedDeparture(clock(expected)) : t.expectedArrival(clock(expected))}`,
  );
}

/**
 * Boarding and alighting platforms as the station signs show them (a number in a box, no word to
 * translate); a platform real-time has moved shows the planned one struck through beside the new one.
 */
function platforms(
  from: { platform: string | null; expectedPlatform?: string | null | undefined },
  to: { platform: string | null; expectedPlatform?: string | null | undefined },
): HTMLElement | null {
  const badge = (stop: typeof from, which: 'from' | 'to') => {
    if (!stop.platform && !stop.expectedPlatform) return null;
    const moved = stop.expectedPlatform && stop.platform && stop.expectedPlatform !== stop.platform;
    return h(
      'span',
      { class: `platform${moved ? ' moved' : ''}`, 'data-testid': `platform-${which}` },
      moved ? h('s', {}, stop.platform ?? '') : null,
      ` ${stop.expectedPlatform ?? stop.platform}`,
    );
  };
  const a = badge(from, 'from');
  const b = badge(to, 'to');
  return a || b ? h('span', { class: 'platforms' }, a, b ? ' → ' : null, b) : null;
}

/** `autoplay`: opened from a reminder's Play action (`#/trip/<id>/play`), so the in-app player starts. */
async function tripScreen(id: string, autoplay = false): Promise<Child[]> {
  const { trip, playlist } = await api.trip(id);
  const section = playlist ? playlistSection(trip, playlist) : null;
  if (autoplay) {
    const start = playlist?.provider === 'local' ? section?.querySelector('[data-testid="play-here"]') : null;
    // Once the screen is painted (and only if it was: the traveller may have gone elsewhere). A
    // browser that refuses to start audio without a gesture gets "Press play" from the player.
    setTimeout(() => {
      // A reload shows the trip, not a second start.
      if (location.hash === `#/trip/${id}/play`) history.replaceState(null, '', `#/trip/${id}`);
      if (start instanceof HTMLElement && start.isConnected) start.click();
    }, 0);
  }
  const legs = trip.legs.map((leg) =>
    h(
      'li',
      { class: `leg ${leg.mode}${leg.cancelled ? ' cancelled' : ''}` },
      h(
        'span',
        { class: 'time' },
        `${clock(leg.departure)}–${clock(leg.arrival)}`,
        late(leg.departure, leg.expectedDeparture, 'dep'),
        late(leg.arrival, leg.expectedArrival, 'arr'),
      ),
      h(
        'span',
        {},
        leg.mode === 'walk'
          ? t.walkTo(leg.to.name)
          : `${leg.line ?? leg.mode} ${leg.from.name} → ${leg.to.name}`,
      ),
      leg.mode === 'walk' ? null : platforms(leg.from, leg.to),
      leg.cancelled
        ? h('span', { class: 'cancelled-note', 'data-testid': 'leg-cancelled' }, t.cancelled)
        : null,
    ),
  );
  return [
    h('a', { href: '#/', class: 'back' }, t.allTrips),
    h(
      'section',
      { class: 'card' },
      h(
        'h1',
        {},
        trip.origin,
        guessedMark(trip, 'origin'),
        ' → ',
        trip.destination,
        guessedMark(trip, 'destination'),
      ),
      h(
        'p',
        {},
        `${day(trip.departure)} · ${clock(trip.departure)}–${clock(trip.arrival)} · ${duration(trip.durationSeconds)}`,
        guessedMark(trip, 'year', 'date'),
      ),
      h('ol', { class: 'legs' }, ...legs),
      (trip.brokenTransfers?.length ?? 0) > 0 &&
        h(
          'p',
          { class: 'notice', role: 'status', 'data-testid': 'broken-transfer' },
          t.brokenTransfer(trip.legs[trip.brokenTransfers?.[0] ?? 0]?.from.name ?? ''),
        ),
    ),
    section ?? h('p', { class: 'empty' }, t.noPlaylist),
  ];
}

async function shareScreen(id: string): Promise<Child[] | null> {
  const result = await api.shareById(id);
  if (result.trip) {
    location.replace(`#/trip/${result.trip.id}`);
    return null;
  }
  return [h('a', { href: '#/', class: 'back' }, t.allTrips), shareCard(result.share)];
}

/** Where the service worker sends a share it had to keep because the device is offline. */
function queuedScreen(): Child[] {
  return [
    h(
      'section',
      { class: 'card queued', 'data-testid': 'share-queued' },
      h('h1', {}, t.queuedHeading),
      h('p', {}, t.queuedText),
    ),
    h('a', { href: '#/', class: 'back' }, t.allTrips),
  ];
}

/** The share target refused a share (`/?share_error=<code>`): say why, and offer the paste form. */
async function refusedScreen(code: string): Promise<Child[]> {
  const reason = Object.hasOwn(t.refused, code) ? t.refused[code as keyof typeof t.refused] : t.refused.other;
  return [
    h(
      'section',
      { class: 'card refused', role: 'alert', 'data-testid': 'share-refused' },
      h('h1', {}, t.refusedHeading),
      h('p', {}, reason),
    ),
    ...(await homeScreen()),
  ];
}

function screen(): Promise<Child[] | null> | Child[] {
  const refusal = new URLSearchParams(location.search).get('share_error');
  if (refusal) {
    history.replaceState(null, '', '/');
    return refusedScreen(refusal);
  }
  const shared = new URLSearchParams(location.search).get('share');
  if (shared === 'queued') {
    history.replaceState(null, '', '/');
    return queuedScreen();
  }
  // The share target lands on /?share=<id>; a hash route keeps a reload on the same share.
  if (shared) history.replaceState(null, '', `/#/share/${shared}`);
  if (location.hash === '#/operator') return operatorScreen(t);
  const [, kind, id = '', play] = /^#\/(trip|share)\/([\w-]+)(\/play)?$/.exec(location.hash) ?? [];
  if (kind === 'trip') return tripScreen(id, Boolean(play));
  if (kind === 'share') return shareScreen(id);
  return homeScreen();
}

// Screens load asynchronously; only the latest navigation may paint, or a slow home screen
// could cover the trip a replayed share has just opened.
let navigation = 0;
async function route(): Promise<void> {
  const mine = ++navigation;
  let content: Child[] | null;
  try {
    content = await screen();
  } catch (err) {
    content =
      err instanceof ApiError && err.code === 'sign_in_required'
        ? signInScreen()
        : [h('p', { class: 'error' }, errorMessage(err))];
  }
  if (content && mine === navigation) show(...content);
}

function go(hash: string): void {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

function showPending(count: number): void {
  notice.hidden = count === 0;
  notice.textContent = count ? t.waiting(count) : '';
}

// Worth another try later: the server failed, or the traveller must sign in, or slow down.
const keepOn = (status: number) => status >= 500 || status === 401 || status === 408 || status === 429;

/** Sends the shares the service worker queued offline, then opens the last one. */
async function sendPendingShares(): Promise<void> {
  const queued = await pendingShares();
  let left = queued.length;
  showPending(left);
  let last: ShareResult | null = null;
  for (const { key, share } of queued) {
    try {
      last = await api.share(share);
    } catch (err) {
      if (!(err instanceof ApiError)) break; // offline again: keep this one and the rest
      if (keepOn(err.status)) continue;
      // Any other 4xx: the server will never accept this share, so keeping it would retry it forever.
    }
    await removePendingShare(key);
    showPending(--left);
  }
  if (last) go(last.trip ? `#/trip/${last.trip.id}` : `#/share/${last.share.id}`);
}

let replaying = false;
let replayAgain = false;
async function replayPendingShares(): Promise<void> {
  if (!('indexedDB' in window)) return;
  if (replaying) {
    replayAgain = true;
    return;
  }
  replaying = true;
  try {
    do {
      replayAgain = false;
      await sendPendingShares().catch(() => undefined);
    } while (replayAgain);
  } finally {
    replaying = false;
  }
}

window.addEventListener('hashchange', () => void route());
window.addEventListener('online', () => void replayPendingShares());
signInOutcome();
void route();
void replayPendingShares();
void accountBanner();

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js'));
  // A reminder tapped while Railtape is open: the worker asks this window to go to the trip.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown; url?: unknown } | null;
    if (data?.type !== 'open' || typeof data.url !== 'string') return;
    const url = new URL(data.url, location.href);
    if (url.origin === location.origin) go(url.hash || '#/');
  });
}
