import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_PLACES, type GoogleRoutesFake, startGoogleRoutesFake } from './google-routes.js';

describe('the Google Routes contract fake', () => {
  let fake: GoogleRoutesFake;
  beforeAll(async () => {
    fake = await startGoogleRoutesFake();
  });
  afterAll(() => fake.close());

  it('answers like Google without a key or a field mask', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.url}/directions/v2:computeRoutes`, { method: 'POST', headers, body: '{}' });
    const noKey = await post({ 'x-goog-fieldmask': '*' });
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toMatchObject({ error: { status: 'PERMISSION_DENIED' } });
    const noMask = await post({ 'x-goog-api-key': fake.apiKey });
    expect(noMask.status).toBe(400);
    expect(await noMask.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('arrive-by routes arrive by the time; both times at once is refused', async () => {
    const post = (body: unknown) =>
      fetch(`${fake.url}/directions/v2:computeRoutes`, {
        method: 'POST',
        headers: { 'x-goog-api-key': fake.apiKey, 'x-goog-fieldmask': 'routes' },
        body: JSON.stringify(body),
      });
    const base = {
      origin: { address: GOOGLE_PLACES.paris.name },
      destination: { address: 'Genève' },
      travelMode: 'TRANSIT',
    };
    const res = await post({ ...base, arrivalTime: '2026-12-01T12:00:00Z', computeAlternativeRoutes: true });
    const { routes } = (await res.json()) as {
      routes: Array<{
        legs: Array<{ steps: Array<{ transitDetails?: { stopDetails: { arrivalTime: string } } }> }>;
      }>;
    };
    const arrivals = routes.map((r) =>
      Date.parse(r.legs[0]!.steps.at(-1)!.transitDetails!.stopDetails.arrivalTime),
    );
    expect(arrivals.every((a) => a <= Date.parse('2026-12-01T12:00:00Z'))).toBe(true);
    expect(arrivals).toHaveLength(2);
    const both = await post({
      ...base,
      arrivalTime: '2026-12-01T12:00:00Z',
      departureTime: '2026-12-01T08:00:00Z',
    });
    expect(both.status).toBe(400);
  });
});
