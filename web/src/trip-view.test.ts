import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Playlist as FittedPlaylist } from '../../src/domain/playlist.js';
import { formatZurichIso } from '../../src/domain/time.js';
import type { Trip as DomainTrip, Leg } from '../../src/domain/trip.js';
import { fitTrip, syntheticPool, syntheticTrip } from '../../src/fit/index.js';
import { parseShare } from '../../src/links/index.js';
import { FIXTURE_NOW, fixtureById, loadShareFixtures, payloadOf } from '../../test/fixtures.js';
import type { Playlist, Trip } from './api.js';
import {
  axisLayout,
  isLiveSoon,
  LEAD_IN_LEG,
  liveState,
  type TripPicture,
  tripPicture,
} from './trip-view.js';

const POOL = syntheticPool(3000, 7);
const MIN = 60_000;

function tripView(trip: Pick<DomainTrip, 'departure' | 'arrival' | 'legs'> & Partial<DomainTrip>): Trip {
  const legs = trip.legs;
  return {
    id: 'trip-1',
    shareId: null,
    source: 'sbb-trip-link',
    exactness: 'exact',
    origin: legs[0]?.from.name ?? 'A',
    destination: legs.at(-1)?.to.name ?? 'B',
    durationSeconds: (Date.parse(trip.arrival) - Date.parse(trip.departure)) / 1000,
    ...trip,
  };
}

function playlistView(fitted: FittedPlaylist): Playlist {
  return {
    ...fitted,
    id: 'playlist-1',
    tripId: 'trip-1',
    provider: 'demo',
    externalUrl: null,
    sync: { status: 'local', error: null },
  };
}

function fitted(trip: Trip, options: { crossfadeSeconds?: number; leadInSeconds?: number } = {}): Playlist {
  return playlistView(fitTrip(trip, POOL, options));
}

function parsedFixture(id: string): Trip {
  const outcome = parseShare(payloadOf(fixtureById(id)), { now: FIXTURE_NOW });
  if (outcome.status !== 'parsed') throw new Error(`${id} does not parse`);
  return tripView(outcome.trip);
}

/** Every time the track list shows, the segments' axis and each song's place hold together. */
function expectCoherent(picture: TripPicture, playlist: Playlist | null): void {
  for (let i = 1; i < picture.rows.length; i++) {
    expect(picture.rows[i]!.at).toBeGreaterThanOrEqual(picture.rows[i - 1]!.at);
  }
  for (let i = 1; i < picture.segments.length; i++) {
    expect(picture.segments[i]!.at).toBeGreaterThanOrEqual(picture.segments[i - 1]!.until);
  }
  for (const s of picture.segments) {
    expect(s.until).toBeGreaterThanOrEqual(s.at);
    if (s.kind !== 'ride') expect(s.line).toBeNull();
  }
  const listed = picture.segments.flatMap((s) => s.tracks);
  expect(listed.length).toBe(playlist?.tracks.length ?? 0);
  expect(new Set(listed).size).toBe(listed.length);
  expect(picture.rows.filter((r) => r.kind === 'track').length).toBe(listed.length);
  for (const t of picture.tracks) {
    expect(t.shownAt).toBeGreaterThanOrEqual(t.start - 15_000);
    expect(t.end - t.start).toBeCloseTo(t.seconds * 1000, 3);
  }
  // A song the fit closes at a change is listed before that change, the next one after it.
  for (const change of picture.changesAt) {
    const changeRow = picture.rows.findIndex((r) => r.kind === 'change' && r.change === change.index);
    expect(changeRow).toBeGreaterThanOrEqual(0);
    if (change.kind === 'arrive') continue;
    for (const [i, row] of picture.rows.entries()) {
      if (row.kind !== 'track') continue;
      const track = picture.tracks[row.track]!;
      if (track.legIndex === change.legIndex) expect(i).toBeLessThan(changeRow);
    }
  }
}

const LISTENING = [
  {},
  { crossfadeSeconds: 6 },
  { leadInSeconds: 300 },
  { crossfadeSeconds: 8, leadInSeconds: 600 },
  { crossfadeSeconds: 12 },
];

describe('tripPicture', () => {
  it('draws walks as walks, waits as waits and rides with their lines (Samedan → Bern)', () => {
    const trip = parsedFixture('real-sbb-triplink-jitpack');
    const picture = tripPicture(trip, fitted(trip));
    expect(picture.segments.map((s) => `${s.kind}:${s.line ?? s.from.name}`)).toEqual([
      'ride:RE 3',
      'wait:Landquart',
      'ride:IC 3',
      'wait:Zürich HB',
      'ride:IC 1',
      'walk:Bern',
      'wait:Bern, Bahnhof',
      'ride:T 6',
    ]);
    const zurich = picture.segments[3]!;
    // The 26-minute wait in Zürich is its own segment, with the songs that start during it.
    expect(zurich.seconds).toBe(26 * 60);
    expect(zurich.tracks.length).toBeGreaterThan(0);
    expect(picture.segments.filter((s) => s.legIndex !== null).map((s) => s.legIndex)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(picture.changes).toBe(3);
    expect(picture.durationSeconds).toBe(4 * 3600 + 48 * 60);
    expect(picture.changesAt.map((c) => `${c.kind}:${c.stop}`)).toEqual([
      'get-off:Landquart',
      'get-off:Zürich HB',
      'get-off:Bern',
      'arrive:Bern, Cäcilienstrasse',
    ]);
    expectCoherent(picture, fitted(trip));
  });

  it('never labels a walk with a line, even when the source gave it one', () => {
    const trip = parsedFixture('real-sbb-triplink-jitpack');
    const legs = trip.legs.map((l) => (l.mode === 'walk' ? { ...l, line: 'T 6' } : l));
    const picture = tripPicture({ ...trip, legs }, null);
    const walk = picture.segments.find((s) => s.kind === 'walk');
    expect(walk?.line).toBeNull();
    expect(walk?.mode).toBe('walk');
  });

  it('keeps the clock going forwards at a transfer with a crossfade (no "13:56 Get off" then "13:55")', () => {
    const trip = parsedFixture('real-sbb-triplink-jitpack');
    const playlist = fitted(trip, { crossfadeSeconds: 6 });
    const picture = tripPicture(trip, playlist);
    const zurich = picture.changesAt.find((c) => c.stop === 'Zürich HB')!;
    // The next song starts 6 s before the arrival; it is listed after the change, at the change's time.
    const next = picture.tracks.find((t) => t.legIndex === 2)!;
    expect(next.start).toBeLessThan(zurich.at);
    expect(next.shownAt).toBe(zurich.at);
    expect(picture.segments[next.segment]!.kind).toBe('wait');
    const shown = picture.rows.map((r) => Math.floor(r.at / MIN));
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    // On the axis the songs overlap by the crossfade.
    const [a, b] = picture.tracks;
    expect(a!.end - b!.start).toBe(6000);
    expectCoherent(picture, playlist);
  });

  it('puts the lead-in on the platform before departure, with the train leaving as a song change', () => {
    const trip = parsedFixture('c-sbb-triplink-de-zh-be');
    const playlist = fitted(trip, { leadInSeconds: 600 });
    const picture = tripPicture(trip, playlist);
    const [leadIn, ride] = picture.segments;
    expect(leadIn?.kind).toBe('lead-in');
    expect(leadIn?.from.name).toBe('Zürich HB');
    expect(leadIn?.at).toBe(Date.parse(trip.departure) - 600_000);
    expect(leadIn?.until).toBe(Date.parse(trip.departure));
    expect(ride?.kind).toBe('ride');
    expect(picture.zero).toBe(Date.parse(trip.departure) - 600_000);
    const leadInTracks = picture.tracks.filter((t) => t.legIndex === LEAD_IN_LEG);
    expect(leadInTracks.length).toBeGreaterThan(0);
    for (const t of leadInTracks) expect(t.segment).toBe(0);
    expect(picture.changesAt[0]).toMatchObject({ kind: 'departs', stop: 'Zürich HB', segment: 0 });
    expectCoherent(picture, playlist);
  });

  it('runs a late train at its expected times, keeps the planned ones and flags the broken connection', () => {
    const trip = parsedFixture('c-sbb-triplink-en-bern-kleinescheidegg');
    const [first, second] = trip.legs;
    const late = formatZurichIso(Date.parse(first!.arrival) + 10 * MIN);
    const legs = trip.legs.map((l, i) => (i === 0 ? { ...l, expectedArrival: late } : l));
    const delayed = { ...trip, legs, brokenTransfers: [1] };
    const picture = tripPicture(delayed, fitted(delayed));
    const ride = picture.segments.find((s) => s.legIndex === 0)!;
    expect(ride.end.planned).toBe(Date.parse(first!.arrival));
    expect(ride.end.expected).toBe(Date.parse(late));
    expect(ride.end.delayMinutes).toBe(10);
    expect(ride.until).toBe(Date.parse(late));
    expect(picture.delayed).toBe(true);
    const missed = picture.segments.find((s) => s.legIndex === 1)!;
    expect(missed.broken).toBe(true);
    // Planned to leave before the late train arrives: drawn right after it, never before.
    expect(Date.parse(second!.departure)).toBeLessThan(Date.parse(late));
    expect(missed.at).toBe(ride.until);
    expectCoherent(picture, fitted(delayed));
  });

  it('marks a cancelled ride and a moved platform', () => {
    const trip = parsedFixture('c-sbb-triplink-de-zh-be');
    const legs: Leg[] = trip.legs.map((l) => ({
      ...l,
      cancelled: true,
      from: { ...l.from, platform: '31', expectedPlatform: '33' },
    }));
    const picture = tripPicture({ ...trip, legs }, null);
    expect(picture.segments[0]).toMatchObject({ kind: 'ride', cancelled: true });
    expect(picture.segments[0]?.from).toMatchObject({
      platform: '31',
      expectedPlatform: '33',
      platformMoved: true,
    });
  });

  it('draws a trip without a playlist, and a trip without legs', () => {
    const trip = parsedFixture('c-text-de-short');
    const bare = tripPicture(trip, null);
    expect(bare.tracks).toEqual([]);
    expect(bare.segments.length).toBe(1);
    const empty = tripPicture({ ...trip, legs: [] }, null);
    expect(empty.segments).toEqual([]);
    expect(empty.axisEnd).toBeGreaterThan(empty.axisStart);
  });

  it('lays out a 77-track trip fast, every track once', () => {
    // 6 h of rides: long enough for 77 or more songs; the first 77 are a real-shaped 77-track mixtape.
    const long = tripView(syntheticTrip({ totalMinutes: 300, rides: 6, seed: 3 }) as DomainTrip);
    const playlist = fitted(long, { crossfadeSeconds: 4 });
    const tracks = playlist.tracks.slice(0, 77);
    expect(tracks.length).toBe(77);
    const cut = { ...playlist, tracks };
    const began = performance.now();
    for (let i = 0; i < 20; i++) tripPicture(long, cut);
    expect((performance.now() - began) / 20).toBeLessThan(10);
    const picture = tripPicture(long, cut);
    expect(picture.tracks.length).toBe(77);
    expect(picture.segments.flatMap((s) => s.tracks).length).toBe(77);
  });

  it('keeps every shown time monotonic over all trip fixtures and listening settings', () => {
    const trips = loadShareFixtures().flatMap((f) => {
      const outcome = parseShare(payloadOf(f), { now: FIXTURE_NOW });
      return outcome.status === 'parsed' ? [tripView(outcome.trip)] : [];
    });
    expect(trips.length).toBeGreaterThan(10);
    for (const trip of trips) {
      for (const listening of LISTENING) {
        const playlist = fitted(trip, listening);
        expectCoherent(tripPicture(trip, playlist), playlist);
      }
    }
  });

  it('keeps every shown time monotonic on random trips (property, fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 240 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom(...LISTENING),
        fc.integer({ min: -5, max: 15 }),
        (minutes, rides, seed, listening, delay) => {
          const trip = tripView(syntheticTrip({ totalMinutes: minutes, rides, seed }) as DomainTrip);
          // Now and then a ride runs late (or early) into its stop.
          const legs = trip.legs.map((l, i) =>
            i === 0 && delay !== 0
              ? { ...l, expectedArrival: formatZurichIso(Date.parse(l.arrival) + delay * MIN) }
              : l,
          );
          const playlist = fitted(trip, listening);
          expectCoherent(tripPicture({ ...trip, legs }, playlist), playlist);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('liveState', () => {
  const trip = parsedFixture('real-sbb-triplink-jitpack');
  const playlist = fitted(trip);
  const picture = tripPicture(trip, playlist);
  const bern = picture.changesAt.find((c) => c.stop === 'Bern')!;

  it('says the next stop, how far it is and that the song ends as you arrive', () => {
    const now = bern.at - 20_000;
    const live = liveState(picture, now);
    expect(live.phase).toBe('under-way');
    expect(picture.segments[live.segment!]).toMatchObject({ kind: 'ride', line: 'IC 1' });
    expect(live.next).toMatchObject({ kind: 'get-off', stop: 'Bern', songEndsThen: true, songsBefore: 0 });
    expect(live.next?.inSeconds).toBe(20);
    const track = picture.tracks[live.track!]!;
    expect(track.start).toBeLessThanOrEqual(now);
    expect(live.trackOffsetSeconds).toBe((now - track.start) / 1000);
  });

  it('12 minutes before Zürich HB: counts the songs still to come', () => {
    const zurich = picture.changesAt.find((c) => c.stop === 'Zürich HB')!;
    const live = liveState(picture, zurich.at - 12 * MIN);
    expect(live.next).toMatchObject({ kind: 'get-off', stop: 'Zürich HB', inSeconds: 720 });
    const inside = picture.tracks.filter(
      (t) => t.start > zurich.at - 12 * MIN && t.start < zurich.at - 30_000,
    );
    expect(live.next?.songsBefore).toBe(inside.length);
  });

  it('during the wait in Zürich: the next train, when it leaves and from where', () => {
    const wait = picture.segments[3]!;
    const live = liveState(picture, wait.at + 5 * MIN);
    expect(live.segment).toBe(3);
    expect(live.next).toMatchObject({ kind: 'departs', stop: 'Zürich HB', line: 'IC 1', inSeconds: 21 * 60 });
  });

  it('on the last ride: the arrival; after it: arrived; before: the departure', () => {
    const last = picture.segments.at(-1)!;
    expect(liveState(picture, last.at + MIN).next).toMatchObject({
      kind: 'arrive',
      stop: 'Bern, Cäcilienstrasse',
    });
    expect(liveState(picture, last.until + 1).phase).toBe('arrived');
    const before = liveState(picture, picture.zero - 10 * MIN);
    expect(before.phase).toBe('before');
    expect(before.startsInSeconds).toBe(600);
    expect(before.next).toMatchObject({ kind: 'departs', line: 'RE 3', stop: 'Samedan', inSeconds: 600 });
  });

  it('plays the song that started last during a crossfade', () => {
    const faded = tripPicture(trip, fitted(trip, { crossfadeSeconds: 6 }));
    const second = faded.tracks[1]!;
    expect(liveState(faded, second.start + 2000).track).toBe(1);
  });

  it('is "soon" from an hour before the music until ten minutes after arrival', () => {
    expect(isLiveSoon(picture, picture.axisStart - 59 * MIN)).toBe(true);
    expect(isLiveSoon(picture, picture.axisStart - 61 * MIN)).toBe(false);
    expect(isLiveSoon(picture, picture.axisEnd + 11 * MIN)).toBe(false);
  });
});

describe('axisLayout', () => {
  const trip = parsedFixture('real-sbb-triplink-jitpack');
  const picture = tripPicture(trip, fitted(trip));

  it('fills a wide screen and scrolls on a phone rather than squeezing songs', () => {
    const wide = axisLayout(picture, 1600);
    expect(wide.width).toBe(1600);
    expect(wide.x(picture.axisStart)).toBe(12);
    expect(wide.x(picture.axisEnd)).toBe(1588);
    const phone = axisLayout(picture, 320);
    expect(phone.width).toBeGreaterThan(320);
    // Ticks are whole quarter hours, at least 56 px apart.
    const [a, b] = phone.ticks;
    expect((b! - a!) % (15 * MIN)).toBe(0);
    expect(phone.x(b!) - phone.x(a!)).toBeGreaterThanOrEqual(56);
  });
});
