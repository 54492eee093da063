#!/usr/bin/env node
// Time from `npm start` to the first 200 on /healthz (docs/benchmarks.md, "First start").
//
//   node scripts/first-start.mjs [--runs 5] [--fresh] [--empty-data] [--port 3997]
//
// Each run spawns `npm start` in its own process group, polls http://127.0.0.1:PORT/healthz every 25 ms,
// records the time of the first 200 and the server's resident memory then (Linux: the largest VmRSS in
// the group, the `railtape serve` node; docs/benchmarks.md, "Embedded database memory"), then stops the
// whole group (npm, sh, node) and waits for it.
//   --fresh       delete dist/ before every run: a tree just after `npm install`
//   --empty-data  a new, empty DATA_DIR every run (the embedded database is created and migrated each
//                 time, as on the very first start). Default: one DATA_DIR, created by an untimed
//                 warm-up start, as on every later start.
// Without --fresh the tree is whatever it is; the warm-up start builds it when needed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/** Resident memory (MiB) of the largest process in process group `pgid`; undefined off Linux. */
function groupRssMiB(pgid) {
  let largest;
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      // Field 5 of /proc/<pid>/stat is the process group; the command name before it may hold spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      if (kb && (largest === undefined || kb > largest)) largest = kb;
    } catch {
      // gone meanwhile
    }
  }
  return largest === undefined ? undefined : largest / 1024;
}

/** One `npm start`: milliseconds to the first 200 on /healthz, and the server's RSS then. */
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
  let rss;
  while (performance.now() < deadline && !exited) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.status === 200) {
      ms = performance.now() - started;
      rss = groupRssMiB(child.pid);
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
  return { ms, rss };
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtRss = (rss) => (rss === undefined ? '' : `, ${rss.toFixed(0)} MiB resident`);
const keptData = values['empty-data'] ? undefined : newDataDir();
if (keptData) process.stdout.write(`warm-up start (untimed): ${fmt((await timedStart(keptData)).ms)}\n`);

const times = [];
const rssList = [];
for (let i = 1; i <= runs; i++) {
  if (values.fresh) rmSync(new URL('dist', root), { recursive: true, force: true });
  const dataDir = keptData ?? newDataDir();
  const { ms, rss } = await timedStart(dataDir);
  if (!keptData) rmSync(dataDir, { recursive: true, force: true });
  times.push(ms);
  if (rss !== undefined) rssList.push(rss);
  process.stdout.write(`run ${i}: ${fmt(ms)}${fmtRss(rss)}\n`);
  await sleep(500);
}
if (keptData) rmSync(keptData, { recursive: true, force: true });
const sorted = [...times].sort((a, b) => a - b);
const tree = values.fresh ? 'fresh tree (no dist/)' : 'tree as found';
const data = keptData ? 'existing DATA_DIR' : 'empty DATA_DIR';
const rssSorted = [...rssList].sort((a, b) => a - b);
const rssMedian = rssSorted.length ? rssSorted[Math.floor(rssSorted.length / 2)] : undefined;
process.stdout.write(
  `median of ${runs}: ${fmt(sorted[Math.floor(sorted.length / 2)])} (min ${fmt(sorted[0])}, max ${fmt(sorted.at(-1))})${rssMedian === undefined ? '' : `, ${rssMedian.toFixed(0)} MiB resident at the first 200 (median)`}; ${tree}, ${data}\n`,
);
