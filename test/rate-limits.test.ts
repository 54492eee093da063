import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_CURATOR, FAKE_RIDER } from './fakes/spotify.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { signIn } from './support/sign-in.js';

/**
 * Two limits: per client address (the global one) and per signed-in user over all their addresses
 * (`perUserRateLimit`, after `authenticate` in the `/api` plugin). One account cannot spread its
 * requests over many addresses, and two travellers behind one address do not share a user's count,
 * though they still share the address's.
 */

const target = testDatabases[0]!;

describe(`per-user rate limits on ${target.name}`, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const get = (app: TestApp, session: string, ip: string) =>
    app.app.inject({
      method: 'GET',
      url: '/api/preferences',
      remoteAddress: ip,
      cookies: { railtape_session: session },
    });

  it('holds one user to their limit from two addresses (429 rate_limited)', async () => {
    t = await startTestApp(target, { spotify: true, rateLimitMax: 100, rateLimitPerUserMax: 3 });
    const rider = (await signIn(t, FAKE_RIDER)).session;
    const curator = (await signIn(t, FAKE_CURATOR)).session;

    expect((await get(t, rider, '10.0.0.1')).statusCode).toBe(200);
    expect((await get(t, rider, '10.0.0.1')).statusCode).toBe(200);
    expect((await get(t, rider, '10.0.0.2')).statusCode).toBe(200);
    // Each address is far below its 100, the account is at its 3.
    const limited = await get(t, rider, '10.0.0.2');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.json().error.message.length).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(t, rider, '10.0.0.3')).statusCode).toBe(429);
    // Another user from the same addresses is not held back by the rider's count.
    expect((await get(t, curator, '10.0.0.2')).statusCode).toBe(200);
  });

  it('keeps two users behind one address apart, within the address limit', async () => {
    t = await startTestApp(target, { spotify: true, rateLimitMax: 5, rateLimitPerUserMax: 3 });
    const rider = (await signIn(t, FAKE_RIDER)).session;
    const curator = (await signIn(t, FAKE_CURATOR)).session;
    const ip = '10.0.1.1';

    for (let i = 0; i < 3; i++) expect((await get(t, rider, ip)).statusCode).toBe(200);
    // The rider's own limit, not the address's (3 of 5 used).
    const riderLimited = await get(t, rider, ip);
    expect(riderLimited.statusCode).toBe(429);
    expect(riderLimited.json().error.code).toBe('rate_limited');
    // The curator starts at 0 of their 3 ...
    expect((await get(t, curator, ip)).statusCode).toBe(200);
    expect((await get(t, curator, ip)).statusCode).toBe(200);
    // ... but the address has had its 5: its limit still holds for everyone behind it.
    const addressLimited = await get(t, curator, ip);
    expect(addressLimited.statusCode).toBe(429);
    expect(addressLimited.json().error.code).toBe('rate_limited');
    // Elsewhere the address limit is fresh, but the rider's own still holds.
    expect((await get(t, rider, '10.0.1.2')).statusCode).toBe(429);
  });
});
