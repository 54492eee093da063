import type { CatalogTrack } from '../domain/playlist.js';
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

export interface PreparedPool {
  /** Valid, unique, allowed tracks, sorted by id so the result does not depend on the pool's order. */
  tracks: PoolTrack[];
  invalid: number;
  duplicates: number;
  explicitFiltered: number;
  explicitFilteredMs: number;
}

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

export function preparePool(pool: readonly CatalogTrack[], options: PrepareOptions): PreparedPool {
  const seen = new Set<string>();
  const tracks: PoolTrack[] = [];
  let invalid = 0;
  let duplicates = 0;
  let explicitFiltered = 0;
  let explicitFilteredMs = 0;
  for (const track of pool) {
    const durationMs = validDurationMs(track);
    if (durationMs === null || typeof track.id !== 'string') {
      invalid++;
      continue;
    }
    if (seen.has(track.id)) {
      duplicates++;
      continue;
    }
    seen.add(track.id);
    if (options.exclude.has(track.id)) continue;
    if (track.explicit === true && !options.allowExplicit) {
      explicitFiltered++;
      explicitFilteredMs += durationMs;
      continue;
    }
    tracks.push(toPoolTrack(track, durationMs, options.recent.has(track.id)));
  }
  // Plain code-unit comparison, not localeCompare: the order must not depend on the host's ICU.
  tracks.sort((a, b) => (a.track.id < b.track.id ? -1 : a.track.id > b.track.id ? 1 : 0));
  const distinct = withoutRepeatedRecordings(tracks);
  duplicates += tracks.length - distinct.length;
  return { tracks: distinct, invalid, duplicates, explicitFiltered, explicitFilteredMs };
}

/** Same recording under two ids when title and artists match and durations differ by at most this. */
const SAME_RECORDING_MS = 2000;

/**
 * The same song often appears under several ids (the album cut, the single, a compilation); to the
 * listener that is the track twice. Matched on title + artists + near-equal duration, so two different
 * "Intro"s by one artist (different lengths) both stay. Tracks without title or artists are left alone.
 */
function withoutRepeatedRecordings(tracks: readonly PoolTrack[]): PoolTrack[] {
  const seen = new Map<string, number[]>();
  return tracks.filter((t) => {
    const title = t.track.title?.trim().toLowerCase() ?? '';
    if (!title || t.artistKeys.length === 0) return true;
    const key = `${title}\u0000${[...t.artistKeys].sort().join('\u0000')}`;
    const durations = seen.get(key) ?? [];
    if (durations.some((d) => Math.abs(d - t.durationMs) <= SAME_RECORDING_MS)) return false;
    durations.push(t.durationMs);
    seen.set(key, durations);
    return true;
  });
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
  const keys = tracks.map(
    (t) => t.score + VARIETY_JITTER * random() + (previousPlan.has(t.track.id) ? PREVIOUS_PLAN_BONUS : 0),
  );
  const byKey = tracks.map((_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
  const seenPerArtist = new Map<string, number>();
  const spread = new Float64Array(tracks.length);
  for (const i of byKey) {
    let rank = 0;
    for (const artist of tracks[i]!.artistKeys) {
      const count = seenPerArtist.get(artist) ?? 0;
      rank = Math.max(rank, count);
      seenPerArtist.set(artist, count + 1);
    }
    spread[i] = keys[i]! - ARTIST_SPREAD_PENALTY * rank;
  }
  return byKey.sort((a, b) => spread[b]! - spread[a]! || a - b);
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
  const sequence = tier.includeRecent
    ? // Recent tracks go last: the search reaches them only when the fresher ones cannot fit.
      [...order.filter((i) => !pool[i]!.recent), ...order.filter((i) => pool[i]!.recent)]
    : order.filter((i) => !pool[i]!.recent);
  const counts = new Map(artistCountsBefore);
  const tracks: PoolTrack[] = [];
  for (const i of sequence) {
    const candidate = pool[i]!;
    // Admitting at most `cap` tracks per artist makes *every* subset respect the cap, so the exact
    // search never has to reason about artists.
    if (candidate.artistKeys.some((a) => (counts.get(a) ?? 0) >= tier.artistCap)) continue;
    for (const a of candidate.artistKeys) counts.set(a, (counts.get(a) ?? 0) + 1);
    tracks.push(candidate);
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
  const byDuration = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => durMs[a]! - durMs[b]! || a - b,
  );
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
