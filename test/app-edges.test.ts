import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { createStores } from '../src/db/stores.js';
import { buildApp } from '../src/http/app.js';
import { createServices } from '../src/services.js';
import { testDatabases } from './support/databases.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
const redisAvailable = await redisAnswers();
if (!redisAvailable && process.env.RAILTAPE_REQUIRE_SERVICES) {
  throw new Error(`RAILTAPE_REQUIRE_SERVICES is set but Redis does not answer at ${REDIS_URL}`);
}

let database: DatabaseHandle;
beforeAll(async () => {
  database = await testDatabases[0]!.open();
});
afterAll(async () => {
  await database?.close();
});

const servicesFor = (db: DatabaseHandle) =>
  createServices(createStores(db.db), {
    resolveLink: async () => 'unused',
    clock: () => new Date(),
  });
const storesOf = (db: DatabaseHandle) => createStores(db.db);
const passingSelfTest = () => ({ ok: true, results: [{ name: 'canary', ok: true }] });

describe('health', () => {
  it('answers 503 naming the failing checks when the database or the parser canaries fail', async () => {
    const broken: DatabaseHandle = {
      ...database,
      ping: () => Promise.reject(new Error('connection refused')),
    };
    const app = await buildApp({
      config: loadConfig({}),
      database: broken,
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: () => ({ ok: false, results: [{ name: 'sbb-trip-link', ok: false, detail: 'legs differ' }] }),
    });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'failing',
      checks: { database: { ok: false }, parser: { ok: false, detail: 'canaries failed: sbb-trip-link' } },
    });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    await app.close();
  });
});

describe('sign-in', () => {
  it('refuses the API in production when no sign-in is configured, instead of sharing one user', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.example/railtape',
      PUBLIC_URL: 'https://railtape.example',
      SESSION_SECRET: 'x'.repeat(40),
      TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
    });
    const app = await buildApp({
      config,
      database,
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: passingSelfTest,
    });
    const res = await app.inject({ method: 'GET', url: '/api/trips' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('sign_in_required');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('errors', () => {
  it('hides internals of unexpected failures behind internal_error and a request id', async () => {
    const services = servicesFor(database);
    const failing = {
      ...services,
      shares: { ...services.shares, receiveShare: () => Promise.reject(new Error('SELECT secret FROM x')) },
    };
    const app = await buildApp({
      config: loadConfig({}),
      database,
      stores: storesOf(database),
      services: failing,
      selfTest: passingSelfTest,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: { 'x-request-id': 'req-123' },
      payload: { text: 'hello' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect(res.body).not.toContain('secret');
    expect(res.body).toContain('req-123');
    expect(res.headers['x-request-id']).toBe('req-123');
    await app.close();
  });
});

describe.skipIf(!redisAvailable)(
  redisAvailable
    ? 'rate limiting in Redis'
    : `rate limiting in Redis (skipped: Redis not reachable at ${REDIS_URL})`,
  () => {
    it('shares one limit across two instances through Redis and answers 429 rate_limited', async () => {
      const redisA = new Redis(REDIS_URL);
      const redisB = new Redis(REDIS_URL);
      const deps = {
        config: loadConfig({}),
        database,
        stores: storesOf(database),
        services: servicesFor(database),
        selfTest: passingSelfTest,
        rateLimitMax: 3,
      };
      const a = await buildApp({ ...deps, redis: redisA });
      const b = await buildApp({ ...deps, redis: redisB });
      // A fixed client whose window is cleared first: a run right after another one starts from zero.
      const ip = '10.9.8.7';
      await redisA.del(`railtape-rl:${ip}`);
      const call = (app: typeof a) =>
        app.inject({ method: 'GET', url: '/api/preferences', remoteAddress: ip });
      expect((await call(a)).statusCode).toBe(200);
      expect((await call(b)).statusCode).toBe(200);
      expect((await call(a)).statusCode).toBe(200);
      const limited = await call(b);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      await a.close();
      await b.close();
      redisA.disconnect();
      redisB.disconnect();
    });
  },
);
