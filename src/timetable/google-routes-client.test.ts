import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleRoutesFake, startGoogleRoutesFake } from '../../test/fakes/google-routes.js';
import { createGoogleRoutesClient, ROUTES_FIELD_MASK } from './google-routes-client.js';
import { routeToTrip } from './google-routes-trip.js';
import type { ApiUsageOutcome } from './usage.js';

describe('the Google Routes client against its contract fake', () => {
  let fake: GoogleRoutesFake;
  const usage: ApiUsageOutcome[] = [];
  const slept: number[] = [];
  const client = (apiKey?: string) =>
    createGoogleRoutesClient({
      baseUrl: fake.url,
      apiKey: apiKey ?? fake.apiKey,
      sleep: async (ms) => {
        slept.push(ms);
      },
      usage: { record: (service, outcome) => service === 'google_routes' && usage.push(outcome) },
    });
  beforeAll(async () => {
    fake = await startGoogleRoutesFake();
  });
  afterAll(() => fake.close());

  it('asks for TRANSIT with the key header and the field mask, and reads the routes', async () => {
    const c = client();
    const routes = await c.transitRoutes({
      origin: 'Milano Centrale',
      destination: 'Zürich HB',
      at: Date.parse('2026-12-01T07:00:00Z'),
      arriveBy: false,
    });
    expect(routes).toHaveLength(2);
    const trip = routeToTrip(routes[0]!, 'google-maps');
    expect(trip.legs.map((l) => l.mode)).toEqual(['walk', 'rail']);
    expect(trip.legs[1]).toMatchObject({
      line: 'EC',
      from: { name: 'Milano Centrale' },
      departure: '2026-12-01T08:25:00+01:00',
    });
    expect(fake.calls.at(-1)).toMatchObject({
      fieldMask: ROUTES_FIELD_MASK,
      body: {
        travelMode: 'TRANSIT',
        departureTime: '2026-12-01T07:00:00.000Z',
        origin: { address: 'Milano Centrale' },
      },
    });
    expect(c.calls()).toBe(1);
    expect(usage.at(-1)).toBe('ok');
  });

  it('reads no route (`{}`) as an empty list', async () => {
    await expect(
      client().transitRoutes({ origin: 'Atlantis', destination: 'Zürich HB', at: null, arriveBy: false }),
    ).resolves.toEqual([]);
  });

  it('refuses a wrong key as unavailable without passing on the key or Google’s message', async () => {
    const err = await client('AIzaWrongKey')
      .transitRoutes({ origin: 'Milano Centrale', destination: 'Zürich HB', at: null, arriveBy: false })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'resolution_failed',
      details: { status: 400, googleStatus: 'INVALID_ARGUMENT' },
    });
    expect(JSON.stringify(err)).not.toMatch(/AIzaWrongKey|API key not valid/);
    expect(usage.at(-1)).toBe('error');
  });

  it('retries RESOURCE_EXHAUSTED a bounded number of times', async () => {
    fake.rateLimit(1);
    slept.length = 0;
    const c = client();
    await expect(
      c.transitRoutes({ origin: 'Paris Gare de Lyon', destination: 'Genève', at: null, arriveBy: false }),
    ).resolves.toHaveLength(2);
    expect(c.calls()).toBe(2);
    expect(slept).toEqual([250]);
    fake.rateLimit(5);
    await expect(
      c.transitRoutes({ origin: 'Paris Gare de Lyon', destination: 'Genève', at: null, arriveBy: false }),
    ).rejects.toMatchObject({ details: { reason: 'rate_limited' } });
    fake.rateLimit(0);
  });
});
