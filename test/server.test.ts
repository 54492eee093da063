import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../src/db/client.js';
import { createScratchPostgres, postgresAvailable } from './support/databases.js';
import { freePort } from './support/ports.js';

/** `railtape serve` as a real process: JSON logs, the embedded database, and a graceful SIGTERM. */

const dataDir = mkdtempSync(join(tmpdir(), 'railtape-serve-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('railtape serve', () => {
  it('serves on the embedded database, logs JSON lines, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 60_000;
    let health: Response | undefined;
    while (Date.now() < deadline) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (health) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(health?.status, output).toBe(200);
    const share = await fetch(`http://127.0.0.1:${port}/api/shares`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'serve-test-1' },
      body: JSON.stringify({ text: 'no link here' }),
    });
    expect(share.status).toBe(201);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: unknown; msg?: string; reqId?: string });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => typeof l.level === 'string')).toBe(true);
    expect(lines.some((l) => l.reqId === 'serve-test-1')).toBe(true);
    expect(lines.some((l) => l.msg === 'shutting down')).toBe(true);
  }, 90_000);
});

describe('railtape serve on a busy port', () => {
  it('exits 1 at once with "port N is in use" instead of lingering', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const busyDataDir = mkdtempSync(join(tmpdir(), 'railtape-busy-'));
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: busyDataDir,
        LOG_LEVEL: 'silent',
      };
      delete env.DATABASE_URL;
      delete env.REDIS_URL;
      const started = Date.now();
      const result = await new Promise<{ code: number | null; stderr: string; lingeredMs: number }>(
        (resolve) => {
          const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { env });
          let stderr = '';
          let refusedAt = 0;
          proc.stderr.on('data', (c) => {
            stderr += String(c);
            if (!refusedAt && stderr.includes('in use')) refusedAt = Date.now();
          });
          // A stuck process would outlive the test: stop it and report what it did.
          const guard = setTimeout(() => proc.kill('SIGKILL'), 45_000);
          proc.on('exit', (code) => {
            clearTimeout(guard);
            resolve({ code, stderr, lingeredMs: Date.now() - (refusedAt || started) });
          });
        },
      );
      expect(result.stderr).toContain(`railtape: port ${port} is in use`);
      expect(result.code).toBe(1);
      // Once it knows it cannot serve, it lets go of the database and exits.
      expect(result.lingeredMs).toBeLessThan(3_000);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      holder.close();
      rmSync(busyDataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(!postgresAvailable)(
  postgresAvailable
    ? 'railtape serve on a Postgres server'
    : 'railtape serve on a Postgres server (skipped: not reachable)',
  () => {
    it('refuses to start on a database that misses migrations, naming the command to run', async () => {
      const scratch = await createScratchPostgres('railtape_serve');
      try {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          DATABASE_URL: scratch.url,
          PORT: '0',
          LOG_LEVEL: 'silent',
        };
        const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { env });
          let stderr = '';
          proc.stderr.on('data', (c) => {
            stderr += String(c);
          });
          proc.on('exit', (code) => resolve({ code, stderr }));
        });
        expect(result.code).toBe(1);
        const tags = (
          JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
            entries: Array<{ tag: string }>;
          }
        ).entries.map((e) => e.tag);
        expect(result.stderr).toContain(
          `missing migrations ${tags.join(', ')}: run \`railtape migrate\` first`,
        );
      } finally {
        await scratch.drop();
      }
    }, 60_000);
  },
);
