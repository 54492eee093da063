import { describe, expect, it } from 'vitest';
import { googleDurationSeconds, pickRouteTrip, routeToTrip } from './google-routes-trip.js';

// The shape of `RouteLegStepTransitDetails` in the reference (timetable-apis.md §4): UTC stop times,
// `nameShort` "IC1", `tripShortText` "709", walks as separate WALK steps with "300s" durations.
const transit = (
  dep: string,
  arr: string,
  from: string,
  to: string,
  nameShort = 'IC1',
  trip = '709',
  type = 'HEAVY_RAIL',
) => ({
  travelMode: 'TRANSIT',
  staticDuration: `${(Date.parse(arr) - Date.parse(dep)) / 1000}s`,
  transitDetails: {
    stopDetails: {
      departureStop: { name: from, location: { latLng: { latitude: 47.37, longitude: 8.54 } } },
      departureTime: dep,
      arrivalStop: { name: to, location: { latLng: { latitude: 46.2, longitude: 6.14 } } },
      arrivalTime: arr,
    },
    localizedValues: { departureTime: { time: { text: '08:02' }, timeZone: 'Europe/Zurich' } },
    headsign: 'Genève-Aéroport',
    headway: '1800s',
    transitLine: {
      agencies: [{ name: 'SBB' }],
      name: 'InterCity',
      nameShort,
      color: '#eb0000',
      vehicle: { name: { text: 'Zug' }, type },
    },
    stopCount: 0,
    tripShortText: trip,
  },
});
const walk = (s: number) => ({ travelMode: 'WALK', staticDuration: `${s}s` });

describe('Google Routes TRANSIT routes → trips', () => {
  it('reads a route: UTC → Europe/Zurich, IC1 → IC 1, walk steps merged and timed from the rides', () => {
    const trip = routeToTrip(
      {
        duration: '7000s',
        legs: [
          {
            steps: [
              walk(180),
              walk(120),
              transit('2026-11-30T07:02:00Z', '2026-11-30T07:58:00Z', 'Zürich HB', 'Bern'),
              walk(240),
              transit(
                '2026-11-30T08:04:00Z',
                '2026-11-30T08:56:00Z',
                'Bern',
                'Interlaken Ost',
                'IC61',
                '1012',
              ),
            ],
          },
        ],
      },
      'google-maps',
    );
    expect(trip).toMatchObject({
      source: 'google-maps',
      exactness: 'replanned',
      origin: 'Zürich HB',
      destination: 'Interlaken Ost',
      departure: '2026-11-30T07:57:00+01:00',
      arrival: '2026-11-30T09:56:00+01:00',
    });
    expect(trip.legs.map((l) => [l.mode, l.line, l.trainNumber])).toEqual([
      ['walk', null, null],
      ['rail', 'IC 1', '709'],
      ['walk', null, null],
      ['rail', 'IC 61', '1012'],
    ]);
    expect(trip.legs[0]).toMatchObject({ arrival: '2026-11-30T08:02:00+01:00', to: { name: 'Zürich HB' } });
    expect(trip.legs[2]).toMatchObject({
      departure: '2026-11-30T08:58:00+01:00',
      arrival: '2026-11-30T09:02:00+01:00',
    });
    expect(trip.legs[1]?.from).toMatchObject({ uic: null, platform: null, lat: 47.37, lon: 8.54 });
  });

  it('maps vehicle types and keeps a non-numeric trip text out of the train number', () => {
    const trip = routeToTrip(
      {
        legs: [
          { steps: [transit('2026-11-30T07:02:00Z', '2026-11-30T07:20:00Z', 'A', 'B', '7', 'Bus 7', 'BUS')] },
        ],
      },
      'apple-maps',
    );
    expect(trip.legs[0]).toMatchObject({ mode: 'bus', line: '7', trainNumber: null });
  });

  it('refuses a route without transit and a transit step without times', () => {
    expect(() => routeToTrip({ legs: [{ steps: [walk(600)] }] }, 'google-maps')).toThrow(
      expect.objectContaining({ code: 'not_transit' }),
    );
    const broken = transit('2026-11-30T07:02:00Z', '2026-11-30T07:20:00Z', 'A', 'B');
    broken.transitDetails.stopDetails.arrivalTime = '';
    expect(() => routeToTrip({ legs: [{ steps: [broken] }] }, 'google-maps')).toThrow(
      expect.objectContaining({ code: 'resolution_failed' }),
    );
  });

  it('picks by intent: depart at, arrive by, and no route as no_connection', () => {
    const at = (dep: string, arr: string) => ({ legs: [{ steps: [transit(dep, arr, 'A', 'B')] }] });
    const routes = [
      at('2026-11-30T06:02:00Z', '2026-11-30T06:58:00Z'),
      at('2026-11-30T07:02:00Z', '2026-11-30T07:58:00Z'),
    ];
    expect(
      pickRouteTrip(routes, { time: '2026-11-30T07:30', timeKind: 'depart-at', source: 'google-maps' })
        .departure,
    ).toBe('2026-11-30T08:02:00+01:00');
    expect(
      pickRouteTrip(routes, { time: '2026-11-30T08:30', timeKind: 'arrive-by', source: 'google-maps' })
        .arrival,
    ).toBe('2026-11-30T07:58:00+01:00');
    expect(() => pickRouteTrip([], { time: null, timeKind: 'leave-now', source: 'google-maps' })).toThrow(
      expect.objectContaining({ code: 'incomplete_search', details: { reason: 'no_connection' } }),
    );
  });

  it('reads Google durations', () => {
    expect(googleDurationSeconds('300s')).toBe(300);
    expect(googleDurationSeconds('12.6s')).toBe(13);
    expect(googleDurationSeconds('PT5M')).toBeNull();
  });
});
