import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';

/** The machine's Postgres server; CI and the dev machines run one, a fresh laptop may not. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresAvailable = await answers(POSTGRES_URL);
// CI sets this: there a missing service is a broken machine, not a reason to skip.
if (!postgresAvailable && process.env.RAILTAPE_REQUIRE_SERVICES) {
  throw new Error(
    `RAILTAPE_REQUIRE_SERVICES is set but Postgres does not answer at ${new URL(POSTGRES_URL).host}`,
  );
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A throwaway database on the Postgres server, so parallel test files never see each other's rows. */
export async function createScratchPostgres(
  prefix = 'railtape_t',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(POSTGRES_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  name: string;
  /** Set when this database cannot run here; the describe title carries it so the skip is visible. */
  skipReason: string | undefined;
  open(): Promise<DatabaseHandle>;
}

/** PGlite always; the Postgres server when it answers. Each `open()` gives a fresh, migrated database. */
export const testDatabases: TestDatabase[] = [
  {
    name: 'pglite',
    skipReason: undefined,
    open: async () => {
      const handle = await openDatabase({ kind: 'pglite' });
      await handle.migrate();
      return handle;
    },
  },
  {
    name: 'postgres',
    skipReason: postgresAvailable
      ? undefined
      : `skipped: Postgres not reachable at ${new URL(POSTGRES_URL).host}`,
    open: async () => {
      const scratch = await createScratchPostgres();
      const handle = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 3 });
      await handle.migrate();
      return {
        ...handle,
        close: async () => {
          await handle.close();
          await scratch.drop();
        },
      };
    },
  },
];
