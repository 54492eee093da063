/**
 * Index sorts for the per-fit orderings of a whole pool (preference, duration). A comparator sort of
 * 20,000 indices costs milliseconds per call and a fit makes several; a stable LSD radix sort over
 * the keys' bits is linear and, being stable over indices in increasing order, breaks ties by the
 * smaller index exactly like the comparators it replaces (`keys[b] - keys[a] || a - b`).
 */

const DIGIT_BITS = 8;
const BUCKETS = 1 << DIGIT_BITS;

/** Stable LSD radix sort of the indices 0..n−1 by unsigned 32-bit words, least significant first. */
function radixOrder(n: number, words: readonly Uint32Array[]): Int32Array {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(BUCKETS);
  for (const word of words) {
    for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(word[i]! >>> shift) & (BUCKETS - 1)]!++;
      // A digit every key shares moves nothing: skip the pass (common for the high bits).
      if (counts[(word[0]! >>> shift) & (BUCKETS - 1)] === n) continue;
      let sum = 0;
      for (let b = 0; b < BUCKETS; b++) {
        const c = counts[b]!;
        counts[b] = sum;
        sum += c;
      }
      for (let p = 0; p < n; p++) {
        const i = order[p]!;
        next[counts[(word[i]! >>> shift) & (BUCKETS - 1)]!++] = i;
      }
      [order, next] = [next, order];
    }
  }
  return order;
}

/**
 * Indices of `keys` by decreasing key, equal keys by increasing index. Keys must not be NaN; −0
 * counts as 0, as it does for a subtraction comparator.
 */
export function indicesByKeyDescending(keys: Float64Array): Int32Array {
  const n = keys.length;
  const bits = new Float64Array(1);
  const halves = new Uint32Array(bits.buffer);
  // Little- or big-endian, the high half holds the sign and exponent.
  const hiAt = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    bits[0] = k === 0 ? 0 : k;
    let h = halves[hiAt]!;
    let l = halves[1 - hiAt]!;
    // IEEE 754 → unsigned order: negatives flip every bit, positives only the sign bit...
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    // ...and complementing turns ascending into descending.
    hi[i] = ~h >>> 0;
    lo[i] = ~l >>> 0;
  }
  return radixOrder(n, [lo, hi]);
}

/** Indices of `keys` by increasing key, equal keys by increasing index. */
export function indicesByIntAscending(keys: Int32Array): Int32Array {
  const n = keys.length;
  const word = new Uint32Array(n);
  // Flipping the sign bit orders signed integers as unsigned ones.
  for (let i = 0; i < n; i++) word[i] = (keys[i]! ^ 0x80000000) >>> 0;
  return radixOrder(n, [word]);
}
