import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { buildApp } from '../../src/http/app.js';
import { runSelfTest } from '../../src/links/canaries.js';
import { demoMusic } from '../../src/runtime.js';
import { createLinkResolver } from '../../src/share/resolve-link.js';
import { createShareService, type ShareService } from '../../src/share/service.js';

export interface TestApp {
  app: FastifyInstance;
  shares: ShareService;
  clock: { now: Date };
}

/**
 * The real app on a test database, with short links resolved over real HTTP against the contract fakes.
 * The clock is adjustable so tests can move past retry back-offs.
 */
export async function buildTestApp(
  database: DatabaseHandle,
  links: { sbbUrl: string; googleUrl: string },
  options: { rateLimitMax?: number } = {},
): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const clock = { now: new Date('2026-11-24T09:00:00Z') };
  const resolver = createLinkResolver({ sbbShortLinkUrl: links.sbbUrl, googleShortLinkUrl: links.googleUrl });
  const shares = createShareService({
    db: database.db,
    music: demoMusic(),
    resolveLink: (link, opts) => resolver.resolve(link, opts),
    clock: () => clock.now,
    inlineResolveTimeoutMs: 2_000,
  });
  const app = await buildApp({ config, database, shares, selfTest: runSelfTest, rateLimitMax: options.rateLimitMax });
  return { app, shares, clock };
}
