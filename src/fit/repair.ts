import type { CandidateTable } from './candidates.js';
import type { BoundaryTarget } from './types.js';

/**
 * Millisecond repair on top of the whole-second subset-sum.
 *
 * The DP rounds every track to a second, so its answer is off by the sum of ~N rounding errors
 * (about ±1 s for 20 tracks). These moves fix that on exact durations: replace, add or remove one or
 * two tracks (pool moves), or pass tracks between neighbouring segments (exchange moves, which move
 * one boundary and nothing else). Each move is the one closest to the wanted change, found by binary
 * search over durations, so a pass costs O(tracks · log pool), not a random walk.
 */

/** Errors below this are treated as equal; below it, moves are chosen for taste, not precision. */
export const PRECISION_FLOOR_MS = 5;
/** The whole playlist's promise: total within ±1 s. */
export const TOTAL_TOLERANCE_MS = 1000;

const NEAR_CANDIDATES_PER_SIDE = 2;
const PAIR_OUT_SAMPLE = 24;
const PAIR_IN_SAMPLE = 48;
const PAIR_SCAN_PER_SIDE = 8;
/**
 * The pair search's entries, sorted by their change in duration: buffers of the most a call can
 * fill, kept between calls (a fit runs on one thread and the search does not call itself), because
 * building them anew on every call was ~60 % of a fit's garbage (~0.6 MB a fit), which a busy
 * server's scavenges then copied with every request in flight.
 */
const PAIR_ENTRIES = (PAIR_OUT_SAMPLE + 1) * (PAIR_IN_SAMPLE + 1) - 1;
/** An entry's key is `delta · ENTRY_SPAN + entry` (delta in whole ms: `durMs` is an Int32Array). */
const ENTRY_SPAN = 2 ** Math.ceil(Math.log2(PAIR_ENTRIES + 1));
const pairScratch = {
  eOut: new Int32Array(PAIR_ENTRIES),
  eIn: new Int32Array(PAIR_ENTRIES),
  eDelta: new Float64Array(PAIR_ENTRIES),
  keys: new Float64Array(PAIR_ENTRIES),
  order: new Int32Array(PAIR_ENTRIES),
  sortedDelta: new Float64Array(PAIR_ENTRIES),
};
const MAX_ROUNDS = 24;
/** A move must improve the error by at least this much, so rounds always make progress. */
const MIN_IMPROVEMENT_MS = 0.5;

export interface WorkSegment {
  legIndex: number;
  /** Planned end, ms from the playlist start. */
  endTargetMs: number;
  /** Allowed |error| at the end: the transfer tolerance, or the total tolerance for the last one. */
  toleranceMs: number;
  /** Candidate indices chosen for this segment (order is decided later). */
  items: number[];
  /** Fixed tracks at the segment's end (the arrival song) that moves may not touch. */
  fixedMs: number;
  sumMs: number;
  /** Boundaries folded into this segment because no song fitted them. */
  absorbed: BoundaryTarget[];
}

export interface FitState {
  table: CandidateTable;
  used: Uint8Array;
  /** Where the fitted region starts (0, or the end of the kept tracks in a re-fit). */
  startMs: number;
  segments: WorkSegment[];
}

/** Signed error at the end of every segment (`actual − target`), ms. */
export function boundaryErrors(state: FitState): number[] {
  let cumulative = state.startMs;
  return state.segments.map((segment) => {
    cumulative += segment.sumMs;
    return cumulative - segment.endTargetMs;
  });
}

interface Move {
  segment: number;
  out1: number;
  out2: number;
  in1: number;
  in2: number;
  /** Exchange with the next segment instead of the pool. */
  withNext: boolean;
  delta: number;
}

/**
 * Keeps the best move offered so far for one wanted change of a segment's length.
 *
 * Precision first, but not to the last millisecond: a move within `TASTE_SLACK` of the most precise
 * one may win if it keeps better-preferred tracks (a 12 ms residue instead of 10 ms is not worth
 * swapping out a favourite; the next round shrinks the residue anyway). Below the floor, taste decides.
 */
const TASTE_SLACK = 1.25;

class MoveChoice {
  move: Move | null = null;
  private distance = Number.POSITIVE_INFINITY;
  private gain = Number.NEGATIVE_INFINITY;
  private closest = Number.POSITIVE_INFINITY;

  constructor(
    readonly segment: number,
    readonly want: number,
    readonly lo: number,
    readonly hi: number,
  ) {}

  get bestDistance(): number {
    return this.distance;
  }

  offer(
    out1: number,
    out2: number,
    in1: number,
    in2: number,
    withNext: boolean,
    delta: number,
    gain: number,
  ) {
    if (delta < this.lo || delta > this.hi) return;
    const distance = Math.max(PRECISION_FLOOR_MS, Math.abs(delta - this.want));
    this.closest = Math.min(this.closest, distance);
    const band = this.closest * TASTE_SLACK;
    const keep =
      this.move !== null &&
      this.distance <= band &&
      (distance > band || gain < this.gain || (gain === this.gain && distance >= this.distance));
    if (keep) return;
    this.distance = distance;
    this.gain = gain;
    this.move = { segment: this.segment, out1, out2, in1, in2, withNext, delta };
  }
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `visit` with the few unused candidates whose duration is nearest to `durationMs`. */
function forNearestUnused(
  table: CandidateTable,
  used: Uint8Array,
  durationMs: number,
  visit: (candidate: number) => void,
): void {
  const { byDuration, sortedDurMs } = table;
  const k = lowerBound(sortedDurMs, durationMs);
  let found = 0;
  for (let p = k - 1; p >= 0 && found < NEAR_CANDIDATES_PER_SIDE; p--) {
    const c = byDuration[p]!;
    if (used[c] === 0) {
      visit(c);
      found++;
    }
  }
  found = 0;
  for (let p = k; p < byDuration.length && found < NEAR_CANDIDATES_PER_SIDE; p++) {
    const c = byDuration[p]!;
    if (used[c] === 0) {
      visit(c);
      found++;
    }
  }
}

/**
 * Preference gain of a pool move: candidate indices are preference ranks (0 = most wanted), so
 * swapping a late index out for an early one is a gain.
 */
const rankGain = (out1: number, out2: number, in1: number, in2: number) =>
  Math.max(out1, 0) + Math.max(out2, 0) - Math.max(in1, 0) - Math.max(in2, 0);

function offerSinglePoolMoves(state: FitState, choice: MoveChoice): void {
  const { table, used } = state;
  const { durMs } = table;
  const segment = state.segments[choice.segment]!;
  forNearestUnused(table, used, choice.want, (b) =>
    choice.offer(-1, -1, b, -1, false, durMs[b]!, rankGain(-1, -1, b, -1)),
  );
  for (const a of segment.items) {
    const da = durMs[a]!;
    choice.offer(a, -1, -1, -1, false, -da, rankGain(a, -1, -1, -1));
    forNearestUnused(table, used, choice.want + da, (b) =>
      choice.offer(a, -1, b, -1, false, durMs[b]! - da, rankGain(a, -1, b, -1)),
    );
  }
}

/**
 * Two elementary moves at once (2-for-2, 2-for-1, 1-for-2, add two, drop two). Single swaps leave a
 * residue of ~1/(density of swap deltas), tens of ms with a 1,000-track pool and seconds with 30
 * tracks; pairs square the number of reachable deltas. Samples keep it O(1,000 log 1,000): the
 * segment's least-preferred tracks out, the pool's most-preferred tracks in.
 */
function offerPairPoolMoves(state: FitState, choice: MoveChoice): void {
  const { table, used } = state;
  const { durMs } = table;
  const segment = state.segments[choice.segment]!;
  const outs = [...segment.items].sort((a, b) => b - a).slice(0, PAIR_OUT_SAMPLE);
  const ins: number[] = [];
  for (let c = 0; c < used.length && ins.length < PAIR_IN_SAMPLE; c++) if (used[c] === 0) ins.push(c);

  const { eOut, eIn, eDelta, keys, order, sortedDelta } = pairScratch;
  let n = 0;
  for (let o = -1; o < outs.length; o++) {
    for (let i = -1; i < ins.length; i++) {
      if (o === -1 && i === -1) continue;
      const a = o >= 0 ? outs[o]! : -1;
      const b = i >= 0 ? ins[i]! : -1;
      eOut[n] = a;
      eIn[n] = b;
      eDelta[n] = (b >= 0 ? durMs[b]! : 0) - (a >= 0 ? durMs[a]! : 0);
      n++;
    }
  }
  // By delta, then by entry, as one numeric sort without a comparator (no copy of the entries): the
  // keys are exact integers, well below 2^53.
  for (let k = 0; k < n; k++) keys[k] = eDelta[k]! * ENTRY_SPAN + k;
  const sorted = keys.subarray(0, n).sort();
  for (let p = 0; p < n; p++) {
    const delta = Math.floor(sorted[p]! / ENTRY_SPAN);
    order[p] = sorted[p]! - delta * ENTRY_SPAN;
    sortedDelta[p] = delta;
  }

  for (let p = 0; p < n; p++) {
    const e1 = order[p]!;
    const rest = choice.want - eDelta[e1]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedDelta[mid]! < rest) lo = mid + 1;
      else hi = mid;
    }
    for (let q = Math.max(0, lo - PAIR_SCAN_PER_SIDE); q < Math.min(n, lo + PAIR_SCAN_PER_SIDE); q++) {
      const e2 = order[q]!;
      if (e2 <= e1) continue; // each unordered pair once
      const a1 = eOut[e1]!;
      const a2 = eOut[e2]!;
      const b1 = eIn[e1]!;
      const b2 = eIn[e2]!;
      if ((a1 >= 0 && a1 === a2) || (b1 >= 0 && b1 === b2)) continue;
      choice.offer(a1, a2, b1, b2, false, eDelta[e1]! + eDelta[e2]!, rankGain(a1, a2, b1, b2));
    }
  }
}

/** Passing tracks between segment j and j+1 moves boundary j only: the total stays put. */
function offerExchangeMoves(state: FitState, choice: MoveChoice): void {
  const { durMs } = state.table;
  const here = state.segments[choice.segment]!;
  const next = state.segments[choice.segment + 1];
  if (!next) return;
  for (const a of here.items) choice.offer(a, -1, -1, -1, true, -durMs[a]!, 0);
  for (const b of next.items) choice.offer(-1, -1, b, -1, true, durMs[b]!, 0);
  for (const a of here.items) {
    const da = durMs[a]!;
    for (const b of next.items) choice.offer(a, -1, b, -1, true, durMs[b]! - da, 0);
  }
}

function removeItem(items: number[], item: number): void {
  const at = items.indexOf(item);
  if (at >= 0) items.splice(at, 1);
}

function applyMove(state: FitState, move: Move): void {
  const segment = state.segments[move.segment]!;
  const next = move.withNext ? state.segments[move.segment + 1]! : null;
  for (const out of [move.out1, move.out2]) {
    if (out < 0) continue;
    removeItem(segment.items, out);
    if (next) next.items.push(out);
    else state.used[out] = 0;
  }
  for (const added of [move.in1, move.in2]) {
    if (added < 0) continue;
    segment.items.push(added);
    if (next) removeItem(next.items, added);
    else state.used[added] = 1;
  }
  segment.sumMs += move.delta;
  if (next) next.sumMs -= move.delta;
}

/** Pool moves, and pairs only when single moves leave a residue above the floor. */
function bestPoolMove(state: FitState, choice: MoveChoice): void {
  offerSinglePoolMoves(state, choice);
  if (choice.bestDistance > PRECISION_FLOOR_MS) offerPairPoolMoves(state, choice);
}

/**
 * Brings one freshly chosen segment to its own length (fixed-length fitting: the segment does not yet
 * know its neighbours' errors).
 */
export function repairSegmentLength(state: FitState, j: number, lengthMs: number): void {
  const segment = state.segments[j]!;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const error = segment.sumMs - lengthMs;
    if (Math.abs(error) <= PRECISION_FLOOR_MS) return;
    const choice = new MoveChoice(j, -error, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    bestPoolMove(state, choice);
    if (!choice.move || Math.abs(error + choice.move.delta) > Math.abs(error) - MIN_IMPROVEMENT_MS) return;
    applyMove(state, choice.move);
  }
}

/** Range of changes of segment j's length that keep boundaries `from..to` within tolerance (or no worse). */
function allowedChange(state: FitState, errors: number[], from: number, to: number): [number, number] {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (let m = from; m <= to; m++) {
    const e = errors[m]!;
    const bound = Math.max(state.segments[m]!.toleranceMs, Math.abs(e));
    lo = Math.max(lo, -bound - e);
    hi = Math.min(hi, bound - e);
  }
  return [lo, hi];
}

/**
 * Chronological pass: make each boundary as exact as its segment allows, without pushing a later
 * boundary out of tolerance. Exchanges with the next segment are tried too: they move only this one
 * boundary, which is what rescues small pools where every track is already in use.
 */
export function repairBoundaries(state: FitState): void {
  const last = state.segments.length - 1;
  for (let i = 0; i <= last; i++) {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const errors = boundaryErrors(state);
      const error = errors[i]!;
      if (Math.abs(error) <= PRECISION_FLOOR_MS) break;
      const [lo, hi] = allowedChange(state, errors, i + 1, last);
      const choice = new MoveChoice(i, -error, lo, hi);
      bestPoolMove(state, choice);
      if (i < last) {
        const exchange = new MoveChoice(i, -error, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
        offerExchangeMoves(state, exchange);
        if (exchange.move && exchange.bestDistance < choice.bestDistance) choice.move = exchange.move;
      }
      const move = choice.move;
      if (!move || Math.abs(error + move.delta) > Math.abs(error) - MIN_IMPROVEMENT_MS) break;
      applyMove(state, move);
    }
  }
}

/**
 * When the last segment alone cannot close the total (its pool is spent), an earlier segment may
 * change length as long as every boundary in between stays within its tolerance.
 */
export function repairTotal(state: FitState): void {
  const last = state.segments.length - 1;
  for (let j = last - 1; j >= 0; j--) {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const errors = boundaryErrors(state);
      const total = errors[last]!;
      if (Math.abs(total) <= PRECISION_FLOOR_MS) return;
      const [lo, hi] = allowedChange(state, errors, j, last - 1);
      const choice = new MoveChoice(j, -total, lo, hi);
      bestPoolMove(state, choice);
      const move = choice.move;
      if (!move || Math.abs(total + move.delta) > Math.abs(total) - MIN_IMPROVEMENT_MS) break;
      applyMove(state, move);
    }
  }
}
