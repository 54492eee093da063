import type { CatalogTrack } from '../domain/playlist.js';
import { indicesByIntAscending, indicesByKeyDescending } from './index-sort.js';
import { MAX_POOL_TRACKS } from './limits.js';
import type { Random } from './random.js';
import type { PoolTrack } from './types.js';

/**
 * Turning a raw pool into the ordered candidate list the exact fit draws from.
 *
 * Taste lives in the *order*: the subset-sum search takes the shortest prefix of this list that can
 * hit the target, so favourites come first, near-equal scores are shuffled by the seed (variety from
 * trip to trip), and an artist's second and third tracks sink a little (variety within a trip).
 * Hard rules (explicit filter, no duplicates) are applied here once; soft rules (artist cap, recent
 * tracks) are applied per relaxation tier by `buildCandidateTable`.
 */

/** Width of the seeded jitter added to the 0..1 score: tracks within ~0.25 of each other mix. */
const VARIETY_JITTER = 0.25;
/** How much each earlier track by the same artist pushes the next one down the list. */
const ARTIST_SPREAD_PENALTY = 0.12;
/** Tracks from the previous plan (re-fit) jump the queue so a delay changes as little as possible. */
const PREVIOUS_PLAN_BONUS = 1;

export const DEFAULT_SCORE = 0.5;

/** The candidates of one fit: the prepared pool after this fit's hard rules (explicit, exclusions). */
export interface FitCandidates {
  /** Valid, unique, allowed tracks, sorted by id so the result does not depend on the pool's order. */
  tracks: PoolTrack[];
  invalid: number;
  duplicates: number;
  explicitFiltered: number;
  explicitFilteredMs: number;
}

/**
 * Everything about a pool that does not depend on a fit's options, worked out once per pool version
 * (`preparePool`) and shared by every fit of it: validation, de-duplication by id, normalised artist
 * keys, the sort by id, and which tracks may be the same recording. Per fit, `selectCandidates`
 * only filters and flags this list. Treat as immutable: fits running at the same time share it.
 */
export interface PreparedPool {
  readonly kind: 'railtape.prepared-pool';
  /** Tracks as the caller passed them (length only; kept for the pool_truncated note). */
  readonly rawCount: number;
  /** Valid tracks with unique ids, sorted by id, `recent` false. */
  readonly tracks: readonly PoolTrack[];
  /**
   * Per track: an index shared with every other track of the pool that has the same title and
   * artists, or -1 when no other track does (then it can never be a repeated recording).
   */
  readonly recordingGroup: Int32Array;
  /** The first valid track of each id, in the caller's order (the arrival song is looked up here). */
  readonly byId: ReadonlyMap<string, CatalogTrack>;
  readonly invalid: number;
  readonly duplicates: number;
}

export const isPreparedPool = (pool: readonly CatalogTrack[] | PreparedPool): pool is PreparedPool =>
  !Array.isArray(pool) && (pool as PreparedPool).kind === 'railtape.prepared-pool';

export interface PrepareOptions {
  allowExplicit: boolean;
  recent: ReadonlySet<string>;
  /** Ids that may not be chosen again (already played, or reserved as the arrival song). */
  exclude: ReadonlySet<string>;
}

export function artistKeysOf(track: Pick<CatalogTrack, 'artists'>): string[] {
  const keys = new Set<string>();
  for (const artist of track.artists ?? []) {
    const key = artist.trim().toLowerCase();
    if (key) keys.add(key);
  }
  return [...keys];
}

export function scoreOf(track: Pick<CatalogTrack, 'score'>): number {
  const score = track.score;
  if (score === undefined || !Number.isFinite(score)) return DEFAULT_SCORE;
  return Math.min(1, Math.max(0, score));
}

/** Integer ms, or null when the duration cannot be used (missing, zero, negative, NaN). */
export function validDurationMs(track: Pick<CatalogTrack, 'durationMs'>): number | null {
  const ms = Math.round(track.durationMs);
  return Number.isFinite(ms) && ms >= 1 ? ms : null;
}

export function toPoolTrack(track: CatalogTrack, durationMs: number, recent: boolean): PoolTrack {
  return { track, durationMs, score: scoreOf(track), artistKeys: artistKeysOf(track), recent };
}

/**
 * Prepares a pool for any number of fits. Pure. A pool past `MAX_POOL_TRACKS` is cut to its first
 * tracks here already, so the prepared pool costs what the fit would read.
 */
export function preparePool(pool: readonly CatalogTrack[]): PreparedPool {
  const bounded = pool.length > MAX_POOL_TRACKS ? pool.slice(0, MAX_POOL_TRACKS) : pool;
  const byId = new Map<string, CatalogTrack>();
  const artists = new Map<string, string>();
  const tracks: PoolTrack[] = [];
  let invalid = 0;
  let duplicates = 0;
  for (const track of bounded) {
    const durationMs = validDurationMs(track);
    if (durationMs === null || typeof track.id !== 'string') {
      invalid++;
      continue;
    }
    if (byId.has(track.id)) {
      duplicates++;
      continue;
    }
    byId.set(track.id, track);
    const t = toPoolTrack(track, durationMs, false);
    // One string object per artist: the per-fit artist maps then compare keys by reference.
    for (let k = 0; k < t.artistKeys.length; k++) {
      const key = t.artistKeys[k]!;
      const canonical = artists.get(key);
      if (canonical === undefined) artists.set(key, key);
      else t.artistKeys[k] = canonical;
    }
    tracks.push(t);
  }
  // Plain code-unit comparison, not localeCompare: the order must not depend on the host's ICU.
  tracks.sort((a, b) => (a.track.id < b.track.id ? -1 : a.track.id > b.track.id ? 1 : 0));
  return {
    kind: 'railtape.prepared-pool',
    rawCount: pool.length,
    tracks,
    recordingGroup: recordingGroups(tracks),
    byId,
    invalid,
    duplicates,
  };
}

/**
 * This fit's candidates: the prepared pool without excluded and (if so chosen) explicit tracks,
 * recent ones flagged, and repeated recordings dropped among what is left, exactly as if the raw
 * pool had been filtered first (which recording of a song survives depends on the filter).
 */
export function selectCandidates(prepared: PreparedPool, options: PrepareOptions): FitCandidates {
  const tracks: PoolTrack[] = [];
  let explicitFiltered = 0;
  let explicitFilteredMs = 0;
  let repeated = 0;
  // Only tracks that share a title and artists with another one need the duration comparison.
  const kept = new Map<number, number[]>();
  const { recordingGroup } = prepared;
  for (let i = 0; i < prepared.tracks.length; i++) {
    const t = prepared.tracks[i]!;
    const id = t.track.id;
    if (options.exclude.has(id)) continue;
    if (t.track.explicit === true && !options.allowExplicit) {
      explicitFiltered++;
      explicitFilteredMs += t.durationMs;
      continue;
    }
    const group = recordingGroup[i]!;
    if (group >= 0) {
      const durations = kept.get(group);
      if (durations?.some((d) => Math.abs(d - t.durationMs) <= SAME_RECORDING_MS)) {
        repeated++;
        continue;
      }
      if (durations) durations.push(t.durationMs);
      else kept.set(group, [t.durationMs]);
    }
    // Shared objects stay `recent: false`; a recent track gets its own copy for this fit.
    tracks.push(options.recent.has(id) ? { ...t, recent: true } : t);
  }
  return {
    tracks,
    invalid: prepared.invalid,
    duplicates: prepared.duplicates + repeated,
    explicitFiltered,
    explicitFilteredMs,
  };
}

/** Same recording under two ids when title and artists match and durations differ by at most this. */
const SAME_RECORDING_MS = 2000;

/**
 * The same song often appears under several ids (the album cut, the single, a compilation); to the
 * listener that is the track twice. Matched on title + artists + near-equal duration, so two different
 * "Intro"s by one artist (different lengths) both stay. Tracks without title or artists are left alone.
 * Here only the title + artists groups are found; the duration test runs per fit in `selectCandidates`.
 */
function recordingGroups(tracks: readonly PoolTrack[]): Int32Array {
  const groupOf = new Int32Array(tracks.length).fill(-1);
  const firstByKey = new Map<string, number>();
  const groupByKey = new Map<string, number>();
  tracks.forEach((t, i) => {
    const title = t.track.title?.trim().toLowerCase() ?? '';
    if (!title || t.artistKeys.length === 0) return;
    const key = `${title}\u0000${[...t.artistKeys].sort().join('\u0000')}`;
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, i);
      return;
    }
    let group = groupByKey.get(key);
    if (group === undefined) {
      group = groupByKey.size;
      groupByKey.set(key, group);
      groupOf[first] = group;
    }
    groupOf[i] = group;
  });
  return groupOf;
}

/**
 * The preference order of the prepared pool (indices into `tracks`), drawn once per fit so every
 * relaxation tier and every attempt sees the same taste.
 */
export function preferenceOrder(
  tracks: readonly PoolTrack[],
  random: Random,
  previousPlan: ReadonlyMap<string, number> = new Map(),
): number[] {
  const keys = new Float64Array(tracks.length);
  for (let i = 0; i < tracks.length; i++) {
    const t = tracks[i]!;
    keys[i] = t.score + VARIETY_JITTER * random() + (previousPlan.has(t.track.id) ? PREVIOUS_PLAN_BONUS : 0);
  }
  const byKey = indicesByKeyDescending(keys);
  const seenPerArtist = new Map<string, number>();
  const spread = new Float64Array(tracks.length);
  for (let p = 0; p < byKey.length; p++) {
    const i = byKey[p]!;
    let rank = 0;
    for (const artist of tracks[i]!.artistKeys) {
      const count = seenPerArtist.get(artist) ?? 0;
      rank = Math.max(rank, count);
      seenPerArtist.set(artist, count + 1);
    }
    spread[i] = keys[i]! - ARTIST_SPREAD_PENALTY * rank;
  }
  return Array.from(indicesByKeyDescending(spread));
}

export interface CandidateTier {
  includeRecent: boolean;
  /** Max tracks per artist over the whole playlist; Infinity when relaxed. */
  artistCap: number;
}

/**
 * The candidates of one tier, in preference order, as flat typed arrays: the subset-sum and repair
 * loops run over these thousands of times per fit.
 */
export interface CandidateTable {
  tracks: PoolTrack[];
  durMs: Int32Array;
  /** Whole seconds (at least 1) for the subset-sum DP. */
  durS: Int32Array;
  score: Float64Array;
  /** Candidate indices sorted by duration, and their durations, for nearest-duration lookups. */
  byDuration: Int32Array;
  sortedDurMs: Int32Array;
  maxDurS: number;
  totalMs: number;
}

export function buildCandidateTable(
  pool: readonly PoolTrack[],
  order: readonly number[],
  tier: CandidateTier,
  artistCountsBefore: ReadonlyMap<string, number>,
): CandidateTable {
  const counts = new Map(artistCountsBefore);
  const tracks: PoolTrack[] = [];
  const admit = (candidate: PoolTrack) => {
    const keys = candidate.artistKeys;
    // Admitting at most `cap` tracks per artist makes *every* subset respect the cap, so the exact
    // search never has to reason about artists.
    for (let k = 0; k < keys.length; k++) if ((counts.get(keys[k]!) ?? 0) >= tier.artistCap) return;
    for (let k = 0; k < keys.length; k++) counts.set(keys[k]!, (counts.get(keys[k]!) ?? 0) + 1);
    tracks.push(candidate);
  };
  for (let p = 0; p < order.length; p++) {
    const candidate = pool[order[p]!]!;
    if (!candidate.recent) admit(candidate);
  }
  // Recent tracks go last: the search reaches them only when the fresher ones cannot fit.
  if (tier.includeRecent) {
    for (let p = 0; p < order.length; p++) {
      const candidate = pool[order[p]!]!;
      if (candidate.recent) admit(candidate);
    }
  }
  return tableOf(tracks);
}

export function tableOf(tracks: PoolTrack[]): CandidateTable {
  const n = tracks.length;
  const durMs = new Int32Array(n);
  const durS = new Int32Array(n);
  const score = new Float64Array(n);
  let maxDurS = 0;
  let totalMs = 0;
  for (let i = 0; i < n; i++) {
    const t = tracks[i]!;
    durMs[i] = t.durationMs;
    durS[i] = Math.max(1, Math.round(t.durationMs / 1000));
    score[i] = t.score;
    maxDurS = Math.max(maxDurS, durS[i]!);
    totalMs += t.durationMs;
  }
  const byDuration = indicesByIntAscending(durMs);
  const sortedDurMs = Int32Array.from(byDuration, (i) => durMs[i]!);
  return { tracks, durMs, durS, score, byDuration, sortedDurMs, maxDurS, totalMs };
}

/** Whether any artist has more usable tracks than the cap (if not, relaxing the cap changes nothing). */
export function capBinds(
  pool: readonly PoolTrack[],
  cap: number,
  artistCountsBefore: ReadonlyMap<string, number>,
): boolean {
  if (!Number.isFinite(cap)) return false;
  const counts = new Map(artistCountsBefore);
  for (const t of pool) {
    for (const a of t.artistKeys) {
      const c = (counts.get(a) ?? 0) + 1;
      if (c > cap) return true;
      counts.set(a, c);
    }
  }
  return false;
}
