import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Config } from './config.js';
import { type AnalyticsStore, createAnalyticsStore, createOpsStore, type OpsStore } from './db/analytics.js';
import { type DatabaseHandle, databaseTarget, openDatabase } from './db/client.js';
import { createStores, type Stores } from './db/stores.js';
import { followTripChanges } from './db/trip-change-feed.js';
import { tripChangesOf } from './db/trip-changes.js';
import { loggerOptions } from './logging.js';
import {
  type ApiUsageCounter,
  countingFetch,
  createApiUsageCounter,
  servicesByOrigin,
} from './ops/api-usage.js';
import { createLeanFetch } from './ops/lean-fetch.js';
import type { OperatorContext } from './ops/operator.js';
import { openReadDatabase } from './ops/read-database.js';
import { createServices, type ServiceDeps, type Services } from './services.js';
import { createLinkResolver } from './share/resolve-link.js';
import type { TimetableConfig } from './timetable/plan.js';

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
  /** Analytics on the read connection (`DATABASE_READ_URL`, else the primary). */
  analytics: AnalyticsStore;
  /** The operator's page: that analytics store and `ADMIN_ACCOUNTS`. */
  operator: OperatorContext;
  /** The rollup of external calls and the parser alarms, on the primary. */
  ops: OpsStore;
  /** External calls counted in memory; flushed every minute and on close (a worker's run ends). */
  usage: ApiUsageCounter;
  close(): Promise<void>;
}

const USAGE_FLUSH_MS = 60_000;

// <repo>/dist/web from both src/ (tsx) and dist/ (built).
export const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * The timetable services of the configuration: opendata always; OJP with `OJP_TOKEN`, Google Routes
 * with `GOOGLE_ROUTES_API_KEY` (`timetable/plan.ts` decides which answers what).
 */
export function timetableOf(config: Config): TimetableConfig {
  const t = config.timetable;
  return {
    opendataUrl: t.transportApiUrl,
    ojp: t.ojpToken ? { url: t.ojpUrl, token: t.ojpToken } : undefined,
    googleRoutes: t.googleRoutesApiKey ? { url: t.googleRoutesUrl, apiKey: t.googleRoutesApiKey } : undefined,
  };
}

/** The Spotify app of the configuration; `loadConfig` guarantees the keys whenever Spotify is set. */
export function spotifyOf(config: Config): ServiceDeps['spotify'] {
  if (!config.spotify || !config.tokenEncryptionKey) return undefined;
  return {
    app: { ...config.spotify, accountsUrl: config.spotifyAccountsUrl, apiUrl: config.spotifyApiUrl },
    tokenKeys: [config.tokenEncryptionKey, ...config.previousTokenEncryptionKeys],
  };
}

export interface RuntimeOptions {
  migrate?: boolean;
  /** Serving trip reads on a Postgres server: follow the trip change feed (`db/trip-change-feed.ts`). */
  followTripChanges?: boolean;
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
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
  // A web instance on a Postgres server follows every process's writes to trips (LISTEN, which needs
  // a session: never behind a transaction pooler, where prepared statements are off too).
  const tripFeed =
    options.followTripChanges && database.sessionClient && config.database.preparedStatements
      ? followTripChanges({ connect: database.sessionClient, changes: tripChangesOf(database.db), log })
      : undefined;
  const stores = createStores(database.db, {
    preparedStatements: config.database.preparedStatements,
    // PGlite: no other process may open the data directory, so every write goes through these stores.
    knowsEveryChange: database.kind === 'pglite' ? () => true : tripFeed ? () => tripFeed.live : undefined,
  });
  const ops = createOpsStore(database.db);
  const usage = createApiUsageCounter({ write: (rows) => ops.addApiUsage(rows), clock: () => new Date() });
  const usageTimer = setInterval(() => {
    usage.flush().catch((err) => log.warn({ err }, 'api usage not flushed'));
  }, USAGE_FLUSH_MS);
  usageTimer.unref();
  const readDatabase = await openReadDatabase(config.database, database);
  const analytics = createAnalyticsStore(readDatabase.handle.db);
  // The music services' and the timetable's calls go through the fetch they are given: counted there,
  // by the origin of their configured base URLs; sent by the lean fetch (half the platform's CPU).
  const counted = countingFetch(
    createLeanFetch(),
    usage,
    servicesByOrigin({
      spotify: [config.spotifyApiUrl, config.spotifyAccountsUrl],
      subsonic: [config.subsonic?.url],
      opendata: [config.timetable.transportApiUrl],
      ojp: [config.timetable.ojpToken ? config.timetable.ojpUrl : undefined],
      google_routes: [config.timetable.googleRoutesApiKey ? config.timetable.googleRoutesUrl : undefined],
    }),
  );
  const services = createServices(stores, {
    fetch: counted,
    spotify: spotifyOf(config),
    resolveLink: (link, opts) => resolver.resolve(link, opts),
    clock: () => new Date(),
    log,
    musicDir: config.musicDir,
    subsonic: config.subsonic,
    push: { vapid: config.vapid, allowedOrigins: config.pushAllowedOrigins },
    timetable: timetableOf(config),
    usage,
  });
  return {
    config,
    database,
    stores,
    services,
    redis,
    log,
    analytics,
    operator: { analytics, adminAccounts: config.adminAccounts },
    ops,
    usage,
    close: async () => {
      clearInterval(usageTimer);
      await usage.flush().catch((err) => log.warn({ err }, 'api usage not flushed'));
      redis?.disconnect();
      await services.playlists.close();
      await tripFeed?.close();
      await readDatabase.close();
      await database.close();
    },
  };
}
