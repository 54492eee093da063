import { tableOf } from './candidates.js';
import { type Random, shuffleInPlace } from './random.js';
import { nearestSubset } from './subset-sum.js';
import type { PoolTrack } from './types.js';

/**
 * The order of tracks inside a segment. The sums are already right; the order decides two things:
 * where a song ends inside a merged segment (as close as possible to the folded-in transfer), and that
 * the same artist does not play twice in a row.
 */

const sharesArtist = (a: PoolTrack | null, b: PoolTrack): boolean =>
  a?.artistKeys.some((artist) => b.artistKeys.includes(artist)) ?? false;

/**
 * Seeded shuffle, then swap forward whatever would repeat the previous track's artist. In a re-fit,
 * tracks of the previous plan keep their old relative order (the listener may have looked at it) and
 * new ones follow.
 */
export function spreadArtists(
  tracks: PoolTrack[],
  previous: PoolTrack | null,
  random: Random,
  previousPlan: ReadonlyMap<string, number> = new Map(),
): PoolTrack[] {
  const rank = (t: PoolTrack) => previousPlan.get(t.track.id) ?? Number.POSITIVE_INFINITY;
  // Stable sort after the shuffle: planned tracks in plan order, new ones in shuffled order.
  const ordered = shuffleInPlace([...tracks], random).sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra === rb ? 0 : ra < rb ? -1 : 1;
  });
  for (let p = 0; p < ordered.length; p++) {
    const before = p === 0 ? previous : ordered[p - 1]!;
    if (!sharesArtist(before, ordered[p]!)) continue;
    for (let q = p + 1; q < ordered.length; q++) {
      if (!sharesArtist(before, ordered[q]!)) {
        const tmp = ordered[p]!;
        ordered[p] = ordered[q]!;
        ordered[q] = tmp;
        break;
      }
    }
  }
  return ordered;
}

/**
 * Splits a merged segment's tracks so that a song ends as close as possible to each folded-in
 * boundary (`offsetsMs`, ascending, from the segment's start): each split is a small subset-sum over
 * the segment's own tracks.
 */
export function splitAtOffsets(tracks: readonly PoolTrack[], offsetsMs: readonly number[]): PoolTrack[][] {
  const parts: PoolTrack[][] = [];
  let remaining = [...tracks];
  let placed = 0;
  for (const offset of offsetsMs) {
    const want = offset - placed;
    if (want <= 0 || remaining.length === 0) {
      parts.push([]);
      continue;
    }
    const table = tableOf(remaining);
    const scratch = new Int32Array(Math.round(want / 1000) + table.maxDurS + 2);
    const picked = new Set(
      nearestSubset(table, new Uint8Array(remaining.length), want, scratch, { toleranceS: 3 }),
    );
    const part = remaining.filter((_, i) => picked.has(i));
    remaining = remaining.filter((_, i) => !picked.has(i));
    placed += part.reduce((sum, t) => sum + t.durationMs, 0);
    parts.push(part);
  }
  parts.push(remaining);
  return parts;
}

/**
 * Signed errors of the folded-in boundaries of one segment, given where the segment really starts:
 * how close the best split of its tracks brings a song end to each of them.
 */
export function absorbedErrors(
  tracks: readonly PoolTrack[],
  startMs: number,
  absorbedTargetsMs: readonly number[],
): number[] {
  const parts = splitAtOffsets(
    tracks,
    absorbedTargetsMs.map((t) => t - startMs),
  );
  let end = startMs;
  return absorbedTargetsMs.map((target, i) => {
    end += (parts[i] ?? []).reduce((sum, t) => sum + t.durationMs, 0);
    return end - target;
  });
}
