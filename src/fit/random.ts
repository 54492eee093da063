/**
 * Seeded randomness for the fitter. The same seed must give the same playlist on the server, in the
 * CLI and in tests, on Node 20 and 22, so nothing here touches `Math.random` or the clock.
 */

export type Random = () => number;

/**
 * mulberry32: 32-bit state, full period 2^32, passes the usual small-crush checks and is fast in JS
 * because it stays in int32 arithmetic. Plenty for shuffling a few thousand tracks.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: a stable default seed from stable inputs (e.g. the trip's times). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A sub-seed for one stage or attempt, so that adding an attempt never changes the randomness an
 * earlier stage saw (results stay comparable across versions of the search).
 */
export function deriveSeed(seed: number, stream: number): number {
  return hashString(`${seed >>> 0}:${stream}`);
}

/** Normalises any number to the uint32 seed the PRNG uses (negative and fractional seeds included). */
export function normaliseSeed(seed: number): number {
  if (!Number.isFinite(seed)) return 0;
  return Math.trunc(seed) >>> 0;
}

/** Fisher–Yates in place. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
