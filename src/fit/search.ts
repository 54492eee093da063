import type { CandidateTable } from './candidates.js';
import { exactSearch } from './exact-search.js';
import { absorbedErrors } from './order.js';
import { planSegments, type Region } from './plan.js';
import { mulberry32, shuffleInPlace } from './random.js';
import {
  boundaryErrors,
  type FitState,
  PRECISION_FLOOR_MS,
  repairBoundaries,
  repairSegmentLength,
  repairTotal,
  TOTAL_TOLERANCE_MS,
  type WorkSegment,
} from './repair.js';
import { nearestSubset } from './subset-sum.js';

/**
 * One relaxation tier's fit: segment-by-segment exact subset-sum with ms repair, retried in other
 * segment orders and, for small pools, by a complete search, keeping the best result.
 *
 * Segments are first fitted at their own length in "hardest first" order (shortest first: a short
 * connection needs one or two particular tracks, a long ride can be built from almost anything), then
 * a chronological pass makes every boundary exact and a last pass closes the total.
 */

/** A result this close needs no further attempts (the promise is ±1 s; this is 10× better). */
const GOOD_TOTAL_MS = 100;
const MAX_ATTEMPTS_SMALL_POOL = 8;
const MAX_ATTEMPTS_LARGE_POOL = 3;
const SMALL_POOL = 300;
/** Complete search only where 2^n-ish is still thinkable; the budget bounds it anyway. */
const EXACT_SEARCH_MAX_TRACKS = 80;
const EXACT_SEARCH_NODE_BUDGET = 200_000;

export interface Evaluation {
  /** Σ of |error| beyond each boundary's tolerance (0 = every promise kept). */
  excessMs: number;
  totalAbsMs: number;
  boundarySumAbsMs: number;
}

export const isAcceptable = (e: Evaluation) => e.excessMs === 0;
const isGood = (e: Evaluation) => e.excessMs === 0 && e.totalAbsMs <= GOOD_TOTAL_MS;

/**
 * Folded-in transfers count like the others: a fold is a miss, so a tier that folds less (e.g. one
 * allowed to repeat an artist) wins over one that folds more.
 */
export function evaluate(state: FitState, toleranceMs: number): Evaluation {
  const errors = boundaryErrors(state);
  let excessMs = 0;
  let boundarySumAbsMs = 0;
  const count = (error: number, tolerance: number) => {
    excessMs += Math.max(0, Math.abs(error) - tolerance);
    boundarySumAbsMs += Math.abs(error);
  };
  let startMs = state.startMs;
  errors.forEach((e, i) => {
    const segment = state.segments[i]!;
    if (segment.absorbed.length > 0) {
      const tracks = segment.items.map((c) => state.table.tracks[c]!);
      const folded = absorbedErrors(
        tracks,
        startMs,
        segment.absorbed.map((b) => b.targetMs),
      );
      for (const error of folded) count(error, toleranceMs);
    }
    count(e, segment.toleranceMs);
    startMs += segment.sumMs;
  });
  return { excessMs, totalAbsMs: Math.abs(errors.at(-1) ?? 0), boundarySumAbsMs };
}

/** Strictly better: promises first, then the total, then the boundaries. */
export function isBetter(a: Evaluation, b: Evaluation | null): boolean {
  if (!b) return true;
  if (a.excessMs !== b.excessMs) return a.excessMs < b.excessMs;
  const ta = Math.max(a.totalAbsMs, PRECISION_FLOOR_MS);
  const tb = Math.max(b.totalAbsMs, PRECISION_FLOOR_MS);
  if (ta !== tb) return ta < tb;
  return a.boundarySumAbsMs < b.boundarySumAbsMs - 1;
}

export interface RegionFit {
  state: FitState;
  evaluation: Evaluation;
}

function lengthsOf(plan: readonly WorkSegment[], startMs: number): number[] {
  return plan.map((s, i) => s.endTargetMs - (i === 0 ? startMs : plan[i - 1]!.endTargetMs));
}

function freshState(table: CandidateTable, plan: readonly WorkSegment[], startMs: number): FitState {
  return {
    table,
    used: new Uint8Array(table.tracks.length),
    startMs,
    segments: plan.map((s) => ({ ...s, items: [], sumMs: s.fixedMs, absorbed: [...s.absorbed] })),
  };
}

function polish(state: FitState): void {
  repairBoundaries(state);
  repairTotal(state);
}

function runAttempt(
  table: CandidateTable,
  plan: readonly WorkSegment[],
  region: Region,
  fitOrder: readonly number[],
  scratch: Int32Array,
): FitState {
  const state = freshState(table, plan, region.startMs);
  const lengths = lengthsOf(plan, region.startMs);
  for (const i of fitOrder) {
    const segment = state.segments[i]!;
    const items = nearestSubset(table, state.used, lengths[i]! - segment.fixedMs, scratch, {
      toleranceS: region.toleranceMs / 1000,
    });
    for (const c of items) {
      state.used[c] = 1;
      segment.items.push(c);
      segment.sumMs += table.durMs[c]!;
    }
    repairSegmentLength(state, i, lengths[i]!);
  }
  polish(state);
  return state;
}

/**
 * Complete search: first for a total within `GOOD_TOTAL_MS` (the promise is ±1 s, but a search that
 * stops at the first ±1 s answer leaves half a second on the table), then within the promise.
 */
function exactAttempt(table: CandidateTable, plan: readonly WorkSegment[], region: Region): FitState | null {
  for (const totalToleranceMs of [GOOD_TOTAL_MS, TOTAL_TOLERANCE_MS]) {
    const windows = plan.map((s, i) => {
      const end = s.endTargetMs - region.startMs - s.fixedMs;
      const tolerance = i === plan.length - 1 ? Math.min(totalToleranceMs, s.toleranceMs) : s.toleranceMs;
      return { loMs: end - tolerance, hiMs: end + tolerance };
    });
    const found = exactSearch(table, new Uint8Array(table.tracks.length), windows, EXACT_SEARCH_NODE_BUDGET);
    if (found.segments) return stateFromSearch(table, plan, region, found.segments);
  }
  return null;
}

function stateFromSearch(
  table: CandidateTable,
  plan: readonly WorkSegment[],
  region: Region,
  segments: number[][],
): FitState {
  const state = freshState(table, plan, region.startMs);
  segments.forEach((items, i) => {
    const segment = state.segments[i]!;
    for (const c of items) {
      state.used[c] = 1;
      segment.items.push(c);
      segment.sumMs += table.durMs[c]!;
    }
  });
  polish(state);
  return state;
}

/** Shortest first, chronological, longest first, then seeded shuffles; duplicates dropped. */
function fitOrders(lengths: readonly number[], seed: number, count: number): number[][] {
  const indices = lengths.map((_, i) => i);
  const candidates = [
    [...indices].sort((a, b) => lengths[a]! - lengths[b]! || a - b),
    indices,
    [...indices].sort((a, b) => lengths[b]! - lengths[a]! || a - b),
  ];
  const random = mulberry32(seed);
  for (let k = 0; k < count; k++) candidates.push(shuffleInPlace([...indices], random));
  const seen = new Set<string>();
  return candidates.filter((order) => {
    const key = order.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

class BestFit {
  fit: RegionFit | null = null;

  constructor(private readonly toleranceMs: number) {}

  withEvaluation(state: FitState): RegionFit {
    return { state, evaluation: evaluate(state, this.toleranceMs) };
  }

  consider(state: FitState | null): void {
    if (!state) return;
    const candidate = this.withEvaluation(state);
    if (isBetter(candidate.evaluation, this.fit?.evaluation ?? null)) this.fit = candidate;
  }

  isGood(): boolean {
    return this.fit !== null && isGood(this.fit.evaluation);
  }
}

export function fitRegion(table: CandidateTable, region: Region, seed: number): RegionFit {
  const plan = planSegments(table, region);
  const lengths = lengthsOf(plan, region.startMs);
  const scratch = new Int32Array(Math.round(Math.max(0, ...lengths) / 1000) + table.maxDurS + 2);
  const small = table.tracks.length <= SMALL_POOL;
  const regionMs = (plan.at(-1)?.endTargetMs ?? region.startMs) - region.startMs;
  // Not enough music for the trip: every attempt ends up using (nearly) all of it, so one is enough.
  const canFill = table.totalMs + region.arrivalMs >= regionMs - TOTAL_TOLERANCE_MS;
  const maxAttempts = !canFill ? 1 : small ? MAX_ATTEMPTS_SMALL_POOL : MAX_ATTEMPTS_LARGE_POOL;
  const orders = fitOrders(lengths, seed, maxAttempts).slice(0, maxAttempts);

  const best = new BestFit(region.toleranceMs);
  for (const [attempt, order] of orders.entries()) {
    best.consider(runAttempt(table, plan, region, order, scratch));
    if (best.isGood()) break;
    // After the first miss, a small pool gets the complete search before more heuristic orders.
    if (attempt === 0 && canFill && table.tracks.length <= EXACT_SEARCH_MAX_TRACKS) {
      best.consider(exactAttempt(table, plan, region));
      if (best.isGood()) break;
    }
  }
  return best.fit ?? best.withEvaluation(freshState(table, plan, region.startMs));
}
