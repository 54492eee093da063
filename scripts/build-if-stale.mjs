#!/usr/bin/env node
// `npm start`'s prestart: build dist/ only when its inputs changed since the last build.
//
//   node scripts/build-if-stale.mjs           build (npm run build) when dist/ is missing or stale
//   node scripts/build-if-stale.mjs --stamp   record the current inputs as built (the end of `npm run build`)
//   node scripts/build-if-stale.mjs --check   exit 0 when dist/ is current, 1 when a build is due
//
// The inputs are everything the build reads: src/**, web/**, tsconfig*.json, vite.config.ts,
// package.json and package-lock.json (a dependency bump changes the bundle). Their paths and contents are
// hashed (SHA-256) and compared with dist/.build-stamp, which `npm run build` writes after tsc and vite
// succeed, so a failed or interrupted build never counts as current. Hashing takes tens of milliseconds;
// a build takes half a minute.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'dist', '.build-stamp');
// What `node bin/railtape.js serve` needs from the build: the server entry and the PWA shell.
const outputs = [join(root, 'dist', 'main.js'), join(root, 'dist', 'web', 'index.html')];
const MIN_NODE_MAJOR = 22;

function walk(dir, out) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === '.DS_Store') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

function inputFiles() {
  const files = [];
  walk(join(root, 'src'), files);
  walk(join(root, 'web'), files);
  for (const name of readdirSync(root)) {
    if (
      /^tsconfig.*\.json$/.test(name) ||
      ['vite.config.ts', 'package.json', 'package-lock.json'].includes(name)
    ) {
      files.push(join(root, name));
    }
  }
  return files.map((f) => relative(root, f).split(sep).join('/')).sort();
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function recordedHash() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).inputs;
  } catch {
    return undefined;
  }
}

/** Why dist/ must be rebuilt, or undefined when it is current. */
function staleReason(current) {
  if (!outputs.every((f) => existsSync(f))) return 'no build yet';
  const recorded = recordedHash();
  if (!recorded) return 'no build stamp';
  if (recorded !== current) return 'sources changed since the last build';
  return undefined;
}

const mode = process.argv[2];

if (mode === '--stamp') {
  // RAILTAPE_BUILD_INPUTS: the hash taken before the build started (set below), so an edit made while
  // tsc and vite ran makes the next start build again instead of being recorded as built.
  const inputs = process.env.RAILTAPE_BUILD_INPUTS || inputsHash();
  writeFileSync(stampFile, `${JSON.stringify({ inputs, builtAt: new Date().toISOString() })}\n`);
  process.exit(0);
}

const current = inputsHash();
const reason = staleReason(current);
if (mode === '--check') {
  process.stdout.write(reason ? `stale: ${reason}\n` : 'current\n');
  process.exit(reason ? 1 : 0);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE_MAJOR) {
  process.stderr.write(
    `railtape: Node ${process.versions.node} is older than the supported ${MIN_NODE_MAJOR} LTS (.node-version); expect surprises\n`,
  );
}
if (!reason) process.exit(0);

process.stdout.write(`railtape: building dist/ (${reason}; about half a minute)\n`);
const npm = process.env.npm_execpath;
const build = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, RAILTAPE_BUILD_INPUTS: current },
    })
  : spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, RAILTAPE_BUILD_INPUTS: current },
      shell: process.platform === 'win32',
    });
if (build.error) throw build.error;
process.exit(build.status ?? 1);
