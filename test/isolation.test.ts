import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CURATOR, FAKE_RIDER } from './fakes/spotify.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { signIn } from './support/sign-in.js';

/**
 * One traveller never reaches another's shares or trips: every route that takes an `:id`, found in
 * the app's own route list (so a new one is covered the day it is added), answers B with A's ids as
 * if they did not exist.
 */

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const target = testDatabases[0]!;

/** Which id a route's `:id` names, by the resource before it. A new resource must be added here. */
const RESOURCES: Record<string, { id: 'share' | 'trip'; code: 'share_not_found' | 'trip_not_found' }> = {
  '/api/shares/:id': { id: 'share', code: 'share_not_found' },
  '/api/trips/:id': { id: 'trip', code: 'trip_not_found' },
};
/** Routes with `:id` that are not one traveller's resource (none today). `METHOD path` each. */
// The music library is the server's (MUSIC_DIR), shared by every signed-in user, not one user's.
const NOT_PERSONAL = new Set<string>([
  'GET /api/library/tracks/:id/audio',
  'HEAD /api/library/tracks/:id/audio',
]);

describe(`isolation between travellers on ${target.name}`, () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let ids: { share: string; trip: string };

  beforeAll(async () => {
    t = await startTestApp(target, { spotify: true, rateLimitMax: 10_000 });
    a = (await signIn(t, FAKE_RIDER)).session;
    b = (await signIn(t, FAKE_CURATOR)).session;
    expect(a).not.toBe('');
    expect(b).not.toBe('');
    expect(a).not.toBe(b);
    const shared = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      cookies: { railtape_session: a },
      payload: { text: tripLink },
    });
    expect(shared.statusCode).toBe(201);
    ids = { share: shared.json().share.id, trip: shared.json().trip.id };
  });
  afterAll(async () => {
    await t?.close();
  });

  const idRoutes = () =>
    t.app.routeList
      .filter((r) => r.url.includes(':id'))
      .filter((r) => !NOT_PERSONAL.has(`${r.method} ${r.url}`));

  // A body the route would accept from its owner: the refusal must be the 404, not the schema's 400.
  const VALID_BODIES: Record<string, object> = {
    'POST /api/shares/:id/origin': { stop: 'Bern' },
  };
  const resourceOf = (url: string) => {
    const key = Object.keys(RESOURCES).find((prefix) => url === prefix || url.startsWith(`${prefix}/`));
    if (!key)
      throw new Error(`${url} takes an :id of no known resource: add it to RESOURCES or NOT_PERSONAL`);
    return RESOURCES[key]!;
  };

  it('finds the routes that take an id', () => {
    const found = idRoutes().map((r) => `${r.method} ${r.url}`);
    // The list is the app's own; these must be among it, or discovery broke.
    for (const route of [
      'GET /api/shares/:id',
      'POST /api/shares/:id/retry',
      'GET /api/trips/:id',
      'POST /api/trips/:id/refit',
      'POST /api/trips/:id/play',
      'GET /api/trips/:id/playlist.m3u8',
    ]) {
      expect(found).toContain(route);
    }
  });

  it('lets A reach their own share and trip', async () => {
    const as = { railtape_session: a };
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/shares/${ids.share}`, cookies: as })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/trips/${ids.trip}`, cookies: as })).statusCode,
    ).toBe(200);
  });

  it('answers B 404 on every route with A’s ids, never 200 or 500', async () => {
    const routes = idRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const route of routes) {
      const resource = resourceOf(route.url);
      const url = route.url.replace(':id', ids[resource.id]);
      const what = `${route.method} ${route.url}`;
      const body = VALID_BODIES[what];
      const res = await t.app.inject({
        method: route.method as 'GET',
        url,
        cookies: { railtape_session: b },
        ...(body ? { payload: body, headers: { 'sec-fetch-site': 'same-origin' } } : {}),
      });
      expect(res.statusCode, `${what}: ${res.body}`).toBe(404);
      // HEAD answers carry no body; the status says enough.
      if (route.method !== 'HEAD') expect(res.json().error.code, what).toBe(resource.code);
    }
  });

  it('shows B none of A’s things in the lists, and A still has them', async () => {
    const asB = { railtape_session: b };
    expect((await t.app.inject({ method: 'GET', url: '/api/shares', cookies: asB })).json().shares).toEqual(
      [],
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/trips', cookies: asB })).json().trips).toEqual([]);
    const asA = { railtape_session: a };
    const shares = (await t.app.inject({ method: 'GET', url: '/api/shares', cookies: asA })).json().shares;
    expect(shares.map((s: { id: string }) => s.id)).toContain(ids.share);
  });
});
