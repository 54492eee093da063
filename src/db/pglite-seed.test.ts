import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { seedFor, writePgliteSeed } from './pglite-seed.js';
import { createUserStore } from './users.js';

describe('the embedded database seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'railtape-seed-'));
  const seedFile = join(dir, 'seed.tar');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts an empty data directory migrated, keeps what is written, and is not applied twice', async () => {
    expect(await writePgliteSeed(seedFile)).toBeGreaterThan(0);
    const dataDir = join(dir, 'pglite');
    const seed = seedFor(dataDir, seedFile);
    expect(seed).toBeInstanceOf(Blob);
    const first = await openDatabase({ kind: 'pglite', dataDir, ...(seed ? { loadDataDir: seed } : {}) });
    expect(await first.pendingMigrations()).toEqual([]);
    await createUserStore(first.db).ensureLocalUser();
    await first.close();
    // The directory exists now: the seed must not be loaded over it.
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(seedFor(dataDir, seedFile)).toBeUndefined();
    const again = await openDatabase({ kind: 'pglite', dataDir });
    expect((await createUserStore(again.db).find('00000000-0000-4000-8000-000000000001'))?.displayName).toBe(
      'Local traveller',
    );
    await again.close();
  });

  it('is skipped when no seed was built', () => {
    expect(seedFor(join(dir, 'other'), join(dir, 'missing.tar'))).toBeUndefined();
  });
});
