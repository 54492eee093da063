import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { openDatabase } from '../src/db/client.js';
import { createScratchPostgres, POSTGRES_URL, postgresAvailable } from './support/databases.js';

/** `railtape stats`: the operator's figures on the terminal, from DATABASE_READ_URL when set. */

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('railtape stats: usage', () => {
  it('refuses a --since it cannot read with exit 2', async () => {
    const { code, err } = await run('stats', '--since', '2w');
    expect(code).toBe(2);
    expect(err).toContain('--since must be like 90m, 24h or 7d');
  });
});

const title = postgresAvailable
  ? 'railtape stats on Postgres'
  : `railtape stats (skipped: Postgres not reachable at ${new URL(POSTGRES_URL).host})`;

describe.skipIf(!postgresAvailable)(title, () => {
  let primary: Awaited<ReturnType<typeof createScratchPostgres>>;
  let replica: Awaited<ReturnType<typeof createScratchPostgres>>;
  const saved = { url: process.env.DATABASE_URL, read: process.env.DATABASE_READ_URL };

  beforeAll(async () => {
    primary = await createScratchPostgres('railtape_stats_primary');
    replica = await createScratchPostgres('railtape_stats_replica');
    for (const url of [primary.url, replica.url]) {
      const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 1 });
      await handle.migrate();
      await handle.close();
    }
    const client = new pg.Client({ connectionString: replica.url });
    await client.connect();
    await client.query(`
      insert into users (id, display_name) values ('00000000-0000-4000-8000-000000000001', 'Local');
      insert into shares (user_id, url, content_hash, status, error_code, family, received_at)
        select '00000000-0000-4000-8000-000000000001', 'https://www.sbb.ch/x' || i, 'h' || i,
          case when i <= 2 then 'failed' else 'parsed' end, case when i <= 2 then 'bad_link' end,
          'sbb_app_link', now() - i * interval '1 minute'
        from generate_series(1, 6) i;`);
    await client.end();
    process.env.DATABASE_URL = primary.url;
    process.env.DATABASE_READ_URL = replica.url;
  }, 60_000);

  afterAll(async () => {
    for (const [key, value] of [
      ['DATABASE_URL', saved.url],
      ['DATABASE_READ_URL', saved.read],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await primary?.drop();
    await replica?.drop();
  });

  it('prints the replica figures as JSON and as a table', async () => {
    const json = await run('stats', '--since', '24h', '--json');
    expect(json.code, json.err).toBe(0);
    const report = JSON.parse(json.out);
    expect(report.shares.byFamily).toEqual([
      {
        family: 'sbb_app_link',
        total: 6,
        parsed: 4,
        needsResolution: 0,
        received: 0,
        failed: 2,
        failedBy: { bad_link: 2 },
      },
    ]);
    const table = await run('stats');
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(/sbb_app_link\s+6\s+4\s+0\s+0\s+2\s+bad_link 2/);
  });
});
