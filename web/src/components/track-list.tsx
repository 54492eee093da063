/**
 * The track list: the accessible equivalent of the timeline. One group per segment of the trip (a
 * ride with its line and platforms, a walk, a wait with its length, the music on the platform), its
 * songs beneath it, and the song change that closes it ("Get off at Zürich HB: song ends +0.4 s").
 * Every time in the left column comes from `trip-view.ts`, which keeps them monotonic; every
 * duration is `duration()`.
 */
import { useEffect, useState } from 'preact/hooks';
import { clock, duration, seconds } from '../format.js';
import { lang, words } from '../i18n/index.js';
import { segmentName, TRIP, type TripWords } from '../i18n/trip.js';
import type { ChangeView, Row, SegmentView, TimeView, TripPicture } from '../trip-view.js';
import './track-list.css';

interface Group {
  segment: SegmentView;
  at: number;
  rows: Row[];
}

function groupsOf(picture: TripPicture): Group[] {
  const groups: Group[] = [];
  for (const row of picture.rows) {
    if (row.kind === 'segment') {
      const segment = picture.segments[row.segment];
      if (segment) groups.push({ segment, at: row.at, rows: [] });
    } else groups.at(-1)?.rows.push(row);
  }
  return groups;
}

const at = (ms: number) => clock(new Date(ms));

/**
 * `seconds()` builds an Intl.NumberFormat per call (tens of ms each on a slow phone), and every render
 * of the list asks for the same few figures: remember them per language.
 */
const secondsText = new Map<string, string>();
function signedSeconds(value: number): string {
  const key = `${lang.value}|${value}`;
  let text = secondsText.get(key);
  if (text === undefined) {
    text = seconds(value);
    secondsText.set(key, text);
  }
  return text;
}

/** Songs in the first paint; the rest follow right after it, so a long mixtape is not one long task. */
const FIRST_PAINT_TRACKS = 16;

export function TrackList({ picture, playing = null }: { picture: TripPicture; playing?: number | null }) {
  const t = words(TRIP);
  const groups = groupsOf(picture);
  const [complete, setComplete] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setComplete(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  let shown = groups.length;
  if (!complete) {
    let tracks = 0;
    shown = groups.findIndex((g) => {
      tracks += g.rows.filter((r) => r.kind === 'track').length;
      return tracks >= FIRST_PAINT_TRACKS;
    });
    shown = shown < 0 ? groups.length : shown + 1;
  }
  return (
    <ol class="track-groups" data-complete={shown === groups.length ? '' : undefined}>
      {groups.slice(0, shown).map((group) => (
        <li
          key={group.segment.index}
          class={`track-group ${group.segment.kind}`}
          data-segment={group.segment.kind}
        >
          <SegmentHead segment={group.segment} at={group.at} t={t} />
          {group.rows.some((r) => r.kind === 'track') ? (
            <ol class="tracks">
              {group.rows.map((row) => {
                if (row.kind !== 'track') return null;
                const track = picture.tracks[row.track];
                if (!track) return null;
                const current = track.index === playing;
                return (
                  <li
                    key={track.index}
                    data-song={track.index}
                    class={current ? 'playing' : undefined}
                    aria-current={current ? 'true' : undefined}
                  >
                    <time class="numeric when" data-time={row.at}>
                      {at(row.at)}
                    </time>
                    <span class="what">
                      <span class="title">
                        {track.index + 1}. {track.title}
                      </span>
                      <span class="artist">{track.artists.join(', ')}</span>
                    </span>
                    <span class="len numeric">{duration(track.seconds)}</span>
                  </li>
                );
              })}
            </ol>
          ) : null}
          {group.rows.map((row) =>
            row.kind === 'change' && picture.changesAt[row.change] ? (
              <Change
                key={`c${row.change}`}
                change={picture.changesAt[row.change] as ChangeView}
                at={row.at}
                t={t}
              />
            ) : null,
          )}
        </li>
      ))}
    </ol>
  );
}

function Change({ change, at: when, t }: { change: ChangeView; at: number; t: TripWords }) {
  const error = signedSeconds(change.errorSeconds);
  const text =
    change.kind === 'departs'
      ? t.trainLeaves(change.stop, error)
      : change.kind === 'arrive'
        ? t.arriveAt(change.stop, error)
        : t.getOff(change.stop, error);
  return (
    <p class={`change ${change.kind}`} data-testid="change">
      <time class="numeric when" data-time={when}>
        {at(when)}
      </time>
      <span>{text}</span>
    </p>
  );
}

/** "leaves 08:12" beside a planned time when real-time differs by a minute or more. */
function Expected({ time, which, t }: { time: TimeView; which: 'dep' | 'arr'; t: TripWords }) {
  if (time.expected === null || time.delayMinutes === 0) return null;
  const text =
    which === 'dep' ? t.expectedDeparture(at(time.expected)) : t.expectedArrival(at(time.expected));
  return (
    <span class={`expected ${time.delayMinutes > 0 ? 'late' : 'early'}`} data-testid={`expected-${which}`}>
      {text} ({t.late(time.delayMinutes)})
    </span>
  );
}

function Platforms({ segment, t }: { segment: SegmentView; t: TripWords }) {
  const one = (stop: SegmentView['from'], which: 'from' | 'to') => {
    if (!stop.platform && !stop.expectedPlatform) return null;
    return (
      <span class={`platform${stop.platformMoved ? ' moved' : ''}`} data-testid={`platform-${which}`}>
        {stop.platformMoved
          ? t.platformMoved(stop.platform ?? '', stop.expectedPlatform ?? '')
          : t.platform(stop.expectedPlatform ?? stop.platform ?? '')}
      </span>
    );
  };
  const from = one(segment.from, 'from');
  const to = one(segment.to, 'to');
  if (!from && !to) return null;
  return (
    <span class="platforms">
      {from}
      {from && to ? ' → ' : null}
      {to}
    </span>
  );
}

function SegmentHead({ segment: s, at: when, t }: { segment: SegmentView; at: number; t: TripWords }) {
  const span = `${at(s.start.planned)}–${at(s.end.planned)}`;
  const title = segmentName(s, t);
  return (
    <div class="segment-head" data-leg-row={s.legIndex ?? undefined}>
      <time class="numeric when" data-time={when}>
        {at(when)}
      </time>
      <div class="segment-what">
        <h3 class="segment-title">
          <span class={`kind-mark ${s.kind}`} aria-hidden="true" />
          {title}
          {s.cancelled ? (
            <span class="badge danger" data-testid="leg-cancelled">
              {t.cancelled}
            </span>
          ) : null}
        </h3>
        <p class="segment-detail muted">
          {s.kind === 'ride' || s.kind === 'walk' ? <span class="numeric">{span}</span> : null}
          <span>{duration(s.seconds)}</span>
          {s.kind === 'ride' ? <Platforms segment={s} t={t} /> : null}
          <Expected time={s.start} which="dep" t={t} />
          <Expected time={s.end} which="arr" t={t} />
        </p>
      </div>
    </div>
  );
}
