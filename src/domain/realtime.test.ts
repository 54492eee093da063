import { describe, expect, it } from 'vitest';
import { arrivalShiftSeconds, brokenTransfers, expectedDepartureOf, tripAsRun } from './realtime.js';
import type { Leg, Trip } from './trip.js';

const ride = (
  line: string,
  from: string,
  to: string,
  dep: string,
  arr: string,
  extra: Partial<Leg> = {},
): Leg => ({
  mode: 'rail',
  line,
  trainNumber: null,
  from: { name: from, uic: null, platform: null },
  to: { name: to, uic: null, platform: null },
  departure: `2026-12-01T${dep}:00+01:00`,
  arrival: `2026-12-01T${arr}:00+01:00`,
  ...extra,
});
const trip = (legs: Leg[]): Trip => ({
  source: 'sbb-search-link',
  exactness: 'replanned',
  origin: legs[0]!.from.name,
  destination: legs.at(-1)!.to.name,
  departure: legs[0]!.departure,
  arrival: legs.at(-1)!.arrival,
  durationSeconds: 0,
  legs,
});

describe('a trip as it will run', () => {
  const planned = trip([
    ride('IC 1', 'Zürich HB', 'Bern', '08:02', '08:58'),
    { ...ride('', 'Bern', 'Bern', '08:58', '09:02'), mode: 'walk', line: null },
    ride('IC 61', 'Bern', 'Interlaken Ost', '09:04', '09:56'),
  ]);

  it('ends at the last expected arrival and keeps the planned departure', () => {
    const late = {
      ...planned,
      legs: planned.legs.map((l, i) =>
        i === 2 ? { ...l, expectedArrival: '2026-12-01T10:03:00+01:00' } : l,
      ),
    };
    const asRun = tripAsRun(late);
    expect(asRun.departure).toBe('2026-12-01T08:02:00+01:00');
    expect(asRun.arrival).toBe('2026-12-01T10:03:00+01:00');
    expect(asRun.durationSeconds).toBe(121 * 60);
    expect(arrivalShiftSeconds(planned, late)).toBe(7 * 60);
    expect(arrivalShiftSeconds(planned, planned)).toBe(0);
  });

  it('finds a connection that breaks, and not one that holds', () => {
    expect(brokenTransfers(planned)).toEqual([]);
    const slightly = {
      ...planned,
      legs: planned.legs.map((l, i) =>
        i === 0 ? { ...l, expectedArrival: '2026-12-01T08:59:00+01:00' } : l,
      ),
    };
    expect(brokenTransfers(slightly)).toEqual([]);
    const missed = {
      ...planned,
      legs: planned.legs.map((l, i) =>
        i === 0 ? { ...l, expectedArrival: '2026-12-01T09:03:00+01:00' } : l,
      ),
    };
    expect(brokenTransfers(missed)).toEqual([2]);
    // The next train waiting for it repairs the connection.
    const held = {
      ...missed,
      legs: missed.legs.map((l, i) =>
        i === 2 ? { ...l, expectedDeparture: '2026-12-01T09:09:00+01:00' } : l,
      ),
    };
    expect(brokenTransfers(held)).toEqual([]);
  });

  it('follows the first ride’s expected departure for the reminder', () => {
    const delayed = {
      ...planned,
      legs: planned.legs.map((l, i) =>
        i === 0 ? { ...l, expectedDeparture: '2026-12-01T08:07:00+01:00' } : l,
      ),
    };
    expect(expectedDepartureOf(delayed)).toEqual(new Date('2026-12-01T07:07:00Z'));
    expect(expectedDepartureOf(planned)).toEqual(new Date('2026-12-01T07:02:00Z'));
  });
});
