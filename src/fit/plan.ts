import type { CandidateTable } from './candidates.js';
import { TOTAL_TOLERANCE_MS, type WorkSegment } from './repair.js';
import { windowsReachable } from './subset-sum.js';
import type { BoundaryTarget } from './types.js';

/**
 * Which boundaries the fit will aim at, after folding in the ones no song can serve.
 *
 * A 2-minute connection with a shortest track of 2:30 cannot get its own song; rather than miss the
 * transfer by 30 s *and* shift everything after it, the connection joins the next segment (the
 * boundary is still reported, with the nearest song end). Segments longer than 20 minutes are never
 * folded: with any realistic pool, some combination reaches them.
 */

const FOLD_CHECK_MAX_MS = 20 * 60_000;

export interface Region {
  /** Where fitting starts (0, or the end of the tracks kept by a re-fit), ms from the playlist start. */
  startMs: number;
  /** Boundaries after `startMs`, increasing; the last one is the arrival. */
  boundaries: BoundaryTarget[];
  toleranceMs: number;
  /** Duration of the reserved arrival song (0 when none); it ends the last segment. */
  arrivalMs: number;
}

const lengthOf = (segments: readonly WorkSegment[], index: number, startMs: number) =>
  segments[index]!.endTargetMs - (index === 0 ? startMs : segments[index - 1]!.endTargetMs);

/** Removes boundary `index` (never the last) and lets the following segment absorb it. */
function foldIntoNext(segments: WorkSegment[], index: number): void {
  const folded = segments[index]!;
  const next = segments[index + 1]!;
  next.absorbed = [
    ...folded.absorbed,
    { legIndex: folded.legIndex, targetMs: folded.endTargetMs },
    ...next.absorbed,
  ];
  segments.splice(index, 1);
}

export function planSegments(table: CandidateTable, region: Region): WorkSegment[] {
  const segments: WorkSegment[] = region.boundaries.map((boundary, index) => ({
    legIndex: boundary.legIndex,
    endTargetMs: boundary.targetMs,
    // The arrival is held to the total's ±1 s, or to the transfer tolerance if that is stricter.
    toleranceMs:
      index === region.boundaries.length - 1
        ? Math.min(TOTAL_TOLERANCE_MS, region.toleranceMs)
        : region.toleranceMs,
    items: [],
    fixedMs: 0,
    sumMs: 0,
    absorbed: [],
  }));
  const last = () => segments[segments.length - 1]!;
  last().fixedMs = region.arrivalMs;

  // An arrival song longer than the last ride spans the transfer before it: that transfer cannot
  // get a song end, so it is folded in.
  while (
    segments.length > 1 &&
    lengthOf(segments, segments.length - 1, region.startMs) - last().fixedMs < -region.toleranceMs
  ) {
    foldIntoNext(segments, segments.length - 2);
  }

  // With no tracks at all there is nothing to fold for: every boundary is reported as missed instead.
  const foldable = table.tracks.length > 0;
  const shortestMs = foldable ? table.sortedDurMs[0]! : 1;
  for (let guard = segments.length; foldable && guard > 0 && segments.length > 1; guard--) {
    const checked: number[] = [];
    const windows: Array<[number, number]> = [];
    segments.forEach((segment, index) => {
      const free = lengthOf(segments, index, region.startMs) - segment.fixedMs;
      if (free > FOLD_CHECK_MAX_MS) return;
      checked.push(index);
      // The check runs on whole seconds; a subset of k tracks can be off by k/2 s after rounding, so
      // the window is widened by that much: folding a connection that could have had its song end is
      // worse than trying and reporting the miss.
      const roundingSlackMs = 500 * Math.floor((free + region.toleranceMs) / shortestMs);
      windows.push([
        Math.floor((free - region.toleranceMs - roundingSlackMs) / 1000),
        Math.ceil((free + region.toleranceMs + roundingSlackMs) / 1000),
      ]);
    });
    const reachable = windowsReachable(table, windows);
    const firstUnreachable = reachable.indexOf(false);
    if (firstUnreachable === -1) break;
    const index = checked[firstUnreachable]!;
    // The last segment ends at the arrival, which must stay: fold the transfer before it instead.
    foldIntoNext(segments, index === segments.length - 1 ? index - 1 : index);
  }
  for (const segment of segments) segment.sumMs = segment.fixedMs;
  return segments;
}
