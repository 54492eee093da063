import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureById } from '../../test/fixtures.js';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { testDatabases } from '../../test/support/databases.js';
import { installErrorHandler } from './errors.js';
import { requestSafetyPlugin } from './request-safety.js';

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';

/** The hooks alone, on a bare app that says what it is configured as. */
async function bareApp(publicUrl: string | undefined): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  await app.register(requestSafetyPlugin, { publicUrl });
  app.addHook('onRequest', app.sameSiteOnly);
  app.addHook('onRequest', app.jsonBodiesOnly);
  app.all('/thing', async () => ({ ok: true }));
  return app;
}

describe('sameSiteOnly and jsonBodiesOnly, alone', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await bareApp('https://railtape.example.ch/app');
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/thing', headers: { host: 'internal:3000', ...headers } });

  it('lets this site, typed addresses and header-less clients through', async () => {
    const allowed: Array<Record<string, string>> = [
      {},
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      { origin: 'http://internal:3000' },
      // Behind a proxy the host is internal; the public address is this site too.
      { origin: 'https://railtape.example.ch' },
      // Sec-Fetch-Site is the browser's own word and wins over Origin.
      { 'sec-fetch-site': 'same-origin', origin: 'https://elsewhere.example' },
    ];
    for (const headers of allowed) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
    }
  });

  it('refuses other sites, sibling subdomains and opaque origins', async () => {
    const refused: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site', origin: 'http://internal:3000' },
      { origin: 'https://evil.example' },
      { origin: 'http://railtape.example.ch' },
      { origin: 'https://railtape.example.ch:8443' },
      { origin: 'null' },
      { origin: 'not a url' },
    ];
    for (const headers of refused) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('cross_site_request');
    }
  });

  it('leaves reads alone, whoever asks', async () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'] as const) {
      const res = await app.inject({
        method,
        url: '/thing',
        headers: {
          'sec-fetch-site': 'cross-site',
          origin: 'https://evil.example',
          'content-type': 'text/plain',
        },
      });
      expect(res.statusCode, method).toBe(200);
    }
  });

  it('checks every state-changing method', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/thing', headers: { 'sec-fetch-site': 'cross-site' } });
      expect(res.statusCode, method).toBe(403);
    }
  });

  it('wants JSON bodies, and lets a bodiless request through', async () => {
    const json = await app.inject({ method: 'PUT', url: '/thing', payload: { a: 1 } });
    expect(json.statusCode).toBe(200);
    const charset = await app.inject({
      method: 'PUT',
      url: '/thing',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      payload: '{"a":1}',
    });
    expect(charset.statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/thing' })).statusCode).toBe(200);
    const empty = await app.inject({ method: 'POST', url: '/thing', headers: { 'content-length': '0' } });
    expect(empty.statusCode).toBe(200);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/thing',
        headers: { 'content-type': type },
        payload: 'a=1',
      });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
    const untyped = await app.inject({ method: 'POST', url: '/thing', payload: Buffer.from('{"a":1}') });
    expect(untyped.statusCode).toBe(415);
  });
});

describe('sameSiteOnly without a public address', () => {
  it('knows this site by the request’s own origin only', async () => {
    const app = await bareApp(undefined);
    const own = await app.inject({
      method: 'POST',
      url: '/thing',
      headers: { host: 'laptop.local:3000', origin: 'http://laptop.local:3000' },
    });
    expect(own.statusCode).toBe(200);
    const other = await app.inject({
      method: 'POST',
      url: '/thing',
      headers: { host: 'laptop.local:3000', origin: 'http://laptop.local:4000' },
    });
    expect(other.statusCode).toBe(403);
    await app.close();
  });
});

const target = testDatabases[0]!;

describe(`request safety in the app on ${target.name}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target, { rateLimitMax: 10_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  const crossSite = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };

  it('refuses a cross-site share, sign-out and preference change, and stores nothing', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/shares' })).json().shares.length;
    for (const [method, url, payload] of [
      ['POST', '/api/shares', { text: tripLink }],
      ['PUT', '/api/preferences', { musicSource: 'demo' }],
      ['POST', '/api/auth/sign-out', undefined],
      ['POST', '/api/auth/sign-out-everywhere', undefined],
      ['POST', '/api/shares/00000000-0000-4000-8000-000000000000/retry', undefined],
      ['DELETE', '/api/nothing-here', undefined],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: crossSite, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('cross_site_request');
    }
    const after = (await t.app.inject({ method: 'GET', url: '/api/shares' })).json().shares.length;
    expect(after).toBe(before);
  });

  it('refuses a cross-site form posted to the share target, and takes the PWA’s own', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const forged = await t.app.inject({
      method: 'POST',
      url: '/share',
      headers: { ...form, ...crossSite },
      payload: new URLSearchParams({ text: tripLink }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('cross_site_request');

    const own = await t.app.inject({
      method: 'POST',
      url: '/share',
      headers: { ...form, 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' },
      payload: new URLSearchParams({ text: tripLink }).toString(),
    });
    expect(own.statusCode).toBe(303);
    expect(own.headers.location).toMatch(/^\/\?share=/);
  });

  it('takes same-origin and header-less API requests', async () => {
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: { 'sec-fetch-site': 'same-origin' },
      payload: { text: tripLink },
    });
    expect([200, 201]).toContain(own.statusCode);
    const byOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { origin: 'http://localhost' },
    });
    expect(byOrigin.statusCode).toBe(200);
    // A bodiless retry (no content type, no length) stays allowed.
    const retry = await t.app.inject({ method: 'POST', url: `/api/shares/${own.json().share.id}/retry` });
    expect(retry.statusCode).toBe(200);
  });

  it('answers 415 to an API body that is not JSON, and still reads the share target’s forms', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'content-type': type },
        payload:
          type === 'text/plain' ? JSON.stringify({ text: tripLink }) : `text=${encodeURIComponent(tripLink)}`,
      });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/preferences',
      headers: { 'content-type': 'text/plain' },
      payload: '{"musicSource":"demo"}',
    });
    expect(put.statusCode).toBe(415);

    const share = await t.app.inject({
      method: 'POST',
      url: '/share',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ text: tripLink }).toString(),
    });
    expect(share.statusCode).toBe(303);
  });

  it('says so in the traveller’s language', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: { ...crossSite, 'accept-language': 'de-CH' },
      payload: { text: tripLink },
    });
    expect(res.json().error.message).toMatch(/anderen Website/);
  });
});
