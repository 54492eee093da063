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
 * Then the scaling table: pools of 100 / 1,000 / 5,000 / 20,000 tracks × trips of 1 h / 5 h / 14 h,
 * fitted from a prepared pool (`preparePool`, once per pool version, as the playlist service does),
 * with the one-off preparation cost and, at 20,000 tracks, the old path (the raw array, prepared on
 * every fit). Last, the event loop while 20 fits of a 20,000-track pool run through the fit worker
 * (`src/playlist/fit-runner.ts`) against the same fits inline. Goal: p99 < 20 ms at 20,000 × 5 h.
 *
 * Last, how people really listen (#18, `listening`): the player's crossfade c ∈ {0, 3, 6, 12} s on
 * log-normal and real-shaped pools (`src/fit/real-pools.ts`: albums, duplicates, long tracks), the
 * error a crossfade-blind fit would have had on the same cases, and the lead-in's departure boundary.
 * `npx tsx bench/fit.ts --listening` runs that section alone.
 *
 * Run alone: `npx tsx bench/fit.ts`. Single process, so one core (the worker section uses a second
 * thread by design); timings use performance.now().
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CatalogTrack, Playlist } from '../src/domain/playlist.js';
import { fitGreedy, fitTrip, preparePool } from '../src/fit/index.js';
import { realPool, songKey } from '../src/fit/real-pools.js';
import { syntheticPool, syntheticTrip } from '../src/fit/synthetic.js';
import type { FitTrip } from '../src/fit/types.js';
import { createFitRunner } from '../src/playlist/fit-runner.js';

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

  lines.push('', ...(await scaling(figures)));
  lines.push('', ...listening(figures));

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

const SCALING_POOLS = [100, 1000, 5000, 20_000] as const;
const SCALING_TRIPS = [
  { label: '1 h, 2 rides', minutes: 60, rides: 2 },
  { label: '5 h, 5 rides', minutes: 300, rides: 5 },
  { label: '14 h, 8 rides', minutes: 840, rides: 8 },
] as const;
const SCALING_RUNS = 200;
const OLD_PATH_RUNS = 60;
const LOOP_FITS = 20;

function timed<T>(run: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

const percentiles = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function scaling(figures: Record<string, number>): Promise<string[]> {
  const lines = [
    `Scaling: fits from a prepared pool, ${SCALING_RUNS} trips per cell (fixed seeds), ms p50 / p99; preparation is once per pool version (median of 5).`,
    '',
    `| pool | prepare ms | ${SCALING_TRIPS.map((t) => `${t.label} p50 / p99`).join(' | ')} |`,
    `|---|---|${SCALING_TRIPS.map(() => '---|').join('')}`,
  ];
  const pools = new Map(SCALING_POOLS.map((size) => [size, syntheticPool(size, 7000 + size)]));
  const trips = SCALING_TRIPS.map((t) =>
    Array.from({ length: SCALING_RUNS }, (_, k) =>
      syntheticTrip({ totalMinutes: t.minutes, rides: t.rides, seed: 50_000 + t.minutes * 1000 + k }),
    ),
  );
  for (const size of SCALING_POOLS) {
    const pool = pools.get(size)!;
    const prepareMs = percentiles(Array.from({ length: 5 }, () => timed(() => preparePool(pool)).ms)).p50;
    const prepared = preparePool(pool);
    for (let k = 0; k < 20; k++) fitTrip(trips[1]![k]!, prepared, { seed: k });
    const cells = trips.map((cell, t) => {
      const { p50, p99 } = percentiles(
        cell.map((trip, k) => timed(() => fitTrip(trip, prepared, { seed: k })).ms),
      );
      figures[`scaling.p99Ms.${size}x${SCALING_TRIPS[t]!.minutes}min`] = p99;
      return `${f(p50, 2)} / ${f(p99, 2)}`;
    });
    figures[`scaling.prepareMs.${size}`] = prepareMs;
    lines.push(`| ${size} | ${f(prepareMs, 1)} | ${cells.join(' | ')} |`);
  }

  const big = pools.get(20_000)!;
  const goalTrips = trips[1]!.slice(0, OLD_PATH_RUNS);
  const old = percentiles(goalTrips.map((trip, k) => timed(() => fitTrip(trip, big, { seed: k })).ms));
  const prepared = preparePool(big);
  const now = percentiles(trips[1]!.map((trip, k) => timed(() => fitTrip(trip, prepared, { seed: k })).ms));
  figures['scaling.oldPath.p50Ms.20000x300min'] = old.p50;
  figures['scaling.oldPath.p99Ms.20000x300min'] = old.p99;
  lines.push(
    '',
    `20,000 tracks × 5 h × 5 rides: the old per-fit path (raw array, prepared on every fit) p50 ${f(old.p50, 1)} / p99 ${f(old.p99, 1)} ms over ${OLD_PATH_RUNS} fits; from the prepared pool p50 ${f(now.p50, 1)} / p99 ${f(now.p99, 1)} ms (goal p99 < 20 ms).`,
    '',
    ...(await loopDelay(big, trips[1]!.slice(0, LOOP_FITS), figures)),
  );
  return lines;
}

/** The event loop while the fits run one after the other, a turn of the loop between them. */
async function loopDelay(
  tracks: CatalogTrack[],
  trips: FitTrip[],
  figures: Record<string, number>,
): Promise<string[]> {
  const pool = { provider: 'local' as const, tracks };
  const lines = [
    `Event loop while ${trips.length} fits of a ${tracks.length}-track pool (5 h, 5 rides) run, one after the other (perf_hooks.monitorEventLoopDelay, 1 ms resolution):`,
    '',
    '| where | loop delay p50 / p99 / max ms | wall ms for all fits |',
    '|---|---|---|',
  ];
  for (const where of ['worker', 'inline'] as const) {
    const fits = createFitRunner({ workerThreshold: where === 'worker' ? 5000 : Number.POSITIVE_INFINITY });
    // Worker start and the pool's one transfer (and, inline, the one preparation) are not measured.
    const warmStarted = performance.now();
    await fits.fit(pool, { kind: 'fit', trip: trips[0]!, options: { seed: 0 } });
    const warmMs = performance.now() - warmStarted;
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const started = performance.now();
    for (let k = 0; k < trips.length; k++) {
      await fits.fit(pool, { kind: 'fit', trip: trips[k]!, options: { seed: k } });
      await nextTurn();
    }
    const wallMs = performance.now() - started;
    histogram.disable();
    await fits.close();
    const ms = (ns: number) => ns / 1e6;
    figures[`loopDelay.${where}.p99Ms`] = ms(histogram.percentile(99));
    figures[`loopDelay.${where}.maxMs`] = ms(histogram.max);
    lines.push(
      `| ${where} (first fit, with ${where === 'worker' ? 'worker start and pool transfer' : 'preparation'}: ${f(warmMs, 0)} ms) | ${f(ms(histogram.percentile(50)), 1)} / ${f(ms(histogram.percentile(99)), 1)} / ${f(ms(histogram.max), 1)} | ${f(wallMs, 0)} |`,
    );
  }
  return lines;
}

const CROSSFADES = [0, 3, 6, 12] as const;
const LISTENING_TRIPS = [60, 180, 288] as const;
const LISTENING_SEEDS = [5, 17, 29] as const;
const LISTENING_TRIPS_PER_CELL = 4;
const LEAD_IN_SECONDS = 600;

interface ListeningSample {
  minutes: number;
  tracks: number;
  ms: number;
  totalError: number;
  transferErrors: number[];
  merged: number;
  /** The same case fitted as if c were 0, heard with c: how much earlier it ends (s, > 0: early). */
  blindEarly: number;
  blindTransferErrors: number[];
  songTwice: boolean;
}

/** Where a crossfade-blind playlist's song changes are heard once the player overlaps songs by c. */
function heardBlind(blind: Playlist, c: number): { early: number; transfers: number[] } {
  const ends: number[] = [];
  let sum = 0;
  blind.tracks.forEach((t, k) => {
    sum += t.durationMs / 1000;
    ends.push(sum - k * c);
  });
  const heardTotal = ends.at(-1) ?? 0;
  const transfers = blind.boundaries.slice(0, -1).map((b) => {
    // The track whose (uncrossfaded) end is the reported song change, heard k·c earlier.
    let sumAt = 0;
    let k = -1;
    for (const t of blind.tracks) {
      if (sumAt + t.durationMs / 1000 > b.actualSeconds + 1e-6) break;
      sumAt += t.durationMs / 1000;
      k++;
    }
    return Math.abs((k < 0 ? 0 : ends[k]!) - b.targetSeconds);
  });
  // Rounded to the ms the fit works in, so a c = 0 row reads 0.0, not −0.0.
  return { early: Math.round((blind.targetSeconds - heardTotal) * 1000) / 1000 || 0, transfers };
}

const hasSongTwice = (playlist: Playlist) => {
  const seen = new Map<string, number[]>();
  for (const t of playlist.tracks) {
    const key = songKey(t);
    const lengths = seen.get(key) ?? [];
    if (lengths.some((d) => Math.abs(d - t.durationMs) <= 2000)) return true;
    seen.set(key, [...lengths, t.durationMs]);
  }
  return false;
};

/** Crossfade × pool shape: the fit's errors as heard, and the blind fit's on the same cases. */
export function listening(figures: Record<string, number>): string[] {
  const kinds = [
    { name: 'log-normal 500', pools: LISTENING_SEEDS.map((seed) => preparePool(syntheticPool(500, seed))) },
    { name: 'real-shaped 400', pools: LISTENING_SEEDS.map((seed) => preparePool(realPool(400, seed))) },
  ];
  const lines = [
    '### Crossfade and real pools (#18)',
    '',
    `Trips of ${LISTENING_TRIPS.join(' / ')} min × 1–5 rides × ${LISTENING_TRIPS_PER_CELL} seeds on 3 pools of each shape: ${LISTENING_TRIPS.length * 5 * LISTENING_TRIPS_PER_CELL * LISTENING_SEEDS.length} fits per row. Errors as heard (|actual − target|, s). "Blind" = the same case fitted as if c were 0, then played with crossfade c.`,
    '',
    '| pool | crossfade | fit ms p50 / p99 | total err p50 / p90 / p99 / max | total ≤ 1 s | transfer err p50 / p99 / max | transfer ≤ 3 s | blind ends early p50 / p99 / max | blind transfer err p50 / max | same song twice |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const blindLongest: string[] = [];
  for (const kind of kinds) {
    for (const c of CROSSFADES) {
      const samples: ListeningSample[] = [];
      let seed = 0;
      for (const pool of kind.pools) {
        for (const minutes of LISTENING_TRIPS) {
          for (let rides = 1; rides <= 5; rides++) {
            for (let k = 0; k < LISTENING_TRIPS_PER_CELL; k++) {
              seed++;
              const trip = syntheticTrip({ totalMinutes: minutes, rides, seed: 7_000 + seed });
              const { ms, value: playlist } = timed(() => fitTrip(trip, pool, { seed, crossfadeSeconds: c }));
              const blind = heardBlind(c === 0 ? playlist : fitTrip(trip, pool, { seed }), c);
              const transfers = playlist.boundaries.slice(0, -1);
              samples.push({
                minutes,
                tracks: playlist.tracks.length,
                ms,
                totalError: Math.abs(playlist.errorSeconds),
                transferErrors: transfers.map((b) => Math.abs(b.errorSeconds)),
                merged: transfers.filter((b) => b.merged).length,
                blindEarly: blind.early,
                blindTransferErrors: blind.transfers,
                songTwice: hasSongTwice(playlist),
              });
            }
          }
        }
      }
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      const times = sorted(samples.map((x) => x.ms));
      const totals = sorted(samples.map((x) => x.totalError));
      const transfers = sorted(samples.flatMap((x) => x.transferErrors));
      const early = sorted(samples.map((x) => x.blindEarly));
      const blindTransfers = sorted(samples.flatMap((x) => x.blindTransferErrors));
      const share = (xs: number[], limit: number) => xs.filter((x) => x <= limit + 1e-9).length / xs.length;
      const merged = samples.reduce((sum, x) => sum + x.merged, 0);
      const twice = samples.filter((x) => x.songTwice).length;
      lines.push(
        `| ${[
          kind.name,
          `${c} s`,
          `${f(quantile(times, 0.5), 2)} / ${f(quantile(times, 0.99), 2)}`,
          `${f(quantile(totals, 0.5))} / ${f(quantile(totals, 0.9))} / ${f(quantile(totals, 0.99))} / ${f(totals.at(-1)!)}`,
          pct(share(totals, 1)),
          `${f(quantile(transfers, 0.5))} / ${f(quantile(transfers, 0.99))} / ${f(transfers.at(-1) ?? Number.NaN)}`,
          `${pct(share(transfers, 3))} (${merged} merged)`,
          `${f(quantile(early, 0.5), 1)} / ${f(quantile(early, 0.99), 1)} / ${f(early.at(-1)!, 1)}`,
          `${f(quantile(blindTransfers, 0.5), 1)} / ${f(blindTransfers.at(-1) ?? Number.NaN, 1)}`,
          `${twice}/${samples.length}`,
        ].join(' | ')} |`,
      );
      const key = `${kind.name.startsWith('real') ? 'real' : 'synthetic'}.c${c}`;
      // The issue's example: a 4 h 48 min trip.
      const longest = samples.filter((x) => x.minutes === 288);
      const longestEarly = sorted(longest.map((x) => x.blindEarly));
      blindLongest.push(
        `${kind.name}, c = ${c} s: blind ends ${f(quantile(longestEarly, 0.5) / 60, 1)} min early (median of ${longest.length}; ${f(quantile(sorted(longest.map((x) => x.tracks)), 0.5), 0)} tracks in the crossfaded fit)`,
      );
      figures[`listening.${key}.totalWithin1sShare`] = share(totals, 1);
      figures[`listening.${key}.transferWithin3sShare`] = share(transfers, 3);
      figures[`listening.${key}.blindEarlyP50`] = quantile(early, 0.5);
      figures[`listening.${key}.sameSongTwice`] = twice;
    }
  }

  lines.push('', `4 h 48 min trips: ${blindLongest.filter((x) => !x.includes('c = 0 s')).join('; ')}.`);

  // The lead-in: 10 minutes on the platform, the departure boundary where the ride's first song starts.
  const departures: number[] = [];
  const leadTotals: number[] = [];
  let leadSeed = 0;
  for (const kind of kinds) {
    for (const pool of kind.pools) {
      for (const c of CROSSFADES) {
        for (let k = 0; k < 10; k++) {
          leadSeed++;
          const trip = syntheticTrip({ totalMinutes: 90, rides: 2, seed: 9_000 + leadSeed });
          const playlist = fitTrip(trip, pool, {
            seed: leadSeed,
            crossfadeSeconds: c,
            leadInSeconds: LEAD_IN_SECONDS,
          });
          departures.push(Math.abs(playlist.boundaries[0]!.errorSeconds));
          leadTotals.push(Math.abs(playlist.errorSeconds));
        }
      }
    }
  }
  departures.sort((a, b) => a - b);
  leadTotals.sort((a, b) => a - b);
  lines.push(
    '',
    `Lead-in of ${LEAD_IN_SECONDS / 60} min (${departures.length} fits: both pool shapes, c ∈ {0, 3, 6, 12}, 90-min trips with 2 rides): departure boundary error p50 / p99 / max ${f(quantile(departures, 0.5))} / ${f(quantile(departures, 0.99))} / ${f(departures.at(-1)!)} s, total error max ${f(leadTotals.at(-1)!)} s.`,
  );
  figures['listening.leadIn.departureErrorMax'] = departures.at(-1)!;
  return lines;
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv.includes('--listening')
) {
  const figures: Record<string, number> = {};
  console.log(listening(figures).join('\n'));
  console.log(`\n${JSON.stringify(figures, null, 2)}`);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { lines, figures } = await benchFit();
  console.log(lines.join('\n'));
  console.log(`\n${JSON.stringify(figures, null, 2)}`);
  console.log(`\n(benchmark took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
