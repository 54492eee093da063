import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Config } from './config.js';
import { type DatabaseHandle, databaseTarget, openDatabase } from './db/client.js';
import { createStores, type Stores } from './db/stores.js';
import { loggerOptions } from './logging.js';
import { createServices, type ServiceDeps, type Services } from './services.js';
import { createLinkResolver } from './share/resolve-link.js';

/**
 * The composition root: real dependencies from the configuration. `serve`, the workers and the CLI all
 * start here; tests build the same pieces with fakes and hand them to `buildApp`.
 */
export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  stores: Stores;
  services: Services;
  redis: Redis | undefined;
  log: pino.Logger;
  close(): Promise<void>;
}

// <repo>/dist/web from both src/ (tsx) and dist/ (built).
export const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url));

/** The Spotify app of the configuration; `loadConfig` guarantees the keys whenever Spotify is set. */
export function spotifyOf(config: Config): ServiceDeps['spotify'] {
  if (!config.spotify || !config.tokenEncryptionKey) return undefined;
  return {
    app: { ...config.spotify, accountsUrl: config.spotifyAccountsUrl, apiUrl: config.spotifyApiUrl },
    tokenKeys: [config.tokenEncryptionKey, ...config.previousTokenEncryptionKeys],
  };
}

export async function createRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const log = pino(loggerOptions(config.logLevel));
  const database = await openDatabase(databaseTarget(config.database));
  if (options.migrate) await database.migrate();
  // A Redis that accepts connections but never answers must fail a command, not hold the request: the
  // rate limiter then counts in process (`http/rate-limit.ts`).
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 500,
        lazyConnect: false,
        // Every request sends a session read and two rate-limit counts; under load, the commands of
        // the requests in flight go out in one write instead of one system call each.
        enableAutoPipelining: true,
      })
    : undefined;
  // A Redis outage must degrade rate limiting, not crash the process; ioredis reports every reconnect
  // attempt, so one line per outage.
  let redisDown = false;
  redis?.on('error', (err) => {
    if (!redisDown) log.warn({ err: err.message }, 'redis unavailable');
    redisDown = true;
  });
  redis?.on('ready', () => {
    redisDown = false;
  });
  const resolver = createLinkResolver({
    sbbShortLinkUrl: config.shortLinks.sbbUrl,
    googleShortLinkUrl: config.shortLinks.googleUrl,
  });
  const stores = createStores(database.db, { preparedStatements: config.database.preparedStatements });
  const services = createServices(stores, {
    spotify: spotifyOf(config),
    resolveLink: (link, opts) => resolver.resolve(link, opts),
    clock: () => new Date(),
    log,
    musicDir: config.musicDir,
    subsonic: config.subsonic,
    push: { vapid: config.vapid, allowedOrigins: config.pushAllowedOrigins },
    timetable: { opendataUrl: config.timetable.transportApiUrl },
  });
  return {
    config,
    database,
    stores,
    services,
    redis,
    log,
    close: async () => {
      redis?.disconnect();
      await services.playlists.close();
      await database.close();
    },
  };
}
