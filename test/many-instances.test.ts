import autocannon from 'autocannon';
import pg from 'pg';
import { Agent, fetch, type RequestInit } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSbbLinksFake } from './fakes/sbb-links.js';
import { FAKE_RIDER, type SpotifyFake, startSpotifyFake } from './fakes/spotify.js';
import { fixtureById } from './fixtures.js';
import { freePort } from './support/ports.js';
import {
  type PostgresInstance,
  postgresInstanceUnavailable,
  startPostgresInstance,
} from './support/postgres-instance.js';
import {
  type RailtapeProcess,
  railtapeCommand,
  runRailtape,
  signInOverHttp,
  waitUntilReady,
} from './support/processes.js';
import { REDIS_URL, redisAvailable } from './support/redis.js';

/**
 * Render runs several web instances and the cron workers on one Postgres and one Redis. Here two
 * server processes and two worker processes share a Postgres of their own (so it can be restarted)
 * and the machine's Redis: sessions and rate limits cross instances, concurrent work is done once,
 * a SIGKILL under load loses no acknowledged share, and a database restart heals by itself.
 */
const unavailable = postgresInstanceUnavailable ?? (redisAvailable ? undefined : `no Redis at ${REDIS_URL}`);
if (unavailable) {
  if (process.env.RAILTAPE_REQUIRE_SERVICES)
    throw new Error(`many-instances test cannot run: ${unavailable}`);
  console.warn(`SKIPPED test/many-instances.test.ts: ${unavailable}`);
}

const CLIENT = { clientId: 'many-instances', clientSecret: 'many-instances-secret' };
const TRIP_TEXT = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const SHORT_TEXT = fixtureById('c-sbb-short-de-bus').text ?? '';
// Browsers send these on the PWA's own requests; the API refuses state changes without them.
type ShareAnswer = { share: { id: string; status: string } };
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

describe.skipIf(unavailable)('many instances on one Postgres and Redis', () => {
  let db: PostgresInstance;
  let sql: pg.Pool;
  let spotify: SpotifyFake;
  let sbb: Awaited<ReturnType<typeof startSbbLinksFake>>;
  let env: Record<string, string>;
  const servers: RailtapeProcess[] = [];
  const urls: string[] = [];
  let session = '';

  const startServer = async (port: number) => {
    const server = runRailtape(['serve'], { ...env, PORT: String(port) });
    servers.push(server);
    await waitUntilReady(`http://127.0.0.1:${port}/readyz`, 30_000, server);
    return server;
  };

  // A connection of its own: a pooled keep-alive socket may be closed under a request while the
  // database restarts, which would fail the test for a reason that is not the app's.
  const fresh = () => new Agent({ pipelining: 0 });

  const api = (base: string, path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { cookie: `railtape_session=${session}`, ...SAME_ORIGIN, ...(init.headers ?? {}) },
    });

  beforeAll(async () => {
    db = await startPostgresInstance();
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    sql.on('error', () => {});
    const ports = [await freePort(), await freePort()];
    spotify = await startSpotifyFake({
      clients: [{ ...CLIENT, redirectUris: ['http://127.0.0.1/auth/spotify/callback'] }],
    });
    sbb = await startSbbLinksFake();
    // A Redis database of its own: rate-limit windows and cached sessions of other tests stay apart.
    const redis = new URL(REDIS_URL);
    redis.pathname = '/9';
    env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      DATABASE_URL: db.url,
      REDIS_URL: redis.toString(),
      SESSION_SECRET: 'many-instances-session-secret-0123456789abcdef',
      TOKEN_ENCRYPTION_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
      SPOTIFY_CLIENT_ID: CLIENT.clientId,
      SPOTIFY_CLIENT_SECRET: CLIENT.clientSecret,
      SPOTIFY_REDIRECT_URI: `http://127.0.0.1:${ports[0]}/auth/spotify/callback`,
      SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
      SPOTIFY_API_URL: spotify.apiUrl,
      // The servers cannot reach the short-link host (a closed port): such shares wait for a worker.
      SBB_SHORT_LINK_URL: `http://127.0.0.1:${await freePort()}`,
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_PER_USER_PER_MINUTE: '100000',
    };
    await railtapeCommand(['migrate'], env);
    const { Redis } = await import('ioredis');
    const flush = new Redis(redis.toString());
    await flush.flushdb();
    flush.disconnect();
    for (const port of ports) {
      await startServer(port);
      urls.push(`http://127.0.0.1:${port}`);
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await sql?.end();
    db?.destroy();
    await spotify?.close();
    await sbb?.close();
  });

  it('a session made on one server works on the other', async () => {
    session = await signInOverHttp(urls[0] ?? '', spotify, FAKE_RIDER);
    expect(session).not.toBe('');

    const onOther = await api(urls[1] ?? '', '/api/me');
    expect(onOther.status).toBe(200);
    const me = (await onOther.json()) as { signIn: string; spotify: { status: string; accountId?: string } };
    expect(me.spotify).toMatchObject({ status: 'connected', accountId: FAKE_RIDER });
  });

  it('the per-user rate limit is one count across both servers', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(env.REDIS_URL ?? '');
    try {
      await api(urls[0] ?? '', '/api/trips');
      const [key] = (await redis.keys('*user:*')).filter((k) => !k.includes('ttl'));
      expect(key).toBeDefined();
      // A fresh window, then three requests to each server: one counter sees all six.
      await redis.del(key as string);
      for (let i = 0; i < 6; i++) expect((await api(urls[i % 2] ?? '', '/api/trips')).status).toBe(200);
      expect(Number(await redis.get(key as string))).toBe(6);
    } finally {
      redis.disconnect();
    }
  });

  it('the same trip sent to both servers at once is one share, one trip and one playlist', async () => {
    const sends = Array.from({ length: 12 }, (_, i) =>
      api(urls[i % 2] ?? '', '/api/shares', { method: 'POST', body: JSON.stringify({ text: TRIP_TEXT }) }),
    );
    const answers = await Promise.all(sends);
    expect(answers.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as ShareAnswer[];
    const ids = new Set(bodies.map((b) => b.share.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const { rows } = await sql.query(
      `select (select count(*) from trips where share_id = $1)::int as trips,
              (select count(*) from playlists p join trips t on t.id = p.trip_id where t.share_id = $1)::int as playlists`,
      [id],
    );
    expect(rows[0]).toEqual({ trips: 1, playlists: 1 });
  });

  it('two workers running at once resolve each waiting share exactly once', async () => {
    const waiting: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api(urls[i % 2] ?? '', '/api/shares', {
        method: 'POST',
        body: JSON.stringify({ text: `${SHORT_TEXT} (${i})` }),
      });
      const body = (await res.json()) as ShareAnswer;
      expect([res.status, body.share.status]).toEqual([201, 'needs_resolution']);
      waiting.push(body.share.id);
    }
    // Due now, as if their retry time had come.
    await sql.query('update shares set next_attempt_at = now() where id = any($1)', [waiting]);
    const workerEnv = { ...env, SBB_SHORT_LINK_URL: sbb.url };
    const outputs = await Promise.all([
      railtapeCommand(['worker', 'parse'], workerEnv),
      railtapeCommand(['worker', 'parse'], workerEnv),
    ]);
    const summaries = outputs.map((o) => JSON.parse(o.trim().split('\n').at(-1) ?? '{}'));
    const { rows } = await sql.query(
      `select s.status, count(distinct t.id)::int as trips, count(p.id)::int as playlists
         from shares s left join trips t on t.share_id = s.id left join playlists p on p.trip_id = t.id
        where s.id = any($1) group by s.id, s.status`,
      [waiting],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'parsed' && r.trips === 1 && r.playlists === 1)).toBe(true);
    expect(JSON.stringify(summaries)).toMatch(/worker/);
    const reminders = await sql.query(
      'select trip_id, kind, count(*)::int as n from reminders group by trip_id, kind having count(*) > 1',
    );
    expect(reminders.rows).toEqual([]);
    await Promise.all([
      railtapeCommand(['worker', 'reminders'], workerEnv),
      railtapeCommand(['worker', 'reminders'], workerEnv),
    ]);
  }, 60_000);

  it('killing a server with SIGKILL under load loses no share it acknowledged', async () => {
    let n = 0;
    const acknowledged = new Set<string>();
    const load = (url: string) =>
      autocannon({
        url: `${url}/api/shares`,
        connections: 10,
        duration: 4,
        requests: [
          {
            method: 'POST',
            headers: { cookie: `railtape_session=${session}`, ...SAME_ORIGIN },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ text: `${TRIP_TEXT} #${n++}` }) }),
            onResponse: (status, body) => {
              if (status >= 200 && status < 300) acknowledged.add(JSON.parse(body).share.id);
            },
          },
        ],
      });
    const victim = servers[1] as RailtapeProcess;
    const runs = [load(urls[0] ?? ''), load(urls[1] ?? '')];
    try {
      // Kill once the load is real: a share takes longer on a busy machine, so wait for acknowledgements,
      // not for a fixed time.
      const until = Date.now() + 3_000;
      while (acknowledged.size < 12 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      await Promise.all(runs);
      expect(acknowledged.size).toBeGreaterThanOrEqual(12);
      const { rows } = await sql.query('select count(*)::int as n from shares where id = any($1)', [
        [...acknowledged],
      ]);
      expect(rows[0].n).toBe(acknowledged.size);
    } finally {
      // Render would start a new instance in its place (and the next tests need two servers).
      await Promise.allSettled(runs);
      await startServer(Number(new URL(urls[1] ?? '').port));
    }
  }, 60_000);

  it('a Postgres restart during load: /readyz says not ready while it is gone, and the app heals', async () => {
    const url = urls[0] ?? '';
    db.stop();
    const down = await fetch(`${url}/readyz`, { dispatcher: fresh() });
    expect(down.status).toBe(503);
    const failing = await api(url, '/api/trips', { dispatcher: fresh() });
    expect(failing.status).toBe(503);
    expect(((await failing.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    expect(failing.headers.get('retry-after')).toBe('5');
    db.start();
    await waitUntilReady(`${url}/readyz`, 15_000);
    const res = await api(url, '/api/shares', {
      method: 'POST',
      body: JSON.stringify({ text: `${TRIP_TEXT} after the restart` }),
    });
    expect(res.status).toBe(201);
    expect(servers[0]?.child.exitCode).toBeNull();
  }, 60_000);

  // Each server keeps its rendered trip answers, following the other's writes through the change
  // feed (or, while the feed reconnects after the restart above, through the version query).
  it('a trip deleted on one server is gone on the other, its kept answer included', async () => {
    const pairs: Array<[writer: string, reader: string]> = [
      [urls[0] ?? '', urls[1] ?? ''],
      [urls[1] ?? '', urls[0] ?? ''],
    ];
    for (const [writer, reader] of pairs) {
      const shared = await api(writer, '/api/shares', {
        method: 'POST',
        body: JSON.stringify({ text: `${TRIP_TEXT} read elsewhere ${writer}` }),
      });
      const { trip } = (await shared.json()) as { trip: { id: string } };
      // Read (and kept) on the other server first.
      expect((await api(reader, `/api/trips/${trip.id}`)).status).toBe(200);
      expect((await api(reader, `/api/trips/${trip.id}`)).status).toBe(200);
      expect((await api(writer, `/api/trips/${trip.id}`, { method: 'DELETE' })).status).toBe(200);
      await expect
        .poll(async () => (await api(reader, `/api/trips/${trip.id}`)).status, {
          timeout: 5_000,
          interval: 10,
        })
        .toBe(404);
    }
  });

  it('signing out on one server ends the session on the other (Redis cache included)', async () => {
    expect((await api(urls[0] ?? '', '/api/me')).status).toBe(200);
    const out = await api(urls[1] ?? '', '/api/auth/sign-out', { method: 'POST' });
    expect(out.status).toBe(200);
    expect((await api(urls[0] ?? '', '/api/me')).status).toBe(401);
  });
});
