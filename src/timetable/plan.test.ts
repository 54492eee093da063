import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GoogleRoutesFake, startGoogleRoutesFake } from '../../test/fakes/google-routes.js';
import { type OjpFake, startOjpFake } from '../../test/fakes/ojp.js';
import { type OpendataFake, startOpendataFake } from '../../test/fakes/opendata.js';
import { AppError } from '../domain/errors.js';
import type { TripQuery } from '../domain/trip.js';
import { createOpendataClient, type OpendataClient } from './opendata-client.js';
import { createOpendataPlanner, createTimetable } from './plan.js';

// 2026-01-10 is winter time (+01:00). IC 1 Zürich HB → Bern leaves at :02 and :32 (train 700 + the
// half-hour slot of the day: 10:02 is train 720), IC 61 Bern → Interlaken Ost at :04 and :34.
const NOW = new Date('2026-01-10T09:10:00Z'); // 10:10 in Zurich

let fake: OpendataFake;
let waits: number[];
let client: OpendataClient;

beforeAll(async () => {
  fake = await startOpendataFake({ now: () => NOW.getTime() });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.calls.length = 0;
  waits = [];
  client = createOpendataClient({
    baseUrl: fake.url,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
});

const query = (over: Partial<TripQuery>): TripQuery => ({
  source: 'sbb-search-link',
  origin: { name: 'Zürich HB', uic: null },
  destination: { name: 'Bern', uic: null },
  time: '2026-01-10T10:00',
  timeKind: 'depart-at',
  ...over,
});
const connectionCalls = () => fake.calls.filter((c) => c.path === '/v1/connections').length;
const locationCalls = () => fake.calls.filter((c) => c.path === '/v1/locations').length;

async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('planTrip against the fake over HTTP', () => {
  it('depart-at takes the first train at or after the time', async () => {
    const trip = await createOpendataPlanner(client).planTrip(query({}), { now: NOW });
    expect(trip).toMatchObject({
      exactness: 'replanned',
      origin: 'Zürich HB',
      destination: 'Bern',
      departure: '2026-01-10T10:02:00+01:00',
      arrival: '2026-01-10T10:58:00+01:00',
      durationSeconds: 56 * 60,
    });
    expect(trip.legs).toHaveLength(1);
    expect(trip.legs[0]).toMatchObject({
      mode: 'rail',
      line: 'IC 1',
      trainNumber: '720',
      from: { uic: '8503000', platform: '31', lat: 47.378177, lon: 8.540192 },
      to: { uic: '8507000', platform: '7' },
    });
  });

  it('arrive-by takes the latest train arriving at or before the time', async () => {
    const trip = await createOpendataPlanner(client).planTrip(
      query({ time: '2026-01-10T11:27', timeKind: 'arrive-by' }),
      { now: NOW },
    );
    expect(trip.arrival).toBe('2026-01-10T10:58:00+01:00');
    expect(fake.calls.find((c) => c.path === '/v1/connections')?.query).toMatchObject({
      isArrivalTime: '1',
      time: '11:27',
      limit: '6',
    });
  });

  it('leave-now searches from now in Zurich', async () => {
    const trip = await createOpendataPlanner(client).planTrip(query({ time: null, timeKind: 'leave-now' }), {
      now: NOW,
    });
    expect(trip.departure).toBe('2026-01-10T10:32:00+01:00');
    expect(fake.calls.find((c) => c.path === '/v1/connections')?.query).toMatchObject({
      date: '2026-01-10',
      time: '10:10',
    });
  });

  it('a search without a time leaves now, whatever its kind', async () => {
    const trip = await createOpendataPlanner(client).planTrip(query({ time: null, timeKind: 'arrive-by' }), {
      now: NOW,
    });
    expect(trip.departure).toBe('2026-01-10T10:32:00+01:00');
    expect(fake.calls.find((c) => c.path === '/v1/connections')?.query.isArrivalTime).toBeUndefined();
  });

  it('a trip with a change has ride, walk, ride', async () => {
    const trip = await createOpendataPlanner(client).planTrip(
      query({ destination: { name: 'Interlaken Ost', uic: null } }),
      { now: NOW },
    );
    expect(
      trip.legs.map((l) => [l.mode, l.line, l.departure.slice(11, 16), l.arrival.slice(11, 16)]),
    ).toEqual([
      ['rail', 'IC 1', '10:02', '10:58'],
      ['walk', null, '10:58', '11:04'],
      ['rail', 'IC 61', '11:04', '11:56'],
    ]);
    expect(trip.legs[1]?.from).toMatchObject({ uic: '8507000', platform: '7' });
    expect(trip.legs[1]?.to).toMatchObject({ uic: '8507000', platform: '6' });
  });

  it('looks each stop name up once', async () => {
    const planner = createOpendataPlanner(client);
    await planner.planTrip(query({}), { now: NOW });
    await planner.planTrip(query({ time: '2026-01-10T12:00' }), { now: NOW });
    await planner.planTrip(query({ origin: { name: ' zürich hb ', uic: null }, time: '2026-01-10T13:00' }), {
      now: NOW,
    });
    expect(locationCalls()).toBe(2);
    expect(connectionCalls()).toBe(3);
    expect(client.calls()).toBe(5);
  });

  it('uses a uic without a look-up', async () => {
    await createOpendataPlanner(client).planTrip(
      query({ origin: { name: null, uic: '008503000' }, destination: { name: 'ignored', uic: '8507000' } }),
      { now: NOW },
    );
    expect(locationCalls()).toBe(0);
    expect(fake.calls[0]?.query).toMatchObject({ from: '8503000', to: '8507000' });
  });

  it('an unknown stop is incomplete_search / stop_not_found', async () => {
    const err = await appError(
      createOpendataPlanner(client).planTrip(query({ destination: { name: 'Atlantis', uic: null } }), {
        now: NOW,
      }),
    );
    expect(err.code).toBe('incomplete_search');
    expect(err.details).toMatchObject({ reason: 'stop_not_found', stop: 'Atlantis' });
    expect(err.message).toBe('No stop called "Atlantis" was found in the Swiss timetable.');
  });

  it('no connection is incomplete_search / no_connection', async () => {
    const err = await appError(
      createOpendataPlanner(client).planTrip(query({ destination: { name: 'Genève-Aéroport', uic: null } }), {
        now: NOW,
      }),
    );
    expect(err.code).toBe('incomplete_search');
    expect(err.details).toMatchObject({ reason: 'no_connection' });
  });
});

describe('the client against the fake', () => {
  it('waits out a 429 as Retry-After says, then succeeds, counting every request', async () => {
    fake.rateLimit(1);
    const found = await client.connections({
      from: '8503000',
      to: '8507000',
      date: '2026-01-10',
      time: '10:00',
    });
    expect(found.length).toBeGreaterThan(0);
    expect(waits).toEqual([1000]);
    expect(client.calls()).toBe(2);
    expect(fake.calls).toHaveLength(2);
  });

  it('gives up after the bounded retries with rate_limited', async () => {
    fake.rateLimit(5);
    const err = await appError(client.connections({ from: '8503000', to: '8507000' }));
    fake.rateLimit(0);
    expect(err.code).toBe('resolution_failed');
    expect(err.details).toEqual({ reason: 'rate_limited', retryAfterMs: 1000 });
    expect(client.calls()).toBe(3);
  });

  it('turns the 400 errors envelope into incomplete_search with its message', async () => {
    const err = await appError(client.connections({ from: '8503000', to: '8507000', limit: 17 }));
    expect(err.code).toBe('incomplete_search');
    expect(err.message).toBe('Maximal value of argument `limit` is 16.');
    expect(client.calls()).toBe(1);
  });

  it('retries a dead server and then says unavailable', async () => {
    const dead = createOpendataClient({
      baseUrl: 'http://127.0.0.1:1/v1',
      sleep: async () => {},
      maxRetries: 1,
    });
    const err = await appError(dead.locations('Bern'));
    expect(err.code).toBe('resolution_failed');
    expect(err.details).toMatchObject({ reason: 'unavailable' });
    expect(dead.calls()).toBe(2);
  });
});

describe('expectedTimes', () => {
  it('fills the prognosis of a delayed train', async () => {
    const planner = createOpendataPlanner(client);
    const trip = await planner.planTrip(query({ destination: { name: 'Interlaken Ost', uic: null } }), {
      now: NOW,
    });
    const onward = trip.legs[2]?.trainNumber as string;
    expect(onward).toBe('1022');
    fake.setDelay(onward, 7);
    const live = await planner.expectedTimes(trip, { now: NOW });
    expect(live?.legs.map((l) => [l.expectedDeparture ?? null, l.expectedArrival ?? null])).toEqual([
      [null, null],
      [null, null],
      ['2026-01-10T11:11:00+01:00', '2026-01-10T12:03:00+01:00'],
    ]);
    expect(live?.legs[2]?.arrival).toBe('2026-01-10T11:56:00+01:00');
    expect(trip.legs[2]?.expectedArrival ?? null).toBeNull();
  });

  it('is null when the train is not in the answer', async () => {
    const planner = createOpendataPlanner(client);
    const trip = await planner.planTrip(query({}), { now: NOW });
    const other = { ...trip, legs: trip.legs.map((l) => ({ ...l, trainNumber: '99999' })) };
    expect(await planner.expectedTimes(other, { now: NOW })).toBeNull();
  });

  it('many travellers on one train cost one call, reused for a minute', async () => {
    let clock = NOW.getTime();
    const planner = createOpendataPlanner(client, { clock: () => clock });
    const trip = await planner.planTrip(
      query({ origin: { name: null, uic: '8503000' }, destination: { name: null, uic: '8507000' } }),
      { now: NOW },
    );
    fake.calls.length = 0;
    const [a, b] = await Promise.all([
      planner.expectedTimes(trip, { now: NOW }),
      planner.expectedTimes(trip, { now: NOW }),
    ]);
    expect(connectionCalls()).toBe(1);
    expect(a).toEqual(b);
    await planner.expectedTimes(trip, { now: NOW });
    expect(connectionCalls()).toBe(1);
    clock += 61_000;
    await planner.expectedTimes(trip, { now: NOW });
    expect(connectionCalls()).toBe(2);
  });

  it('two concurrent identical searches share one request', async () => {
    const planner = createOpendataPlanner(client);
    const q = query({ origin: { name: null, uic: '8503000' }, destination: { name: null, uic: '8505000' } });
    const [a, b] = await Promise.all([planner.planTrip(q, { now: NOW }), planner.planTrip(q, { now: NOW })]);
    expect(a).toEqual(b);
    expect(a.legs[0]?.line).toBe('IR 70');
    expect(client.calls()).toBe(1);
  });

  it('does not poll for a trip long over', async () => {
    const planner = createOpendataPlanner(client);
    const trip = await planner.planTrip(query({}), { now: NOW });
    fake.calls.length = 0;
    expect(await planner.expectedTimes(trip, { now: new Date('2026-01-11T09:00:00Z') })).toBeNull();
    expect(fake.calls).toHaveLength(0);
  });
});

describe('with OJP and Google Routes configured (their contract fakes over HTTP)', () => {
  let ojpFake: OjpFake;
  let google: GoogleRoutesFake;
  beforeAll(async () => {
    ojpFake = await startOjpFake();
    google = await startGoogleRoutesFake();
  });
  afterAll(async () => {
    await ojpFake.close();
    await google.close();
  });
  const timetable = (services: { ojp?: boolean; google?: boolean }) =>
    createTimetable(
      {
        opendataUrl: fake.url,
        ...(services.ojp ? { ojp: { url: ojpFake.url, token: ojpFake.token } } : {}),
        ...(services.google ? { googleRoutes: { url: google.url, apiKey: google.apiKey } } : {}),
      },
      { clock: () => NOW, sleep: async () => {} },
    );

  it('plans a Swiss search through OJP (stops from opendata), skipping a cancelled train', async () => {
    ojpFake.setInfeasible('720'); // the 10:02 IC 1
    const t = timetable({ ojp: true });
    const trip = await t.planner.planTrip(query({}), { now: NOW });
    expect(trip).toMatchObject({
      source: 'sbb-search-link',
      exactness: 'replanned',
      departure: '2026-01-10T10:32:00+01:00',
      legs: [{ trainNumber: '721', from: { uic: '8503000', platform: '31' }, to: { platform: '7' } }],
    });
    expect(connectionCalls()).toBe(0);
    expect(ojpFake.calls.at(-1)).toMatchObject({
      from: '8503000',
      to: '8507000',
      depArrTime: '2026-01-10T09:00:00Z',
    });
    expect(t.calls()).toBe(3); // two stop look-ups and one TripRequest
  });

  it('reads delays, quay changes and cancellations through OJP, the same query coalesced', async () => {
    const t = timetable({ ojp: true });
    const trip = await t.planner.planTrip(query({ time: '2026-01-10T11:00' }), { now: NOW });
    ojpFake.setDelay('722', 7);
    ojpFake.setQuay('722', 'board', '33');
    const later = new Date(NOW.getTime() + 50 * 60_000);
    const [a, b] = await Promise.all([
      t.planner.expectedTimes(trip, { now: later }),
      t.planner.expectedTimes(trip, { now: later }),
    ]);
    expect(a).toEqual(b);
    expect(a?.legs[0]).toMatchObject({
      expectedDeparture: '2026-01-10T11:09:00+01:00',
      expectedArrival: '2026-01-10T12:05:00+01:00',
      from: { platform: '31', expectedPlatform: '33' },
    });
    expect(ojpFake.calls.filter((c) => c.depArrTime === '2026-01-10T10:02:00Z')).toHaveLength(1);
    ojpFake.setInfeasible('724');
    const cancelled = await t.planner.planTrip(query({ time: '2026-01-10T12:00' }), { now: NOW });
    expect(cancelled.legs[0]?.trainNumber).toBe('725');
  });

  it('enriches an exact SBB trip (no platforms) with the matching connection’s platforms', async () => {
    const exact = {
      ...(await createOpendataPlanner(client).planTrip(query({}), { now: NOW })),
      exactness: 'exact' as const,
      source: 'sbb-trip-link' as const,
    };
    for (const leg of exact.legs) {
      leg.from = { ...leg.from, platform: null };
      leg.to = { ...leg.to, platform: null };
    }
    for (const services of [{}, { ojp: true }]) {
      const enriched = await timetable(services).planner.enrichTrip(exact, { now: NOW });
      expect(enriched).toMatchObject({ exactness: 'exact', departure: exact.departure });
      expect(enriched.legs[0]).toMatchObject({ from: { platform: '31' }, to: { platform: '7' } });
    }
    const unknown = { ...exact, legs: exact.legs.map((l) => ({ ...l, trainNumber: '99999' })) };
    await expect(timetable({}).planner.enrichTrip(unknown, { now: NOW })).resolves.toBe(unknown);
  });

  it('plans a Google share outside Switzerland through Google Routes, and keeps Swiss ones Swiss', async () => {
    const t = timetable({ google: true, ojp: true });
    const abroad = await t.planner.planTrip(
      query({
        source: 'google-maps',
        origin: { name: 'Milano Centrale', uic: null },
        destination: { name: 'Zürich HB', uic: null },
        time: '2026-01-10T10:00',
      }),
      { now: NOW },
    );
    expect(abroad).toMatchObject({
      source: 'google-maps',
      exactness: 'replanned',
      origin: 'Milano Centrale',
    });
    expect(abroad.legs.map((l) => l.mode)).toEqual(['walk', 'rail']);
    expect(google.calls.at(-1)?.body).toMatchObject({ departureTime: '2026-01-10T09:00:00.000Z' });
    const googleCalls = google.calls.length;
    const swiss = await t.planner.planTrip(query({ source: 'google-maps' }), { now: NOW });
    expect(swiss.legs[0]?.from.uic).toBe('8503000');
    expect(google.calls.length).toBe(googleCalls);
  });

  it('without a Google key, a share outside Switzerland keeps its clear refusal', async () => {
    const err = await appError(
      timetable({}).planner.planTrip(
        query({ source: 'google-maps', origin: { name: 'Milano Centrale', uic: null } }),
        { now: NOW },
      ),
    );
    expect(err).toMatchObject({ code: 'incomplete_search', details: { reason: 'stop_not_found' } });
    // An SBB search is never sent to Google, key or not.
    const sbb = await appError(
      timetable({ google: true }).planner.planTrip(
        query({ origin: { name: 'Milano Centrale', uic: null } }),
        {
          now: NOW,
        },
      ),
    );
    expect(sbb.details?.reason).toBe('stop_not_found');
  });
});

describe('nearestStop: the station around a device position', () => {
  it('takes the nearest within the radius, refuses one beyond it, and asks once per ~100 m', async () => {
    const planner = createOpendataPlanner(client);
    const near = await planner.nearestStop({ lat: 46.9495, lon: 7.4385 }, 2_000);
    expect(near).toMatchObject({ name: 'Bern', uic: '8507000' });
    expect(near?.metres).toBeLessThan(200);
    // A few metres further, the same cell of the grid: no second call.
    await planner.nearestStop({ lat: 46.94952, lon: 7.43853 }, 2_000);
    expect(locationCalls()).toBe(1);
    expect(await planner.nearestStop({ lat: 46.98, lon: 7.44 }, 2_000)).toBeNull();
  });

  it('computes the distance from the coordinates when the answer has none', async () => {
    const withoutDistance: OpendataClient = {
      ...client,
      locationsNear: async () => [
        {
          id: '008507100',
          name: 'Thun',
          coordinate: { type: 'WGS84', x: 46.754853, y: 7.629606 },
          distance: null,
        },
        { id: null, name: 'Thun, a bus stop without an id', coordinate: null, distance: 5 },
      ],
    };
    const thun = await createOpendataPlanner(withoutDistance).nearestStop(
      { lat: 46.7549, lon: 7.6301 },
      2_000,
    );
    expect(thun).toMatchObject({ name: 'Thun', uic: '8507100' });
    expect(thun?.metres).toBeGreaterThan(10);
    expect(thun?.metres).toBeLessThan(100);
  });
});
