/**
 * Fitting benchmark: exact fit (`fitTrip`) against the "add until over" baseline (`fitGreedy`) on the
 * same seeded synthetic pools and trips, in the same run.
 *
 * Pools of 100 / 500 / 1,000 / 5,000 tracks (log-normal around 3.5 min, 5% interludes, see
 * `src/fit/synthetic.ts`) × trips of 20 min / 1 h / 3 h / 8 h with 1–5 rides, plus the goal case
 * (1,000 tracks, 5 h, 5 rides). Errors are |actual − target|; "boundary" means every transfer (getting
 * off a ride before the last one), merged ones included. A case is *feasible* when the pool holds at
 * least as much music as the trip; total-error figures are over feasible cases.
 *
 * Run alone: `npx tsx bench/fit.ts`. Single process, so one core; timings use performance.now().
 */
import { pathToFileURL } from 'node:url';
import type { CatalogTrack, Playlist } from '../src/domain/playlist.js';
import { fitGreedy, fitTrip } from '../src/fit/index.js';
import { syntheticPool, syntheticTrip } from '../src/fit/synthetic.js';
import type { FitTrip } from '../src/fit/types.js';

const POOL_SIZES = [100, 500, 1000, 5000] as const;
const TRIP_MINUTES = [20, 60, 180, 480] as const;
const RIDES = [1, 2, 3, 4, 5] as const;
const POOL_SEEDS = [11, 23, 37] as const;
/** Trips per (pool seed, trip length, rides): 3 × 5 × 10 = 150 fits per table row. */
const TRIPS_PER_CELL = 10;
const GOAL_RUNS = 300;

interface Sample {
  ms: number;
  feasible: boolean;
  totalError: number;
  boundaryErrors: number[];
  merged: number;
}

function measure(
  runFit: (trip: FitTrip, pool: CatalogTrack[], seed: number) => Playlist,
  trip: FitTrip,
  pool: CatalogTrack[],
  seed: number,
  poolMs: number,
): Sample {
  const started = performance.now();
  const playlist = runFit(trip, pool, seed);
  const ms = performance.now() - started;
  const transfers = playlist.boundaries.slice(0, -1);
  return {
    ms,
    feasible: poolMs >= playlist.targetSeconds * 1000,
    totalError: Math.abs(playlist.errorSeconds),
    boundaryErrors: transfers.map((b) => Math.abs(b.errorSeconds)),
    merged: transfers.filter((b) => b.merged).length,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Stats {
  n: number;
  feasible: number;
  p50Ms: number;
  p99Ms: number;
  total: { p50: number; p90: number; p99: number; max: number; within1s: number };
  boundary: { n: number; p50: number; p99: number; max: number; within3s: number; merged: number };
}

function stats(samples: readonly Sample[]): Stats {
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  const feasible = samples.filter((s) => s.feasible);
  const totals = feasible.map((s) => s.totalError).sort((a, b) => a - b);
  const boundaries = feasible.flatMap((s) => s.boundaryErrors).sort((a, b) => a - b);
  const share = (xs: readonly number[], limit: number) =>
    xs.length === 0 ? Number.NaN : xs.filter((x) => x <= limit + 1e-9).length / xs.length;
  return {
    n: samples.length,
    feasible: feasible.length,
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    total: {
      p50: quantile(totals, 0.5),
      p90: quantile(totals, 0.9),
      p99: quantile(totals, 0.99),
      max: totals.at(-1) ?? Number.NaN,
      within1s: share(totals, 1),
    },
    boundary: {
      n: boundaries.length,
      p50: quantile(boundaries, 0.5),
      p99: quantile(boundaries, 0.99),
      max: boundaries.at(-1) ?? Number.NaN,
      within3s: share(boundaries, 3),
      merged: feasible.reduce((sum, s) => sum + s.merged, 0),
    },
  };
}

const exact = (trip: FitTrip, pool: CatalogTrack[], seed: number) => fitTrip(trip, pool, { seed });
const greedy = (trip: FitTrip, pool: CatalogTrack[], seed: number) => fitGreedy(trip, pool, { seed });

const f = (x: number, digits = 3) => (Number.isNaN(x) ? '–' : x.toFixed(digits));
const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);

function row(label: string, a: Stats, b: Stats): string {
  return [
    label,
    `${a.feasible}/${a.n}`,
    `${f(a.p50Ms, 2)} / ${f(a.p99Ms, 2)}`,
    `${f(a.total.p50)} / ${f(a.total.p90)} / ${f(a.total.p99)} / ${f(a.total.max)}`,
    pct(a.total.within1s),
    `${f(a.boundary.p50)} / ${f(a.boundary.p99)} / ${f(a.boundary.max)}`,
    `${pct(a.boundary.within3s)} (${a.boundary.merged} merged)`,
    `${f(b.p50Ms, 2)} / ${f(b.p99Ms, 2)}`,
    `${f(b.total.p50, 1)} / ${f(b.total.p99, 1)}`,
    pct(b.total.within1s),
    `${f(b.boundary.p50, 1)} / ${f(b.boundary.p99, 1)}`,
    pct(b.boundary.within3s),
  ].join(' | ');
}

const HEADER = [
  '| pool × trip | feasible | fit ms p50 / p99 | total err s p50 / p90 / p99 / max | total ≤ 1 s | transfer err s p50 / p99 / max | transfer ≤ 3 s | greedy ms p50 / p99 | greedy total s p50 / p99 | greedy ≤ 1 s | greedy transfer s p50 / p99 | greedy ≤ 3 s |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];

const poolMsOf = (pool: readonly CatalogTrack[]) => pool.reduce((sum, t) => sum + t.durationMs, 0);

export async function benchFit(): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const pools = new Map(
    POOL_SIZES.map((size) => [size, POOL_SEEDS.map((seed) => syntheticPool(size, seed * 1000 + size))]),
  );
  // Warm-up so the first table row does not pay for JIT compilation.
  const warm = syntheticTrip({ totalMinutes: 180, rides: 3, seed: 1 });
  for (let i = 0; i < 30; i++) fitTrip(warm, pools.get(1000)![i % 3]!, { seed: i });

  const lines = [
    `Fitting benchmark (node ${process.version}, one process). Errors in seconds; total-error and transfer figures over feasible cases.`,
    '',
    ...HEADER,
  ];
  const figures: Record<string, number> = {};
  const everyExact: Sample[] = [];
  const everyGreedy: Sample[] = [];
  let tripSeed = 0;
  for (const size of POOL_SIZES) {
    for (const minutes of TRIP_MINUTES) {
      const a: Sample[] = [];
      const b: Sample[] = [];
      for (const pool of pools.get(size)!) {
        const poolMs = poolMsOf(pool);
        for (const rides of RIDES) {
          for (let k = 0; k < TRIPS_PER_CELL; k++) {
            const seed = ++tripSeed;
            const trip = syntheticTrip({ totalMinutes: minutes, rides, seed });
            a.push(measure(exact, trip, pool, seed, poolMs));
            b.push(measure(greedy, trip, pool, seed, poolMs));
          }
        }
      }
      everyExact.push(...a);
      everyGreedy.push(...b);
      const sa = stats(a);
      lines.push(`| ${row(`${size} × ${minutes} min`, sa, stats(b))} |`);
      figures[`fit.p99Ms.${size}x${minutes}min`] = sa.p99Ms;
    }
  }

  const goalPool = pools.get(1000)!;
  const goal: Sample[] = [];
  const goalGreedy: Sample[] = [];
  for (let k = 0; k < GOAL_RUNS; k++) {
    const pool = goalPool[k % goalPool.length]!;
    const trip = syntheticTrip({ totalMinutes: 300, rides: 5, seed: 100_000 + k });
    goal.push(measure(exact, trip, pool, k, poolMsOf(pool)));
    goalGreedy.push(measure(greedy, trip, pool, k, poolMsOf(pool)));
  }
  const sg = stats(goal);
  const all = stats(everyExact);
  const allGreedy = stats(everyGreedy);
  lines.push(`| ${row('**goal: 1000 × 5 h × 5 rides**', sg, stats(goalGreedy))} |`);
  lines.push(`| ${row('**all cases**', all, allGreedy)} |`);
  lines.push('');
  lines.push(
    `Goal case: p99 ${f(sg.p99Ms, 1)} ms (goal < 50 ms). All feasible cases: total ≤ 1 s in ${pct(all.total.within1s)} (goal ≥ 99%), median ${f(all.total.p50)} s (goal < 0.1 s); transfers ≤ 3 s in ${pct(all.boundary.within3s)}.`,
  );

  Object.assign(figures, {
    'goal.p50Ms': sg.p50Ms,
    'goal.p99Ms': sg.p99Ms,
    'goal.totalErrorP99': sg.total.p99,
    'all.fits': all.n,
    'all.feasible': all.feasible,
    'all.totalErrorP50': all.total.p50,
    'all.totalErrorP99': all.total.p99,
    'all.totalWithin1sShare': all.total.within1s,
    'all.transferErrorP50': all.boundary.p50,
    'all.transferErrorP99': all.boundary.p99,
    'all.transferWithin3sShare': all.boundary.within3s,
    'greedy.totalErrorP50': allGreedy.total.p50,
    'greedy.totalWithin1sShare': allGreedy.total.within1s,
    'greedy.transferWithin3sShare': allGreedy.boundary.within3s,
  });
  return { lines, figures };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { lines, figures } = await benchFit();
  console.log(lines.join('\n'));
  console.log(`\n${JSON.stringify(figures, null, 2)}`);
  console.log(`\n(benchmark took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
