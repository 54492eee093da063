import type { CandidateTable } from './candidates.js';

/**
 * Complete search for small pools.
 *
 * Segment-by-segment subset-sum is a heuristic for the real problem (disjoint subsets whose prefix
 * sums hit every boundary): with 20 tracks, the first segment can take exactly the track the second
 * one needed. When the heuristic misses, a depth-first search over "which tracks close boundary i"
 * settles it: tracks by decreasing duration, equal durations treated as interchangeable, pruned by
 * the window and the remaining music, bounded by a node budget so a hopeless pool costs a few ms.
 */

export interface SearchSegment {
  /** Cumulative window for the end of this segment, ms from the region start (free tracks only). */
  loMs: number;
  hiMs: number;
}

export interface ExactSearchResult {
  /** Candidate indices per segment, or null when no assignment was found within the budget. */
  segments: number[][] | null;
  exhausted: boolean;
}

export function exactSearch(
  table: CandidateTable,
  blocked: Uint8Array,
  segments: readonly SearchSegment[],
  nodeBudget: number,
): ExactSearchResult {
  const { durMs } = table;
  const order = Array.from({ length: table.tracks.length }, (_, i) => i)
    .filter((c) => blocked[c] === 0)
    .sort((a, b) => durMs[b]! - durMs[a]! || a - b);
  const taken = new Uint8Array(table.tracks.length);
  const chosen: number[][] = segments.map(() => []);
  let nodes = 0;
  let exhausted = false;

  const closeSegment = (index: number, cumulative: number): boolean => {
    if (index === segments.length) return true;
    const { loMs, hiMs } = segments[index]!;
    const lo = loMs - cumulative;
    const hi = hiMs - cumulative;
    if (hi < 0) return false;
    const available = order.filter((c) => taken[c] === 0);
    const suffix = new Float64Array(available.length + 1);
    for (let p = available.length - 1; p >= 0; p--) suffix[p] = suffix[p + 1]! + durMs[available[p]!]!;
    const picked = chosen[index]!;

    const extend = (p: number, partial: number, justAdded: boolean): boolean => {
      if (++nodes > nodeBudget) {
        exhausted = true;
        return false;
      }
      // Check the window only right after adding a track, so each subset is tried once.
      if (justAdded && partial >= lo && partial <= hi && closeSegment(index + 1, cumulative + partial)) {
        return true;
      }
      if (exhausted || p === available.length || partial + suffix[p]! < lo) return false;
      const c = available[p]!;
      const d = durMs[c]!;
      if (partial + d <= hi) {
        taken[c] = 1;
        picked.push(c);
        if (extend(p + 1, partial + d, true)) return true;
        picked.pop();
        taken[c] = 0;
        if (exhausted) return false;
      }
      // Skipping this track skips its equal-duration twins too: they give the same sums.
      let q = p + 1;
      while (q < available.length && durMs[available[q]!] === d) q++;
      return extend(q, partial, false);
    };

    if (lo <= 0 && hi >= 0 && closeSegment(index + 1, cumulative)) return true;
    return extend(0, 0, false);
  };

  const found = closeSegment(0, 0);
  return { segments: found ? chosen : null, exhausted };
}
