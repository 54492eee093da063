/**
 * The fitting engine: pure, deterministic, no I/O, no clock, no Math.random.
 *
 * How a fit works (details in each module):
 * 1. `segments.ts`: boundaries at the end of every ride leg, the last at the arrival.
 * 2. `candidates.ts`: filter (explicit, duplicates), order by score + seeded jitter + artist spread;
 *    admit at most `cap` tracks per artist, recent tracks only in a later relaxation tier.
 * 3. `plan.ts`: fold connections no song can serve into the next segment.
 * 4. `subset-sum.ts` + `repair.ts`: per segment, whole-second subset-sum over the shortest preferred
 *    prefix, then ms-exact swap/pair/exchange moves; `search.ts` retries other segment orders and,
 *    for ≤ 80 candidates, a complete search (`exact-search.ts`).
 * 5. `order.ts` + `assemble.ts` + `notes.ts`: order inside segments, report every error and why.
 *
 * Entry points: `fitTrip`, `fitDuration` (`fit.ts`), `refitTrip` (`refit.ts`), `segmentsForTrip`,
 * `preparePool` (a pool's per-pool work done once, for many fits),
 * and `fitGreedy` (baseline, benchmark only). Invalid ISO instants in a trip throw a RangeError; a
 * trip past 48 h or 60 legs throws `AppError('trip_too_long')`, and a pool is read up to 50,000
 * tracks (`limits.ts`: what one fit may cost).
 */
export { isPreparedPool, type PreparedPool, preparePool } from './candidates.js';
export { fitDuration, fitTrip } from './fit.js';
export { fitGreedy } from './greedy.js';
export { MAX_FIT_LEGS, MAX_FIT_SECONDS, MAX_POOL_TRACKS } from './limits.js';
export { refitTrip } from './refit.js';
export { segmentsForTrip } from './segments.js';
export { syntheticPool, syntheticTrip } from './synthetic.js';
export type { FitOptions, FitTrip, TripSegment } from './types.js';
