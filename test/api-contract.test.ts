import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createStores } from '../src/db/stores.js';
import { ERROR_CODES } from '../src/domain/errors.js';
import { buildApp } from '../src/http/app.js';
import { errorBody } from '../src/http/schemas.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/** The shape every route shares: coded errors with request ids, JSON parsing, compression, robots. */

const target = testDatabases[0]!;
const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';

function expectCodedError(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  const parsed = errorBody.safeParse(res.json());
  expect(parsed.success, JSON.stringify(res.json())).toBe(true);
  const body = parsed.data!;
  expect(ERROR_CODES).toContain(body.error.code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.requestId).toBe(res.headers['x-request-id']);
  return body.error;
}

describe(`API contract on ${target.name}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target, { rateLimitMax: 1_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  const postJson = (body: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });

  it('tells JSON that names __proto__ or constructor.prototype apart from text that is not JSON', async () => {
    for (const body of [
      '{"":{"__proto__":null}}',
      '{"text":"x","__proto__":{"a":1}}',
      '{"constructor":{"prototype":{}}}',
    ]) {
      const res = await postJson(body);
      expect(res.statusCode, body).toBe(400);
      expect(expectCodedError(res).code, body).toBe('json_forbidden_key');
    }
    for (const body of ['{"text":', '{text: 1}', '[1,]']) {
      const res = await postJson(body);
      expect(res.statusCode, body).toBe(400);
      expect(expectCodedError(res).code, body).toBe('invalid_json');
    }
    // A key that only looks like one is an ordinary key.
    const ordinary = await postJson(JSON.stringify({ text: tripLink, constructor: 'x' }));
    expect(ordinary.statusCode).toBe(201);
  });

  it('answers invalid fields with invalid_request naming them, in the request language', async () => {
    const res = await postJson(JSON.stringify({ text: 42 }), { 'accept-language': 'fr-CH' });
    expect(res.statusCode).toBe(400);
    const error = expectCodedError(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/requête/);
    expect(error.fields?.join(' ')).toMatch(/text/);
  });

  it('carries the request id in every error body, including 404s of unknown API routes', async () => {
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/no-such-thing',
      headers: { 'x-request-id': 'req-abc' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(expectCodedError(unknown)).toMatchObject({ code: 'not_found', requestId: 'req-abc' });
    const missingTrip = await t.app.inject({
      method: 'GET',
      url: '/api/trips/00000000-0000-4000-8000-00000000ffff',
    });
    expect(expectCodedError(missingTrip).code).toBe('trip_not_found');
  });

  it('keeps personal answers out of shared caches and compresses them', async () => {
    const created = (await postJson(JSON.stringify({ text: tripLink }))).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/trips/${created.trip.id}`,
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    // The trip read may stay on the traveller's device, revalidated each time by its etag.
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers.vary).toContain('accept-encoding');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.rawPayload.length).toBeLessThan(JSON.stringify(created.playlist).length);
    const { brotliDecompressSync } = await import('node:zlib');
    expect(JSON.parse(brotliDecompressSync(res.rawPayload).toString('utf8')).trip.id).toBe(created.trip.id);
    const etag = String(res.headers.etag);
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/trips/${created.trip.id}`,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    // A re-fit makes a new version: the old etag no longer matches.
    const refit = await t.app.inject({
      method: 'POST',
      url: `/api/trips/${created.trip.id}/refit`,
      headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(refit.statusCode).toBe(200);
    const changed = await t.app.inject({
      method: 'GET',
      url: `/api/trips/${created.trip.id}`,
      headers: { 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const gzip = await t.app.inject({
      method: 'GET',
      url: '/api/trips',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('no-store');
  });

  it('answers /robots.txt: the app shell may be indexed, the API and share target may not', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^User-agent: \*$/m);
    expect(res.body).toMatch(/^Disallow: \/api\/$/m);
  });
});

describe('API plugin boundaries', () => {
  it('signs in every API route through the router, so an encoded path cannot skip it', async () => {
    const database = await target.open();
    const stores = createStores(database.db);
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'production', ...productionEnv }),
      database,
      stores,
      services: {} as never,
      selfTest: () => ({ ok: true, results: [] }),
    });
    for (const url of ['/api/shares', '/%61pi/shares', '/api/%73hares', '/API/shares', '/api//shares']) {
      const res = await app.inject({ method: 'GET', url });
      expect([401, 404], url).toContain(res.statusCode);
      expectCodedError(res);
    }
    expect((await app.inject({ method: 'GET', url: '/api/shares' })).json().error.code).toBe(
      'sign_in_required',
    );
    await app.close();
    await database.close();
  });

  it('answers the rate limit with a coded, translated message', async () => {
    const t = await startTestApp(target, { rateLimitMax: 1 });
    try {
      await t.app.inject({ method: 'GET', url: '/api/preferences' });
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/preferences',
        headers: { 'accept-language': 'de' },
      });
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
      expect(expectCodedError(res)).toMatchObject({
        code: 'rate_limited',
        message: expect.stringMatching(/Anfragen/),
      });
    } finally {
      await t.close();
    }
  });
});

const productionEnv = {
  PUBLIC_URL: 'https://railtape.example',
  DATABASE_URL: 'postgres://u@db.example/railtape',
  SESSION_SECRET: 's'.repeat(40),
  TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
};
