import { describe, expect, it } from 'vitest';
import { demoCatalog } from './demo-catalog.js';

describe('demoCatalog', () => {
  const tracks = demoCatalog();

  it('has a few hundred uniquely identified, clearly labelled demo tracks', () => {
    expect(tracks.length).toBe(320);
    expect(new Set(tracks.map((t) => t.id)).size).toBe(tracks.length);
    expect(tracks.every((t) => t.id.startsWith('demo:'))).toBe(true);
  });

  it('has realistic lengths: interludes under two minutes, songs up to eight, most around three to five', () => {
    const seconds = tracks.map((t) => t.durationMs / 1000).sort((a, b) => a - b);
    expect(seconds[0]).toBeGreaterThanOrEqual(40);
    expect(seconds.at(-1)).toBeLessThanOrEqual(480);
    const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(180);
    expect(median).toBeLessThan(270);
    expect(tracks.every((t) => Number.isInteger(t.durationMs))).toBe(true);
  });

  it('is the same catalog on every call (fixed seed)', () => {
    expect(demoCatalog()).toBe(tracks);
    expect(tracks[0]).toEqual(demoCatalog()[0]);
  });
});
