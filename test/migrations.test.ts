import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, MIGRATIONS_FOLDER, openDatabase } from '../src/db/client.js';
import { createPlaylistStore } from '../src/db/playlists.js';
import * as schema from '../src/db/schema.js';
import { createShareStore } from '../src/db/shares.js';
import { createTripStore } from '../src/db/trips.js';
import { createScratchPostgres, POSTGRES_URL, postgresAvailable } from './support/databases.js';

/**
 * Migrations policy (docs/operations.md): every migration must keep the previous release working and
 * its rows readable. For each point k in the history, replay the first k releases (each one's migrations,
 * then the rows it wrote: test/migrations/<tag>.seed.sql), then apply the rest and read them back.
 */

interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}
const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as Journal;
const seedFile = (tag: string) => new URL(`./migrations/${tag}.seed.sql`, import.meta.url);
const tmpDirs: string[] = [];

/** A copy of the migrations folder that stops after the first `count` migrations. */
function historyUpTo(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'railtape-migrations-'));
  tmpDirs.push(dir);
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const truncated = { ...journal, entries: journal.entries.slice(0, count) };
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(truncated));
  return dir;
}

type Exec = (statement: string) => Promise<void>;
type Migrate = (folder: string) => Promise<void>;

/**
 * Replays the first `count` releases: each release's migrations, then the rows that release wrote, so
 * every seed meets the schema it was written for.
 */
async function replayReleases(count: number, migrate: Migrate, exec: Exec): Promise<number> {
  let seeded = 0;
  for (let i = 1; i <= count; i++) {
    await migrate(historyUpTo(i));
    const file = seedFile(journal.entries[i - 1]!.tag);
    if (existsSync(file)) {
      await exec(readFileSync(file, 'utf8'));
      seeded++;
    }
  }
  return seeded;
}

afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('every released migration has a seed describing the rows its release wrote', () => {
    for (const entry of journal.entries) expect(existsSync(seedFile(entry.tag)), entry.tag).toBe(true);
  });

  describe('on PGlite', () => {
    it('apply to an empty database, twice (idempotent)', async () => {
      const client = await PGlite.create();
      const db = drizzlePglite(client);
      await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
      await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
      const tables = await client.query<{ n: number }>(
        "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
      );
      expect(tables.rows[0]?.n).toBe(15);
      await client.close();
    });

    for (let k = 1; k <= journal.entries.length; k++) {
      it(`keeps the rows written after ${journal.entries[k - 1]?.tag} readable after all migrations`, async () => {
        const client = await PGlite.create();
        const db = drizzlePglite(client);
        const migrate: Migrate = (folder) => migratePglite(db, { migrationsFolder: folder });
        expect(await replayReleases(k, migrate, (s) => client.exec(s).then(() => {}))).toBe(k);
        await migrate(MIGRATIONS_FOLDER);
        const user = '00000000-0000-4000-8000-0000000000aa';
        // Read through the current repositories: the app, not just SQL, must understand the old rows.
        const current = drizzlePglite(client, { schema }) as unknown as Database;
        const sharesRead = await createShareStore(current).list(user);
        expect(sharesRead.map((s) => s.status).sort()).toEqual(['failed', 'parsed']);
        const tripsRead = await createTripStore(current).list(user);
        expect(tripsRead[0]?.trip.origin).toBe('Zürich HB');
        // Of the playlists an older release stored for one trip, the newest stays the current one.
        const playlist = await createPlaylistStore(current).latestForTrip(
          '20000000-0000-4000-8000-000000000001',
        );
        expect(playlist?.seed).toBe(7);
        const all = await client.query<{ n: number }>(
          'select count(*)::int as n from playlists where trip_id = $1',
          ['20000000-0000-4000-8000-000000000001'],
        );
        expect(all.rows[0]?.n).toBe(1);
        // Every content shared has its de-duplication key (backfilled, or written by its release),
        // and the app finds the share behind it.
        const keys = await client.query<{ share_id: string }>(
          'select share_id from share_keys where user_id = $1 order by content_hash',
          [user],
        );
        expect(keys.rows.map((r) => r.share_id)).toEqual([
          '10000000-0000-4000-8000-000000000001',
          '10000000-0000-4000-8000-000000000002',
        ]);
        const again = await createShareStore(current).receive(
          {
            userId: user,
            payload: { title: 'Zürich → Bern', text: 'https://www.sbb.ch/de/trip?tripId=3HA.x', url: null },
            contentHash: 'hash-2',
            receivedAt: new Date('2026-11-30T12:00:00Z'),
          },
          new Date(0),
          60_000,
        );
        expect(again).toMatchObject({
          duplicate: true,
          share: { id: '10000000-0000-4000-8000-000000000002' },
        });
        const bbKeys = await client.query<{ n: number }>(
          "select count(*)::int as n from share_keys where user_id = '00000000-0000-4000-8000-0000000000bb'",
        );
        // The Spotify traveller (seeded from 0001 on) has a backfilled key, and one more from 0002 on.
        expect(bbKeys.rows[0]?.n).toBe((k >= 2 ? 1 : 0) + (k >= 3 ? 1 : 0));
        await client.close();
      });
    }

    it('backfills the key of each content with its newest share, as releases before 0002 left duplicates', async () => {
      const index = journal.entries.findIndex((e) => e.tag === '0002_share_dedupe');
      const client = await PGlite.create();
      const db = drizzlePglite(client);
      await migratePglite(db, { migrationsFolder: historyUpTo(index) });
      await client.exec(`
        insert into users (id, display_name) values ('00000000-0000-4000-8000-0000000000cc', 'Twice');
        insert into shares (id, user_id, text, content_hash, received_at) values
          ('30000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000cc', 'a', 'same', '2026-11-30T08:00:00Z'),
          ('30000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000cc', 'a', 'same', '2026-11-30T09:00:00Z'),
          ('30000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-0000000000cc', 'a', 'same', '2026-11-30T07:00:00Z'),
          ('30000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-0000000000cc', 'b', 'other', '2026-11-30T07:00:00Z');`);
      await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
      const keys = await client.query<{ content_hash: string; share_id: string; received_at: Date }>(
        'select content_hash, share_id, received_at from share_keys order by content_hash',
      );
      expect(keys.rows.map((r) => [r.content_hash, r.share_id, r.received_at.toISOString()])).toEqual([
        ['other', '30000000-0000-4000-8000-000000000004', '2026-11-30T07:00:00.000Z'],
        ['same', '30000000-0000-4000-8000-000000000002', '2026-11-30T09:00:00.000Z'],
      ]);
      await client.close();
    });
  });

  describe.skipIf(!postgresAvailable)(
    postgresAvailable
      ? 'on the Postgres server'
      : `on the Postgres server (skipped: not reachable at ${new URL(POSTGRES_URL).host})`,
    () => {
      it('apply to an empty database and to one holding the previous release rows', async () => {
        for (let k = 1; k <= journal.entries.length; k++) {
          const scratch = await createScratchPostgres('railtape_mig');
          const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
          try {
            const db = drizzlePg(pool);
            await replayReleases(
              k,
              (folder) => migratePg(db, { migrationsFolder: folder }),
              async (s) => {
                await pool.query(s);
              },
            );
            await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
            await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
            const shares = await db.execute(
              sql`select status from shares where user_id = '00000000-0000-4000-8000-0000000000aa' order by status`,
            );
            expect(shares.rows.map((r) => r.status)).toEqual(['failed', 'parsed']);
            const keys = await db.execute(
              sql`select share_id from share_keys where user_id = '00000000-0000-4000-8000-0000000000aa' order by content_hash`,
            );
            expect(keys.rows.map((r) => r.share_id)).toEqual([
              '10000000-0000-4000-8000-000000000001',
              '10000000-0000-4000-8000-000000000002',
            ]);
          } finally {
            await pool.end();
            await scratch.drop();
          }
        }
      });
    },
  );
});

describe('pending migrations', () => {
  it('lists every migration before `migrate` and none after, on PGlite', async () => {
    const handle = await openDatabase({ kind: 'pglite' });
    expect(await handle.pendingMigrations()).toEqual(journal.entries.map((e) => e.tag));
    await handle.migrate();
    expect(await handle.pendingMigrations()).toEqual([]);
    await handle.close();
  });

  it.skipIf(!postgresAvailable)('lists them on the Postgres server too', async () => {
    const scratch = await createScratchPostgres('railtape_pending');
    const handle = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 1 });
    try {
      expect(await handle.pendingMigrations()).toHaveLength(journal.entries.length);
      await handle.migrate();
      expect(await handle.pendingMigrations()).toEqual([]);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  });
});
