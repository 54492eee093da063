import type { TestProject } from 'vitest/node';
import { chromiumPath } from './chromium.js';
import { createPostgresTemplate, ensurePgliteTemplate, postgresAvailable } from './databases.js';
import { ensurePwaBuild } from './pwa-build.js';

/**
 * Before any worker starts: a migrated PGlite, dumped to a tarball in the temp dir (kept between
 * runs, named by the migrations and versions it was built from), and, when the server answers, a
 * migrated Postgres database made for this run and dropped after it. `testDatabases` copies them
 * instead of running initdb and the migrations for every test database. Where Chromium is installed,
 * the PWA built once for all browser tests (`pwa.ts`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [pglite, postgres, pwa] = await Promise.allSettled([
    ensurePgliteTemplate(),
    postgresAvailable ? createPostgresTemplate() : Promise.resolve(undefined),
    chromiumPath ? ensurePwaBuild() : Promise.resolve(undefined),
  ]);
  if (pglite.status === 'rejected') {
    if (postgres.status === 'fulfilled') await postgres.value?.drop();
    throw pglite.reason;
  }
  if (postgres.status === 'rejected') throw postgres.reason;
  if (pwa.status === 'rejected') {
    await postgres.value?.drop();
    throw pwa.reason;
  }
  project.provide('pwaRoot', pwa.value);
  project.provide('pgliteTemplateFile', pglite.value);
  project.provide('postgresTemplate', postgres.value?.name);
  return async () => {
    await postgres.value?.drop();
  };
}
