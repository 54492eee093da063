import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, MIGRATIONS_FOLDER, openDatabase } from '../src/db/client.js';
import { createStores, type Stores } from '../src/db/stores.js';
import { AppError } from '../src/domain/errors.js';
import { demoMusic } from '../src/music/source.js';
import { createServices } from '../src/services.js';
import { type PushServiceFake, startPushServiceFake } from './fakes/push-service.js';
import { fixtureById } from './fixtures.js';
import { createScratchPostgres, POOLER_URL, poolerAvailable, viaPooler } from './support/databases.js';
import { drainWithWorkers, seedDueReminders } from './support/reminder-load.js';

/**
 * The app through PgBouncer in transaction mode (what Supabase's 6543 pooler and most hosted poolers
 * run): every transaction may get another server connection, so nothing may rely on session state.
 * The app holds none (no session advisory lock, no `SET`, no `LISTEN`; migrations lock with
 * `pg_advisory_xact_lock`), except the trip read's named prepared statements, which
 * `DATABASE_PREPARED_STATEMENTS=false` turns into unnamed ones: these tests run with it, as
 * docs/operations.md tells an operator to. `.ci/run` starts the pooler on 127.0.0.1:6432.
 */

const poolerHost = new URL(POOLER_URL).host;
// CI sets this: there a pooler that does not answer is a broken machine, not a reason to skip.
if (!poolerAvailable && process.env.RAILTAPE_REQUIRE_SERVICES) {
  throw new Error(`RAILTAPE_REQUIRE_SERVICES is set but PgBouncer does not answer at ${poolerHost}`);
}
const title = poolerAvailable
  ? 'through PgBouncer in transaction mode'
  : `through PgBouncer in transaction mode (skipped: no pooler answers at ${poolerHost}; .ci/run starts one)`;

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
  entries: Array<{ tag: string }>;
};
const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';

/** Two app processes' connection pools on one database, both through the pooler. */
async function twoServers(scratchUrl: string): Promise<[DatabaseHandle, DatabaseHandle]> {
  const url = viaPooler(scratchUrl);
  return [
    await openDatabase({ kind: 'postgres', url, maxConnections: 10 }),
    await openDatabase({ kind: 'postgres', url, maxConnections: 10 }),
  ];
}

const poolerStores = (handle: DatabaseHandle): Stores =>
  createStores(handle.db, { preparedStatements: false });

describe.skipIf(!poolerAvailable)(title, () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let a: DatabaseHandle;
  let b: DatabaseHandle;

  beforeAll(async () => {
    scratch = await createScratchPostgres('railtape_pool');
    [a, b] = await twoServers(scratch.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.drop();
  });

  it('is PgBouncer, pooling per transaction (the mode these guarantees are about)', async () => {
    const admin = new URL(POOLER_URL);
    admin.pathname = '/pgbouncer';
    const console = new pg.Client({ connectionString: admin.toString() });
    await console.connect();
    try {
      // PgBouncer's admin console speaks only the simple protocol: no parameters.
      const config = await console.query<{ key: string; value: string }>('show config');
      expect(config.rows.find((r) => r.key === 'pool_mode')?.value).toBe('transaction');
    } finally {
      await console.end();
    }
  });

  it('migrates an empty database from two deploys at once: each migration once, none pending', async () => {
    await Promise.all([a.migrate(), b.migrate()]);
    const applied = await a.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect((applied as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(journal.entries.length);
    expect(await b.pendingMigrations()).toEqual([]);
    // And again: nothing to do.
    await a.migrate();
    expect(await a.pendingMigrations()).toEqual([]);
  });

  it('20 identical shares over two servers make one share, one trip and one playlist; the trip reads back', async () => {
    const clock = () => new Date('2026-11-24T09:00:00Z');
    const [storesA, storesB] = [poolerStores(a), poolerStores(b)];
    const userId = (await storesA.users.ensureLocalUser()).id;
    const services = [storesA, storesB].map((stores) =>
      createServices(stores, {
        resolveLink: async () => {
          throw new AppError('resolution_failed', 'No short links in this test.');
        },
        clock,
        music: demoMusic(),
      }),
    );
    const payload = { title: 'Trip', text: tripLink, url: null };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => services[i % 2]!.shares.receiveShare(userId, payload)),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.share.id)).size).toBe(1);
    const counts = await a.db.execute(sql`
      select (select count(*) from shares where user_id = ${userId})::int as shares,
             (select count(*) from trips where user_id = ${userId})::int as trips,
             (select count(*) from playlists where user_id = ${userId})::int as playlists`);
    expect((counts as unknown as { rows: unknown[] }).rows[0]).toEqual({ shares: 1, trips: 1, playlists: 1 });

    // The trip screen's read, unnamed, from many connections at once: each may land on another server
    // connection, which a named statement prepared on one would not find.
    const tripId = (await storesA.trips.findByShare(results[0]!.share.id))?.id ?? '';
    const reads = await Promise.all(
      Array.from({ length: 30 }, (_, i) => [storesA, storesB][i % 2]!.trips.getWithPlaylist(userId, tripId)),
    );
    for (const read of reads) {
      expect(read?.trip.id).toBe(tripId);
      expect(read?.playlist?.tripId).toBe(tripId);
    }
    const versions = await Promise.all([
      storesA.trips.versionOf(userId, tripId),
      storesB.trips.versionOf(userId, tripId),
    ]);
    expect(versions[0]).toBeDefined();
    expect(versions[1]).toBe(versions[0]);
  });

  it('two parse workers claiming at once share the due shares out, each once (SKIP LOCKED + lease)', async () => {
    const [storesA, storesB] = [poolerStores(a), poolerStores(b)];
    const userId = (await storesA.users.ensureLocalUser()).id;
    for (let i = 0; i < 60; i++) {
      await storesA.shares.insert({
        userId,
        payload: { title: `stuck ${i}`, text: null, url: null },
        contentHash: `pooler-claim-${i}`,
        receivedAt: new Date(),
      });
    }
    // Past the 60 s after which a share left `received` counts as stuck.
    const now = new Date(Date.now() + 3_600_000);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => [storesA, storesB][i % 2]!.shares.claimDue(now, 15, 60_000)),
    );
    const ids = claims.flat().map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
    // Leased: a run right after finds nothing.
    expect(await storesB.shares.claimDue(now, 100, 60_000)).toEqual([]);
  });
});

describe.skipIf(!poolerAvailable)(`reminders, once, ${title}`, () => {
  let push: PushServiceFake;
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let handles: DatabaseHandle[];

  beforeAll(async () => {
    push = await startPushServiceFake();
    scratch = await createScratchPostgres('railtape_pool_rem');
    handles = await twoServers(scratch.url);
    await handles[0]!.migrate();
  }, 60_000);
  afterAll(async () => {
    for (const h of handles ?? []) await h.close();
    await scratch?.drop();
    await push?.close();
  });

  it('two reminder workers deliver each of 500 due reminders exactly once', async () => {
    const now = Date.now();
    const seeded = await seedDueReminders(handles[0]!.db, push, {
      count: 500,
      dueAt: new Date(now - 5_000),
      departsAt: new Date(now + 20 * 60_000),
    });
    const result = await drainWithWorkers(handles, push, seeded);
    expect(result.misses).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.wrongContent).toBe(0);
    const [first, second] = result.workers;
    expect(first!.sent + second!.sent).toBe(500);
    const again = await drainWithWorkers(handles.slice(0, 1), push, []);
    expect(again.workers[0]).toMatchObject({ due: 0, sent: 0 });
  }, 120_000);
});
