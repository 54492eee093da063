import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { seedFor } from './pglite-seed.js';
import * as schema from './schema.js';

/** The one database type the repositories see, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /** Migrations in this release that the database has not applied yet. */
  pendingMigrations(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Resolves to <repo>/drizzle from both src/db (tsx) and dist/db (built).
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

interface Journal {
  entries: Array<{ tag: string; when: number }>;
}

/**
 * drizzle records each applied migration with the journal's `when`; a migration is applied when the
 * newest recorded `created_at` is at or past its `when` (the rule drizzle's migrator uses).
 */
async function pendingIn(db: Database): Promise<string[]> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as Journal;
  let newest = 0;
  try {
    const result = await db.execute(sql`select max(created_at) as newest from drizzle.__drizzle_migrations`);
    newest = Number(
      (result as unknown as { rows: Array<{ newest: string | number | null }> }).rows[0]?.newest ?? 0,
    );
  } catch {
    // No migrations table yet: nothing is applied.
  }
  return journal.entries.filter((e) => e.when > newest).map((e) => e.tag);
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  /** `dataDir` undefined: in memory (tests). `loadDataDir`: start from this dumped data dir (a tarball). */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob | File };

export function databaseTarget(config: {
  url: string | undefined;
  dataDir: string;
  poolSize?: number;
}): DatabaseTarget {
  return config.url
    ? { kind: 'postgres', url: config.url, ...(config.poolSize ? { maxConnections: config.poolSize } : {}) }
    : { kind: 'pglite', dataDir: resolve(config.dataDir, 'pglite') };
}

/**
 * The embedded Postgres's settings: PGlite's own start parameters plus a smaller buffer cache. Postgres
 * allocates and touches all of `shared_buffers` at start, inside PGlite's WebAssembly heap, which can
 * never shrink; PGlite's default of 128 MB is about 120 MB of the process's resident memory before the
 * first request. 16 MB (2,048 pages) holds this app's working set many times over, and a miss is a read
 * from the OS page cache (docs/benchmarks.md, "Embedded database memory"; `bench/pglite-memory.ts`).
 * Measured and left alone: `initialMemory` (the module declares 128 MB, PGlite refuses less, untouched
 * pages cost nothing), `max_connections` (≈ 2 MB), `work_mem`/`wal_buffers` (nothing at this load), and
 * `relaxedDurability` (a no-op on the Node filesystem, whose writes reach the kernel before a query
 * returns).
 */
export const PGLITE_SETTINGS: readonly string[] = ['shared_buffers=16MB'];

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.maxConnections ?? 5,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
      pendingMigrations: () => pendingIn(db),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => pool.end(),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const loadDataDir = target.loadDataDir ?? (target.dataDir ? seedFor(target.dataDir) : undefined);
  const client = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])],
  });
  const pglite = drizzlePglite(client, { schema });
  const db = pglite as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(pglite, { migrationsFolder: MIGRATIONS_FOLDER }),
    pendingMigrations: () => pendingIn(db),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
