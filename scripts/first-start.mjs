#!/usr/bin/env node
// Time from `npm start` to the first 200 on /healthz (docs/benchmarks.md, "First start").
//
//   node scripts/first-start.mjs [--runs 5] [--fresh] [--empty-data] [--port 3997]
//
// Each run spawns `npm start` in its own process group, polls http://127.0.0.1:PORT/healthz every 25 ms,
// records the time of the first 200, then stops the whole group (npm, sh, node) and waits for it.
//   --fresh       delete dist/ before every run: a tree just after `npm install`
//   --empty-data  a new, empty DATA_DIR every run (the embedded database is created and migrated each
//                 time, as on the very first start). Default: one DATA_DIR, created by an untimed
//                 warm-up start, as on every later start.
// Without --fresh the tree is whatever it is; the warm-up start builds it when needed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    fresh: { type: 'boolean', default: false },
    'empty-data': { type: 'boolean', default: false },
    port: { type: 'string', default: '3997' },
    timeout: { type: 'string', default: '180' },
  },
});
const runs = Number(values.runs);
const port = Number(values.port);
const root = new URL('..', import.meta.url);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const newDataDir = () => mkdtempSync(join(tmpdir(), 'railtape-first-start-'));

/** One `npm start`: milliseconds to the first 200 on /healthz. */
async function timedStart(dataDir) {
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
  });
  child.stderr.on('data', (c) => {
    output += c;
  });
  let exited = false;
  const gone = new Promise((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });
  const deadline = started + Number(values.timeout) * 1000;
  let ms;
  while (performance.now() < deadline && !exited) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.status === 200) {
      ms = performance.now() - started;
      break;
    }
    await sleep(25);
  }
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {}
  };
  signal('SIGTERM');
  await Promise.race([gone, sleep(10_000)]);
  signal('SIGKILL');
  if (ms === undefined) throw new Error(`no 200 on /healthz; output:\n${output}`);
  return ms;
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const keptData = values['empty-data'] ? undefined : newDataDir();
if (keptData) process.stdout.write(`warm-up start (untimed): ${fmt(await timedStart(keptData))}\n`);

const times = [];
for (let i = 1; i <= runs; i++) {
  if (values.fresh) rmSync(new URL('dist', root), { recursive: true, force: true });
  const dataDir = keptData ?? newDataDir();
  const ms = await timedStart(dataDir);
  if (!keptData) rmSync(dataDir, { recursive: true, force: true });
  times.push(ms);
  process.stdout.write(`run ${i}: ${fmt(ms)}\n`);
  await sleep(500);
}
if (keptData) rmSync(keptData, { recursive: true, force: true });
const sorted = [...times].sort((a, b) => a - b);
const tree = values.fresh ? 'fresh tree (no dist/)' : 'tree as found';
const data = keptData ? 'existing DATA_DIR' : 'empty DATA_DIR';
process.stdout.write(
  `median of ${runs}: ${fmt(sorted[Math.floor(sorted.length / 2)])} (min ${fmt(sorted[0])}, max ${fmt(sorted.at(-1))}); ${tree}, ${data}\n`,
);
