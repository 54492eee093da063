import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableOf } from './candidates.js';
import { exactSearch } from './exact-search.js';
import type { PoolTrack } from './types.js';

const track = (durationMs: number, i: number): PoolTrack => ({
  track: { id: `e${i}`, title: '', artists: [], durationMs },
  durationMs,
  score: 0.5,
  artistKeys: [],
  recent: false,
});
const tableFor = (ms: readonly number[]) => tableOf(ms.map((d, i) => track(d, i)));

describe('exactSearch', () => {
  it('finds the one split where taking the first fitting subset would block the next segment', () => {
    // Segment 1 = 500 s is 400+100 (found first: longest tracks first) or 300+200; segment 2 = 450 s
    // needs 400+50, so only 300+200 for segment 1 leads to a full assignment.
    const ms = [400_000, 300_000, 200_000, 100_000, 50_000];
    const result = exactSearch(
      tableFor(ms),
      new Uint8Array(ms.length),
      [
        { loMs: 499_000, hiMs: 501_000 },
        { loMs: 949_000, hiMs: 951_000 },
      ],
      10_000,
    );
    expect(result.segments).not.toBeNull();
    const [first, second] = result.segments!;
    expect(first!.map((c) => ms[c]!).sort((a, b) => a - b)).toEqual([200_000, 300_000]);
    expect(second!.map((c) => ms[c]!).sort((a, b) => a - b)).toEqual([50_000, 400_000]);
  });

  it('says so when no assignment exists, and when the budget ran out', () => {
    const impossible = exactSearch(
      tableFor([100_000, 100_000]),
      new Uint8Array(2),
      [{ loMs: 150_000, hiMs: 160_000 }],
      1000,
    );
    expect(impossible).toEqual({ segments: null, exhausted: false });
    const ms = Array.from({ length: 30 }, (_, i) => 100_000 + 7919 * i);
    const starved = exactSearch(
      tableFor(ms),
      new Uint8Array(30),
      [
        { loMs: 1, hiMs: 2 },
        { loMs: 3, hiMs: 4 },
      ],
      5,
    );
    expect(starved.exhausted).toBe(true);
  });

  it('finds a known assignment of small random instances, using each track once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 20_000, max: 400_000 }), { minLength: 2, maxLength: 14 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 14, maxLength: 14 }),
        (ms, bins) => {
          // Bin 0..2 = segment, 3 = unused; windows are the bins' exact cumulative sums ± 1 s.
          const sums = [0, 1, 2].map((b) => ms.reduce((s, d, i) => s + (bins[i] === b ? d : 0), 0));
          let cumulative = 0;
          const windows = sums.map((s) => {
            cumulative += s;
            return { loMs: cumulative - 1000, hiMs: cumulative + 1000 };
          });
          const result = exactSearch(tableFor(ms), new Uint8Array(ms.length), windows, 1_000_000);
          expect(result.segments).not.toBeNull();
          const flat = result.segments!.flat();
          expect(new Set(flat).size).toBe(flat.length);
          let reached = 0;
          result.segments!.forEach((items, k) => {
            reached += items.reduce((s, c) => s + ms[c]!, 0);
            expect(reached).toBeGreaterThanOrEqual(windows[k]!.loMs);
            expect(reached).toBeLessThanOrEqual(windows[k]!.hiMs);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
