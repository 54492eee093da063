import type { CandidateTable } from './candidates.js';

/**
 * 0/1 subset-sum over whole seconds ("reach[s] + the item that first reached s").
 *
 * Why seconds: a 14-hour trip is 50,400 states, so one pass per item is a few µs, while 100 ms units
 * cost 10× more for an accuracy the ms-level repair (`repair.ts`) recovers anyway.
 *
 * Why "first item that reached s" with items in preference order: the reconstructed subset then only
 * uses the shortest prefix of the candidate list that can hit the target, i.e. the user's favourites
 * (plus the seed's variety), and the search can stop as soon as the target second is reachable. The
 * chain is a valid 0/1 subset because sums are scanned downwards, so `s − w` was set by an earlier item.
 */

/** After the target second is within this distance, stop once this many items brought nothing closer. */
const NEAR_STOP_DISTANCE_S = 1;
const NEAR_STOP_PATIENCE = 16;
const FAR_STOP_PATIENCE = 96;

export interface SubsetSumOptions {
  /** Tolerance in seconds: once within it, give up after `FAR_STOP_PATIENCE` items without progress. */
  toleranceS: number;
}

/**
 * Candidate indices (not in `used`) whose rounded durations sum as close as possible to `targetMs`,
 * overshooting by at most one longest track. `scratch` must hold at least
 * `round(targetMs / 1000) + table.maxDurS + 1` entries.
 */
export function nearestSubset(
  table: CandidateTable,
  used: Uint8Array,
  targetMs: number,
  scratch: Int32Array,
  options: SubsetSumOptions,
): number[] {
  if (targetMs <= 0) return [];
  const targetExact = targetMs / 1000;
  const targetS = Math.round(targetExact);
  const hiS = targetS + table.maxDurS;
  const from = scratch;
  from.fill(0, 0, hiS + 1);
  from[0] = -1;
  const durS = table.durS;
  const n = table.tracks.length;
  const toleranceS = Math.max(NEAR_STOP_DISTANCE_S, Math.ceil(options.toleranceS));

  let reachMax = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  let sinceProgress = 0;
  for (let c = 0; c < n; c++) {
    if (used[c] === 1) continue;
    const w = durS[c]!;
    const top = Math.min(hiS, reachMax + w);
    const marker = c + 1;
    for (let s = top; s >= w; s--) {
      if (from[s] === 0 && from[s - w] !== 0) from[s] = marker;
    }
    reachMax = top;

    // Only the window around the target decides when to stop; scanning it is O(tolerance).
    const distance = nearestReachedDistance(from, targetS, toleranceS, hiS);
    if (distance < bestDistance) {
      bestDistance = distance;
      sinceProgress = 0;
    } else sinceProgress++;
    if (bestDistance === 0) break;
    if (bestDistance <= NEAR_STOP_DISTANCE_S && sinceProgress >= NEAR_STOP_PATIENCE) break;
    if (bestDistance <= toleranceS && sinceProgress >= FAR_STOP_PATIENCE) break;
  }

  const best = nearestReachedSum(from, targetExact, hiS);
  return reconstruct(from, durS, best);
}

function nearestReachedDistance(from: Int32Array, targetS: number, window: number, hiS: number): number {
  for (let d = 0; d <= window; d++) {
    if (targetS - d >= 0 && from[targetS - d] !== 0) return d;
    if (targetS + d <= hiS && from[targetS + d] !== 0) return d;
  }
  return Number.POSITIVE_INFINITY;
}

/** The reachable sum closest to the exact (fractional) target; ties go to the shorter sum. */
function nearestReachedSum(from: Int32Array, targetExact: number, hiS: number): number {
  let best = 0;
  let bestDistance = targetExact;
  const start = Math.min(hiS, Math.max(0, Math.round(targetExact)));
  for (let d = 0; d <= hiS; d++) {
    const below = start - d;
    const above = start + d;
    if (below < 0 && above > hiS) break;
    if (below >= 0 && from[below] !== 0 && Math.abs(below - targetExact) < bestDistance) {
      best = below;
      bestDistance = Math.abs(below - targetExact);
    }
    if (above <= hiS && from[above] !== 0 && Math.abs(above - targetExact) < bestDistance) {
      best = above;
      bestDistance = Math.abs(above - targetExact);
    }
    // Any sum further out is at least d − 0.5 away: nothing left can beat the best.
    if (d - 0.5 > bestDistance) break;
  }
  return best;
}

function reconstruct(from: Int32Array, durS: Int32Array, sum: number): number[] {
  const chosen: number[] = [];
  let s = sum;
  while (s > 0) {
    const c = from[s]! - 1;
    chosen.push(c);
    s -= durS[c]!;
  }
  return chosen;
}

/**
 * For each window `[lo, hi]` (seconds), whether some subset of all candidates sums into it. Used to
 * decide up front which short connections no song can fill (they are merged into the next segment).
 */
export function windowsReachable(table: CandidateTable, windows: ReadonlyArray<[number, number]>): boolean[] {
  const result = windows.map(([lo, hi]) => lo <= 0 && hi >= 0);
  const limit = Math.max(0, ...windows.map(([, hi]) => hi));
  if (limit === 0 || result.every(Boolean)) return result;
  const reach = new Uint8Array(limit + 1);
  reach[0] = 1;
  let reachMax = 0;
  for (let c = 0; c < table.tracks.length; c++) {
    const w = table.durS[c]!;
    const top = Math.min(limit, reachMax + w);
    for (let s = top; s >= w; s--) {
      if (reach[s - w] === 1) reach[s] = 1;
    }
    reachMax = top;
    let allDone = true;
    windows.forEach(([lo, hi], k) => {
      if (result[k]) return;
      for (let s = Math.max(0, lo); s <= hi; s++) {
        if (reach[s] === 1) {
          result[k] = true;
          return;
        }
      }
      allDone = false;
    });
    if (allDone) break;
  }
  return result;
}
