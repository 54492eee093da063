/**
 * What the trip and live screens draw, worked out from a trip and its playlist as the API sends them
 * (pure: no DOM, no clock, no words; times are epoch ms, the screens format them).
 *
 * One time axis for everything:
 * - The playlist's second 0 is the planned departure minus the lead-in (as the server's play route
 *   and `playlist/position.ts` count it); a song starts at `zero + startSeconds`, and with a crossfade
 *   it overlaps the next by the crossfade (the fit already moved each start earlier).
 * - The trip's segments are where the traveller is: on the platform before departure (`lead-in`), on a
 *   `ride`, on a `walk` (a walk is a walk, never labelled with a line), or waiting at a station
 *   between an arrival and the next departure (`wait`). They run at the expected times when real-time
 *   has them (the playlist is re-fitted to the trip as it runs), with the planned times kept beside.
 * - Each song is listed under the segment it starts in, within the part of the trip its fit segment
 *   covers (a song the fit closes at Zürich HB is never listed after the Zürich HB change).
 * - Every time the track list shows is monotonic: a row's time is never before the row above it. A song
 *   that starts a few seconds before a change (a crossfade, a boundary a second early) shows the
 *   change's time instead of a minute that would run backwards ("13:56 Get off" then "13:55").
 */
import type { Playlist, Trip } from './api.js';

type Leg = Trip['legs'][number];
type Stop = Leg['from'];
type Track = Playlist['tracks'][number];

/** `legIndex` of the lead-in's songs and boundary (music on the platform, before any leg). */
export const LEAD_IN_LEG = -1;
/** A gap between an arrival and the next departure shorter than this is no wait of its own. */
export const MIN_WAIT_MS = 60_000;
/** A song "ends as you arrive" when it ends this close to the change. */
export const SAME_MOMENT_MS = 30_000;

export interface StopView {
  name: string;
  /** The platform as planned, and as real-time expects it (null: no real-time). */
  platform: string | null;
  expectedPlatform: string | null;
  /** Real-time moved the platform. */
  platformMoved: boolean;
}

export interface TimeView {
  planned: number;
  /** Real-time's prognosis; null: none. */
  expected: number | null;
  /** Whole minutes late (negative: early); 0 without a prognosis. */
  delayMinutes: number;
}

export type SegmentKind = 'lead-in' | 'ride' | 'walk' | 'wait';

export interface SegmentView {
  index: number;
  kind: SegmentKind;
  /** Index into `trip.legs` for a ride or a walk; null for a wait or the lead-in. */
  legIndex: number | null;
  mode: Leg['mode'] | null;
  /** Rides only (`IC 1`); never set for walks, waits or the lead-in. */
  line: string | null;
  from: StopView;
  to: StopView;
  start: TimeView;
  end: TimeView;
  /** On the axis: as it runs, never before the previous segment's end (a broken transfer overlaps). */
  at: number;
  until: number;
  /** `until − at`, in seconds. */
  seconds: number;
  cancelled: boolean;
  /** Real-time says the connection to this ride breaks. */
  broken: boolean;
  /** Songs listed under this segment (they start in it), in play order. */
  tracks: number[];
}

export interface TrackView {
  index: number;
  id: string;
  title: string;
  artists: string[];
  seconds: number;
  /** The fit's segment: the ride whose end closes it (−1: the lead-in). */
  legIndex: number;
  start: number;
  end: number;
  /** The time the track list shows: its start, or the row above's when that is later. */
  shownAt: number;
  segment: number;
}

export type ChangeKind = 'departs' | 'get-off' | 'arrive';

/** A song change the fit aimed at a moment of the trip: the departure, getting off, the arrival. */
export interface ChangeView {
  index: number;
  kind: ChangeKind;
  legIndex: number;
  /** The stop where it happens. */
  stop: string;
  /** The moment of the trip (planned for the fit: `zero + targetSeconds`). */
  at: number;
  /** The song change minus that moment (positive: the song runs on). */
  errorSeconds: number;
  merged: boolean;
  /** The segment at whose end it sits. */
  segment: number;
}

export type Row =
  | { kind: 'segment'; at: number; segment: number }
  | { kind: 'track'; at: number; track: number }
  | { kind: 'change'; at: number; change: number };

export interface TripPicture {
  /** Epoch ms of the playlist's second 0. */
  zero: number;
  /** The axis: from the first thing drawn to the last. */
  axisStart: number;
  axisEnd: number;
  departure: TimeView;
  arrival: TimeView;
  /** As it runs: first departure (or lead-in) to the expected arrival, in seconds. */
  durationSeconds: number;
  changes: number;
  /** Some time of the trip is expected a minute or more off. */
  delayed: boolean;
  crossfadeSeconds: number;
  leadInSeconds: number;
  segments: SegmentView[];
  tracks: TrackView[];
  changesAt: ChangeView[];
  /** The track list, in order: each segment's heading, its songs, the change closing it. */
  rows: Row[];
}

const ms = (iso: string) => Date.parse(iso);

function stopView(stop: Stop): StopView {
  const expectedPlatform = stop.expectedPlatform ?? null;
  return {
    name: stop.name,
    platform: stop.platform,
    expectedPlatform,
    platformMoved: expectedPlatform !== null && stop.platform !== null && expectedPlatform !== stop.platform,
  };
}

function timeView(planned: string, expected: string | null | undefined): TimeView {
  const p = ms(planned);
  const e = expected ? ms(expected) : null;
  return {
    planned: p,
    expected: e,
    delayMinutes: e === null ? 0 : Math.round((e - p) / 60_000),
  };
}

const instant = (planned: number): TimeView => ({ planned, expected: null, delayMinutes: 0 });
/** When it happens as it runs: the prognosis, else the plan. */
export const runs = (t: TimeView): number => t.expected ?? t.planned;

/** The trip and its playlist on one axis. `playlist` null: the trip alone. */
export function tripPicture(trip: Trip, playlist: Playlist | null): TripPicture {
  const leadInSeconds = playlist?.leadInSeconds ?? 0;
  const crossfadeSeconds = playlist?.crossfadeSeconds ?? 0;
  const zero = ms(trip.departure) - leadInSeconds * 1000;
  const broken = new Set(trip.brokenTransfers ?? []);
  const segments: SegmentView[] = [];
  let cursor = zero;
  const push = (segment: Omit<SegmentView, 'index' | 'at' | 'until' | 'seconds' | 'tracks'>) => {
    const at = Math.max(cursor, runs(segment.start));
    const until = Math.max(at, runs(segment.end));
    segments.push({
      ...segment,
      index: segments.length,
      at,
      until,
      seconds: (until - at) / 1000,
      tracks: [],
    });
    cursor = until;
  };
  const stay = (kind: 'lead-in' | 'wait', stop: Stop, from: number, to: TimeView) => {
    const station = stopView(stop);
    push({
      kind,
      legIndex: null,
      mode: null,
      line: null,
      from: station,
      to: station,
      start: instant(from),
      end: to,
      cancelled: false,
      broken: false,
    });
  };

  trip.legs.forEach((leg, legIndex) => {
    const start = timeView(leg.departure, leg.expectedDeparture);
    const previous = trip.legs[legIndex - 1];
    if (legIndex === 0) {
      if (leadInSeconds > 0 && runs(start) > zero) stay('lead-in', leg.from, zero, start);
    } else if (previous && runs(start) - cursor >= MIN_WAIT_MS) {
      stay('wait', previous.to, cursor, start);
    }
    const walk = leg.mode === 'walk';
    push({
      kind: walk ? 'walk' : 'ride',
      legIndex,
      mode: leg.mode,
      line: walk ? null : leg.line,
      from: stopView(leg.from),
      to: stopView(leg.to),
      start,
      end: timeView(leg.arrival, leg.expectedArrival),
      cancelled: leg.cancelled === true,
      broken: broken.has(legIndex),
    });
  });

  const tracks = placeTracks(playlist, zero, segments);
  const changesAt = placeChanges(trip, playlist, zero, segments);
  const rows = listRows(segments, tracks, changesAt);

  const first = trip.legs[0];
  const last = trip.legs.at(-1);
  const departure = first ? timeView(first.departure, first.expectedDeparture) : instant(ms(trip.departure));
  const arrival = last ? timeView(last.arrival, last.expectedArrival) : instant(ms(trip.arrival));
  const axisStart = Math.min(zero, segments[0]?.at ?? zero);
  const axisEnd = Math.max(
    cursor,
    runs(arrival),
    ...tracks.map((t) => t.end),
    axisStart + 60_000, // an empty trip still has an axis to draw
  );
  return {
    zero,
    axisStart,
    axisEnd,
    departure,
    arrival,
    durationSeconds: Math.max(0, (runs(arrival) - runs(departure)) / 1000),
    changes: Math.max(0, trip.legs.filter((l) => l.mode !== 'walk').length - 1),
    delayed: segments.some((s) => s.start.delayMinutes !== 0 || s.end.delayMinutes !== 0),
    crossfadeSeconds,
    leadInSeconds,
    segments,
    tracks,
    changesAt,
    rows,
  };
}

/**
 * Which segments a fit segment's songs may be listed under: after the segment where the previous fit
 * segment closed, up to the ride that closes this one (the last one runs to the end of the trip).
 */
function placeTracks(playlist: Playlist | null, zero: number, segments: SegmentView[]): TrackView[] {
  if (!playlist) return [];
  const ordered = playlist.tracks
    .map((track, index) => ({ track, index }))
    .sort((a, b) => a.track.startSeconds - b.track.startSeconds || a.index - b.index);
  const closing = (legIndex: number) =>
    legIndex === LEAD_IN_LEG
      ? segments.findIndex((s) => s.kind === 'lead-in')
      : segments.findIndex((s) => s.legIndex === legIndex);
  const lastLegIndex = ordered.at(-1)?.track.legIndex;
  const views: TrackView[] = new Array(playlist.tracks.length);
  let low = 0;
  let previousLeg: number | undefined;
  let previousSegment = 0;
  for (const { track, index } of ordered) {
    if (previousLeg !== undefined && track.legIndex !== previousLeg) {
      const closed = closing(previousLeg);
      low = Math.max(low, closed >= 0 ? closed + 1 : previousSegment);
    }
    previousLeg = track.legIndex;
    const closes = closing(track.legIndex);
    const high =
      track.legIndex === lastLegIndex
        ? segments.length - 1
        : closes >= 0
          ? Math.max(closes, low)
          : segments.length - 1;
    const start = Math.round(zero + track.startSeconds * 1000);
    let segment = Math.min(low, Math.max(0, segments.length - 1));
    for (let s = low; s <= high && s < segments.length; s++) {
      if ((segments[s]?.at ?? Number.POSITIVE_INFINITY) <= start) segment = s;
    }
    // Never listed before a song already listed.
    segment = Math.max(segment, previousSegment);
    previousSegment = segment;
    segments[segment]?.tracks.push(index);
    views[index] = viewOf(track, index, start, segment);
  }
  return views;
}

function viewOf(track: Track, index: number, start: number, segment: number): TrackView {
  return {
    index,
    id: track.id,
    title: track.title,
    artists: track.artists,
    seconds: track.durationMs / 1000,
    legIndex: track.legIndex,
    start,
    end: start + track.durationMs,
    shownAt: start,
    segment,
  };
}

/** The fit's boundaries, each at the end of the segment it marks (the departure: the lead-in's end). */
function placeChanges(
  trip: Trip,
  playlist: Playlist | null,
  zero: number,
  segments: SegmentView[],
): ChangeView[] {
  if (!playlist) return [];
  const last = playlist.boundaries.reduce((a, b) => Math.max(a, b.targetSeconds), Number.NEGATIVE_INFINITY);
  const changes: ChangeView[] = [];
  for (const boundary of [...playlist.boundaries].sort((a, b) => a.targetSeconds - b.targetSeconds)) {
    const departs = boundary.legIndex === LEAD_IN_LEG;
    const arrive = !departs && boundary.targetSeconds === last;
    const segment = departs
      ? segments.findIndex((s) => s.kind === 'lead-in')
      : arrive
        ? segments.length - 1
        : segments.findIndex((s) => s.legIndex === boundary.legIndex);
    if (segment < 0) continue;
    const leg = departs ? trip.legs[0] : trip.legs[boundary.legIndex];
    const stop = departs
      ? (leg?.from.name ?? trip.origin)
      : arrive
        ? (trip.legs.at(-1)?.to.name ?? trip.destination)
        : (leg?.to.name ?? '');
    changes.push({
      index: changes.length,
      kind: departs ? 'departs' : arrive ? 'arrive' : 'get-off',
      legIndex: boundary.legIndex,
      stop,
      at: Math.round(zero + boundary.targetSeconds * 1000),
      errorSeconds: boundary.errorSeconds,
      merged: boundary.merged === true,
      segment,
    });
  }
  return changes;
}

function listRows(segments: SegmentView[], tracks: TrackView[], changes: ChangeView[]): Row[] {
  const rows: Row[] = [];
  let shown = Number.NEGATIVE_INFINITY;
  const add = (row: Row) => {
    shown = Math.max(shown, row.at);
    rows.push({ ...row, at: shown });
    return shown;
  };
  for (const segment of segments) {
    add({ kind: 'segment', at: segment.at, segment: segment.index });
    for (const index of segment.tracks) {
      const track = tracks[index];
      if (track) track.shownAt = add({ kind: 'track', at: track.start, track: index });
    }
    for (const change of changes) {
      if (change.segment === segment.index) add({ kind: 'change', at: change.at, change: change.index });
    }
  }
  return rows;
}

export type Phase = 'before' | 'under-way' | 'arrived';

export interface NextChange {
  /** What happens next: the train leaves (lead-in, wait), you get off (ride), a walk ends, you arrive. */
  kind: 'departs' | 'get-off' | 'walk-end' | 'arrive';
  /** The segment that ends. */
  segment: number;
  at: number;
  inSeconds: number;
  /** Where: the stop you reach, or the station the train leaves from. */
  stop: string;
  /** The ride that leaves (departs), or the one you are on. */
  line: string | null;
  platform: string | null;
  /** The song playing now ends within half a minute of the change. */
  songEndsThen: boolean;
  /** Songs still to start before then. */
  songsBefore: number;
}

export interface LiveState {
  phase: Phase;
  now: number;
  /** The segment the traveller is in (null before departure and after arrival). */
  segment: number | null;
  /** The song playing (the one started last, during a crossfade), where in it, how long it has left. */
  track: number | null;
  trackOffsetSeconds: number;
  trackLeftSeconds: number;
  next: NextChange | null;
  /** Before: until the music starts. */
  startsInSeconds: number;
}

/** Where the trip and the music stand at `now` (epoch ms), and what changes next. */
export function liveState(picture: TripPicture, now: number): LiveState {
  const { segments, tracks } = picture;
  const first = segments[0];
  const lastSegment = segments.at(-1);
  const end = lastSegment?.until ?? picture.axisEnd;
  let track: TrackView | null = null;
  for (const t of tracks) {
    if (t && t.start <= now && now < t.end && (!track || t.start >= track.start)) track = t;
  }
  const base = {
    now,
    track: track?.index ?? null,
    trackOffsetSeconds: track ? (now - track.start) / 1000 : 0,
    trackLeftSeconds: track ? (track.end - now) / 1000 : 0,
    startsInSeconds: Math.max(0, (picture.zero - now) / 1000),
  };
  if (!first || now >= end) return { ...base, phase: 'arrived', segment: null, next: null };
  let current: SegmentView | null = null;
  for (const s of segments) if (s.at <= now && now < s.until) current = s;
  if (!current && now >= first.at) {
    // Between segments (a gap too short to be a wait): the next one is what counts.
    current = segments.find((s) => s.at > now) ?? null;
  }
  const target = current ?? first;
  const before = now < first.at;
  const nextSegment = segments[target.index + 1];
  const leaves = target.kind === 'lead-in' || target.kind === 'wait' || before;
  const lastOne = target.index === segments.length - 1;
  const kind: NextChange['kind'] = leaves
    ? 'departs'
    : lastOne
      ? 'arrive'
      : target.kind === 'walk'
        ? 'walk-end'
        : 'get-off';
  const ride = leaves ? (before && first.kind !== 'lead-in' ? first : nextSegment) : target;
  const at = before && first.kind !== 'lead-in' ? first.at : target.until;
  const next: NextChange = {
    kind,
    segment: target.index,
    at,
    inSeconds: Math.max(0, (at - now) / 1000),
    stop: leaves ? (ride?.from.name ?? target.to.name) : target.to.name,
    line: ride?.line ?? null,
    platform: leaves
      ? (ride?.from.expectedPlatform ?? ride?.from.platform ?? null)
      : (target.to.expectedPlatform ?? target.to.platform ?? null),
    songEndsThen: track !== null && Math.abs(track.end - at) <= SAME_MOMENT_MS,
    songsBefore: tracks.filter((t) => t && t.start > now && t.start < at - SAME_MOMENT_MS).length,
  };
  return { ...base, phase: before ? 'before' : 'under-way', segment: current?.index ?? null, next };
}

/** The trip is under way or about to start (an hour before the music until ten minutes after arrival). */
export function isLiveSoon(picture: TripPicture, now: number): boolean {
  return now >= picture.axisStart - 60 * 60_000 && now <= picture.axisEnd + 10 * 60_000;
}

export interface AxisLayout {
  width: number;
  /** x of an instant. */
  x(at: number): number;
  /** Hour and half-hour ticks inside the axis. */
  ticks: number[];
}

/** Pixels per minute below which the picture scrolls sideways instead (a phone and a long trip). */
export const MIN_PX_PER_MINUTE = 2;
const PAD = 12;

/** The horizontal layout of the timeline picture for the available width. */
export function axisLayout(picture: TripPicture, availableWidth: number): AxisLayout {
  const minutes = (picture.axisEnd - picture.axisStart) / 60_000;
  const width = Math.round(Math.max(availableWidth, minutes * MIN_PX_PER_MINUTE + 2 * PAD, 280));
  const scale = (width - 2 * PAD) / Math.max(1, picture.axisEnd - picture.axisStart);
  const x = (at: number) => PAD + (at - picture.axisStart) * scale;
  // A tick every 15, 30 or 60 minutes, whichever leaves at least 56 px between labels.
  const step = [15, 30, 60, 120].find((m) => m * 60_000 * scale >= 56) ?? 240;
  const stepMs = step * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(picture.axisStart / stepMs) * stepMs; t <= picture.axisEnd; t += stepMs)
    ticks.push(t);
  return { width, x, ticks };
}
