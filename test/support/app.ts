import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { createAnalyticsStore } from '../../src/db/analytics.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { createStores, type Stores } from '../../src/db/stores.js';
import { followTripChanges, type TripChangeFeed } from '../../src/db/trip-change-feed.js';
import { tripChangesOf } from '../../src/db/trip-changes.js';
import { buildApp } from '../../src/http/app.js';
import { runSelfTest } from '../../src/links/canaries.js';
import type { OperatorContext } from '../../src/ops/operator.js';
import { spotifyOf } from '../../src/runtime.js';
import { createServices, type Services } from '../../src/services.js';
import { createLinkResolver } from '../../src/share/resolve-link.js';
import type { ShareService } from '../../src/share/service.js';
import { startGoogleLinksFake } from '../fakes/google-links.js';
import { startSbbLinksFake } from '../fakes/sbb-links.js';
import { type SpotifyFake, startSpotifyFake } from '../fakes/spotify.js';

/** The Spotify app the test server is registered as (loopback redirect, any port: spotify-web-api.md §1.1). */
export const TEST_SPOTIFY_REDIRECT_URI = 'http://127.0.0.1/auth/spotify/callback';
export const TEST_TOKEN_KEY = 'a1'.repeat(32);
export const TEST_SPOTIFY_CLIENT = {
  clientId: '7a1c0e5f9b2d4c6e8a0b1d3f5e7a9c2d',
  clientSecret: 'd4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4',
  redirectUris: [TEST_SPOTIFY_REDIRECT_URI],
};

import type { TestDatabase } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  stores: Stores;
  services: Services;
  shares: ShareService;
  sbb: Awaited<ReturnType<typeof startSbbLinksFake>>;
  google: Awaited<ReturnType<typeof startGoogleLinksFake>>;
  /** Adjustable, so tests can move past retry back-offs. */
  clock: { now: Date };
  /** The Spotify contract fake, when started with `spotify: true`. */
  spotify: SpotifyFake | undefined;
  /** The operator's page: analytics on this database; nobody is an operator until a test says so. */
  operator: OperatorContext;
  /** With `tripVersions: 'feed'` (the default on a Postgres server). */
  tripFeed: TripChangeFeed | undefined;
  close(): Promise<void>;
}

async function waitUntil(done: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The real app on a fresh test database, with short links resolved over real HTTP against the
 * contract fakes of the SBB and Google short-link hosts.
 */
export async function startTestApp(
  target: TestDatabase,
  options: {
    rateLimitMax?: number;
    /** Per signed-in user; defaults to `rateLimitMax`, so a test raising one raises both. */
    rateLimitPerUserMax?: number;
    now?: Date;
    spotify?: boolean;
    /** The port the test will listen on, so Spotify's redirect comes back to it (a browser test). */
    port?: number;
    /** The built PWA, for browser tests. */
    webRoot?: string;
    /** Fastify's logger (default: none), e.g. `{ ...loggerOptions('trace', 'json'), stream }`. */
    logger?: FastifyServerOptions['logger'];
    /** The local music library (`MUSIC_DIR`). */
    musicDir?: string;
    /** A Subsonic server (the contract fake): its URL and credentials. */
    subsonic?: { url: string; user: string; password: string };
    /** transport.opendata.ch: the fake's base URL (`…/v1`); without it searches wait. */
    opendataUrl?: string;
    /** Web Push through the push-service fake: its origin and the VAPID keys. */
    push?: { origin: string; publicKey: string; privateKey: string };
    /**
     * Where the trip read's versions come from: `record`, the stores' own record of their writes
     * (PGlite's only writer); `feed`, that record completed by Postgres's change notices while the
     * feed is live (`src/db/trip-change-feed.ts`); `query`, a version query on every read. Default:
     * as `railtape serve` does (`record` on PGlite, `feed` on a Postgres server).
     */
    tripVersions?: 'record' | 'feed' | 'query';
  } = {},
): Promise<TestApp> {
  const database = await target.open();
  const sbb = await startSbbLinksFake();
  const google = await startGoogleLinksFake();
  const clock = { now: options.now ?? new Date('2026-11-24T09:00:00Z') };
  // One clock for the app and the fake, so access tokens expire in both views at the same moment.
  const spotify = options.spotify
    ? await startSpotifyFake({ clients: [TEST_SPOTIFY_CLIENT], clock: () => clock.now.getTime() })
    : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    ...(options.musicDir ? { MUSIC_DIR: options.musicDir } : {}),
    ...(options.push
      ? {
          VAPID_PUBLIC_KEY: options.push.publicKey,
          VAPID_PRIVATE_KEY: options.push.privateKey,
          VAPID_SUBJECT: 'mailto:ops@railtape.example',
          PUSH_ALLOWED_ORIGINS: options.push.origin,
        }
      : {}),
    ...(options.subsonic
      ? {
          SUBSONIC_URL: options.subsonic.url,
          SUBSONIC_USER: options.subsonic.user,
          SUBSONIC_PASSWORD: options.subsonic.password,
        }
      : {}),
    ...(spotify
      ? {
          SPOTIFY_CLIENT_ID: TEST_SPOTIFY_CLIENT.clientId,
          SPOTIFY_CLIENT_SECRET: TEST_SPOTIFY_CLIENT.clientSecret,
          SPOTIFY_REDIRECT_URI: options.port
            ? TEST_SPOTIFY_REDIRECT_URI.replace('127.0.0.1', `127.0.0.1:${options.port}`)
            : TEST_SPOTIFY_REDIRECT_URI,
          SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
          SPOTIFY_API_URL: spotify.apiUrl,
          SESSION_SECRET: 'test-session-secret-of-at-least-32-characters',
          TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
        }
      : {}),
  });
  const resolver = createLinkResolver({ sbbShortLinkUrl: sbb.url, googleShortLinkUrl: google.url });
  const versions = options.tripVersions ?? (database.kind === 'pglite' ? 'record' : 'feed');
  if (versions === 'feed' && !database.sessionClient)
    throw new Error('the change feed needs a Postgres server');
  const tripFeed =
    versions === 'feed' && database.sessionClient
      ? followTripChanges({
          connect: database.sessionClient,
          changes: tripChangesOf(database.db),
          log: { warn: () => {}, info: () => {} },
          // Quick to find a connection lost, and to come back, so a test need not wait long.
          heartbeatMs: 200,
          heartbeatTimeoutMs: 1_000,
          retryMs: { first: 50, max: 500 },
        })
      : undefined;
  if (tripFeed) await waitUntil(() => tripFeed.live, 10_000, 'the trip change feed went live');
  const stores = createStores(database.db, {
    knowsEveryChange: versions === 'record' ? () => true : tripFeed ? () => tripFeed.live : undefined,
  });
  const services = createServices(stores, {
    resolveLink: (link, opts) => resolver.resolve(link, opts),
    clock: () => clock.now,
    inlineResolveTimeoutMs: 2_000,
    spotify: spotifyOf(config),
    musicDir: config.musicDir,
    subsonic: config.subsonic,
    push: { vapid: config.vapid, allowedOrigins: config.pushAllowedOrigins },
    timetable: options.opendataUrl ? { opendataUrl: options.opendataUrl } : undefined,
    // Retry-After waits are real time: keep them short in tests.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
  });
  const operator: OperatorContext = { analytics: createAnalyticsStore(database.db), adminAccounts: [] };
  const app = await buildApp({
    config,
    database,
    stores,
    services,
    operator,
    clock: () => clock.now,
    selfTest: runSelfTest,
    rateLimitMax: options.rateLimitMax,
    rateLimitPerUserMax: options.rateLimitPerUserMax ?? options.rateLimitMax,
    webRoot: options.webRoot,
    logger: options.logger,
  });
  return {
    app,
    database,
    stores,
    services,
    shares: services.shares,
    sbb,
    google,
    clock,
    spotify,
    operator,
    tripFeed,
    close: async () => {
      await app.close();
      await services.playlists.close();
      await tripFeed?.close();
      await spotify?.close();
      await sbb.close();
      await google.close();
      await database.close();
    },
  };
}
