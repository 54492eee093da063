import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed, hashString, mulberry32, normaliseSeed, shuffleInPlace } from './random.js';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = mulberry32(seed);
        const b = mulberry32(seed);
        for (let i = 0; i < 20; i++) {
          const x = a();
          expect(x).toBe(b());
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
        }
      }),
    );
  });

  it('is pinned: a change of generator would silently change every saved playlist', () => {
    const random = mulberry32(42);
    expect([random(), random(), random()].map((x) => x.toFixed(8))).toEqual([
      '0.60110375',
      '0.44829056',
      '0.85246579',
    ]);
  });

  it('spreads values evenly enough to shuffle with', () => {
    const random = mulberry32(7);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(random() * 10)]++;
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe('seeds', () => {
  it('hashes strings stably (FNV-1a)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('2026-06-01T08:00:00+02:00|2026-06-01T09:00:00+02:00')).toBe(
      hashString('2026-06-01T08:00:00+02:00|2026-06-01T09:00:00+02:00'),
    );
  });

  it('derives distinct streams from one seed', () => {
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(2, 1));
    expect(deriveSeed(1, 1)).toBe(deriveSeed(1, 1));
  });

  it('normalises any number to a uint32', () => {
    expect(normaliseSeed(-1)).toBe(4294967295);
    expect(normaliseSeed(3.9)).toBe(3);
    expect(normaliseSeed(Number.NaN)).toBe(0);
    expect(normaliseSeed(2 ** 32 + 5)).toBe(5);
  });
});

describe('shuffleInPlace', () => {
  it('returns a permutation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        const shuffled = shuffleInPlace([...items], mulberry32(seed));
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });
});
