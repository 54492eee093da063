import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/**
 * A Postgres server of its own, made with the machine's binaries in a temporary directory: tests that
 * stop and restart the database (`test/many-instances.test.ts`) must not take the shared one down.
 */
export interface PostgresInstance {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export const postgresBinDir = BIN_DIRS.find(
  (d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')),
);

// Postgres refuses to run as root; as root the server runs as the `postgres` account Debian creates.
const isRoot = process.getuid?.() === 0;
const asServerUser = (bin: string, args: string[]): [string, string[]] =>
  isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];

const serverUserExists = !isRoot || spawnSync('id', ['postgres']).status === 0;

/** Why a private Postgres cannot be made here, or undefined when it can. */
export const postgresInstanceUnavailable = !postgresBinDir
  ? 'no Postgres server binaries (initdb, pg_ctl) under /usr/lib/postgresql'
  : !serverUserExists
    ? 'running as root without a postgres account to run the server as'
    : undefined;

export async function startPostgresInstance(): Promise<PostgresInstance> {
  if (!postgresBinDir) throw new Error(postgresInstanceUnavailable);
  const dir = mkdtempSync(join(tmpdir(), 'railtape-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asServerUser(join(postgresBinDir, tool), args);
    execFileSync(cmd, argv, { stdio: 'pipe', cwd: dir });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      start();
      running = true;
    },
    stop() {
      stop();
      running = false;
    },
    destroy() {
      if (running) stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
