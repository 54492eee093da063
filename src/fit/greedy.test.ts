import { describe, expect, it } from 'vitest';
import { fitGreedy } from './greedy.js';
import { tripFrame } from './segments.js';
import { syntheticPool, syntheticTrip } from './synthetic.js';

describe('fitGreedy (benchmark baseline)', () => {
  it('adds tracks until each boundary is reached or passed, no track twice', () => {
    const trip = syntheticTrip({ totalMinutes: 120, rides: 3, seed: 1 });
    const playlist = fitGreedy(trip, syntheticPool(500, 1), { seed: 1 });
    const { boundaries } = tripFrame(trip);
    expect(new Set(playlist.tracks.map((t) => t.id)).size).toBe(playlist.tracks.length);
    let end = 0;
    const ends = playlist.tracks.map((t) => (end += t.durationMs));
    for (const boundary of boundaries) {
      // The first track end at or after the boundary exists, and the one before it is short of it.
      const k = ends.findIndex((e) => e >= boundary.targetMs);
      expect(k).toBeGreaterThanOrEqual(0);
      if (k > 0) expect(ends[k - 1]!).toBeLessThan(boundary.targetMs);
    }
    expect(playlist.errorSeconds).toBeGreaterThanOrEqual(0);
  });
});
