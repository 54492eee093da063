import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
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
  /**
   * A new connection of its own, outside the pool, with the pool's settings: for a session that must
   * stay one session (the trip change feed's LISTEN), named in `pg_stat_activity`. Postgres servers only.
   */
  sessionClient?: (applicationName: string) => pg.Client;
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

/** How `pg` is to connect: the URL without its TLS parameters, and the TLS options they asked for. */
export interface PostgresConnection {
  connectionString: string;
  /** `false`: plain TCP; undefined: pg's own default (plain TCP unless `PGSSLMODE` says otherwise). */
  ssl: ConnectionOptions | false | undefined;
}

const SSL_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'] as const;

/**
 * Reads `sslmode`, `sslrootcert`, `sslcert` and `sslkey` from a connection string the way libpq does,
 * so one DATABASE_URL means the same to the app as to `psql`, `pg_dump` and `pg_restore` (the backup
 * drill hands them the same URL). pg 8's own parser differs: it treats `require` and `verify-ca` as
 * `verify-full` (a provider's private CA, as Supabase's and Aiven's, then fails with "self-signed
 * certificate in certificate chain"), and its libpq mode needs `uselibpqcompat=true` in the URL, which
 * libpq refuses as an unknown parameter. `sslrootcert=system` (libpq 16) means the system's roots.
 * Unknown modes and pg's own `no-verify` are refused here, at start, rather than connecting in a way
 * the operator did not mean.
 */
export function postgresConnection(
  url: string,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): PostgresConnection {
  const parsed = new URL(url);
  const param = (name: (typeof SSL_PARAMS)[number]) => parsed.searchParams.get(name) ?? undefined;
  const mode = param('sslmode');
  const rootCert = param('sslrootcert');
  const cert = param('sslcert');
  const key = param('sslkey');
  for (const name of SSL_PARAMS) parsed.searchParams.delete(name);
  const connectionString = parsed.toString();

  if (mode === 'disable') return { connectionString, ssl: false };
  if (mode === undefined && !rootCert && !cert) return { connectionString, ssl: undefined };
  const known = ['allow', 'prefer', 'require', 'verify-ca', 'verify-full', undefined];
  if (!known.includes(mode)) {
    throw new Error(
      `DATABASE_URL: sslmode=${mode} is not one of disable, allow, prefer, require, verify-ca, verify-full`,
    );
  }
  const ca = rootCert && rootCert !== 'system' ? readFile(rootCert) : undefined;
  const ssl: ConnectionOptions = {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert: readFile(cert) } : {}),
    ...(key ? { key: readFile(key) } : {}),
  };
  // libpq without a mode but with a root certificate: `prefer`, which verifies the chain when a root
  // certificate is there (below). pg cannot fall back to plain TCP, so `allow`/`prefer` mean TLS.
  const effective = mode ?? 'prefer';
  if (effective === 'verify-full') return { connectionString, ssl: { ...ssl, rejectUnauthorized: true } };
  if (effective === 'verify-ca') {
    if (!ca) throw new Error('DATABASE_URL: sslmode=verify-ca needs sslrootcert=<the CA file>');
    // The chain is checked, the host name is not (libpq's verify-ca).
    return {
      connectionString,
      ssl: { ...ssl, rejectUnauthorized: true, checkServerIdentity: () => undefined },
    };
  }
  // require/prefer/allow: encrypted; with a root certificate libpq checks the chain (as verify-ca).
  if (ca) {
    return {
      connectionString,
      ssl: { ...ssl, rejectUnauthorized: true, checkServerIdentity: () => undefined },
    };
  }
  return { connectionString, ssl: { ...ssl, rejectUnauthorized: false } };
}

/** Any constant both deploys agree on; `pg_advisory_xact_lock` takes a bigint. */
const MIGRATION_LOCK = 0x7261696c74617065n; // "railtape"

/**
 * drizzle's migrator (`dialect.migrate`), in one transaction under a transaction-scoped advisory lock:
 * two deploys migrating at once (a preDeploy and a developer, two preview environments on one database)
 * wait for each other instead of both applying a migration, and the lock ends with the transaction, so
 * it works through a pooler in transaction mode (PgBouncer, Supavisor on 6543), where a session lock
 * (`pg_advisory_lock`) would be taken on one server connection and released, or leaked, on another.
 * Same table and rules as drizzle's: a migration is applied when its `when` is past the newest
 * `created_at` recorded.
 */
async function migratePostgres(db: Database): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK.toString()}::bigint)`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(sql`
      create table if not exists drizzle.__drizzle_migrations (
        id serial primary key,
        hash text not null,
        created_at bigint
      )`);
    const result = await tx.execute(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    const newest = Number(
      (result as unknown as { rows: Array<{ created_at: string | null }> }).rows[0]?.created_at ?? 0,
    );
    for (const migration of migrations) {
      if (migration.folderMillis <= newest) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const { connectionString, ssl } = postgresConnection(target.url);
    const connection = {
      connectionString,
      ...(ssl === undefined ? {} : { ssl }),
      connectionTimeoutMillis: 5_000,
    };
    const pool = new pg.Pool({ ...connection, max: target.maxConnections ?? 5, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePostgres(db),
      pendingMigrations: () => pendingIn(db),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => pool.end(),
      sessionClient: (applicationName) =>
        new pg.Client({ ...connection, keepAlive: true, application_name: applicationName }),
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
