import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { fitTrip, refitTrip } from '../fit/index.js';
import { syntheticPool, syntheticTrip } from '../fit/synthetic.js';
import type { MusicPool } from '../music/source.js';
import { createFitRunner, type FitRunner, poolFingerprint } from './fit-runner.js';

const runners: FitRunner[] = [];
const runner = (options: Parameters<typeof createFitRunner>[0] = {}) => {
  const r = createFitRunner(options);
  runners.push(r);
  return r;
};
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()));
});

const tracks = syntheticPool(400, 5);
const pool: MusicPool = { provider: 'local', tracks };
const trip = syntheticTrip({ totalMinutes: 90, rides: 3, seed: 8 });
const options = {
  seed: 42,
  recentTrackIds: new Set(tracks.slice(0, 30).map((t) => t.id)),
  allowExplicit: false,
};

describe('fit runner', () => {
  it('fits in the worker exactly as inline, the pool sent once', async () => {
    const fits = runner({ workerThreshold: 100 });
    const expected = fitTrip(trip, tracks, options);
    expect(await fits.fit(pool, { kind: 'fit', trip, options })).toEqual(expected);
    const refit = { kind: 'refit', trip, previous: expected, playedSeconds: 1000, options } as const;
    expect(await fits.fit(pool, refit)).toEqual(refitTrip(trip, expected, 1000, tracks, options));
    expect(fits.stats).toMatchObject({ worker: 2, inline: 0, fallbacks: 0, prepared: 0 });
  });

  it('fits for the crossfade and the lead-in in the worker exactly as inline', async () => {
    const fits = runner({ workerThreshold: 100 });
    const listening = { ...options, crossfadeSeconds: 6, leadInSeconds: 600 };
    const expected = fitTrip(trip, tracks, listening);
    expect(expected).toMatchObject({ crossfadeSeconds: 6, leadInSeconds: 600 });
    expect(await fits.fit(pool, { kind: 'fit', trip, options: listening })).toEqual(expected);
    const refit = {
      kind: 'refit',
      trip,
      previous: expected,
      playedSeconds: 1500,
      options: listening,
    } as const;
    expect(await fits.fit(pool, refit)).toEqual(refitTrip(trip, expected, 1500, tracks, listening));
    expect(fits.stats).toMatchObject({ worker: 2, inline: 0 });
  });

  it('keeps small pools inline, prepared once per pool version', async () => {
    const fits = runner();
    const expected = fitTrip(trip, tracks, options);
    expect(await fits.fit(pool, { kind: 'fit', trip, options })).toEqual(expected);
    // A source that rebuilds its array with the same content hits the fingerprint cache.
    const rebuilt: MusicPool = { provider: 'local', tracks: tracks.map((t) => ({ ...t })) };
    expect(await fits.fit(rebuilt, { kind: 'fit', trip, options })).toEqual(expected);
    expect(fits.prepared(rebuilt)).toBe(fits.prepared(pool));
    expect(fits.stats).toMatchObject({ inline: 2, worker: 0, prepared: 1 });
    // Any field a fit reads is part of the fingerprint, and so is the provider.
    const changed = tracks.map((t, i) => (i === 7 ? { ...t, explicit: !t.explicit } : t));
    expect(fits.prepared({ provider: 'local', tracks: changed })).not.toBe(fits.prepared(pool));
    expect(poolFingerprint('spotify', tracks)).not.toBe(poolFingerprint('local', tracks));
    expect(poolFingerprint('local', [{ ...tracks[0]!, artists: ['ab', 'c'] }])).not.toBe(
      poolFingerprint('local', [{ ...tracks[0]!, artists: ['a', 'bc'] }]),
    );
  });

  it('falls back inline when the worker dies, logging only the reason', async () => {
    const warnings: unknown[] = [];
    const fits = runner({
      workerThreshold: 100,
      workerEntry: { url: new URL('data:text/javascript,process.exit(7)') },
      log: { warn: (fields, message) => warnings.push({ fields, message }) },
    });
    expect(await fits.fit(pool, { kind: 'fit', trip, options })).toEqual(fitTrip(trip, tracks, options));
    expect(fits.stats).toMatchObject({ fallbacks: 1, inline: 1, worker: 0 });
    expect(warnings).toEqual([
      {
        fields: { reason: 'exited with code 7', crashes: 1, restarts: true },
        message: 'fit worker lost; its fits run inline',
      },
    ]);
  });

  it('rejects a refused trip from the worker with the same AppError', async () => {
    const fits = runner({ workerThreshold: 100 });
    const tooLong = syntheticTrip({ totalMinutes: 49 * 60, rides: 1, seed: 1 });
    const error = await fits.fit(pool, { kind: 'fit', trip: tooLong, options }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('trip_too_long');
  });

  it('fits inline after close', async () => {
    const fits = runner({ workerThreshold: 100 });
    await fits.close();
    expect(await fits.fit(pool, { kind: 'fit', trip, options })).toEqual(fitTrip(trip, tracks, options));
    expect(fits.stats).toMatchObject({ inline: 1, worker: 0 });
  });
});
