import {
  type CatalogTrack,
  LEAD_IN_LEG_INDEX,
  type Playlist,
  type PlaylistNote,
} from '../domain/playlist.js';
import { assemblePlaylist, type OrderedSegment } from './assemble.js';
import {
  buildCandidateTable,
  type CandidateTier,
  capBinds,
  type FitCandidates,
  isPreparedPool,
  type PreparedPool,
  preferenceOrder,
  preparePool,
  selectCandidates,
  toPoolTrack,
  validDurationMs,
} from './candidates.js';
import { assertFitTarget, truncationNotes } from './limits.js';
import { fitNotes } from './notes.js';
import { splitAtOffsets, spreadArtists } from './order.js';
import type { Region } from './plan.js';
import { deriveSeed, mulberry32, normaliseSeed, type Random } from './random.js';
import { PRECISION_FLOOR_MS, TOTAL_TOLERANCE_MS } from './repair.js';
import { fitRegion, isAcceptable, type RegionFit } from './search.js';
import type { BoundaryTarget, FitOptions, PoolTrack } from './types.js';

/**
 * The shared core of `fitTrip`, `fitDuration` and `refitTrip`: options → candidates → relaxation
 * tiers → exact fit → order → honest report.
 */

export const DEFAULT_TOLERANCE_SECONDS = 3;
export const DEFAULT_TRACKS_PER_ARTIST_PER_HOUR = 2;
/** Spotify's crossfade slider goes from 0 to 12 s. */
export const MAX_CROSSFADE_SECONDS = 12;
/** The reminder's longest lead time: music on the platform for at most half an hour. */
export const MAX_LEAD_IN_SECONDS = 30 * 60;

/** How much closer to the promises a looser tier must get to be worth its cost in taste. */
const TIER_MIN_GAIN_MS = 50;

// Sub-seed streams: each random decision has its own stream so changing one never shifts another.
const STREAM_PREFERENCE = 1;
const STREAM_ATTEMPTS = 2;
const STREAM_ORDER = 3;

export interface FitProblem {
  totalMs: number;
  /** All boundaries, increasing; the last one is the arrival (`targetMs === totalMs`). */
  boundaries: BoundaryTarget[];
  /** Re-fit: tracks already started, in play order; they stay as they are. */
  kept: PoolTrack[];
  /**
   * Re-fit: the previous plan (id → position), preferred and kept in its order so a delay changes as
   * little as possible.
   */
  previousPlan: ReadonlyMap<string, number>;
}

export interface ResolvedOptions {
  seed: number;
  toleranceMs: number;
  artistCap: number;
  allowExplicit: boolean;
  recent: ReadonlySet<string>;
  arrivalTrackId: string | undefined;
  /** Integer ms, 0..12 s. */
  crossfadeMs: number;
  /** Integer ms, 0..30 min. */
  leadInMs: number;
}

const clampedMs = (value: number | undefined, maxSeconds: number) =>
  value === undefined || !Number.isFinite(value)
    ? 0
    : Math.round(Math.min(maxSeconds, Math.max(0, value)) * 1000);

export function resolveOptions(options: FitOptions, totalMs: number, defaultSeed: number): ResolvedOptions {
  const tolerance = options.boundaryToleranceSeconds;
  const perHour = options.maxTracksPerArtistPerHour;
  const rate =
    perHour === undefined || Number.isNaN(perHour)
      ? DEFAULT_TRACKS_PER_ARTIST_PER_HOUR
      : Math.max(0, perHour);
  return {
    seed: normaliseSeed(options.seed ?? defaultSeed),
    // Below the repair's precision floor an error is a rounding artefact, not a missed transfer.
    toleranceMs:
      tolerance === undefined || !Number.isFinite(tolerance)
        ? DEFAULT_TOLERANCE_SECONDS * 1000
        : Math.max(PRECISION_FLOOR_MS, Math.round(tolerance * 1000)),
    // Rounded up and at least one: a 20-minute trip at 2/hour still allows each artist once.
    artistCap: Number.isFinite(rate)
      ? Math.max(1, Math.ceil((rate * totalMs) / 3_600_000))
      : Number.POSITIVE_INFINITY,
    allowExplicit: options.allowExplicit ?? true,
    recent: new Set(options.recentTrackIds ?? []),
    arrivalTrackId: options.arrivalTrackId,
    crossfadeMs: clampedMs(options.crossfadeSeconds, MAX_CROSSFADE_SECONDS),
    leadInMs: clampedMs(options.leadInSeconds, MAX_LEAD_IN_SECONDS),
  };
}

interface ArrivalChoice {
  track: PoolTrack | null;
  notes: PlaylistNote[];
}

function chooseArrival(
  pool: PreparedPool,
  options: ResolvedOptions,
  keptIds: ReadonlySet<string>,
  regionMs: number,
): ArrivalChoice {
  const id = options.arrivalTrackId;
  if (id === undefined) return { track: null, notes: [] };
  const why = {
    not_in_pool: 'is not in the pool',
    already_played: 'has already been played',
    explicit: 'is explicit and explicit tracks are off',
  };
  const unavailable = (reason: keyof typeof why): ArrivalChoice => ({
    track: null,
    notes: [
      { code: 'arrival_track_unavailable', params: { reason }, message: `The arrival song ${why[reason]}.` },
    ],
  });
  const raw = pool.byId.get(id);
  if (!raw) return unavailable('not_in_pool');
  if (keptIds.has(id)) return unavailable('already_played');
  if (raw.explicit === true && !options.allowExplicit) return unavailable('explicit');
  const durationMs = validDurationMs(raw)!;
  if (durationMs > regionMs + TOTAL_TOLERANCE_MS) {
    return {
      track: null,
      notes: [
        {
          code: 'arrival_track_too_long',
          params: {},
          message: 'The arrival song is longer than the time left to fill.',
        },
      ],
    };
  }
  return { track: toPoolTrack(raw, durationMs, options.recent.has(id)), notes: [] };
}

function artistCounts(tracks: readonly PoolTrack[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tracks) for (const a of t.artistKeys) counts.set(a, (counts.get(a) ?? 0) + 1);
  return counts;
}

/**
 * Relaxation ladder, applied only while the promise (boundaries ±tolerance, total ±1 s) is not kept:
 * first without recent tracks, then with them (at the end of the preference order), then without
 * the artist cap. The explicit filter and "no track twice" are never relaxed.
 */
function tiersFor(
  prepared: FitCandidates,
  cap: number,
  before: ReadonlyMap<string, number>,
): CandidateTier[] {
  const tiers: CandidateTier[] = [{ includeRecent: false, artistCap: cap }];
  if (prepared.tracks.some((t) => t.recent)) tiers.push({ includeRecent: true, artistCap: cap });
  if (capBinds(prepared.tracks, cap, before)) {
    tiers.push({ includeRecent: true, artistCap: Number.POSITIVE_INFINITY });
  }
  return tiers;
}

/** Splits the kept (already started) tracks at the boundaries they already passed. */
function keptSegments(
  kept: readonly PoolTrack[],
  past: readonly BoundaryTarget[],
): { segments: OrderedSegment[]; carry: PoolTrack[]; carryAbsorbed: BoundaryTarget[] } {
  const ends = [0];
  for (const t of kept) ends.push(ends.at(-1)! + t.durationMs);
  const segments: OrderedSegment[] = [];
  let from = 0;
  let pending: BoundaryTarget[] = [];
  for (const boundary of past) {
    let to = from;
    for (let k = from; k < ends.length; k++) {
      if (Math.abs(ends[k]! - boundary.targetMs) < Math.abs(ends[to]! - boundary.targetMs)) to = k;
    }
    if (to === from) {
      pending.push(boundary);
      continue;
    }
    segments.push({
      legIndex: boundary.legIndex,
      endTargetMs: boundary.targetMs,
      tracks: kept.slice(from, to),
      absorbed: pending,
    });
    pending = [];
    from = to;
  }
  return { segments, carry: kept.slice(from), carryAbsorbed: pending };
}

function orderRegion(
  fit: RegionFit,
  startMs: number,
  carry: PoolTrack[],
  carryAbsorbed: BoundaryTarget[],
  arrival: PoolTrack | null,
  previous: PoolTrack | null,
  random: Random,
  previousPlan: ReadonlyMap<string, number>,
): OrderedSegment[] {
  const { state } = fit;
  let position = startMs;
  let last = carry.at(-1) ?? previous;
  return state.segments.map((segment, i) => {
    const free = segment.items.map((c) => state.table.tracks[c]!);
    const parts = splitAtOffsets(
      free,
      segment.absorbed.map((b) => b.targetMs - position),
    );
    const tracks: PoolTrack[] = i === 0 ? [...carry] : [];
    for (const part of parts) {
      const ordered = spreadArtists(part, last, random, previousPlan);
      tracks.push(...ordered);
      last = ordered.at(-1) ?? last;
    }
    if (i === state.segments.length - 1 && arrival) tracks.push(arrival);
    position += segment.sumMs;
    return {
      legIndex: segment.legIndex,
      endTargetMs: segment.endTargetMs,
      tracks,
      absorbed: i === 0 ? [...carryAbsorbed, ...segment.absorbed] : segment.absorbed,
    };
  });
}

function chosenTracks(fit: RegionFit): PoolTrack[] {
  return fit.state.segments.flatMap((s) => s.items.map((c) => fit.state.table.tracks[c]!));
}

/**
 * Crossfade as a change of units. With crossfade c, track k starts at the sum of the earlier lengths
 * minus k·c, i.e. at the sum of the earlier *heard* lengths (length − c), and ends c later than its
 * heard length says. So the fit runs unchanged on heard lengths, against targets moved back by c
 * (a transfer's song change and the arrival are track ends), except the departure after a lead-in,
 * which is where a track starts. `assemblePlaylist` converts back.
 */
function toHeard(problem: FitProblem, crossfadeMs: number): FitProblem {
  if (crossfadeMs === 0) return problem;
  const totalMs = Math.max(0, problem.totalMs - crossfadeMs);
  const boundaries: BoundaryTarget[] = [];
  for (const b of problem.boundaries) {
    const targetMs =
      b === problem.boundaries.at(-1)
        ? totalMs
        : b.legIndex === LEAD_IN_LEG_INDEX
          ? b.targetMs
          : b.targetMs - crossfadeMs;
    // A transfer within c of the boundary before it has no room of its own: the next one takes it.
    if (
      b !== problem.boundaries.at(-1) &&
      (targetMs <= (boundaries.at(-1)?.targetMs ?? 0) || targetMs >= totalMs)
    )
      continue;
    boundaries.push({ legIndex: b.legIndex, targetMs });
  }
  return {
    totalMs,
    boundaries,
    kept: problem.kept.map((t) => heardTrack(t, crossfadeMs)),
    previousPlan: problem.previousPlan,
  };
}

const heardTrack = (t: PoolTrack, crossfadeMs: number): PoolTrack => ({
  ...t,
  durationMs: Math.max(1, t.durationMs - crossfadeMs),
});

/**
 * A track of 2·c or less would be fading in and out at once (and its heard length would be at most
 * c): it is left out of a crossfaded fit, like an unusable duration.
 */
function heardCandidates(prepared: FitCandidates, crossfadeMs: number): FitCandidates {
  if (crossfadeMs === 0) return prepared;
  const tracks: PoolTrack[] = [];
  let invalid = prepared.invalid;
  for (const t of prepared.tracks) {
    if (t.durationMs > 2 * crossfadeMs) tracks.push(heardTrack(t, crossfadeMs));
    else invalid++;
  }
  return { ...prepared, tracks, invalid };
}

export function solve(
  realProblem: FitProblem,
  fullPool: readonly CatalogTrack[] | PreparedPool,
  options: ResolvedOptions,
  baseNotes: PlaylistNote[] = [],
): Playlist {
  // Before anything costs per second of trip or per track (see limits.ts).
  assertFitTarget(realProblem.totalMs);
  const crossfadeMs = options.crossfadeMs;
  const problem = toHeard(realProblem, crossfadeMs);
  const pool = isPreparedPool(fullPool) ? fullPool : preparePool(fullPool);
  const poolNotes = truncationNotes(pool.rawCount);
  const keptMs = problem.kept.reduce((sum, t) => sum + t.durationMs, 0);
  const keptIds = new Set(problem.kept.map((t) => t.track.id));
  const final = problem.boundaries.at(-1)!;
  const regionMs = Math.max(0, problem.totalMs - keptMs);

  // Re-fit: boundaries the kept tracks already reached (or come within tolerance of) are not fitted again.
  const isPast = (b: BoundaryTarget) =>
    problem.kept.length > 0 && b !== final && b.targetMs <= keptMs + options.toleranceMs;
  const past = problem.boundaries.filter(isPast);
  const regionBoundaries = problem.boundaries.filter((b) => !isPast(b));

  const chosenArrival = chooseArrival(pool, options, keptIds, regionMs + crossfadeMs);
  const arrival =
    chosenArrival.track && crossfadeMs > 0
      ? { ...chosenArrival, track: heardTrack(chosenArrival.track, crossfadeMs) }
      : chosenArrival;
  const exclude = new Set(keptIds);
  if (arrival.track) exclude.add(arrival.track.track.id);
  const prepared = heardCandidates(
    selectCandidates(pool, { allowExplicit: options.allowExplicit, recent: options.recent, exclude }),
    crossfadeMs,
  );
  const preference = preferenceOrder(
    prepared.tracks,
    mulberry32(deriveSeed(options.seed, STREAM_PREFERENCE)),
    problem.previousPlan,
  );
  const before = artistCounts(arrival.track ? [...problem.kept, arrival.track] : problem.kept);

  const region: Region = {
    startMs: keptMs,
    boundaries: regionBoundaries,
    toleranceMs: options.toleranceMs,
    arrivalMs: arrival.track?.durationMs ?? 0,
  };
  let best: { fit: RegionFit; tier: CandidateTier } | null = null;
  for (const tier of tiersFor(prepared, options.artistCap, before)) {
    const table = buildCandidateTable(prepared.tracks, preference, tier, before);
    const fit = fitRegion(table, region, deriveSeed(options.seed, STREAM_ATTEMPTS));
    // A looser tier costs taste (a recent track, a third song by one artist), so it must buy a real
    // improvement of a promise, not a few ms.
    if (!best || fit.evaluation.excessMs < best.fit.evaluation.excessMs - TIER_MIN_GAIN_MS)
      best = { fit, tier };
    if (isAcceptable(fit.evaluation)) break;
  }
  // tiersFor always yields at least one tier.
  const { fit } = best!;

  const { segments: pastSegments, carry, carryAbsorbed } = keptSegments(problem.kept, past);
  const regionSegments = orderRegion(
    fit,
    keptMs,
    carry,
    carryAbsorbed,
    arrival.track,
    pastSegments.at(-1)?.tracks.at(-1) ?? null,
    mulberry32(deriveSeed(options.seed, STREAM_ORDER)),
    problem.previousPlan,
  );

  const chosen = chosenTracks(fit);
  const counts = artistCounts([...problem.kept, ...chosen, ...(arrival.track ? [arrival.track] : [])]);
  const notes = [
    ...baseNotes,
    ...poolNotes,
    ...arrival.notes,
    ...fitNotes({
      prepared,
      state: fit.state,
      evaluation: fit.evaluation,
      regionMs,
      availableMs:
        prepared.tracks.reduce((sum, t) => sum + t.durationMs, 0) + (arrival.track?.durationMs ?? 0),
      artistCap: options.artistCap,
      capRelaxed: [...counts.values()].some((n) => n > options.artistCap),
      recentReused: chosen.filter((t) => t.recent).length,
    }),
  ];
  return assemblePlaylist(realProblem.totalMs, [...pastSegments, ...regionSegments], notes, options.seed, {
    crossfadeMs,
    leadInMs:
      realProblem.boundaries[0]?.legIndex === LEAD_IN_LEG_INDEX ? realProblem.boundaries[0].targetMs : 0,
  });
}
