import { describe, expect, it } from 'vitest';
import type { CatalogTrack } from '../domain/playlist.js';
import { fitDuration, fitTrip, preparePool, refitTrip } from './index.js';
import { indicesByIntAscending, indicesByKeyDescending } from './index-sort.js';
import { mulberry32, type Random } from './random.js';
import { syntheticMessyPool, syntheticTrip } from './synthetic.js';
import type { FitOptions } from './types.js';

/**
 * Fitting from a prepared pool must give exactly the playlist fitting from the raw array gives, for
 * pools full of the cases preparation handles: duplicate ids, the same recording under other ids,
 * unusable durations, explicit tracks, recent tracks, an arrival song, kept tracks on a re-fit.
 */

const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

function randomOptions(random: Random, pool: readonly CatalogTrack[]): FitOptions {
  const ids = pool.map((t) => t.id);
  const options: FitOptions = { seed: Math.floor(random() * 2 ** 31) };
  if (random() < 0.5) options.allowExplicit = random() < 0.5;
  if (random() < 0.5) options.recentTrackIds = ids.filter(() => random() < 0.2);
  if (random() < 0.3) options.arrivalTrackId = random() < 0.9 ? pick(random, ids) : 'missing';
  if (random() < 0.3) options.maxTracksPerArtistPerHour = pick(random, [0, 1, 3, Number.POSITIVE_INFINITY]);
  if (random() < 0.2) options.boundaryToleranceSeconds = pick(random, [0, 1, 10]);
  return options;
}

describe('preparePool', () => {
  it('fits exactly as the raw array does (fixed seed, a few hundred pools and trips)', () => {
    const random = mulberry32(20_261_202);
    for (let run = 0; run < 200; run++) {
      const pool = syntheticMessyPool(1 + Math.floor(random() * 100), run);
      const prepared = preparePool(pool);
      const trip = syntheticTrip({
        totalMinutes: 5 + Math.floor(random() * 240),
        rides: 1 + Math.floor(random() * 5),
        seed: run,
      });
      const options = randomOptions(random, pool);
      const fitted = fitTrip(trip, pool, options);
      expect(fitTrip(trip, prepared, options)).toEqual(fitted);
      // The same prepared pool serves the next fit unchanged.
      const played = random() * fitted.totalSeconds;
      const refitOptions = randomOptions(random, pool);
      expect(refitTrip(trip, fitted, played, prepared, refitOptions)).toEqual(
        refitTrip(trip, fitted, played, pool, refitOptions),
      );
      const seconds = Math.floor(random() * 7200);
      expect(fitDuration(seconds, prepared, options)).toEqual(fitDuration(seconds, pool, options));
    }
  });

  it('does not depend on the order of the pool', () => {
    const pool = syntheticMessyPool(200, 7).filter((t, i, all) => all.findIndex((u) => u.id === t.id) === i);
    const trip = syntheticTrip({ totalMinutes: 120, rides: 3, seed: 3 });
    expect(fitTrip(trip, preparePool([...pool].reverse()), { seed: 1 })).toEqual(
      fitTrip(trip, preparePool(pool), { seed: 1 }),
    );
  });
});

describe('index sorts', () => {
  it('order like the comparator sorts they replace, ties by index', () => {
    const random = mulberry32(99);
    for (let run = 0; run < 50; run++) {
      const n = Math.floor(random() * 500);
      const keys = Float64Array.from({ length: n }, () =>
        random() < 0.2 ? pick(random, [0, -0, 1, -1.5]) : (random() - 0.3) * 10 ** Math.floor(random() * 8),
      );
      const expected = [...keys.keys()].sort((a, b) => keys[b]! - keys[a]! || a - b);
      expect([...indicesByKeyDescending(keys)]).toEqual(expected);
      const ints = Int32Array.from({ length: n }, () => Math.floor((random() - 0.2) * 2 ** 31));
      for (let i = 0; i < n; i += 7) ints[i] = 5;
      expect([...indicesByIntAscending(ints)]).toEqual(
        [...ints.keys()].sort((a, b) => ints[a]! - ints[b]! || a - b),
      );
    }
  });
});
