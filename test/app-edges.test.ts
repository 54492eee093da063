import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { createStores } from '../src/db/stores.js';
import { type AppDeps, buildApp } from '../src/http/app.js';
import { createServices } from '../src/services.js';
import { testDatabases } from './support/databases.js';
import { REDIS_URL, redisAvailable } from './support/redis.js';

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

describe('health without internals', () => {
  /** The app's log lines, to see that what the answer leaves out is logged. */
  function capturedLog() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, logger: { level: 'error', stream } };
  }

  const appWithPing = (ping: DatabaseHandle['ping'], logger?: AppDeps['logger']) =>
    buildApp({
      config: loadConfig({}),
      database: { ...database, ping },
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: passingSelfTest,
      logger,
    });

  it('answers a fixed phrase for a database that refuses, and logs the driver’s message', async () => {
    const secret = 'connect ECONNREFUSED 10.1.2.3:5432 (user railtape_prod, database railtape)';
    const log = capturedLog();
    const app = await appWithPing(() => Promise.reject(new Error(secret)), log.logger);
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.database).toEqual({ ok: false, detail: 'unreachable' });
    expect(res.body).not.toContain('10.1.2.3');
    expect(res.body).not.toContain('railtape_prod');
    expect(log.lines.join('')).toContain('10.1.2.3');
    await app.close();
  });

  it('says timeout for a database that does not answer in time', async () => {
    const app = await appWithPing(() => new Promise<void>(() => {}));
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.database).toEqual({ ok: false, detail: 'timeout' });
    await app.close();
  });
});

describe('timeouts', () => {
  const appWith = (timeouts?: AppDeps['timeouts']) =>
    buildApp({
      config: loadConfig({}),
      database,
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: passingSelfTest,
      timeouts,
    });

  it('limits how long a client may take by default, and keeps idle connections past a proxy’s 60 s', async () => {
    const app = await appWith();
    expect(app.initialConfig).toMatchObject({ requestTimeout: 30_000, connectionTimeout: 30_000 });
    expect(app.server.requestTimeout).toBe(30_000);
    expect(app.server.headersTimeout).toBeLessThanOrEqual(30_000);
    expect(app.server.timeout).toBe(30_000);
    expect(app.server.keepAliveTimeout).toBeGreaterThan(60_000);
    await app.close();
  });

  /** Sends `data` to a listening app, then nothing; resolves with what came back and when it closed. */
  async function stall(data: string): Promise<{ answer: string; closedAfterMs: number }> {
    const app = await appWith({ requestMs: 400, connectionMs: 1_500 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      return await new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        const started = Date.now();
        let answer = '';
        // Without server timeouts the socket would stay open: give up well after the limit.
        const guard = setTimeout(() => {
          socket.destroy();
          reject(new Error(`still open after 5 s; received ${JSON.stringify(answer)}`));
        }, 5_000);
        socket.on('connect', () => socket.write(data));
        socket.on('data', (chunk) => {
          answer += String(chunk);
        });
        socket.on('error', () => {});
        socket.on('close', () => {
          clearTimeout(guard);
          resolve({ answer, closedAfterMs: Date.now() - started });
        });
      });
    } finally {
      await app.close();
    }
  }

  it('answers 408 and closes a connection whose body stalls', async () => {
    const { answer, closedAfterMs } = await stall(
      'POST /api/shares HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 200\r\n\r\n{"text": "Zürich HB',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(2_500);
  });

  it('closes a connection whose headers never end', async () => {
    const { answer, closedAfterMs } = await stall('POST /api/shares HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(answer === '' || /^HTTP\/1\.1 408 /.test(answer)).toBe(true);
    expect(closedAfterMs).toBeLessThan(2_500);
  });
});

describe('content security policy', () => {
  const cspFor = async (env: Record<string, string>) => {
    const app = await buildApp({
      config: loadConfig(env),
      database,
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: passingSelfTest,
    });
    const res = await app.inject({ method: 'GET', url: '/robots.txt' });
    await app.close();
    return String(res.headers['content-security-policy']);
  };

  it('sends scripts to https only in production: over plain http on a LAN the page must still load', async () => {
    const local = await cspFor({});
    expect(local).toContain("script-src 'self'");
    expect(local).not.toContain('upgrade-insecure-requests');
    const production = await cspFor({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.example/railtape',
      PUBLIC_URL: 'https://railtape.example',
      SESSION_SECRET: 'x'.repeat(40),
      TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
    });
    expect(production).toContain("script-src 'self'");
    expect(production).toContain('upgrade-insecure-requests');
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

describe('rate limiting by client address', () => {
  const appBehind = (hops: string) =>
    buildApp({
      config: loadConfig({ TRUST_PROXY_HOPS: hops }),
      database,
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: passingSelfTest,
      rateLimitMax: 3,
    });
  const call = (app: Awaited<ReturnType<typeof appBehind>>, remoteAddress: string, forwarded: string) =>
    app.inject({
      method: 'GET',
      url: '/api/preferences',
      remoteAddress,
      headers: { 'x-forwarded-for': forwarded },
    });

  it('trusts no proxy by default: a made-up X-Forwarded-For does not escape the limit', async () => {
    const app = await appBehind('');
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
      expect((await call(app, '198.51.100.9', spoofed)).statusCode).toBe(200);
    }
    const limited = await call(app, '198.51.100.9', '4.4.4.4');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    await app.close();
  });

  it('behind one proxy, keys on the address the proxy appended, not on what the client put before it', async () => {
    const app = await appBehind('1');
    const proxy = '10.0.0.2';
    // One client (203.0.113.7, as the proxy saw it) claiming a different origin each time.
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '1.1.1.1']) {
      expect((await call(app, proxy, `${spoofed}, 203.0.113.7`)).statusCode).toBe(200);
    }
    expect((await call(app, proxy, '2.2.2.2, 203.0.113.7')).statusCode).toBe(429);
    // Another client through the same proxy has a limit of its own.
    expect((await call(app, proxy, '203.0.113.8')).statusCode).toBe(200);
    await app.close();
  });
});

describe('rate limiting while Redis is down', () => {
  it('limits in memory with one warning, not one per request', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    // Nothing listens on port 1: every command fails at once, as with a Redis outage.
    const down = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    down.on('error', () => {});
    const app = await buildApp({
      config: loadConfig({}),
      database,
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: passingSelfTest,
      redis: down,
      rateLimitMax: 3,
      logger: { level: 'info', stream },
    });
    const call = () => app.inject({ method: 'GET', url: '/api/preferences', remoteAddress: '10.9.8.6' });
    for (let i = 0; i < 3; i++) expect((await call()).statusCode).toBe(200);
    const limited = await call();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await call()).statusCode).toBe(429);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/in-process/);
    await app.close();
    down.disconnect();
  });

  it('counts in Redis again as soon as it answers', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    // Stands in for ioredis: the store's script either fails or reports a count kept elsewhere.
    let redisCount: number | undefined;
    const flaky = {
      defineCommand() {},
      rateLimit(...args: unknown[]) {
        const cb = args.at(-1) as (err: Error | null, result?: [number, number]) => void;
        if (redisCount === undefined) cb(new Error('Connection is closed.'));
        else cb(null, [redisCount, 60_000]);
      },
    };
    const app = await buildApp({
      config: loadConfig({}),
      database,
      stores: storesOf(database),
      services: servicesFor(database),
      selfTest: passingSelfTest,
      redis: flaky as unknown as Redis,
      rateLimitMax: 3,
      logger: { level: 'info', stream },
    });
    const call = () => app.inject({ method: 'GET', url: '/api/preferences', remoteAddress: '10.9.8.5' });
    expect((await call()).statusCode).toBe(200); // in memory: 1
    redisCount = 50; // Redis is back, and other instances used up this client's window there
    expect((await call()).statusCode).toBe(429);
    redisCount = 1;
    expect((await call()).statusCode).toBe(200);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
    expect(lines.some((l) => l.level === 30 && /back on Redis/.test(l.msg))).toBe(true);
    await app.close();
  });
});
