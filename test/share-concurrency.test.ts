import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { createStores, type Stores } from '../src/db/stores.js';
import { AppError } from '../src/domain/errors.js';
import { demoMusic } from '../src/music/source.js';
import { createServices, type Services } from '../src/services.js';
import type { ResolveLink } from '../src/share/service.js';
import { fixtureById } from './fixtures.js';
import { createScratchPostgres, testDatabases } from './support/databases.js';

/**
 * "One share per user and content per 24 hours" held by the database, and retries that respect the
 * parse worker's lease: identical shares sent at once (on one handle, and on Postgres through two
 * handles as two servers would) make one share, one trip and one playlist.
 */

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const shortLink = fixtureById('c-sbb-short-en-test-string').text ?? '';
const WORKER_LEASE_MS = 5 * 60_000;

function servicesOn(stores: Stores, clock: { now: Date }, resolveLink?: ResolveLink): Services {
  return createServices(stores, {
    resolveLink:
      resolveLink ??
      (async () => {
        throw new AppError('resolution_failed', 'No short links in this test.');
      }),
    clock: () => clock.now,
    music: demoMusic(),
  });
}

async function count(db: Database, table: 'shares' | 'trips' | 'playlists' | 'share_keys', userId: string) {
  const result = await db.execute(
    sql`select count(*)::int as n from ${sql.identifier(table)} where user_id = ${userId}`,
  );
  return (result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n;
}

async function expectOneOfEach(db: Database, userId: string) {
  expect(await count(db, 'shares', userId)).toBe(1);
  expect(await count(db, 'trips', userId)).toBe(1);
  expect(await count(db, 'playlists', userId)).toBe(1);
  expect(await count(db, 'share_keys', userId)).toBe(1);
}

for (const target of testDatabases) {
  const title = `concurrent shares on ${target.name}${target.skipReason ? ` (${target.skipReason})` : ''}`;
  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let database: DatabaseHandle;
    let stores: Stores;
    let userId: string;
    beforeAll(async () => {
      database = await target.open();
      stores = createStores(database.db);
      userId = (await stores.users.ensureLocalUser()).id;
    });
    afterAll(async () => {
      await database?.close();
    });

    it('20 identical shares at once make one share, one trip and one playlist', async () => {
      const clock = { now: new Date('2026-11-24T09:00:00Z') };
      const { shares } = servicesOn(stores, clock);
      const payload = { title: null, text: tripLink, url: null };
      const results = await Promise.all(
        Array.from({ length: 20 }, () => shares.receiveShare(userId, payload)),
      );
      await expectOneOfEach(database.db, userId);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(new Set(results.map((r) => r.share.id)).size).toBe(1);
      const winner = results.find((r) => !r.duplicate);
      expect(winner?.share).toMatchObject({ status: 'parsed', lockedUntil: null });
    });

    it('a retry while the worker holds the lease does not process the share', async () => {
      const clock = { now: new Date('2026-11-24T10:00:00Z') };
      let calls = 0;
      const { shares } = servicesOn(stores, clock, async () => {
        calls++;
        if (calls === 1) throw new AppError('resolution_failed', 'The short-link host did not answer.');
        return tripLink;
      });
      const first = await shares.receiveShare(userId, { title: null, text: shortLink, url: null });
      expect(first.share).toMatchObject({ status: 'needs_resolution', lockedUntil: null });
      // The worker claims it and is still at work.
      clock.now = new Date(clock.now.getTime() + 10 * 60_000);
      const claimed = await stores.shares.claimDue(clock.now, 10, WORKER_LEASE_MS);
      expect(claimed.map((s) => s.id)).toEqual([first.share.id]);
      const during = await Promise.all([
        shares.retryShare(userId, first.share.id),
        shares.retryShare(userId, first.share.id),
      ]);
      expect(during.map((r) => r?.share.status)).toEqual(['needs_resolution', 'needs_resolution']);
      expect(calls).toBe(1);
      expect(await stores.trips.findByShare(first.share.id)).toBeUndefined();
      // The worker's lease ran out (it died): a retry processes the share once and releases it.
      clock.now = new Date(clock.now.getTime() + WORKER_LEASE_MS + 1_000);
      const after = await shares.retryShare(userId, first.share.id);
      expect(after?.share).toMatchObject({ status: 'parsed', lockedUntil: null });
      expect(after?.trip?.shareId).toBe(first.share.id);
      expect(calls).toBe(2);
    });
  });
}

const postgres = testDatabases.find((t) => t.name === 'postgres');
const twoServers = `concurrent shares through two servers on one Postgres database${
  postgres?.skipReason ? ` (${postgres.skipReason})` : ''
}`;
describe.skipIf(!postgres || postgres.skipReason !== undefined)(twoServers, () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  beforeAll(async () => {
    scratch = await createScratchPostgres('railtape_cc');
    a = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 10 });
    await a.migrate();
    b = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 10 });
    // Open every pooled connection first: otherwise connecting would space the calls out and hide the race.
    for (const handle of [a, b]) {
      await Promise.all(Array.from({ length: 10 }, () => handle.db.execute(sql`select pg_sleep(0.05)`)));
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.drop();
  });

  it('20 identical shares split over two servers make one share, one trip and one playlist', async () => {
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    const storesA = createStores(a.db);
    const storesB = createStores(b.db);
    const userId = (await storesA.users.ensureLocalUser()).id;
    const servers = [servicesOn(storesA, clock).shares, servicesOn(storesB, clock).shares];
    const payload = { title: 'Trip', text: tripLink, url: null };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => servers[i % 2]!.receiveShare(userId, payload)),
    );
    await expectOneOfEach(a.db, userId);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.share.id)).size).toBe(1);
  });
});
