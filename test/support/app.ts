import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { createStores, type Stores } from '../../src/db/stores.js';
import { buildApp } from '../../src/http/app.js';
import { runSelfTest } from '../../src/links/canaries.js';
import { createServices } from '../../src/services.js';
import { createLinkResolver } from '../../src/share/resolve-link.js';
import type { ShareService } from '../../src/share/service.js';
import { startGoogleLinksFake } from '../fakes/google-links.js';
import { startSbbLinksFake } from '../fakes/sbb-links.js';
import type { TestDatabase } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  stores: Stores;
  shares: ShareService;
  sbb: Awaited<ReturnType<typeof startSbbLinksFake>>;
  google: Awaited<ReturnType<typeof startGoogleLinksFake>>;
  /** Adjustable, so tests can move past retry back-offs. */
  clock: { now: Date };
  close(): Promise<void>;
}

/**
 * The real app on a fresh test database, with short links resolved over real HTTP against the
 * contract fakes of the SBB and Google short-link hosts.
 */
export async function startTestApp(
  target: TestDatabase,
  options: { rateLimitMax?: number } = {},
): Promise<TestApp> {
  const database = await target.open();
  const sbb = await startSbbLinksFake();
  const google = await startGoogleLinksFake();
  const clock = { now: new Date('2026-11-24T09:00:00Z') };
  const resolver = createLinkResolver({ sbbShortLinkUrl: sbb.url, googleShortLinkUrl: google.url });
  const stores = createStores(database.db);
  const services = createServices(stores, {
    resolveLink: (link, opts) => resolver.resolve(link, opts),
    clock: () => clock.now,
    inlineResolveTimeoutMs: 2_000,
  });
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    database,
    stores,
    services,
    clock: () => clock.now,
    selfTest: runSelfTest,
    rateLimitMax: options.rateLimitMax,
  });
  return {
    app,
    database,
    stores,
    shares: services.shares,
    sbb,
    google,
    clock,
    close: async () => {
      await app.close();
      await sbb.close();
      await google.close();
      await database.close();
    },
  };
}
