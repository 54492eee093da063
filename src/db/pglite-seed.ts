import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER } from './client.js';

/**
 * The embedded database's first start: creating a PGlite data directory runs initdb (≈ 3–4 s here),
 * most of a first `npm start`. The build dumps an empty, migrated data directory once; a start on an
 * empty `DATA_DIR` loads it instead (≈ 0.4 s). Resolves to <repo>/dist from src/db and dist/db.
 */
export const PGLITE_SEED_FILE = fileURLToPath(new URL('../../dist/pglite-seed.tar', import.meta.url));

/** Writes the seed: a fresh PGlite with every migration of this build applied. */
export async function writePgliteSeed(file: string = PGLITE_SEED_FILE): Promise<number> {
  const client = await PGlite.create();
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    const dump = await client.dumpDataDir('none');
    const bytes = Buffer.from(await dump.arrayBuffer());
    writeFileSync(file, bytes);
    return bytes.length;
  } finally {
    await client.close();
  }
}

/** The seed to start an empty data directory from; undefined when the directory exists or no seed was built. */
export function seedFor(dataDir: string, seedFile: string = PGLITE_SEED_FILE): Blob | undefined {
  if (existsSync(join(dataDir, 'PG_VERSION')) || !existsSync(seedFile)) return undefined;
  return new Blob([readFileSync(seedFile)]);
}
