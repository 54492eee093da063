/**
 * The embedded default's memory: the built `railtape serve` (dist/) on PGlite with Railtape's settings
 * (`PGLITE_SETTINGS` in src/db/client.ts) and with PGlite's own defaults, next to a bare Fastify process
 * in the same run. For each: time to the first 200 on /healthz and resident memory on an empty DATA_DIR
 * (the seeded first start) and on the same DATA_DIR again (every later start), then the peak (VmHWM)
 * under a small load: 50 share posts, then 2,000 trip-list reads, 10 at a time. Last, the durability
 * check: shares posted 10 at a time, SIGKILL, and every acknowledged share looked up in the data dir.
 * Bounded: about 30 s, every wait capped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_SETTINGS } from '../src/db/client.js';
import { fixtureById } from '../test/fixtures.js';
import { freePort } from '../test/support/ports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRIP_TEXT = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const SHARES = 50;
const READS = 2_000;
const CONCURRENCY = 10;
const HEADERS = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory now and at its peak (Linux `VmRSS`, `VmHWM`), MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

interface Server {
  child: ChildProcess;
  exited: Promise<void>;
  base: string;
  /** Milliseconds from spawn to the first 200 on /healthz. */
  readyMs: number;
}

async function start(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = started + 30_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const res = await fetch(`${base}/healthz`).catch(() => undefined);
    if (res?.status === 200) return { child, exited, base, readyMs: performance.now() - started };
    await sleep(25);
  }
  child.kill('SIGKILL');
  await exited;
  throw new Error(`no 200 on ${base}/healthz within 30 s: ${stderr.slice(-2000)}`);
}

async function stop(server: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await Promise.race([server.exited, sleep(10_000)]);
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

/** `count` calls of `task`, `CONCURRENCY` at a time. */
async function pool(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** The small load; fails on any non-2xx. Returns the trip list's body. */
async function load(base: string): Promise<string> {
  let failed = 0;
  await pool(SHARES, async (i) => {
    const res = await fetch(`${base}/api/shares`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ text: `${TRIP_TEXT} #${i}` }),
    });
    await res.arrayBuffer();
    if (!res.ok) failed++;
  });
  let body = '';
  await pool(READS, async () => {
    const res = await fetch(`${base}/api/trips`, { headers: HEADERS });
    body = await res.text();
    if (!res.ok) failed++;
  });
  if (failed) throw new Error(`${failed} requests of the load failed`);
  return body;
}

interface Row {
  name: string;
  firstStartMs?: number;
  firstStartRss?: number;
  startMs: number;
  startRss: number;
  peak: number;
  afterRss: number;
}

function serverEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '10000000',
  };
  for (const key of ['DATABASE_URL', 'DATABASE_READ_URL', 'REDIS_URL', 'SPOTIFY_CLIENT_ID', 'NODE_OPTIONS'])
    delete env[key];
  return env;
}

/** Both starts and the load for one `railtape serve` variant (`preload`: a module run before it). */
async function measureRailtape(name: string, preload?: string): Promise<Row & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'railtape-pglite-memory-'));
  const port = await freePort();
  const args = [...(preload ? ['--import', preload] : []), 'bin/railtape.js', 'serve'];
  const env = serverEnv(port, dataDir);
  const first = await start(args, env, port);
  await sleep(500);
  const firstMemory = memoryOf(first.child.pid ?? 0);
  await stop(first);
  const again = await start(args, env, port);
  try {
    await sleep(500);
    const startMemory = memoryOf(again.child.pid ?? 0);
    await load(again.base);
    await sleep(500);
    const after = memoryOf(again.child.pid ?? 0);
    return {
      name,
      dataDir,
      firstStartMs: first.readyMs,
      firstStartRss: firstMemory.rss,
      startMs: again.readyMs,
      startRss: startMemory.rss,
      peak: after.peak,
      afterRss: after.rss,
    };
  } finally {
    await stop(again);
  }
}

/** The floor: Fastify with the same routes answering constants, the same load. */
async function measureBareFastify(tripsBody: string): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'railtape-bare-fastify-'));
  try {
    writeFileSync(join(dir, 'trips.json'), tripsBody || '{}');
    const script = [
      "import Fastify from 'fastify';",
      "import { readFileSync } from 'node:fs';",
      `const trips = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'trips.json'))}, 'utf8'));`,
      'const app = Fastify();',
      "app.get('/healthz', async () => ({ ok: true }));",
      "app.get('/api/trips', async () => trips);",
      "app.post('/api/shares', async (_req, reply) => { reply.status(201); return { ok: true }; });",
      "await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });",
    ].join('\n');
    const port = await freePort();
    const server = await start(['--input-type=module', '-e', script], serverEnv(port, dir), port);
    try {
      await sleep(500);
      const startMemory = memoryOf(server.child.pid ?? 0);
      await load(server.base);
      await sleep(500);
      const after = memoryOf(server.child.pid ?? 0);
      return {
        name: 'bare Fastify, same routes answering constants',
        startMs: server.readyMs,
        startRss: startMemory.rss,
        peak: after.peak,
        afterRss: after.rss,
      };
    } finally {
      await stop(server);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Shares posted 10 at a time for 2 s, then SIGKILL; how many acknowledged shares the data dir lacks. */
async function killUnderLoad(preload?: string): Promise<{ acknowledged: number; stored: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'railtape-pglite-kill-'));
  try {
    const port = await freePort();
    const args = [...(preload ? ['--import', preload] : []), 'bin/railtape.js', 'serve'];
    const server = await start(args, serverEnv(port, dataDir), port);
    const acknowledged = new Set<string>();
    let killed = false;
    const posting = Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let i = 0; !killed; i++) {
          try {
            const res = await fetch(`${server.base}/api/shares`, {
              method: 'POST',
              headers: HEADERS,
              body: JSON.stringify({ text: `${TRIP_TEXT} kill ${worker}-${i}` }),
            });
            const body = (await res.json()) as { share?: { id: string } };
            if (res.ok && body.share) acknowledged.add(body.share.id);
          } catch {
            return; // the server is gone
          }
        }
      }),
    );
    await sleep(2_000);
    killed = true;
    await stop(server, 'SIGKILL');
    await posting;
    const db = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
    try {
      const result = await db.query<{ n: number }>(
        'select count(*)::int as n from shares where id = any($1)',
        [[...acknowledged]],
      );
      return { acknowledged: acknowledged.size, stored: result.rows[0]?.n ?? 0 };
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mib = (n: number | undefined) => (n === undefined ? '–' : `${n.toFixed(0)} MiB`);
const secs = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);

export async function benchPgliteMemory(): Promise<{ lines: string[] }> {
  if (!existsSync(join(ROOT, 'dist', 'main.js')) || !existsSync(join(ROOT, 'dist', 'pglite-seed.tar')))
    return { lines: ['skipped: no build in dist/ (run `npm run build`)'] };
  // PGlite's defaults: the same server with `PGlite.create` handed PGlite's own start parameters.
  const scratch = mkdtempSync(join(tmpdir(), 'railtape-pglite-defaults-'));
  const preloadFile = join(scratch, 'pglite-defaults.mjs');
  writeFileSync(
    preloadFile,
    [
      `import { PGlite } from ${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))};`,
      'const create = PGlite.create.bind(PGlite);',
      'PGlite.create = (options = {}) => create({ ...options, startParams: PGlite.defaultStartParams });',
    ].join('\n'),
  );
  const preload = pathToFileURL(preloadFile).href;
  const dataDirs: string[] = [];
  try {
    const chosen = await measureRailtape(`PGlite, Railtape's settings (${PGLITE_SETTINGS.join(', ')})`);
    dataDirs.push(chosen.dataDir);
    const defaults = await measureRailtape("PGlite, PGlite's defaults (shared_buffers=128MB)", preload);
    dataDirs.push(defaults.dataDir);
    const trips = await fetchNothing();
    const bare = await measureBareFastify(trips);
    const kill = await killUnderLoad();
    const pgliteVersion = (
      JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    const row = (r: Row) =>
      `| ${r.name} | ${secs(r.firstStartMs)} / ${secs(r.startMs)} | ${mib(r.firstStartRss)} / ${mib(r.startRss)} | ${mib(r.peak)} | ${mib(r.afterRss)} |`;
    return {
      lines: [
        `\`node bin/railtape.js serve\` (dist/), PGlite ${pgliteVersion}, the local user, no Redis; load: ${SHARES} POST /api/shares, then ${READS.toLocaleString('en')} GET /api/trips, ${CONCURRENCY} at a time; memory from /proc/<pid>/status, 0.5 s after /healthz and after the load`,
        '',
        '| server | to /healthz: empty / existing DATA_DIR | RSS at start: empty / existing | peak (VmHWM) under load | RSS after load |',
        '|---|---:|---:|---:|---:|',
        row(chosen),
        row(defaults),
        row(bare),
        '',
        `SIGKILL under share load (Railtape's settings): ${kill.acknowledged} shares acknowledged (2xx), ${kill.stored} of them in the data dir after the kill, ${kill.acknowledged - kill.stored} lost`,
      ],
    };
  } finally {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The bare server's trip list: the shape Railtape answers for a traveller without trips. */
async function fetchNothing(): Promise<string> {
  return JSON.stringify({ trips: [] });
}
