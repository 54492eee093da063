import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableOf } from './candidates.js';
import { nearestSubset, windowsReachable } from './subset-sum.js';
import type { PoolTrack } from './types.js';

const track = (durationMs: number, i: number): PoolTrack => ({
  track: { id: `s${i}`, title: '', artists: [], durationMs },
  durationMs,
  score: 0.5,
  artistKeys: [],
  recent: false,
});
const tableFor = (seconds: readonly number[]) => tableOf(seconds.map((s, i) => track(s * 1000, i)));
const scratchFor = (targetS: number, seconds: readonly number[]) =>
  new Int32Array(targetS + Math.max(1, ...seconds) + 2);

/** All subset sums (seconds), for checking the DP on small inputs. */
function allSums(seconds: readonly number[]): Set<number> {
  let sums = new Set([0]);
  for (const s of seconds) sums = new Set([...sums, ...[...sums].map((x) => x + s)]);
  return sums;
}

describe('nearestSubset', () => {
  it('finds an exact combination and uses every track at most once', () => {
    const seconds = [200, 180, 240, 95, 310];
    const chosen = nearestSubset(tableFor(seconds), new Uint8Array(5), 535_000, scratchFor(535, seconds), {
      toleranceS: 3,
    });
    expect(new Set(chosen).size).toBe(chosen.length);
    expect(chosen.reduce((sum, c) => sum + seconds[c]!, 0)).toBe(535);
  });

  it('takes the shortest prefix of the preference order that hits the target', () => {
    // Items 0+1 already make 400 s; the later 400 s track must not be preferred.
    const seconds = [150, 250, 400, 100];
    const chosen = nearestSubset(tableFor(seconds), new Uint8Array(4), 400_000, scratchFor(400, seconds), {
      toleranceS: 3,
    });
    expect(chosen.sort()).toEqual([0, 1]);
  });

  it('skips used tracks', () => {
    const seconds = [100, 200, 300];
    const used = Uint8Array.from([0, 0, 1]);
    const chosen = nearestSubset(tableFor(seconds), used, 300_000, scratchFor(300, seconds), {
      toleranceS: 3,
    });
    expect(chosen.sort()).toEqual([0, 1]);
  });

  it('overshoots with one track when nothing shorter fits (a 3-minute trip, 200-s songs)', () => {
    const seconds = [200, 260];
    const chosen = nearestSubset(tableFor(seconds), new Uint8Array(2), 180_000, scratchFor(180, seconds), {
      toleranceS: 3,
    });
    expect(chosen).toEqual([0]);
  });

  it('returns the reachable sum nearest to the target (checked against brute force)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 3000 }),
        (seconds, targetS) => {
          const chosen = nearestSubset(
            tableFor(seconds),
            new Uint8Array(seconds.length),
            targetS * 1000,
            scratchFor(targetS, seconds),
            { toleranceS: 3 },
          );
          expect(new Set(chosen).size).toBe(chosen.length);
          const got = chosen.reduce((sum, c) => sum + seconds[c]!, 0);
          const limit = targetS + Math.max(...seconds);
          const best = Math.min(
            ...[...allSums(seconds)].filter((s) => s <= limit).map((s) => Math.abs(s - targetS)),
          );
          expect(Math.abs(got - targetS)).toBe(best);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('windowsReachable', () => {
  it('agrees with brute force', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 0, maxLength: 10 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 900 }), fc.integer({ min: 0, max: 10 })), {
          minLength: 1,
          maxLength: 5,
        }),
        (seconds, raw) => {
          const windows = raw.map(([lo, width]) => [lo, lo + width] as [number, number]);
          const sums = [...allSums(seconds)];
          const expected = windows.map(([lo, hi]) => sums.some((s) => s >= lo && s <= hi));
          expect(windowsReachable(tableFor(seconds), windows)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
