import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, MIGRATIONS_FOLDER, openDatabase } from '../../src/db/client.js';

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

/**
 * PgBouncer in transaction mode in front of that server (`.ci/run` starts one on 6432), as Supabase's
 * 6543 pooler and most hosted poolers run; test/pooler.test.ts goes through it.
 */
export const POOLER_URL = process.env.TEST_POOLER_URL ?? 'postgres://postgres@127.0.0.1:6432/test';
export const poolerAvailable = postgresAvailable && (await answers(POOLER_URL));

/** The same database as `url` (a scratch database's), reached through the pooler. */
export function viaPooler(url: string): string {
  const pooler = new URL(POOLER_URL);
  pooler.pathname = new URL(url).pathname;
  return pooler.toString();
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/**
 * A throwaway database on the Postgres server, so parallel test files never see each other's rows.
 * Empty unless `template` names a database to copy (see `createPostgresTemplate`).
 */
export async function createScratchPostgres(
  prefix = 'railtape_t',
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(template ? `create database ${name} template ${template}` : `create database ${name}`);
  return {
    url: withDatabase(POSTGRES_URL, name),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

// ---------------------------------------------------------------------------------------------------
// Migrated templates. Creating a PGlite runs initdb (2-3 s of WASM on this machine) and then the
// migrations; loading a dump of an already migrated one takes a fraction of that. `global-setup.ts`
// makes both templates before the workers start and hands them over through `provide`.
// ---------------------------------------------------------------------------------------------------

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a migrated PGlite data dir (`dumpDataDir('none')`), see `ensurePgliteTemplate`. */
    pgliteTemplateFile: string | undefined;
    /** A migrated database on the Postgres server that scratch databases copy. */
    postgresTemplate: string | undefined;
  }
}

const POSTGRES_TEMPLATE_PREFIX = 'railtape_tpl';

/** Writes a migrated PGlite data dir to `file`, for `testDatabases` to load instead of migrating. */
async function writePgliteTemplate(file: string): Promise<void> {
  const handle = await openDatabase({ kind: 'pglite' });
  try {
    await handle.migrate();
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const tarball = await client.dumpDataDir('none');
    await writeFile(file, new Uint8Array(await tarball.arrayBuffer()));
  } finally {
    await handle.close();
  }
}

const PGLITE_TEMPLATE_PREFIX = 'railtape-pglite-template-';

function packageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (dir !== dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    }
    dir = dirname(dir);
  }
  return '?';
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * What the template depends on: the migrations, the code that applies them, and the versions of
 * PGlite (its data-dir format) and drizzle (its migrator).
 */
function pgliteTemplateKey(): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(MIGRATIONS_FOLDER)) {
    hash
      .update(`${relative(MIGRATIONS_FOLDER, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  }
  const here = fileURLToPath(import.meta.url);
  for (const file of [here, join(dirname(here), '../../src/db/client.ts')]) hash.update(readFileSync(file));
  hash.update(`${packageVersion('@electric-sql/pglite')}\0${packageVersion('drizzle-orm')}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The migrated PGlite template as a tarball in the temp dir, named by what it depends on, so runs
 * after the first (and single-file runs) skip building it. Written under a temporary name and
 * renamed, so a concurrent run never reads half a file; other templates (and leftovers of
 * interrupted writes) untouched for a day are removed.
 */
export async function ensurePgliteTemplate(dir = tmpdir()): Promise<string> {
  const key = pgliteTemplateKey();
  const file = join(dir, `${PGLITE_TEMPLATE_PREFIX}${key}.tar`);
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(PGLITE_TEMPLATE_PREFIX) || name === basename(file)) continue;
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > 24 * 3600_000) rmSync(path, { force: true });
    } catch {
      // Another run removed it first.
    }
  }
  if (existsSync(file)) {
    // In use: keep it out of the clean-up above for another day.
    const now = new Date();
    utimesSync(file, now, now);
    return file;
  }
  const partial = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  try {
    await writePgliteTemplate(partial);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return file;
}

/**
 * A migrated database on the Postgres server for `create database … template`. The name carries the
 * creation time so a later run can drop what an interrupted run left behind without touching the
 * template of a run still going.
 */
export async function createPostgresTemplate(): Promise<{ name: string; drop(): Promise<void> }> {
  await dropStalePostgresTemplates();
  const name = `${POSTGRES_TEMPLATE_PREFIX}_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const drop = () => adminQuery(`drop database if exists ${name} with (force)`);
  try {
    const handle = await openDatabase({
      kind: 'postgres',
      url: withDatabase(POSTGRES_URL, name),
      maxConnections: 1,
    });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await drop();
    throw err;
  }
  return { name, drop };
}

async function dropStalePostgresTemplates(maxAgeSeconds = 24 * 3600): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${POSTGRES_TEMPLATE_PREFIX}\\_%`],
    );
    const now = Date.now() / 1000;
    for (const { datname } of rows) {
      const created = Number(datname.split('_')[2]);
      if (Number.isFinite(created) && now - created > maxAgeSeconds) {
        await admin.query(`drop database if exists ${datname} with (force)`);
      }
    }
  } finally {
    await admin.end();
  }
}

/** `inject` outside a vitest worker (or a config without the global setup) has nothing to give. */
function provided<K extends 'pgliteTemplateFile' | 'postgresTemplate'>(key: K): string | undefined {
  try {
    return inject(key);
  } catch {
    return undefined;
  }
}

let pgliteTemplate: Promise<Blob | undefined> | undefined;
/** The template tarball, read once per test file; undefined without the global setup. */
function loadPgliteTemplate(): Promise<Blob | undefined> {
  pgliteTemplate ??= (async () => {
    const file = provided('pgliteTemplateFile');
    if (!file) return undefined;
    try {
      return new Blob([new Uint8Array(await readFile(file))]);
    } catch {
      // Removed under us (another checkout's clean-up): migrate afresh instead.
      return undefined;
    }
  })();
  return pgliteTemplate;
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
      const loadDataDir = await loadPgliteTemplate();
      if (loadDataDir) return openDatabase({ kind: 'pglite', loadDataDir });
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
      const template = provided('postgresTemplate');
      const scratch = await createScratchPostgres('railtape_t', template);
      const handle = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 3 });
      if (!template) await handle.migrate();
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
