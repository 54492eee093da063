/**
 * The timeline picture (SVG): the trip's segments as bars on one time axis (rides solid with their
 * line, walks dashed and named "Walk", waits hatched with their length, the lead-in dotted on the
 * platform), the stations and platforms where they meet, the songs as blocks beneath (overlapping by
 * the crossfade), the song changes at the transfers as lines through both, planned times as a ghost
 * bar when real-time moved them, and a "now" marker in the live view. One `data-leg` per leg of the
 * trip and one `data-track` per song. The picture is `role="img"` with a text summary; the track list
 * below is its accessible equivalent. Long trips scroll sideways on a phone instead of shrinking
 * songs to slivers.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { clock, duration } from '../format.js';
import { words } from '../i18n/index.js';
import { segmentName, TRIP, type TripWords } from '../i18n/trip.js';
import { axisLayout, type SegmentView, type TripPicture } from '../trip-view.js';
import './timeline.css';

const TICK_Y = 12;
/** Labels of segments too narrow to hold their own (a 6-minute walk on a 5-hour trip), above them. */
const NOTE_Y = 28;
const BAR_Y = 34;
const BAR_H = 30;
const STATION_Y = 80;
const SONG_Y = 92;
const SONG_H = 22;
const HEIGHT = 124;
/** Rough width of a character at the picture's 11 px type, to leave out labels that would collide. */
const CHAR_PX = 6.4;

let ids = 0;

export function Timeline({
  picture,
  now = null,
  playing = null,
}: {
  picture: TripPicture;
  now?: number | null;
  playing?: number | null;
}) {
  const t = words(TRIP);
  const wrap = useRef<HTMLDivElement>(null);
  // A first guess that needs no layout read; the observer corrects it once the box is known.
  const [available, setAvailable] = useState(() => Math.min(globalThis.innerWidth || 960, 1100) - 48);
  const [id] = useState(() => `timeline-${++ids}`);
  useEffect(() => {
    const el = wrap.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width > 0) setAvailable((old) => (Math.abs(old - width) >= 1 ? width : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const layout = axisLayout(picture, available);
  const { x } = layout;
  const segments = picture.segments;
  const rides = segments.filter((s) => s.kind === 'ride').length;
  const walks = segments.filter((s) => s.kind === 'walk').length;
  const waits = segments.filter((s) => s.kind === 'wait').length;
  const summary = t.timelineSummary(
    rides,
    walks,
    waits,
    picture.tracks.length,
    clock(new Date(picture.axisStart)),
    clock(new Date(picture.axisEnd)),
  );

  // Station names where segments meet; one that would overlap the label before it is left out.
  const stations: { at: number; text: string; anchor: 'start' | 'middle' | 'end' }[] = [];
  let lastRight = Number.NEGATIVE_INFINITY;
  const places = stationPlaces(segments);
  places.forEach((place, i) => {
    const platform = place.platform ? ` · ${t.platformShort(place.platform)}` : '';
    const text = `${place.name}${platform}`;
    const px = x(place.at);
    const w = text.length * CHAR_PX;
    const anchor = i === 0 ? 'start' : i === places.length - 1 ? 'end' : 'middle';
    const left = anchor === 'start' ? px : anchor === 'end' ? px - w : px - w / 2;
    if (left < lastRight + 8 && i !== places.length - 1) return;
    if (left < lastRight + 8) stations.pop();
    stations.push({ at: place.at, text, anchor });
    lastRight = left + w;
  });

  const labels = segmentLabels(segments, x, t);

  // The live view on a phone: the "now" marker starts in the middle of the visible part, once.
  const centred = useRef(false);
  const nowX = now === null ? null : x(now);
  useEffect(() => {
    const el = wrap.current;
    if (!el || nowX === null || centred.current) return;
    centred.current = true;
    if (el.scrollWidth > el.clientWidth) el.scrollLeft = Math.max(0, nowX - el.clientWidth / 2);
  }, [nowX]);

  // What the box really does decides, not only the layout's guess: before the observer has measured
  // it, or by a rounded pixel, the picture can overflow its box while the guess says it fits.
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const el = wrap.current;
    if (el) setOverflows(el.scrollWidth > el.clientWidth);
  });
  const scrolls = layout.width > available + 1 || overflows;
  return (
    <>
      <div
        class="timeline"
        ref={wrap}
        // A picture wider than the screen scrolls: then the keyboard must reach it too.
        {...(scrolls ? { tabIndex: 0, role: 'group', 'aria-label': t.timeline } : {})}
      >
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          width={layout.width}
          height={HEIGHT}
          viewBox={`0 0 ${layout.width} ${HEIGHT}`}
          class="timeline-svg"
        >
          <title id={`${id}-title`}>{t.timeline}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          <defs>
            <pattern
              id={`${id}-hatch`}
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect class="tl-hatch-bg" width="6" height="6" />
              <line class="tl-hatch" x1="0" y1="0" x2="0" y2="6" />
            </pattern>
          </defs>
          {layout.ticks.map((tick) => (
            <g key={tick} class="tl-tick">
              <line x1={x(tick)} x2={x(tick)} y1={TICK_Y + 3} y2={HEIGHT} />
              <text x={x(tick)} y={TICK_Y} text-anchor="middle">
                {clock(new Date(tick))}
              </text>
            </g>
          ))}
          {segments.map((s) => (
            <Segment
              key={s.index}
              segment={s}
              x={x}
              hatch={`url(#${id}-hatch)`}
              label={labels[s.index] ?? { inside: '', note: '' }}
            />
          ))}
          {stations.map((s) => (
            <text
              key={`${s.at}-${s.text}`}
              class="tl-station"
              x={x(s.at)}
              y={STATION_Y}
              text-anchor={s.anchor}
            >
              {s.text}
            </text>
          ))}
          {picture.tracks.map((track) =>
            track ? (
              <rect
                key={track.index}
                data-track={track.index}
                class={`tl-song ${track.index % 2 ? 'b' : 'a'}${track.index === playing ? ' playing' : ''}`}
                x={x(track.start)}
                y={SONG_Y + (track.index % 2) * 4}
                width={Math.max(1, x(track.end) - x(track.start) - 0.5)}
                height={SONG_H - 4}
                rx="2"
              />
            ) : null,
          )}
          {picture.changesAt
            .filter((c) => c.kind !== 'arrive')
            .map((c) => (
              <line
                key={c.index}
                class="tl-change"
                data-change={c.kind}
                x1={x(c.at)}
                x2={x(c.at)}
                y1={BAR_Y - 4}
                y2={SONG_Y + SONG_H + 2}
              />
            ))}
          {now !== null && now >= picture.axisStart && now <= picture.axisEnd ? (
            <g class="tl-now" data-now="">
              {/* Broken across the bars, so the marker never runs through a line's name. */}
              <line x1={x(now)} x2={x(now)} y1={TICK_Y + 2} y2={BAR_Y - 2} />
              <line x1={x(now)} x2={x(now)} y1={BAR_Y + BAR_H + 2} y2={HEIGHT} />
              <path d={`M ${x(now) - 5} ${BAR_Y - 7} h 10 l -5 6 z`} />
              <text x={x(now) + 4} y={HEIGHT - 1}>
                {t.now}
              </text>
            </g>
          ) : null}
        </svg>
      </div>
      {scrolls ? (
        <p class="timeline-scroll muted" aria-hidden="true">
          {t.timelineScroll}
        </p>
      ) : null}
    </>
  );
}

function Segment({
  segment: s,
  x,
  hatch,
  label,
}: {
  segment: SegmentView;
  x: (at: number) => number;
  hatch: string;
  label: SegmentLabel;
}) {
  const t = words(TRIP);
  const left = x(s.at);
  const width = Math.max(2, x(s.until) - left);
  const delayed = s.kind === 'ride' && (s.start.delayMinutes !== 0 || s.end.delayMinutes !== 0);
  const attrs = s.legIndex !== null ? { 'data-leg': s.legIndex } : {};
  return (
    <g
      class={`tl-seg tl-${s.kind}${s.cancelled ? ' cancelled' : ''}${s.broken ? ' broken' : ''}`}
      data-kind={s.kind}
      {...attrs}
    >
      <title>{titleOf(s, t)}</title>
      {delayed ? (
        <rect
          class="tl-planned"
          x={x(s.start.planned)}
          y={BAR_Y - 3}
          width={Math.max(2, x(s.end.planned) - x(s.start.planned))}
          height={3}
        />
      ) : null}
      <rect
        class="tl-bar"
        x={left}
        y={BAR_Y}
        width={width}
        height={BAR_H}
        rx={s.kind === 'ride' ? 4 : 2}
        fill={s.kind === 'wait' ? hatch : undefined}
      />
      {label.inside ? (
        <text class="tl-label" x={left + 4} y={BAR_Y + BAR_H / 2 + 4}>
          {label.inside}
        </text>
      ) : null}
      {label.note ? (
        <text class="tl-note" x={left + width / 2} y={NOTE_Y} text-anchor="middle">
          {label.note}
        </text>
      ) : null}
      {delayed && s.end.delayMinutes !== 0 ? (
        <text class="tl-delay" x={left + width} y={BAR_Y - 5} text-anchor="end">
          {`${s.end.delayMinutes > 0 ? '+' : '−'}${Math.abs(s.end.delayMinutes)}′`}
        </text>
      ) : null}
      {s.cancelled ? (
        <line class="tl-cross" x1={left} x2={left + width} y1={BAR_Y} y2={BAR_Y + BAR_H} />
      ) : null}
    </g>
  );
}

interface SegmentLabel {
  /** Inside the bar. */
  inside: string;
  /** Above it, when the bar is too narrow for its words. */
  note: string;
}

const textWidth = (text: string) => text.length * CHAR_PX + 8;

/**
 * Each bar's words: its full label inside when it fits ("Wait 26 min"), else the kind inside
 * ("Wait"), else above the bar, unless that would run into another note or a delay figure.
 */
function segmentLabels(segments: SegmentView[], x: (at: number) => number, t: TripWords): SegmentLabel[] {
  const taken: [number, number][] = [];
  for (const s of segments) {
    if (s.kind === 'ride' && s.end.delayMinutes !== 0) taken.push([x(s.until) - 36, x(s.until)]);
  }
  const free = (a: number, b: number) => taken.every(([l, r]) => b + 4 <= l || a >= r + 4);
  return segments.map((s) => {
    const width = x(s.until) - x(s.at);
    const full =
      s.kind === 'ride'
        ? (s.line ?? '')
        : s.kind === 'walk'
          ? `${t.walk} ${duration(s.seconds)}`
          : s.kind === 'wait'
            ? `${t.wait} ${duration(s.seconds)}`
            : t.platformShortLeadIn;
    if (textWidth(full) <= width) return { inside: full, note: '' };
    const short = s.kind === 'walk' ? t.walk : s.kind === 'wait' ? t.wait : '';
    if (short && textWidth(short) <= width) return { inside: short, note: '' };
    const middle = x(s.at) + width / 2;
    const half = textWidth(full) / 2;
    if (!free(middle - half, middle + half)) return { inside: '', note: '' };
    taken.push([middle - half, middle + half]);
    return { inside: '', note: full };
  });
}

/** What a segment is, in words (its tooltip, and its text when the bar is too narrow for a label). */
function titleOf(s: SegmentView, t: TripWords): string {
  const what = segmentName(s, t);
  return `${what} · ${duration(s.seconds)}${s.cancelled ? ` · ${t.cancelled}` : ''}`;
}

/** Where a station name goes: the start, each place a ride starts or ends, the end. */
function stationPlaces(segments: SegmentView[]): { at: number; name: string; platform: string | null }[] {
  const places: { at: number; name: string; platform: string | null }[] = [];
  const add = (at: number, name: string, platform: string | null) => {
    const last = places.at(-1);
    if (last && last.name === name) {
      last.platform ??= platform;
      return;
    }
    places.push({ at, name, platform });
  };
  for (const s of segments) {
    if (s.kind === 'ride') {
      add(s.at, s.from.name, s.from.expectedPlatform ?? s.from.platform);
      add(s.until, s.to.name, s.to.expectedPlatform ?? s.to.platform);
    } else if (s.kind === 'walk') {
      add(s.at, s.from.name, null);
      add(s.until, s.to.name, null);
    } else if (places.length === 0) {
      add(s.at, s.from.name, null);
    }
  }
  return places;
}
