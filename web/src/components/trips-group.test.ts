import { describe, expect, it } from 'vitest';
import type { Share, Trip } from '../api.js';
import { changesOf, groupRides, isUnderWay, rideKey, splitRides } from './trips-group.js';

type Leg = Trip['legs'][number];
const stop = (name: string) => ({ name, uic: null, platform: null });
function leg(mode: Leg['mode'], from: string, to: string, departure: string, arrival: string): Leg {
  return {
    mode,
    line: mode === 'walk' ? null : 'IC 1',
    trainNumber: null,
    from: stop(from),
    to: stop(to),
    departure,
    arrival,
  };
}
function trip(id: string, legs: Leg[], shareId: string | null = null): Trip {
  const first = legs[0]!;
  const last = legs[legs.length - 1]!;
  return {
    id,
    shareId,
    source: 'plain-text',
    exactness: 'exact',
    origin: first.from.name,
    destination: last.to.name,
    departure: first.departure,
    arrival: last.arrival,
    durationSeconds: (Date.parse(last.arrival) - Date.parse(first.departure)) / 1000,
    legs,
  };
}
function share(id: string, receivedAt: string): Share {
  return {
    id,
    status: 'parsed',
    receivedAt,
    payload: { title: null, text: 'x', url: null },
    error: null,
    attempts: 1,
    resolution: null,
  };
}

const zurichBern = [leg('rail', 'Zürich HB', 'Bern', '2026-12-01T07:02:00Z', '2026-12-01T07:58:00Z')];

describe('groupRides', () => {
  it('makes one card of a ride shared three ways, the newest share, with its count', () => {
    const a = trip('a', zurichBern, 's1');
    // The same ride spelled with an offset, from a link and from copied text.
    const b = trip(
      'b',
      [leg('rail', 'Zürich HB', 'Bern', '2026-12-01T08:02:00+01:00', '2026-12-01T08:58:00+01:00')],
      's2',
    );
    const c = trip('c', zurichBern, 's3');
    const shares = [
      share('s1', '2026-11-30T10:00:00Z'),
      share('s2', '2026-11-30T12:00:00Z'),
      share('s3', '2026-11-30T11:00:00Z'),
    ];
    expect(groupRides([a, b, c], shares)).toEqual([{ trip: b, count: 3 }]);
    expect(rideKey(a)).toBe(rideKey(b));
  });

  it('keeps rides apart when a departure, a stop or the arrival differs', () => {
    const base = trip('a', zurichBern);
    const later = trip('b', [
      leg('rail', 'Zürich HB', 'Bern', '2026-12-01T07:32:00Z', '2026-12-01T08:28:00Z'),
    ]);
    const elsewhere = trip('c', [
      leg('rail', 'Zürich HB', 'Bern Wankdorf', '2026-12-01T07:02:00Z', '2026-12-01T07:58:00Z'),
    ]);
    const slower = trip('d', [
      leg('rail', 'Zürich HB', 'Bern', '2026-12-01T07:02:00Z', '2026-12-01T08:10:00Z'),
    ]);
    expect(groupRides([base, later, elsewhere, slower]).map((r) => [r.trip.id, r.count])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
      ['d', 1],
    ]);
  });

  it('without share times keeps the first trip of the ride', () => {
    expect(groupRides([trip('a', zurichBern), trip('b', zurichBern)])).toEqual([
      { trip: expect.objectContaining({ id: 'a' }), count: 2 },
    ]);
  });
});

describe('splitRides', () => {
  const rides = groupRides([
    trip('past-early', [leg('rail', 'A', 'B', '2026-11-01T07:00:00Z', '2026-11-01T08:00:00Z')]),
    trip('next', [leg('rail', 'A', 'B', '2026-12-05T07:00:00Z', '2026-12-05T08:00:00Z')]),
    trip('under-way', [leg('rail', 'A', 'B', '2026-12-03T09:00:00Z', '2026-12-03T11:00:00Z')]),
    trip('past-late', [leg('rail', 'A', 'B', '2026-12-02T07:00:00Z', '2026-12-02T08:00:00Z')]),
  ]);
  const now = new Date('2026-12-03T10:00:00Z');

  it('puts rides not yet arrived (under way too) in upcoming, soonest first; past latest first', () => {
    const { upcoming, past } = splitRides(rides, now);
    expect(upcoming.map((r) => r.trip.id)).toEqual(['under-way', 'next']);
    expect(past.map((r) => r.trip.id)).toEqual(['past-late', 'past-early']);
  });

  it('keeps a late train upcoming until its expected arrival', () => {
    const late = trip('late', [
      {
        ...leg('rail', 'A', 'B', '2026-12-03T08:00:00Z', '2026-12-03T09:50:00Z'),
        expectedArrival: '2026-12-03T10:05:00Z',
      },
    ]);
    expect(splitRides(groupRides([late]), now).upcoming).toHaveLength(1);
  });

  it('tells a ride under way', () => {
    expect(isUnderWay(rides.find((r) => r.trip.id === 'under-way')!.trip, now)).toBe(true);
    expect(isUnderWay(rides.find((r) => r.trip.id === 'next')!.trip, now)).toBe(false);
  });
});

describe('changesOf', () => {
  it('counts changes of vehicle, not walks', () => {
    expect(changesOf(trip('a', zurichBern))).toBe(0);
    const withWalk = trip('b', [
      leg('rail', 'Samedan', 'Chur', '2026-12-01T07:00:00Z', '2026-12-01T08:00:00Z'),
      leg('rail', 'Chur', 'Bern', '2026-12-01T08:10:00Z', '2026-12-01T10:00:00Z'),
      leg('walk', 'Bern', 'Bern, Bahnhof', '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z'),
      leg('bus', 'Bern, Bahnhof', 'Bern, Cäcilienstrasse', '2026-12-01T10:08:00Z', '2026-12-01T10:15:00Z'),
    ]);
    expect(changesOf(withWalk)).toBe(2);
  });
});
