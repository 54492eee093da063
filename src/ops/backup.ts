import { spawn } from 'node:child_process';
import { rename, rm, stat } from 'node:fs/promises';

/**
 * `railtape backup` / `railtape restore`: thin wrappers around pg_dump / pg_restore (custom format).
 *
 * The password never reaches a command line (visible to every user in `ps` and in Render's shell
 * history): it is taken out of the URL and handed over in the child's PGPASSWORD, and anything the tools
 * print is redacted before it becomes an error message.
 *
 * pg_dump must be at least the server's major version (it refuses a newer server); see
 * docs/operations.md "Backups".
 */

/** A failed backup or restore: the CLI prints `code` and the (redacted) message and exits non-zero. */
export class BackupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupOptions {
  /** A Postgres URL; `undefined`/empty means the app runs on embedded PGlite, which pg_dump cannot read. */
  databaseUrl: string | undefined;
  /** The archive to write (pg_dump custom format). Written to a temporary name, renamed when complete. */
  file: string;
  /** Defaults to `pg_dump` on PATH. */
  pgDumpPath?: string;
}

export interface RestoreOptions {
  databaseUrl: string | undefined;
  file: string;
  /** Defaults to `pg_restore` on PATH. */
  pgRestorePath?: string;
  /**
   * Drop each object before recreating it (default true), so a restore over a live schema replaces it.
   * `false` restores into an empty database and fails on the first object that already exists.
   */
  clean?: boolean;
}

interface Connection {
  /** The URL without its password: safe on a command line and in logs. */
  dbname: string;
  /** Environment for the child: PGPASSWORD set when the URL carried one. */
  env: NodeJS.ProcessEnv;
  /** Every spelling of the password that could appear in output (raw and percent-encoded). */
  secrets: string[];
}

const REDACTED = '[redacted]';

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for log lines that name the target. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    // Not a URL: show nothing of it rather than risk printing a secret.
    return '[unparseable database URL]';
  }
}

function connectionFor(databaseUrl: string | undefined, action: 'backup' | 'restore'): Connection {
  if (!databaseUrl?.trim()) {
    throw new BackupError(
      `${action}_needs_postgres`,
      `DATABASE_URL is not set, so Railtape is running on embedded PGlite, which pg_dump/pg_restore cannot ` +
        `reach. To ${action} PGlite, stop the app and copy the DATA_DIR directory; to use pg_dump, point ` +
        `DATABASE_URL at a Postgres server.`,
    );
  }
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new BackupError(`${action}_bad_database_url`, 'DATABASE_URL is not a valid URL.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new BackupError(
      `${action}_bad_database_url`,
      `DATABASE_URL must be a postgres:// or postgresql:// URL, not ${url.protocol}//.`,
    );
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  const secrets: string[] = [];
  // libpq accepts the password in the userinfo or as a `password` query parameter; take it from either.
  // `url.password` is still percent-encoded; `searchParams.get` is already decoded.
  const userinfo = url.password;
  const query = url.searchParams.get('password');
  let password: string | undefined;
  if (userinfo) {
    password = userinfo;
    try {
      password = decodeURIComponent(userinfo);
    } catch {
      // A stray % that is not an escape: libpq takes the text literally as well.
    }
    secrets.push(userinfo);
  } else if (query) {
    password = query;
    secrets.push(new URLSearchParams({ p: query }).toString().slice(2));
  }
  if (password) {
    env.PGPASSWORD = password;
    secrets.push(password, encodeURIComponent(password));
    url.password = '';
    // Touching searchParams re-serialises the query (form encoding), so only when there is one to drop.
    if (query) url.searchParams.delete('password');
  }
  toLibpqParameters(url.searchParams);
  return { dbname: url.toString(), env, secrets: [...new Set(secrets.filter((s) => s.length > 0))] };
}

/**
 * The same DATABASE_URL feeds node-postgres (the app) and libpq (pg_dump), and libpq rejects the whole
 * URI on a parameter it does not know. Translate node-postgres' extras into their libpq meaning:
 * `sslmode=no-verify` / `ssl=true` = encrypt without verifying = libpq `require`; `uselibpqcompat` only
 * switches node-postgres to libpq semantics.
 */
function toLibpqParameters(params: URLSearchParams): void {
  if (params.get('sslmode') === 'no-verify') params.set('sslmode', 'require');
  const ssl = params.get('ssl');
  if (ssl !== null) {
    params.delete('ssl');
    if (!params.has('sslmode') && (ssl === 'true' || ssl === '1')) params.set('sslmode', 'require');
  }
  if (params.has('uselibpqcompat')) params.delete('uselibpqcompat');
}

/** Replaces every spelling of the password, longest first so a substring never leaves a tail behind. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
  // Belt and braces: a URL with userinfo printed by the tool (e.g. in a connection error).
  return out.replace(/(postgres(?:ql)?:\/\/[^:/?#@\s]+:)[^@\s]+@/gi, `$1${REDACTED}@`);
}

const STDERR_LIMIT = 16 * 1024;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Keep the end: the reason a dump failed is printed last.
      stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function runTool(
  tool: 'pg_dump' | 'pg_restore',
  command: string,
  args: string[],
  conn: Connection,
  failureCode: string,
): Promise<void> {
  let result: RunResult;
  try {
    result = await run(command, args, conn.env);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      throw new BackupError(
        `${tool}_not_found`,
        `${tool} was not found (${command}). Install the PostgreSQL client tools of the server's major ` +
          `version or newer (e.g. postgresql-client-15), or pass its path.`,
      );
    }
    throw new BackupError(failureCode, redact(`${tool} could not start: ${e.message}`, conn.secrets));
  }
  if (result.code !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    const detail = result.stderr.trim() || '(no output)';
    throw new BackupError(failureCode, redact(`${tool} ${how}: ${detail}`, conn.secrets));
  }
}

/**
 * Dumps the whole database (every schema, including drizzle's migration journal) to `file` in pg_dump's
 * custom format, which pg_restore can restore selectively and in a single transaction.
 */
export async function backupDatabase(options: BackupOptions): Promise<{ file: string; bytes: number }> {
  const conn = connectionFor(options.databaseUrl, 'backup');
  // A failed or interrupted dump must not leave a truncated file under the name a restore drill uses.
  const partial = `${options.file}.partial-${process.pid}`;
  const args = [
    '--format=custom',
    // Owners and grants are Render's generated role names; a restore into Supabase/Aiven/a laptop must
    // not try to recreate them. (Recorded here for the archive; pg_restore applies them again.)
    '--no-owner',
    '--no-privileges',
    `--file=${partial}`,
    `--dbname=${conn.dbname}`,
  ];
  try {
    await runTool('pg_dump', options.pgDumpPath ?? 'pg_dump', args, conn, 'backup_failed');
    await rename(partial, options.file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  const { size } = await stat(options.file);
  return { file: options.file, bytes: size };
}

/**
 * Restores a custom-format archive into the database at `databaseUrl`, all or nothing: one transaction,
 * stopping at the first error, so a failed restore leaves the target as it was.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<void> {
  const conn = connectionFor(options.databaseUrl, 'restore');
  try {
    const info = await stat(options.file);
    if (!info.isFile() || info.size === 0) throw new Error('empty');
  } catch {
    throw new BackupError('restore_no_archive', `No backup archive at ${options.file} (missing or empty).`);
  }
  const args = [
    ...(options.clean === false ? [] : ['--clean', '--if-exists']),
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    `--dbname=${conn.dbname}`,
    options.file,
  ];
  await runTool('pg_restore', options.pgRestorePath ?? 'pg_restore', args, conn, 'restore_failed');
}
