import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createAnalyticsStore, createOpsStore } from '../src/db/analytics.js';
import { openDatabase } from '../src/db/client.js';
import { LOCAL_USER_ID } from '../src/db/users.js';
import { createRuntime } from '../src/runtime.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import {
  createScratchPostgres,
  POSTGRES_URL,
  postgresAvailable,
  testDatabases,
} from './support/databases.js';

/**
 * The operator's figures end to end: shares received through the API carry their family, the admin
 * route answers only the accounts in `ADMIN_ACCOUNTS`, and `/healthz` shows a parser alarm. On
 * Postgres: the analytics queries go to `DATABASE_READ_URL`, not the primary.
 */

const target = testDatabases[0]!;
const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const googleSearch = fixtureById('c-gmaps-arrive-by');

describe(`operator analytics on ${target.name}`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(target, { rateLimitMax: 10_000 });
    for (const payload of [
      { text: tripLink },
      { text: fixtureById('c-text-fr').text ?? '' },
      { text: 'Treffpunkt 13:02 beim Meeting Point, bis später!' },
      {
        ...(googleSearch.url ? { url: googleSearch.url } : {}),
        ...(googleSearch.text ? { text: googleSearch.text } : {}),
      },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/shares', payload });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Two minutes later: the last minute holds none of the shares.
    t.clock.now = new Date(t.clock.now.getTime() + 120_000);
  });

  afterAll(() => t?.close());

  it('refuses everyone when no operator is configured, with a translated admin_only', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/stats',
      headers: { 'accept-language': 'de' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('admin_only');
    expect(res.json().error.message).toContain('Betreiber');
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/me' })).json()).toEqual({ admin: false });
  });

  it('answers an operator with shares by family and outcome, the wait for a playlist and music sources', async () => {
    Object.assign(t.operator, {
      analytics: createAnalyticsStore(t.database.db),
      adminAccounts: [LOCAL_USER_ID],
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/me' })).json()).toEqual({ admin: true });
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/stats?since=1d' });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json();
    const family = (name: string) => stats.shares.byFamily.find((f: { family: string }) => f.family === name);
    expect(family('sbb_trip_link')).toMatchObject({ total: 1, parsed: 1, failed: 0 });
    expect(family('google_maps')).toMatchObject({ total: 1, needsResolution: 1 });
    expect(family('text')).toMatchObject({ total: 2, parsed: 1, failed: 1 });
    expect(Object.keys(family('text').failedBy)).toHaveLength(1);
    expect(stats.shares.perDay.map((d: { day: string }) => d.day)).toContain('2026-11-24');
    expect(stats.shareToPlaylist.playlists).toBe(2);
    expect(stats.shareToPlaylist.p95Seconds).toBeGreaterThanOrEqual(0);
    expect(stats.playlistsBySource).toEqual([{ provider: 'demo', playlists: 2, synced: 0, syncFailed: 0 }]);
    expect(stats.fitErrors.playlists).toBe(2);
    // The range bounds everything: a minute ago holds none of them.
    const minute = (await t.app.inject({ method: 'GET', url: '/api/admin/stats?since=1m' })).json();
    expect(minute.shares.byFamily).toEqual([]);
  });

  it('refuses a since it cannot read or that reaches past 90 days', async () => {
    for (const since of ['abc', '7', '91d', '0d']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/admin/stats?since=${since}` });
      expect(res.statusCode, since).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });

  it('shows the parser alarms of the last hour in /healthz, without failing the check', async () => {
    const ops = createOpsStore(t.database.db);
    await ops.raiseParserAlarm({
      hour: new Date('2026-11-24T09:00:00Z'),
      family: 'sbb_app_link',
      reason: 'failure_rate',
      total: 12,
      failed: 11,
      baselineTotal: 300,
      baselineFailed: 6,
      exampleShareIds: ['10000000-0000-4000-8000-000000000002'],
      raisedAt: t.clock.now,
    });
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
    expect(res.json().alarms).toEqual([
      {
        family: 'sbb_app_link',
        reason: 'failure_rate',
        hour: '2026-11-24T09:00:00.000Z',
        failed: 11,
        total: 12,
      },
    ]);
    // Share ids are for the operator, not for a public probe.
    expect(res.body).not.toContain('10000000-0000-4000-8000-000000000002');
  });
});

const replicaTitle = postgresAvailable
  ? 'analytics read DATABASE_READ_URL'
  : `analytics read DATABASE_READ_URL (skipped: Postgres not reachable at ${new URL(POSTGRES_URL).host})`;

describe.skipIf(!postgresAvailable)(replicaTitle, () => {
  let primary: Awaited<ReturnType<typeof createScratchPostgres>>;
  let replica: Awaited<ReturnType<typeof createScratchPostgres>>;

  beforeAll(async () => {
    primary = await createScratchPostgres('railtape_primary');
    replica = await createScratchPostgres('railtape_replica');
    for (const url of [primary.url, replica.url]) {
      const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 1 });
      await handle.migrate();
      await handle.close();
    }
    // Only the "replica" holds these rows: whatever sees them read the replica.
    const client = new pg.Client({ connectionString: replica.url });
    await client.connect();
    await client.query(`
      insert into users (id, display_name) values ('${LOCAL_USER_ID}', 'Local');
      insert into shares (user_id, url, content_hash, status, family, received_at)
        select '${LOCAL_USER_ID}', 'https://www.sbb.ch/x' || i, 'h' || i, 'parsed', 'sbb_trip_link', now() - i * interval '1 minute'
        from generate_series(1, 7) i;
      insert into api_usage_hourly (hour, service, calls) values (date_trunc('hour', now()), 'spotify', 5);`);
    await client.end();
  }, 60_000);

  afterAll(async () => {
    await primary?.drop();
    await replica?.drop();
  });

  it('sends every analytics query to the replica and writes the usage rollup to the primary', async () => {
    const runtime = await createRuntime(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: primary.url, DATABASE_READ_URL: replica.url }),
    );
    const until = new Date(Date.now() + 60_000);
    const range = { since: new Date(until.getTime() - 86_400_000), until };
    try {
      const perDay = await runtime.analytics.sharesPerDay(range);
      expect(perDay.reduce((n, r) => n + r.shares, 0)).toBe(7);
      expect((await runtime.analytics.apiUsage(range)).map((u) => u.calls)).toEqual([5]);
      // The primary has none of them.
      expect(await createAnalyticsStore(runtime.database.db).sharesPerDay(range)).toEqual([]);
      runtime.usage.record('subsonic', 'rate_limited');
    } finally {
      await runtime.close();
    }
    // Closing flushed the counted call into the primary's rollup.
    const check = await openDatabase({ kind: 'postgres', url: primary.url, maxConnections: 1 });
    try {
      const rows = (await check.db.execute(
        sql`select service, calls, rate_limited from api_usage_hourly`,
      )) as unknown as { rows: Array<{ service: string; calls: number; rate_limited: number }> };
      expect(rows.rows).toEqual([{ service: 'subsonic', calls: 1, rate_limited: 1 }]);
    } finally {
      await check.close();
    }
  });

  it('reads the primary when no DATABASE_READ_URL is set', async () => {
    const runtime = await createRuntime(loadConfig({ NODE_ENV: 'test', DATABASE_URL: primary.url }));
    try {
      const until = new Date(Date.now() + 60_000);
      expect(
        await runtime.analytics.sharesPerDay({ since: new Date(until.getTime() - 86_400_000), until }),
      ).toEqual([]);
    } finally {
      await runtime.close();
    }
  });
});
