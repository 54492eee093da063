import { describe, expect, it } from 'vitest';
import type { Playlist } from '../domain/playlist.js';
import type { Leg } from '../domain/trip.js';
import { fitTrip, refitTrip } from './index.js';
import { syntheticPool } from './synthetic.js';
import type { FitTrip } from './types.js';

const T0 = Date.UTC(2026, 5, 1, 6, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const stop = { name: 'X', uic: null, platform: null };

/** Rides of the given minutes with 5-minute walks between them, starting at T0. */
function rides(...minutes: number[]): FitTrip {
  let t = T0;
  const legs: Leg[] = [];
  minutes.forEach((m, i) => {
    if (i > 0) {
      legs.push({
        mode: 'walk',
        line: null,
        trainNumber: null,
        from: stop,
        to: stop,
        departure: iso(t),
        arrival: iso(t + 300_000),
      });
      t += 300_000;
    }
    legs.push({
      mode: 'rail',
      line: 'IR',
      trainNumber: null,
      from: stop,
      to: stop,
      departure: iso(t),
      arrival: iso(t + m * 60_000),
    });
    t += m * 60_000;
  });
  return { departure: iso(T0), arrival: iso(t), legs };
}

const startedBefore = (playlist: Playlist, seconds: number) =>
  playlist.tracks.filter((t) => t.startSeconds < seconds);

describe('refitTrip', () => {
  const pool = syntheticPool(800, 91);
  const planned = rides(40, 50);
  const before = fitTrip(planned, pool, { seed: 5 });
  // The second train is 7 minutes late: the last leg ends later.
  const delayed = rides(40, 57);

  it('keeps every started track, including the one playing, and fits the rest to the new times', () => {
    const played = 1500.5;
    const after = refitTrip(delayed, before, played, pool);
    const kept = startedBefore(before, played);
    expect(kept.at(-1)!.startSeconds + kept.at(-1)!.durationMs / 1000).toBeGreaterThan(played);
    expect(after.tracks.slice(0, kept.length)).toEqual(kept);
    expect(after.targetSeconds).toBe((40 + 5 + 57) * 60);
    expect(Math.abs(after.errorSeconds)).toBeLessThanOrEqual(1);
    for (const b of after.boundaries) expect(Math.abs(b.errorSeconds)).toBeLessThanOrEqual(3);
    expect(new Set(after.tracks.map((t) => t.id)).size).toBe(after.tracks.length);
    expect(after.seed).toBe(before.seed);
  });

  it('does not keep a track that starts exactly at the played position', () => {
    const second = before.tracks[1]!;
    const after = refitTrip(delayed, before, second.startSeconds, pool);
    expect(after.tracks[0]).toEqual(before.tracks[0]);
    expect(startedBefore(before, second.startSeconds)).toHaveLength(1);
  });

  it('reports boundaries already passed with the song end that served them', () => {
    const played = 45 * 60; // past the first transfer (40 min)
    const after = refitTrip(delayed, before, played, pool);
    expect(after.boundaries[0]).toEqual(before.boundaries[0]);
    expect(after.segments[0]!.errorSeconds).toBe(before.segments[0]!.errorSeconds);
    expect(Math.abs(after.errorSeconds)).toBeLessThanOrEqual(1);
  });

  it('changes as little as the new times allow', () => {
    const after = refitTrip(rides(40, 52), before, 600, pool);
    const remainingBefore = before.tracks.filter((t) => t.startSeconds >= 600).map((t) => t.id);
    const remainingAfter = new Set(after.tracks.filter((t) => t.startSeconds >= 600).map((t) => t.id));
    const stayed = remainingBefore.filter((id) => remainingAfter.has(id)).length;
    expect(stayed / remainingBefore.length).toBeGreaterThanOrEqual(0.6);
    expect(Math.abs(after.errorSeconds)).toBeLessThanOrEqual(1);
    // The tracks that stay keep (almost) their old order: the listener may have looked at it.
    const oldPosition = new Map(before.tracks.map((t, i) => [t.id, i]));
    const stayedInNewOrder = after.tracks.map((t) => oldPosition.get(t.id)).filter((p) => p !== undefined);
    const inOrder = stayedInNewOrder.filter((p, i) => i === 0 || p > stayedInNewOrder[i - 1]!).length;
    expect(inOrder / stayedInNewOrder.length).toBeGreaterThanOrEqual(0.8);
  });

  it('is a no-op with a note once the trip is over, and says when kept songs overrun', () => {
    const over = refitTrip(planned, before, before.totalSeconds + 5, pool);
    expect(over.tracks).toEqual(before.tracks);
    expect(over.notes.map((n) => n.code)).toContain('already_arrived');
    // A 10-minute song is playing, and the replanned trip now ends after 5 minutes.
    const long = { id: 'long', title: 'Long', artists: ['L'], durationMs: 600_000 };
    const playing = fitTrip(rides(10), [long]);
    expect(playing.tracks.map((t) => t.id)).toEqual(['long']);
    const overrun = refitTrip(rides(5), playing, 100, [long, ...pool]);
    expect(overrun.tracks.map((t) => t.id)).toEqual(['long']);
    expect(overrun.notes.map((n) => n.code)).toContain('kept_tracks_overrun');
    expect(overrun.errorSeconds).toBe(300);
  });

  it('counts kept tracks towards the artist cap and never repeats them', () => {
    const solo = Array.from({ length: 40 }, (_, i) => ({
      id: `solo${i}`,
      title: '',
      artists: ['Solo'],
      durationMs: 170_000 + 4_321 * i,
    }));
    const mixed = [...solo, ...syntheticPool(300, 92)];
    const first = fitTrip(rides(30), mixed, { seed: 1, maxTracksPerArtistPerHour: 2 });
    const again = refitTrip(rides(36), first, 600, mixed, { maxTracksPerArtistPerHour: 2 });
    const counts = new Map<string, number>();
    for (const t of again.tracks) for (const a of t.artists) counts.set(a, (counts.get(a) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2); // 2/h × 36 min → 2
    expect(new Set(again.tracks.map((t) => t.id)).size).toBe(again.tracks.length);
  });
});
