import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CatalogTrack, LEAD_IN_LEG_INDEX, type Playlist } from '../domain/playlist.js';
import { playbackPosition } from '../playlist/position.js';
import { fitDuration, fitTrip, preparePool, refitTrip } from './index.js';
import { realPool, songKey } from './real-pools.js';
import { syntheticPool, syntheticTrip } from './synthetic.js';

/** Crossfade, the platform lead-in and real-shaped pools (issue #18). */

const CROSSFADES = [0, 3, 6, 12] as const;

/** What a listener hears, recomputed from the tracks alone: the fit's own figures must agree. */
function expectHeardAsReported(playlist: Playlist, c: number): void {
  let sumMs = 0;
  playlist.tracks.forEach((t, k) => {
    expect(t.startSeconds).toBeCloseTo(sumMs / 1000 - k * c, 6);
    sumMs += t.durationMs;
  });
  const last = playlist.tracks.at(-1);
  const heard = last ? last.startSeconds + last.durationMs / 1000 : 0;
  expect(playlist.totalSeconds).toBeCloseTo(heard, 6);
  expect(playlist.errorSeconds).toBeCloseTo(playlist.totalSeconds - playlist.targetSeconds, 6);
  expect(playlist.crossfadeSeconds ?? 0).toBe(c);
  // Segments are contiguous and close at their song change.
  let segmentStart = 0;
  for (const s of playlist.segments) {
    expect(s.startSeconds).toBeCloseTo(segmentStart, 6);
    expect(s.errorSeconds).toBeCloseTo(s.totalSeconds - s.targetSeconds, 6);
    segmentStart = s.startSeconds + s.totalSeconds;
  }
  expect(segmentStart).toBeCloseTo(playlist.totalSeconds, 6);
  // A transfer's song change is where a track ends; the departure after a lead-in is where one starts.
  const ends = playlist.tracks.map((t) => t.startSeconds + t.durationMs / 1000);
  const starts = playlist.tracks.map((t) => t.startSeconds);
  for (const b of playlist.boundaries) {
    if (b.merged) continue;
    const at = b.legIndex === LEAD_IN_LEG_INDEX ? starts : ends;
    expect(at.some((x) => Math.abs(x - b.actualSeconds) < 1e-6)).toBe(true);
    expect(b.errorSeconds).toBeCloseTo(b.actualSeconds - b.targetSeconds, 6);
  }
}

function expectNoSongTwice(playlist: Playlist): void {
  expect(new Set(playlist.tracks.map((t) => t.id)).size).toBe(playlist.tracks.length);
  const byKey = new Map<string, number[]>();
  for (const t of playlist.tracks) {
    const key = songKey(t);
    const lengths = byKey.get(key) ?? [];
    expect(lengths.some((d) => Math.abs(d - t.durationMs) <= 2000)).toBe(false);
    byKey.set(key, [...lengths, t.durationMs]);
  }
}

const caseArb = fc.record({
  c: fc.constantFrom(...CROSSFADES),
  totalMinutes: fc.integer({ min: 25, max: 300 }),
  rides: fc.integer({ min: 1, max: 4 }),
  tripSeed: fc.integer({ min: 0, max: 10_000 }),
  poolSeed: fc.integer({ min: 0, max: 40 }),
  real: fc.boolean(),
});

const pools = new Map<string, ReturnType<typeof preparePool>>();
function poolFor(real: boolean, seed: number) {
  const key = `${real}:${seed}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = preparePool(real ? realPool(400, seed) : syntheticPool(400, seed));
    pools.set(key, pool);
  }
  return pool;
}

describe('crossfade-aware fitting', () => {
  it('hears the total within 1 s and every transfer within 3 s for c ∈ {0, 3, 6, 12}, real and synthetic pools', () => {
    fc.assert(
      fc.property(caseArb, ({ c, totalMinutes, rides, tripSeed, poolSeed, real }) => {
        const trip = syntheticTrip({ totalMinutes, rides, seed: tripSeed });
        const playlist = fitTrip(trip, poolFor(real, poolSeed), { seed: tripSeed, crossfadeSeconds: c });
        expectHeardAsReported(playlist, c);
        expectNoSongTwice(playlist);
        expect(Math.abs(playlist.errorSeconds)).toBeLessThanOrEqual(1);
        for (const b of playlist.boundaries) {
          if (!b.merged) expect(Math.abs(b.errorSeconds)).toBeLessThanOrEqual(3);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('overlaps songs by c: a 6 s crossfade on a 60-minute fit', () => {
    const playlist = fitDuration(3600, realPool(300, 7), { seed: 1, crossfadeSeconds: 6 });
    const [first, second] = playlist.tracks;
    expect(second!.startSeconds).toBeCloseTo(first!.durationMs / 1000 - 6, 6);
    expect(Math.abs(playlist.errorSeconds)).toBeLessThanOrEqual(1);
    // The raw lengths add up to more than the hour by (n − 1)·6 s: what the overlaps take away.
    const sum = playlist.tracks.reduce((s, t) => s + t.durationMs, 0) / 1000;
    expect(sum - 6 * (playlist.tracks.length - 1)).toBeCloseTo(playlist.totalSeconds, 6);
  });

  it('would end early by (n − 1)·c if the fit ignored the crossfade', () => {
    const trip = syntheticTrip({ totalMinutes: 288, rides: 3, seed: 5 });
    const blind = fitTrip(trip, realPool(500, 3), { seed: 5 });
    const heardBlind =
      blind.tracks.reduce((s, t) => s + t.durationMs, 0) / 1000 - 6 * (blind.tracks.length - 1);
    expect(blind.targetSeconds - heardBlind).toBeGreaterThan(6 * 40);
    const aware = fitTrip(trip, realPool(500, 3), { seed: 5, crossfadeSeconds: 6 });
    expect(Math.abs(aware.errorSeconds)).toBeLessThanOrEqual(1);
  });

  it('leaves out tracks of 2·c or less, and clamps c to 0..12 s', () => {
    const pool: CatalogTrack[] = [
      { id: 'short', title: 'Jingle', artists: ['J'], durationMs: 20_000 },
      ...realPool(200, 2),
    ];
    const faded = fitDuration(1800, pool, { seed: 3, crossfadeSeconds: 12 });
    expect(faded.tracks.some((t) => t.id === 'short')).toBe(false);
    expect(fitDuration(1800, pool, { seed: 3, crossfadeSeconds: 40 }).crossfadeSeconds).toBe(12);
    expect(fitDuration(1800, pool, { seed: 3, crossfadeSeconds: -2 }).crossfadeSeconds).toBeUndefined();
  });

  it('re-fits a crossfaded playlist: started tracks stay where they were, the rest is heard to the new arrival', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CROSSFADES),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 2, max: 15 }),
        (c, seed, delayMinutes) => {
          const trip = syntheticTrip({ totalMinutes: 150, rides: 3, seed });
          const pool = poolFor(true, seed % 10);
          const first = fitTrip(trip, pool, { seed, crossfadeSeconds: c });
          const delayed = {
            ...trip,
            arrival: new Date(Date.parse(trip.arrival) + delayMinutes * 60_000).toISOString(),
            legs: trip.legs.map((leg, i) =>
              i === trip.legs.length - 1
                ? { ...leg, arrival: new Date(Date.parse(leg.arrival) + delayMinutes * 60_000).toISOString() }
                : leg,
            ),
          };
          const played = 50 * 60;
          const again = refitTrip(delayed, first, played, pool, { crossfadeSeconds: c });
          const started = first.tracks.filter((t) => t.startSeconds < played);
          expect(again.tracks.slice(0, started.length).map((t) => [t.id, t.startSeconds])).toEqual(
            started.map((t) => [t.id, t.startSeconds]),
          );
          expectHeardAsReported(again, c);
          expectNoSongTwice(again);
          expect(again.targetSeconds).toBe(first.targetSeconds + delayMinutes * 60);
          expect(Math.abs(again.errorSeconds)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 24 },
    );
  });
});

describe('lead-in on the platform', () => {
  it('starts the playlist before departure with the first song of the ride starting as the train leaves', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CROSSFADES),
        fc.constantFrom(5, 10, 30),
        fc.integer({ min: 0, max: 1000 }),
        (c, leadInMinutes, seed) => {
          const trip = syntheticTrip({ totalMinutes: 90, rides: 2, seed });
          const playlist = fitTrip(trip, poolFor(seed % 2 === 0, seed % 10), {
            seed,
            crossfadeSeconds: c,
            leadInSeconds: leadInMinutes * 60,
          });
          const ride = fitTrip(trip, [], {}).targetSeconds;
          expect(playlist.leadInSeconds).toBe(leadInMinutes * 60);
          expect(playlist.targetSeconds).toBe(ride + leadInMinutes * 60);
          const departure = playlist.boundaries[0]!;
          expect(departure.legIndex).toBe(LEAD_IN_LEG_INDEX);
          expect(departure.targetSeconds).toBe(leadInMinutes * 60);
          expect(departure.merged).toBeUndefined();
          expect(Math.abs(departure.errorSeconds)).toBeLessThanOrEqual(3);
          const firstOfRide = playlist.tracks.findIndex((t) => t.legIndex !== LEAD_IN_LEG_INDEX);
          expect(firstOfRide).toBeGreaterThan(0);
          expect(playlist.tracks[firstOfRide]!.startSeconds).toBeCloseTo(departure.actualSeconds, 6);
          expect(playlist.segments[0]!.legIndex).toBe(LEAD_IN_LEG_INDEX);
          expectHeardAsReported(playlist, c);
          expect(Math.abs(playlist.errorSeconds)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps the lead-in of the playlist being re-fitted, whatever the options say', () => {
    const trip = syntheticTrip({ totalMinutes: 60, rides: 1, seed: 4 });
    const pool = realPool(300, 4);
    const first = fitTrip(trip, pool, { seed: 4, leadInSeconds: 600 });
    const again = refitTrip(trip, first, 900, pool, { leadInSeconds: 0 });
    expect(again.leadInSeconds).toBe(600);
    expect(again.boundaries[0]!.legIndex).toBe(LEAD_IN_LEG_INDEX);
    const noLeadIn = refitTrip(trip, fitTrip(trip, pool, { seed: 4 }), 900, pool, { leadInSeconds: 600 });
    expect(noLeadIn.leadInSeconds).toBeUndefined();
  });

  it('places a press inside the lead-in and, with a crossfade, on the track that has started last', () => {
    const trip = syntheticTrip({ totalMinutes: 60, rides: 1, seed: 9 });
    const playlist = fitTrip(trip, realPool(300, 9), { seed: 9, leadInSeconds: 600, crossfadeSeconds: 6 });
    const playback = { leadInSeconds: 600 };
    // 9 minutes before departure: 60 s into the platform music.
    expect(playbackPosition(playlist.tracks, -540, playback)).toEqual({
      state: 'under_way',
      index: 0,
      positionMs: 60_000,
    });
    expect(playbackPosition(playlist.tracks, -601, playback)).toEqual({
      state: 'before_departure',
      startsInSeconds: 1,
    });
    // One second into the overlap of tracks 0 and 1, track 1 is the one to hear.
    const second = playlist.tracks[1]!;
    const at = playbackPosition(playlist.tracks, second.startSeconds + 1 - 600, playback);
    expect(at).toEqual({ state: 'under_way', index: 1, positionMs: 1000 });
  });
});

describe('real pools', () => {
  it('look like a library: album runs, mostly 3–4 min songs, a few long ones, duplicates, explicit albums', () => {
    const pool = realPool(400, 11);
    expect(pool).toEqual(realPool(400, 11));
    expect(pool.length).toBe(400);
    const minutes = pool.map((t) => t.durationMs / 60_000);
    const threeToFour = minutes.filter((m) => m >= 2.5 && m <= 4.5).length / pool.length;
    expect(threeToFour).toBeGreaterThan(0.5);
    expect(minutes.some((m) => m >= 7)).toBe(true);
    const keys = new Map<string, number>();
    for (const t of pool) keys.set(songKey(t), (keys.get(songKey(t)) ?? 0) + 1);
    expect([...keys.values()].some((n) => n > 1)).toBe(true);
    expect(pool.some((t) => t.explicit === true)).toBe(true);
    // Runs of the same artist in a row: albums.
    let runs = 0;
    for (let i = 1; i < pool.length; i++) if (pool[i]!.artists[0] === pool[i - 1]!.artists[0]) runs++;
    expect(runs / pool.length).toBeGreaterThan(0.6);
  });
});
