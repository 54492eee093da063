import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createScratchPostgres,
  POSTGRES_URL,
  postgresAvailable as postgresUp,
} from '../../test/support/databases.js';
import { BackupError, backupDatabase, redactDatabaseUrl, restoreDatabase } from './backup.js';

const POSTGRES_HOST = new URL(POSTGRES_URL).host;

const PASSWORD = 'S3cr3t p@ss:w/rd%€';
const urlWithPassword = (host: string) =>
  `postgres://railtape:${encodeURIComponent(PASSWORD)}@${host}/railtape`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'railtape-backup-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/**
 * A stand-in for pg_dump/pg_restore: records its arguments and PGPASSWORD in side files, prints both to
 * stderr (as a misbehaving tool might), then either writes the --file archive or fails.
 */
async function fakeTool(
  name: string,
  outcome: 'ok' | 'fail',
): Promise<{ path: string; args: string; env: string }> {
  const path = join(work, name);
  const args = join(work, `${name}.args`);
  const env = join(work, `${name}.env`);
  const script = `#!/bin/sh
printf '%s\\n' "$@" > '${args}'
printf '%s' "$PGPASSWORD" > '${env}'
echo "connecting with args: $*" >&2
echo "password in env: $PGPASSWORD" >&2
${
  outcome === 'ok'
    ? `for a in "$@"; do case "$a" in --file=*) printf 'PGDMP-fake' > "\${a#--file=}";; esac; done
exit 0`
    : 'exit 3'
}
`;
  await writeFile(path, script);
  await chmod(path, 0o755);
  return { path, args, env };
}

describe('backup/restore guard rails', () => {
  it('refuses to run without a database URL and explains PGlite (copy DATA_DIR)', async () => {
    for (const databaseUrl of [undefined, '', '   ']) {
      const err = await backupDatabase({ databaseUrl, file: join(work, 'x.dump') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as BackupError).code).toBe('backup_needs_postgres');
      expect((err as Error).message).toMatch(/PGlite/);
      expect((err as Error).message).toMatch(/DATA_DIR/);
    }
    const err = await restoreDatabase({ databaseUrl: undefined, file: join(work, 'x.dump') }).catch(
      (e: unknown) => e,
    );
    expect((err as BackupError).code).toBe('restore_needs_postgres');
  });

  it('refuses a URL that is not postgres:// or postgresql://', async () => {
    const err = await backupDatabase({ databaseUrl: 'mysql://u:p@h/db', file: join(work, 'x.dump') }).catch(
      (e: unknown) => e,
    );
    expect((err as BackupError).code).toBe('backup_bad_database_url');
  });

  it('passes the password only through PGPASSWORD, never as an argument', async () => {
    const tool = await fakeTool('pg_dump_ok', 'ok');
    const file = join(work, 'ok.dump');
    const result = await backupDatabase({
      databaseUrl: urlWithPassword('db.internal:5432'),
      file,
      pgDumpPath: tool.path,
    });
    expect(result).toEqual({ file, bytes: 'PGDMP-fake'.length });
    const args = await readFile(tool.args, 'utf8');
    expect(args).toContain('--format=custom');
    expect(args).toContain('--no-owner');
    expect(args).toContain('--no-privileges');
    expect(args).toContain('--dbname=postgres://railtape@db.internal:5432/railtape');
    expect(args).not.toContain(PASSWORD);
    expect(args).not.toContain(encodeURIComponent(PASSWORD));
    // Decoded from the URL's percent-encoding, exactly as the user set it.
    expect(await readFile(tool.env, 'utf8')).toBe(PASSWORD);
  });

  it('also moves a ?password= query parameter into PGPASSWORD', async () => {
    const tool = await fakeTool('pg_dump_query', 'ok');
    await backupDatabase({
      databaseUrl: `postgresql://railtape@db.internal/railtape?sslmode=require&password=${encodeURIComponent(PASSWORD)}`,
      file: join(work, 'query.dump'),
      pgDumpPath: tool.path,
    });
    const args = await readFile(tool.args, 'utf8');
    expect(args).toContain('--dbname=postgresql://railtape@db.internal/railtape?sslmode=require');
    expect(args).not.toContain('password');
    expect(await readFile(tool.env, 'utf8')).toBe(PASSWORD);
  });

  it('translates node-postgres-only URL parameters into what libpq (pg_dump) accepts', async () => {
    const tool = await fakeTool('pg_dump_params', 'ok');
    const cases: Array<[string, string]> = [
      ['?sslmode=no-verify', '?sslmode=require'],
      ['?ssl=true', '?sslmode=require'],
      ['?uselibpqcompat=true&sslmode=require', '?sslmode=require'],
      [
        '?sslmode=verify-full&sslrootcert=%2Fetc%2Fsecrets%2Fca.pem',
        '?sslmode=verify-full&sslrootcert=%2Fetc%2Fsecrets%2Fca.pem',
      ],
    ];
    for (const [query, expected] of cases) {
      await backupDatabase({
        databaseUrl: `postgres://railtape@db.example.com:6543/railtape${query}`,
        file: join(work, 'params.dump'),
        pgDumpPath: tool.path,
      });
      expect(await readFile(tool.args, 'utf8')).toContain(
        `--dbname=postgres://railtape@db.example.com:6543/railtape${expected}\n`,
      );
    }
  });

  it("carries the tool's stderr in the error with the password redacted, and leaves no partial file", async () => {
    const tool = await fakeTool('pg_dump_fail', 'fail');
    const file = join(work, 'fail.dump');
    const err = await backupDatabase({
      databaseUrl: urlWithPassword('db.internal'),
      file,
      pgDumpPath: tool.path,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    const message = (err as Error).message;
    expect(message).toContain('exited with code 3');
    expect(message).toContain('password in env: [redacted]');
    expect(message).toContain('--format=custom');
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain(encodeURIComponent(PASSWORD));
    expect(JSON.stringify(err)).not.toContain(PASSWORD);
    await expect(stat(file)).rejects.toThrow();
    await expect(stat(`${file}.partial-${process.pid}`)).rejects.toThrow();
  });

  it('keeps the password out of the real pg_dump error when the server is unreachable', async () => {
    // Port 1 on loopback: nothing listens, so pg_dump fails at connect time and prints the target.
    const err = await backupDatabase({
      databaseUrl: urlWithPassword('127.0.0.1:1'),
      file: join(work, 'down.dump'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    const message = (err as Error).message;
    expect(message).toMatch(/pg_dump/);
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('says which tool is missing when it is not installed', async () => {
    const err = await backupDatabase({
      databaseUrl: urlWithPassword('db.internal'),
      file: join(work, 'missing.dump'),
      pgDumpPath: join(work, 'no-such-pg_dump'),
    }).catch((e: unknown) => e);
    expect((err as BackupError).code).toBe('pg_dump_not_found');
  });

  it('restore refuses a missing archive and uses --clean, one transaction, exit on error', async () => {
    const missing = await restoreDatabase({
      databaseUrl: urlWithPassword('db'),
      file: join(work, 'nope.dump'),
    }).catch((e: unknown) => e);
    expect((missing as BackupError).code).toBe('restore_no_archive');

    const tool = await fakeTool('pg_restore_ok', 'ok');
    const archive = join(work, 'archive.dump');
    await writeFile(archive, 'PGDMP-fake');
    await restoreDatabase({
      databaseUrl: urlWithPassword('db.internal'),
      file: archive,
      pgRestorePath: tool.path,
    });
    const args = (await readFile(tool.args, 'utf8')).trim().split('\n');
    expect(args).toEqual([
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      '--dbname=postgres://railtape@db.internal/railtape',
      archive,
    ]);
    await restoreDatabase({
      databaseUrl: urlWithPassword('db'),
      file: archive,
      pgRestorePath: tool.path,
      clean: false,
    });
    expect(await readFile(tool.args, 'utf8')).not.toContain('--clean');
  });

  it('redactDatabaseUrl hides the password for log lines', () => {
    const shown = redactDatabaseUrl(urlWithPassword('db.internal'));
    expect(shown).toBe('postgres://railtape:***@db.internal/railtape');
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url');
  });
});

// ---------------------------------------------------------------------------------------------------
// Restore drill against the real server: the procedure docs/operations.md tells operators to rehearse.

interface Row {
  id: number;
  station: string;
  note: unknown;
  departs_at: string;
}

const drillTitle = postgresUp
  ? `restore drill against Postgres at ${POSTGRES_HOST}`
  : `restore drill (skipped: Postgres not reachable at ${POSTGRES_HOST})`;

describe.skipIf(!postgresUp)(drillTitle, () => {
  const scratch: Record<'source' | 'target' | 'atomic', { url: string; drop(): Promise<void> } | undefined> =
    {
      source: undefined,
      target: undefined,
      atomic: undefined,
    };
  const urlOf = (name: keyof typeof scratch) => scratch[name]?.url ?? '';

  async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
  const rows = (db: keyof typeof scratch) =>
    withClient(urlOf(db), async (c) => {
      const r = await c.query<Row>(
        `select id, station, note, to_char(departs_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as departs_at
           from trips order by id`,
      );
      return r.rows;
    });

  beforeAll(async () => {
    for (const name of ['source', 'target', 'atomic'] as const)
      scratch[name] = await createScratchPostgres('railtape_backup');
    await withClient(urlOf('source'), async (c) => {
      await c.query(`create table trips (
        id integer generated always as identity primary key,
        station text not null,
        note jsonb,
        departs_at timestamptz not null)`);
      await c.query(
        `insert into trips (station, note, departs_at) values
          ('Zürich HB → Bern', '{"gleis":"31","emoji":"🚆"}', '2026-03-29 00:30:00+00'),
          ('Genève-Aéroport', '{"quai":"3"}', '2026-10-25 01:15:00+00'),
          ('Biel/Bienne – Neuchâtel', null, '2026-12-24 16:04:00+00'),
          ('中文站 / Ελλάδα / עברית', '{"ok":true}', '2027-01-01 00:00:00+00')`,
      );
    });
  });

  afterAll(async () => {
    for (const db of Object.values(scratch)) await db?.drop();
  });

  it('backs up, survives data loss, and restores identical rows (unicode included)', async () => {
    const original = await rows('source');
    expect(original).toHaveLength(4);
    expect(original[0]?.station).toBe('Zürich HB → Bern');

    const file = join(work, 'drill.dump');
    const { bytes } = await backupDatabase({ databaseUrl: urlOf('source'), file });
    expect(bytes).toBeGreaterThan(0);
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('PGDMP'); // custom-format magic

    // The incident: rows deleted and rewritten after the backup.
    await withClient(urlOf('source'), async (c) => {
      await c.query(`delete from trips where id = 2`);
      await c.query(`update trips set station = 'overwritten', note = null`);
    });
    expect(await rows('source')).not.toEqual(original);

    // Restore into a fresh database (the drill) ...
    await restoreDatabase({ databaseUrl: urlOf('target'), file, clean: false });
    expect(await rows('target')).toEqual(original);

    // ... and over the damaged one (the real recovery): --clean replaces the table.
    await restoreDatabase({ databaseUrl: urlOf('source'), file });
    expect(await rows('source')).toEqual(original);

    // The identity sequence came back too: the next insert does not collide with restored ids.
    const next = await withClient(urlOf('target'), (c) =>
      c.query<{ id: number }>(`insert into trips (station, departs_at) values ('Chur', now()) returning id`),
    );
    expect(next.rows[0]?.id).toBe(5);
  });

  it('a restore that fails half-way leaves the target untouched (single transaction)', async () => {
    // An index named like the archive's primary key: pg_restore creates the table and loads its rows
    // first, and only fails when it adds the constraint. Without --single-transaction the table and
    // its rows would stay behind.
    await withClient(urlOf('atomic'), (c) =>
      c.query('create table other (x int); create index trips_pkey on other (x)'),
    );
    const err = await restoreDatabase({
      databaseUrl: urlOf('atomic'),
      file: join(work, 'drill.dump'),
      clean: false,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(/trips_pkey/);
    const tables = await withClient(urlOf('atomic'), (c) =>
      c.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      ),
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(['other']);
  });
});
