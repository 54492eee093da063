import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Config } from './config.js';
import { type DatabaseHandle, databaseTarget, openDatabase } from './db/client.js';
import { loggerOptions } from './http/app.js';
import { demoCatalog } from './music/demo-catalog.js';
import type { MusicSource } from './playlist/service.js';
import { createLinkResolver } from './share/resolve-link.js';
import { createShareService, type ShareService } from './share/service.js';

/**
 * The composition root: real dependencies from the configuration. `serve`, the workers and the CLI all
 * start here; tests build the same pieces with fakes and hand them to `buildApp`.
 */
export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  shares: ShareService;
  redis: Redis | undefined;
  log: pino.Logger;
  close(): Promise<void>;
}

// <repo>/dist/web from both src/ (tsx) and dist/ (built).
export const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url));

export function demoMusic(): MusicSource {
  return { provider: 'demo', poolFor: async () => demoCatalog() };
}

export async function createRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const log = pino(loggerOptions(config.logLevel));
  const database = await openDatabase(databaseTarget(config.database));
  if (options.migrate) await database.migrate();
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  // A Redis outage must degrade rate limiting, not crash the process.
  redis?.on('error', (err) => log.warn({ err: err.message }, 'redis unavailable'));
  const resolver = createLinkResolver({
    sbbShortLinkUrl: config.shortLinks.sbbUrl,
    googleShortLinkUrl: config.shortLinks.googleUrl,
  });
  const shares = createShareService({
    db: database.db,
    music: demoMusic(),
    resolveLink: (link, opts) => resolver.resolve(link, opts),
    clock: () => new Date(),
    log,
  });
  return {
    config,
    database,
    shares,
    redis,
    log,
    close: async () => {
      redis?.disconnect();
      await database.close();
    },
  };
}
