import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlaylistTrack } from '../domain/playlist.js';
import { playlistDescription, playlistName } from './naming.js';
import { playbackPosition } from './position.js';

const track = (id: string, startSeconds: number, durationMs: number): PlaylistTrack => ({
  id,
  title: id,
  artists: ['A'],
  durationMs,
  startSeconds,
  legIndex: 0,
});
const tracks = [track('a', 0, 200_500), track('b', 200.5, 180_000), track('c', 380.5, 240_000)];

describe('playback position', () => {
  it('lands on the track playing at the moment, at the right millisecond', () => {
    expect(playbackPosition(tracks, 0)).toEqual({ state: 'under_way', index: 0, positionMs: 0 });
    expect(playbackPosition(tracks, 200.4)).toEqual({ state: 'under_way', index: 0, positionMs: 200_400 });
    expect(playbackPosition(tracks, 200.5)).toEqual({ state: 'under_way', index: 1, positionMs: 0 });
    expect(playbackPosition(tracks, 500)).toEqual({ state: 'under_way', index: 2, positionMs: 119_500 });
  });

  it('says when the trip has not started or is over', () => {
    expect(playbackPosition(tracks, -90)).toEqual({ state: 'before_departure', startsInSeconds: 90 });
    expect(playbackPosition(tracks, 620.5)).toEqual({ state: 'arrived' });
  });

  it('always points inside the chosen track, whatever the order the tracks are given in', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 620.49, noNaN: true }), fc.boolean(), (elapsed, reversed) => {
        const given = reversed ? [...tracks].reverse() : tracks;
        const at = playbackPosition(given, elapsed);
        if (at.state !== 'under_way') return false;
        const chosen = tracks[at.index]!;
        return at.positionMs >= 0 && at.positionMs <= chosen.durationMs && chosen.startSeconds <= elapsed;
      }),
    );
  });
});

describe('playback position with crossfade and lead-in', () => {
  // A 6 s crossfade: each track starts 6 s before the previous one ends; 120 s on the platform.
  const faded = [track('a', 0, 200_000), track('b', 194, 180_000), track('c', 368, 240_000)];
  const platform = { leadInSeconds: 120 };

  it('plays the lead-in before departure and says how long until it starts', () => {
    expect(playbackPosition(faded, -120, platform)).toEqual({ state: 'under_way', index: 0, positionMs: 0 });
    expect(playbackPosition(faded, -20, platform)).toEqual({
      state: 'under_way',
      index: 0,
      positionMs: 100_000,
    });
    expect(playbackPosition(faded, -130, platform)).toEqual({
      state: 'before_departure',
      startsInSeconds: 10,
    });
  });

  it('hands over to the next track where it starts, inside the overlap', () => {
    // Playlist second 196: track a still fades out until 200, but b started at 194.
    expect(playbackPosition(faded, 76, platform)).toEqual({ state: 'under_way', index: 1, positionMs: 2000 });
    expect(playbackPosition(faded, 193.9 - 120, platform)).toEqual({
      state: 'under_way',
      index: 0,
      positionMs: 193_900,
    });
    // The heard end is the last track's end: 368 + 240 = 608.
    expect(playbackPosition(faded, 607.9 - 120, platform).state).toBe('under_way');
    expect(playbackPosition(faded, 608 - 120, platform)).toEqual({ state: 'arrived' });
  });
});

describe('playlist naming', () => {
  const trip = {
    origin: 'Zürich HB',
    destination: 'Bern',
    departure: '2026-11-30T08:02:00+01:00',
    durationSeconds: 3360,
    legs: [],
  };
  it('names the playlist after the trip in the traveller’s language', () => {
    expect(playlistName(trip, 'de')).toBe('Zürich HB → Bern · Mo 30.11. 08:02');
    expect(playlistName(trip, 'en')).toBe('Zürich HB → Bern · Mon 30.11. 08:02');
    expect(playlistName({ ...trip, departure: '2026-11-29T23:30:00Z' }, 'fr')).toBe(
      'Zürich HB → Bern · lu 30.11. 00:30',
    );
  });
  it('says what the playlist is', () => {
    expect(playlistDescription(trip, 'en')).toContain('56 min');
    expect(playlistDescription({ ...trip, durationSeconds: 17_280 }, 'de')).toContain('4 h 48 min');
  });
});
