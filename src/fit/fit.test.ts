import { describe, expect, it } from 'vitest';
import { isAppError } from '../domain/errors.js';
import type { CatalogTrack, Playlist } from '../domain/playlist.js';
import type { Leg } from '../domain/trip.js';
import { fitDuration, fitTrip, MAX_FIT_SECONDS, MAX_POOL_TRACKS, refitTrip } from './index.js';
import { syntheticPool, syntheticTrip } from './synthetic.js';
import type { FitTrip } from './types.js';

const T0 = Date.UTC(2026, 5, 1, 6, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const stop = { name: 'X', uic: null, platform: null };

/** A trip from consecutive legs given as [mode, seconds]. */
function tripOf(...legs: Array<[Leg['mode'], number]>): FitTrip {
  let t = T0;
  const out: Leg[] = legs.map(([mode, seconds]) => {
    const departure = iso(t);
    t += seconds * 1000;
    return {
      mode,
      line: mode === 'walk' ? null : 'S 1',
      trainNumber: null,
      from: stop,
      to: stop,
      departure,
      arrival: iso(t),
    };
  });
  return { departure: iso(T0), arrival: iso(t), legs: out };
}

const song = (id: string, seconds: number, extra: Partial<CatalogTrack> = {}): CatalogTrack => ({
  id,
  title: id,
  artists: [`Artist ${id}`],
  durationMs: Math.round(seconds * 1000),
  ...extra,
});

const codes = (playlist: Playlist) => playlist.notes.map((n) => n.code);
const ids = (playlist: Playlist) => playlist.tracks.map((t) => t.id);

function expectPromisesKept(playlist: Playlist, tolerance = 3): void {
  expect(Math.abs(playlist.errorSeconds)).toBeLessThanOrEqual(1);
  for (const b of playlist.boundaries) expect(Math.abs(b.errorSeconds)).toBeLessThanOrEqual(tolerance);
  expect(new Set(ids(playlist)).size).toBe(playlist.tracks.length);
}

describe('fitTrip: pool sizes', () => {
  it('solves a 3-track pool exactly when two of the tracks make the trip', () => {
    const pool = [song('a', 200), song('b', 190.5), song('c', 301.25)];
    const playlist = fitTrip(tripOf(['rail', 501.25]), pool);
    expect(ids(playlist).sort()).toEqual(['a', 'c']);
    expect(playlist.errorSeconds).toBe(0);
    expect(playlist.notes).toEqual([]);
  });

  it('uses the whole 3-track pool and says the pool is too small for a long trip', () => {
    const pool = [song('a', 200), song('b', 190), song('c', 300)];
    const playlist = fitTrip(tripOf(['rail', 3600]), pool);
    expect(ids(playlist).sort()).toEqual(['a', 'b', 'c']);
    expect(playlist.errorSeconds).toBe(690 - 3600);
    expect(codes(playlist)).toContain('pool_too_small');
  });

  it('returns an empty, honest playlist for an empty pool', () => {
    const trip = tripOf(['rail', 1200], ['walk', 120], ['bus', 600]);
    const playlist = fitTrip(trip, []);
    expect(playlist.tracks).toEqual([]);
    expect(playlist.targetSeconds).toBe(1920);
    expect(playlist.errorSeconds).toBe(-1920);
    expect(playlist.boundaries.map((b) => b.legIndex)).toEqual([0, 2]);
    expect(codes(playlist)).toContain('empty_pool');
  });

  it('fits a 5-hour, 5-ride trip from 5,000 tracks to the millisecond range', () => {
    const pool = syntheticPool(5000, 5);
    const trip = syntheticTrip({ totalMinutes: 300, rides: 5, seed: 5 });
    const playlist = fitTrip(trip, pool, { seed: 1 });
    expectPromisesKept(playlist);
    expect(Math.abs(playlist.errorSeconds)).toBeLessThanOrEqual(0.05);
    expect(playlist.boundaries).toHaveLength(5);
    for (const b of playlist.boundaries) expect(Math.abs(b.errorSeconds)).toBeLessThanOrEqual(0.05);
  });
});

describe('fitTrip: trip lengths', () => {
  it('fits a 3-minute trip', () => {
    const playlist = fitTrip(tripOf(['tram', 180]), syntheticPool(1000, 3), { seed: 3 });
    expectPromisesKept(playlist);
    expect(playlist.tracks.length).toBeGreaterThanOrEqual(1);
  });

  it('fits a 14-hour trip with transfers', () => {
    const trip = tripOf(['rail', 4 * 3600], ['walk', 300], ['rail', 6 * 3600], ['rail', 3.5 * 3600 + 1500]);
    expect(fitTrip(trip, [], {}).targetSeconds).toBe(14 * 3600);
    const playlist = fitTrip(trip, syntheticPool(2000, 14), { seed: 14 });
    expectPromisesKept(playlist);
    expect(playlist.segments.map((s) => s.legIndex)).toEqual([0, 2, 3]);
  });

  it('overshoots by the least when even the shortest song is longer than the trip', () => {
    const playlist = fitTrip(tripOf(['tram', 120]), [song('long', 200), song('longer', 260)]);
    expect(ids(playlist)).toEqual(['long']);
    expect(playlist.errorSeconds).toBe(80);
    expect(codes(playlist)).toContain('too_few_short_tracks');
  });
});

describe('fitTrip: transfers', () => {
  it('ends a song at every transfer and reports each boundary', () => {
    const trip = tripOf(['rail', 1800], ['walk', 240], ['rail', 2400], ['bus', 900]);
    const playlist = fitTrip(trip, syntheticPool(800, 8), { seed: 8 });
    expectPromisesKept(playlist);
    expect(playlist.boundaries.map((b) => [b.legIndex, b.targetSeconds])).toEqual([
      [0, 1800],
      [2, 4440],
      [3, 5340],
    ]);
    for (const t of playlist.tracks) expect([0, 2, 3]).toContain(t.legIndex);
  });

  it('merges a 2-minute connection no song fits into the next segment, and says so', () => {
    const pool = Array.from({ length: 60 }, (_, i) => song(`s${i}`, 150 + 3.7 * i));
    const trip = tripOf(['rail', 1800], ['tram', 120], ['rail', 1800]);
    const playlist = fitTrip(trip, pool, { seed: 2 });
    expect(playlist.segments).toHaveLength(2);
    expect(playlist.segments[1]!.merged).toBe(true);
    const merged = playlist.boundaries.find((b) => b.legIndex === 1)!;
    expect(merged.merged).toBe(true);
    // The nearest song end is reported honestly, and it is the best the songs allow.
    expect(Math.abs(merged.errorSeconds)).toBeGreaterThan(3);
    expect(codes(playlist)).toContain('segment_merged');
    expect(Math.abs(playlist.errorSeconds)).toBeLessThanOrEqual(1);
    expect(Math.abs(playlist.boundaries[0]!.errorSeconds)).toBeLessThanOrEqual(3);
  });

  it('does not merge a short connection a short song fits', () => {
    const pool = [...Array.from({ length: 60 }, (_, i) => song(`s${i}`, 150 + 3.7 * i)), song('short', 119)];
    const playlist = fitTrip(tripOf(['rail', 1800], ['tram', 120], ['rail', 1800]), pool, { seed: 2 });
    expect(playlist.segments).toHaveLength(3);
    expectPromisesKept(playlist);
    expect(playlist.tracks.filter((t) => t.legIndex === 1).map((t) => t.id)).toEqual(['short']);
  });
});

describe('fitTrip: constraints and taste', () => {
  it('plays the arrival song last, ending at the arrival', () => {
    const pool = syntheticPool(500, 21);
    const arrivalTrackId = pool[17]!.id;
    const trip = tripOf(['rail', 2000], ['rail', 1500]);
    const playlist = fitTrip(trip, pool, { seed: 4, arrivalTrackId });
    expect(playlist.tracks.at(-1)!.id).toBe(arrivalTrackId);
    const last = playlist.tracks.at(-1)!;
    expect(Math.abs(last.startSeconds + last.durationMs / 1000 - playlist.targetSeconds)).toBeLessThanOrEqual(
      1,
    );
    expect(ids(playlist).filter((id) => id === arrivalTrackId)).toHaveLength(1);
    expectPromisesKept(playlist);
  });

  it('folds the transfer an arrival song spans, and explains an unavailable arrival song', () => {
    const pool = [...syntheticPool(300, 22), song('epic', 600)];
    const playlist = fitTrip(tripOf(['rail', 1800], ['tram', 240]), pool, { arrivalTrackId: 'epic' });
    expect(playlist.tracks.at(-1)!.id).toBe('epic');
    expect(playlist.boundaries[0]!.merged).toBe(true);
    const missing = fitTrip(tripOf(['rail', 1800]), pool, { arrivalTrackId: 'nope' });
    expect(codes(missing)).toContain('arrival_track_unavailable');
    const tooLong = fitTrip(tripOf(['rail', 300]), pool, { arrivalTrackId: 'epic' });
    expect(codes(tooLong)).toContain('arrival_track_too_long');
    expect(ids(tooLong)).not.toContain('epic');
  });

  it('never plays explicit tracks when they are off, and says when that leaves too little', () => {
    const pool = [
      ...Array.from({ length: 20 }, (_, i) => song(`x${i}`, 200 + i, { explicit: true })),
      song('clean1', 240),
      song('clean2', 180),
    ];
    const playlist = fitTrip(tripOf(['rail', 3600]), pool, { allowExplicit: false });
    expect(ids(playlist).sort()).toEqual(['clean1', 'clean2']);
    expect(codes(playlist)).toEqual(expect.arrayContaining(['pool_too_small', 'explicit_filtered']));
    const allowed = fitTrip(tripOf(['rail', 3600]), pool, { allowExplicit: true });
    expect(allowed.tracks.some((t) => t.explicit)).toBe(true);
  });

  it('keeps each artist within the cap when the pool allows it', () => {
    // One prolific favourite artist and plenty of others.
    const pool = [
      ...Array.from({ length: 40 }, (_, i) =>
        song(`fav${i}`, 180 + i, { artists: ['The Favourite'], score: 1 }),
      ),
      ...Array.from({ length: 200 }, (_, i) =>
        song(`o${i}`, 150 + i, { artists: [`Other ${i % 50}`], score: 0.3 }),
      ),
    ];
    const playlist = fitTrip(tripOf(['rail', 7200]), pool, { seed: 9, maxTracksPerArtistPerHour: 2 });
    expectPromisesKept(playlist);
    const favourite = playlist.tracks.filter((t) => t.artists[0] === 'The Favourite').length;
    // 2 per hour × 2 h = 4 at most; being the favourite, it gets (nearly) all of them.
    expect(favourite).toBeLessThanOrEqual(4);
    expect(favourite).toBeGreaterThanOrEqual(3);
    expect(codes(playlist)).not.toContain('artist_cap_relaxed');
  });

  it('relaxes the artist cap only when one artist is all there is, and says so', () => {
    const pool = Array.from({ length: 30 }, (_, i) => song(`solo${i}`, 170 + 7 * i, { artists: ['Solo'] }));
    const playlist = fitTrip(tripOf(['rail', 3600]), pool, { seed: 1 });
    expectPromisesKept(playlist);
    expect(playlist.tracks.length).toBeGreaterThan(2);
    expect(codes(playlist)).toContain('artist_cap_relaxed');
  });

  it('avoids recent tracks when the pool is large enough, reuses them (with a note) when not', () => {
    const pool = syntheticPool(600, 31);
    const recentTrackIds = pool.slice(0, 300).map((t) => t.id);
    const fresh = fitTrip(tripOf(['rail', 3600]), pool, { seed: 1, recentTrackIds });
    const recent = new Set(recentTrackIds);
    expect(fresh.tracks.filter((t) => recent.has(t.id))).toEqual([]);
    expectPromisesKept(fresh);

    const small = [song('r1', 1000), song('r2', 800), song('n1', 1800)];
    const forced = fitTrip(tripOf(['rail', 3600]), small, { recentTrackIds: new Set(['r1', 'r2']) });
    expect(ids(forced).sort()).toEqual(['n1', 'r1', 'r2']);
    expect(codes(forced)).toContain('recent_tracks_reused');
  });

  it('prefers favourites while still fitting exactly', () => {
    const favourites = syntheticPool(300, 41).map((t) => ({ ...t, id: `f-${t.id}`, score: 1 }));
    const others = syntheticPool(300, 42).map((t) => ({ ...t, id: `o-${t.id}`, score: 0.1 }));
    const playlist = fitTrip(tripOf(['rail', 5400]), [...others, ...favourites], { seed: 6 });
    expectPromisesKept(playlist);
    const share = playlist.tracks.filter((t) => t.id.startsWith('f-')).length / playlist.tracks.length;
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it('varies with the seed and is reproducible with it', () => {
    // Equal scores: only the seed's jitter decides, so two seeds should share few tracks.
    const pool = syntheticPool(1000, 51).map(({ score: _score, ...t }) => t);
    const trip = syntheticTrip({ totalMinutes: 90, rides: 2, seed: 51 });
    const a = fitTrip(trip, pool, { seed: 1 });
    const b = fitTrip(trip, pool, { seed: 2 });
    expect(fitTrip(trip, pool, { seed: 1 })).toEqual(a);
    const overlap = ids(a).filter((id) => ids(b).includes(id)).length;
    expect(overlap).toBeLessThan(a.tracks.length / 2);
    const byDefault = fitTrip(trip, pool);
    expect(fitTrip(trip, pool, { seed: byDefault.seed })).toEqual(byDefault);
  });

  it('avoids the same artist twice in a row when it can', () => {
    const pool = [
      ...Array.from({ length: 10 }, (_, i) => song(`a${i}`, 200 + i, { artists: ['A'] })),
      ...Array.from({ length: 10 }, (_, i) => song(`b${i}`, 210 + i, { artists: ['B'] })),
    ];
    const playlist = fitTrip(tripOf(['rail', 2050]), pool, { maxTracksPerArtistPerHour: 10 });
    expectPromisesKept(playlist);
    const artists = playlist.tracks.map((t) => t.artists[0]);
    const countA = artists.filter((a) => a === 'A').length;
    const repeats = artists.filter((a, i) => i > 0 && a === artists[i - 1]).length;
    expect(repeats).toBe(Math.max(0, Math.abs(2 * countA - artists.length) - 1));
  });

  it('honours a custom transfer tolerance', () => {
    const pool = syntheticPool(400, 61);
    const trip = syntheticTrip({ totalMinutes: 120, rides: 4, seed: 61 });
    const playlist = fitTrip(trip, pool, { seed: 2, boundaryToleranceSeconds: 1 });
    expectPromisesKept(playlist, 1);
  });
});

describe('fitTrip: honest input handling', () => {
  it('ignores unusable durations and duplicate ids, and says so', () => {
    const pool = [
      song('a', 200),
      song('a', 300),
      song('bad', 0),
      { ...song('nan', 1), durationMs: Number.NaN },
      song('b', 100),
    ];
    const playlist = fitTrip(tripOf(['rail', 300]), pool);
    expect(ids(playlist).sort()).toEqual(['a', 'b']);
    expect(codes(playlist)).toEqual(
      expect.arrayContaining(['invalid_tracks_ignored', 'duplicate_tracks_ignored']),
    );
  });

  it('treats the same song under two ids (album cut and single) as one track', () => {
    const pool = [
      song('album', 200, { title: 'Hello', artists: ['Band'] }),
      song('single', 201.2, { title: ' hello ', artists: ['band'] }),
      song('live', 260, { title: 'Hello', artists: ['Band'] }), // a different recording: kept
      song('other', 201.2, { title: 'Other', artists: ['Band'] }),
    ];
    const playlist = fitTrip(tripOf(['rail', 661.2]), pool, { maxTracksPerArtistPerHour: 10 });
    expect(ids(playlist).sort()).toEqual(['album', 'live', 'other']);
    expect(playlist.errorSeconds).toBe(0);
    expect(codes(playlist)).toContain('duplicate_tracks_ignored');
  });

  it('reports segment and track positions consistently', () => {
    const trip = syntheticTrip({ totalMinutes: 200, rides: 3, seed: 71 });
    const playlist = fitTrip(trip, syntheticPool(700, 71), { seed: 71 });
    let start = 0;
    playlist.segments.forEach((segment) => {
      expect(segment.startSeconds).toBeCloseTo(start, 6);
      const tracks = playlist.tracks.filter((t) => t.legIndex === segment.legIndex);
      expect(tracks[0]!.startSeconds).toBeCloseTo(start, 6);
      start += segment.totalSeconds;
    });
  });
});

describe('fitDuration', () => {
  it('fits a plain duration', () => {
    const playlist = fitDuration(2700, syntheticPool(300, 81), { seed: 3 });
    expectPromisesKept(playlist);
    expect(playlist.segments).toHaveLength(1);
    expect(playlist.boundaries).toEqual([
      {
        legIndex: 0,
        targetSeconds: 2700,
        actualSeconds: playlist.totalSeconds,
        errorSeconds: playlist.errorSeconds,
      },
    ]);
  });

  it('returns nothing for a zero, negative or non-finite duration', () => {
    for (const target of [0, -60, Number.NaN]) {
      const playlist = fitDuration(target, syntheticPool(50, 1));
      expect(playlist.tracks).toEqual([]);
      expect(playlist.targetSeconds).toBe(0);
    }
  });
});

describe('fit: what one fit may cost', () => {
  const HOUR = 3600;
  const codeOf = (run: () => unknown): string | null => {
    try {
      run();
      return null;
    } catch (err) {
      return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
    }
  };

  it('refuses a target past 48 hours at once instead of allocating per second of it', () => {
    const pool = syntheticPool(300, 5);
    const decade = tripOf(['rail', 10 * 365 * 24 * HOUR]);
    const started = performance.now();
    expect(codeOf(() => fitTrip(decade, pool))).toBe('trip_too_long');
    expect(codeOf(() => fitTrip(tripOf(['rail', 48 * HOUR + 1]), pool))).toBe('trip_too_long');
    expect(codeOf(() => fitDuration(70 * 365 * 24 * HOUR, pool))).toBe('trip_too_long');
    const previous = fitTrip(tripOf(['rail', 3600]), pool);
    expect(codeOf(() => refitTrip(decade, previous, 60, pool))).toBe('trip_too_long');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(fitDuration(MAX_FIT_SECONDS, pool).targetSeconds).toBe(MAX_FIT_SECONDS);
  });

  it('refuses more than 60 legs before reading them', () => {
    const legs = Array.from({ length: 61 }, (): [Leg['mode'], number] => ['rail', 120]);
    expect(codeOf(() => fitTrip(tripOf(...legs), syntheticPool(100, 6)))).toBe('trip_too_long');
    expect(codeOf(() => fitTrip(tripOf(...legs.slice(1)), syntheticPool(100, 6)))).toBeNull();
  });

  it('reads a pool up to 50,000 tracks and says how many it left out beyond that', () => {
    const pool = syntheticPool(MAX_POOL_TRACKS + 5, 7);
    const playlist = fitTrip(tripOf(['rail', 600]), pool, { seed: 1 });
    expect(playlist.notes).toContainEqual(
      expect.objectContaining({ code: 'pool_truncated', params: { count: MAX_POOL_TRACKS, left: 5 } }),
    );
    const considered = new Set(pool.slice(0, MAX_POOL_TRACKS).map((t) => t.id));
    expect(playlist.tracks.every((t) => considered.has(t.id))).toBe(true);
    expect(codes(fitTrip(tripOf(['rail', 600]), pool.slice(0, MAX_POOL_TRACKS)))).not.toContain(
      'pool_truncated',
    );
  });
});
