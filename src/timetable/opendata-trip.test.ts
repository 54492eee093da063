import { describe, expect, it } from 'vitest';
import { isAppError } from '../domain/errors.js';
import type { OpendataConnection } from './opendata-client.js';
import { connectionToTrip, modeOfOpendataCategory, pickConnection, stripZeros } from './opendata-trip.js';

// Shaped like a real answer (timetable-apis.md §1): colon-less offsets, x = latitude, a walk with
// null duration and null times, zero-padded ids and train numbers, prognosis on the second ride.
const luzern = { id: '008505000', name: 'Luzern', coordinate: { type: 'WGS84', x: 47.050174, y: 8.310185 } };
const olten = { id: '8500218', name: 'Olten', coordinate: { type: 'WGS84', x: 47.351935, y: 7.9077 } };
const aarau = { id: '8502113', name: 'Aarau', coordinate: { type: 'WGS84', x: 47.391361, y: 8.051284 } };
const noPrognosis = { platform: null, arrival: null, departure: null, capacity1st: null, capacity2nd: null };

const realShaped: OpendataConnection = {
  from: {
    station: { id: '8505000', name: 'Luzern', coordinate: luzern.coordinate },
    arrival: null,
    departure: '2025-12-09T17:30:00+0100',
    departureTimestamp: 1765297800,
    delay: 0,
    platform: '4',
    prognosis: { ...noPrognosis, departure: '2025-12-09T17:30:00+0100' },
  },
  to: {
    station: aarau,
    arrival: '2025-12-09T18:29:00+0100',
    arrivalTimestamp: 1765301340,
    delay: null,
    platform: '3',
    prognosis: noPrognosis,
  },
  duration: '00d00:59:00',
  transfers: 1,
  products: ['IR 27', 'IC 5'],
  sections: [
    {
      journey: {
        name: '002480',
        category: 'IR',
        number: '27',
        operator: 'SBB',
        to: 'Basel SBB',
        passList: [],
      },
      walk: null,
      departure: {
        station: luzern,
        departure: '2025-12-09T17:30:00+0100',
        platform: '4',
        delay: 0,
        prognosis: { ...noPrognosis, departure: '2025-12-09T17:30:00+0100' },
      },
      arrival: { station: olten, arrival: '2025-12-09T18:08:00+0100', platform: '7', prognosis: noPrognosis },
    },
    {
      journey: null,
      walk: { duration: null },
      departure: { station: olten, departure: null, platform: '7', prognosis: null },
      arrival: { station: olten, arrival: null, platform: '12', prognosis: null },
    },
    {
      journey: {
        name: '000725',
        category: 'IC',
        number: '5',
        operator: 'SBB',
        to: 'Zürich HB',
        passList: null,
      },
      walk: null,
      departure: {
        station: olten,
        departure: '2025-12-09T18:16:00+0100',
        platform: '12',
        delay: 3,
        prognosis: { ...noPrognosis, departure: '2025-12-09T18:19:00+0100' },
      },
      arrival: {
        station: aarau,
        arrival: '2025-12-09T18:29:00+0100',
        platform: '',
        prognosis: { ...noPrognosis, arrival: '2025-12-09T18:32:00+0100' },
      },
    },
  ],
};

describe('connectionToTrip', () => {
  const trip = connectionToTrip(realShaped, 'sbb-search-link');

  it('maps rides and the walk between them, with Zurich offsets', () => {
    expect(trip).toMatchObject({
      source: 'sbb-search-link',
      exactness: 'replanned',
      origin: 'Luzern',
      destination: 'Aarau',
      departure: '2025-12-09T17:30:00+01:00',
      arrival: '2025-12-09T18:29:00+01:00',
      durationSeconds: 59 * 60,
    });
    expect(trip.legs.map((l) => [l.mode, l.line, l.trainNumber])).toEqual([
      ['rail', 'IR 27', '2480'],
      ['walk', null, null],
      ['rail', 'IC 5', '725'],
    ]);
  });

  it('reads x as latitude, strips zero-padded ids, and keeps platforms', () => {
    const first = trip.legs[0];
    expect(first?.from).toEqual({
      name: 'Luzern',
      uic: '8505000',
      platform: '4',
      lat: 47.050174,
      lon: 8.310185,
    });
    expect(trip.legs[2]?.to.platform).toBeNull();
  });

  it('gives a walk with null times the neighbouring rides’ times', () => {
    const walk = trip.legs[1];
    expect(walk?.departure).toBe('2025-12-09T18:08:00+01:00');
    expect(walk?.arrival).toBe('2025-12-09T18:16:00+01:00');
    expect(walk?.from.platform).toBe('7');
    expect(walk?.to.platform).toBe('12');
  });

  it('takes prognosis as expected times, null where there is none', () => {
    expect(trip.legs[0]?.expectedDeparture).toBe('2025-12-09T17:30:00+01:00');
    expect(trip.legs[0]?.expectedArrival).toBeNull();
    expect(trip.legs[2]?.expectedDeparture).toBe('2025-12-09T18:19:00+01:00');
    expect(trip.legs[2]?.expectedArrival).toBe('2025-12-09T18:32:00+01:00');
  });

  it('falls back to timestamps and refuses a connection without sections', () => {
    const bare: OpendataConnection = {
      sections: [
        {
          journey: { name: 'ICE 000271', category: 'ICE', number: '000271' },
          departure: { station: { id: '8500010', name: 'Basel SBB' }, departureTimestamp: 1765297800 },
          arrival: { station: { id: '8503000', name: 'Zürich HB' }, arrivalTimestamp: 1765301340 },
        },
      ],
    };
    const t = connectionToTrip(bare, 'plain-text');
    expect(t.legs[0]).toMatchObject({
      line: 'ICE 271',
      trainNumber: '271',
      departure: '2025-12-09T17:30:00+01:00',
    });
    expect(t.legs[0]?.from.lat).toBeNull();
    try {
      connectionToTrip({ sections: [] }, 'plain-text');
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err) && err.code).toBe('resolution_failed');
    }
  });

  it('maps categories to modes', () => {
    expect(
      ['IC', 'S', 'RE', 'TGV', 'B', 'NFB', 'T', 'BAT', 'SHIP', 'PB', 'FUN', 'XYZ', ''].map(
        modeOfOpendataCategory,
      ),
    ).toEqual([
      'rail',
      'rail',
      'rail',
      'rail',
      'bus',
      'bus',
      'tram',
      'boat',
      'boat',
      'cableway',
      'cableway',
      'other',
      'other',
    ]);
    expect(stripZeros('008501120')).toBe('8501120');
    expect(stripZeros('0')).toBe('0');
  });
});

describe('pickConnection', () => {
  const at = (dep: string, arr: string): OpendataConnection => ({
    from: { departure: `2026-01-10T${dep}:00+0100` },
    to: { arrival: `2026-01-10T${arr}:00+0100` },
    sections: [],
  });
  const list = [at('09:32', '10:28'), at('10:02', '10:58'), at('10:32', '11:28')];

  it('depart-at: first leaving at or after the time', () => {
    expect(pickConnection(list, { time: '2026-01-10T10:02', timeKind: 'depart-at' })).toBe(list[1]);
    expect(pickConnection(list, { time: '2026-01-10T10:03', timeKind: 'depart-at' })).toBe(list[2]);
    expect(pickConnection(list, { time: '2026-01-10T11:00', timeKind: 'depart-at' })).toBeNull();
  });

  it('arrive-by: latest arriving at or before the time', () => {
    expect(pickConnection(list, { time: '2026-01-10T11:27', timeKind: 'arrive-by' })).toBe(list[1]);
    expect(pickConnection(list, { time: '2026-01-10T11:28', timeKind: 'arrive-by' })).toBe(list[2]);
    expect(pickConnection(list, { time: '2026-01-10T10:00', timeKind: 'arrive-by' })).toBeNull();
  });

  it('leave-now: the first', () => {
    expect(pickConnection(list, { time: null, timeKind: 'leave-now' })).toBe(list[0]);
  });
});

describe('platform changes in opendata answers', () => {
  it('reads prognosis.platform as the expected platform, and adds nothing when it is null', () => {
    const moved = structuredClone(realShaped);
    const first = moved.sections?.[0];
    if (first?.arrival) first.arrival.prognosis = { ...noPrognosis, platform: '9' };
    const legs = connectionToTrip(moved, 'sbb-search-link').legs;
    expect(legs[0]?.to).toMatchObject({ platform: '7', expectedPlatform: '9' });
    expect(legs[0]?.from).not.toHaveProperty('expectedPlatform');
  });
});
