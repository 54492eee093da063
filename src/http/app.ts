import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { createSessions } from '../auth/sessions.js';
import { createSpotifySignIn } from '../auth/spotify-sign-in.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/client.js';
import type { Stores } from '../db/stores.js';
import { AppError } from '../domain/errors.js';
import { type Locale, localeFrom } from '../domain/messages.js';
import type { OperatorContext } from '../ops/operator.js';
import type { Services } from '../services.js';
import type { ShareService } from '../share/service.js';
import { apiRoutes } from './api.js';
import { authPlugin } from './auth.js';
import { installErrorHandler, installJsonParser, sendError } from './errors.js';
import { perUserRateLimit, redisWithLocalFallback } from './rate-limit.js';
import { requestSafetyPlugin } from './request-safety.js';
import { healthRoutes } from './routes/health.js';
import { SHARE_TARGET_LIMITS, shareTargetRoutes } from './routes/share-target.js';
import { appSecurityHeaders } from './security-headers.js';

export interface SelfTestReport {
  ok: boolean;
  results: Array<{ name: string; ok: boolean; detail?: string }>;
}

export interface AppDeps {
  config: Config;
  /**
   * The operator's page: analytics on the read connection and who may see them. Without it the page
   * reads the primary and lets nobody in.
   */
  operator?: OperatorContext | undefined;
  /** For health checks only; everything else goes through `stores`. */
  database: DatabaseHandle;
  stores: Stores;
  services: Services;
  selfTest: () => SelfTestReport;
  redis?: Redis | undefined;
  /** Requests per client and minute (shared through Redis when given). */
  rateLimitMax?: number;
  /** Requests per signed-in user and minute, from any address (shared through Redis when given). */
  rateLimitPerUserMax?: number;
  /** The built PWA (dist/web); absent in API-only tests. */
  webRoot?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  clock?: () => Date;
  /** For the sign-in's calls to Spotify (tests may wrap it). */
  fetch?: typeof fetch;
  /** How long a client may take; defaults in `DEFAULT_TIMEOUTS` (tests use short ones). */
  timeouts?: Partial<ServerTimeouts>;
}

export interface ServerTimeouts {
  /** To receive a whole request, headers and body (`requestTimeout`): then 408 and the connection closes. */
  requestMs: number;
  /** Of silence on a connection while a request is open (`connectionTimeout`): then it is closed. */
  connectionMs: number;
  /** An idle keep-alive connection stays open this long for the next request (`keepAliveTimeout`). */
  keepAliveMs: number;
}

/**
 * Without these a client sending its body byte by byte (or not at all) holds a connection forever.
 * A share is a few KB and the share target's picture a few MB: 30 s is ample on a slow phone line.
 * Keep-alive stays above a proxy's usual 60 s idle timeout (Fastify's own default), so the proxy, not
 * Node, closes idle connections and never reuses one Node has just closed (a spurious 502).
 */
export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  requestMs: 30_000,
  connectionMs: 30_000,
  keepAliveMs: 72_000,
};

import type { ScanSummary } from '../music/local-library/scan.js';

declare module 'fastify' {
  interface FastifyInstance {
    operator: OperatorContext | undefined;
    database: DatabaseHandle;
    stores: Stores;
    services: Services;
    shares: ShareService;
    clock: () => Date;
    selfTest: () => SelfTestReport;
    shuttingDown: boolean;
    /** The local music library's folder (`MUSIC_DIR`), when this server has one. */
    musicDir: string | undefined;
    /** The last library scan's summary (and when it ended), kept in memory by the library routes. */
    libraryScan: {
      last: (ScanSummary & { finishedAt: string }) | null;
      running: Promise<ScanSummary> | null;
    };
    /** An `onRequest` hook for after `authenticate`: the per-user rate limit (`rate-limit.ts`). */
    limitPerUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Every route as registered (method and full path), for tests that must cover them all. */
    routeList: ReadonlyArray<{ readonly method: string; readonly url: string }>;
  }
  interface FastifyRequest {
    /** The language of messages in the answer, from Accept-Language. */
    locale: Locale;
  }
}

const ROBOTS_TXT = 'User-agent: *\nAllow: /$\nDisallow: /api/\nDisallow: /share\n';

// Vite names built assets by content hash, so they may be cached forever; the shell must revalidate.
function cacheHeaders(reply: { header(name: string, value: string): unknown }, path: string): void {
  if (/[/\\]assets[/\\]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
  else reply.header('cache-control', 'no-cache');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const hops = deps.config.trustProxyHops;
  const app = Fastify({
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      // Node's own limits, set at creation: headers within the request timeout, and the timeouts
      // checked often enough to hold (Node's default looks only every 30 s).
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(5_000, Math.max(50, Math.round(timeouts.requestMs / 10))),
    },
    logger: deps.logger ?? false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    // X-Forwarded-For is believed only for the proxy hops this deployment puts in front of the app
    // (TRUST_PROXY_HOPS; Render: 1, its edge — render.yaml, render-blueprint.md §4); any address further
    // left is the client's to invent. With `true`, every client chose the address its rate limit keys on
    // and that is logged. A function, not the number: Fastify 5.12 reads a number as "trust nothing".
    // Hop 0 is the socket's peer, so the client is the address `hops` entries from the right.
    trustProxy: hops > 0 ? (_address: string, hop: number) => hop < hops : false,
    bodyLimit: 256 * 1024,
    // A URL that does not decode (`/api/shares/%8f…`) is refused before any route: still the one error
    // body, not Fastify's own (found by `npm run fuzz`).
    frameworkErrors: (_err, request, reply) =>
      sendError(request, reply, new AppError('bad_request', 'The address of the request is not valid.')),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routeList: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeList.push({ method, url: route.url });
  });
  app.decorate('routeList', routeList);

  app.decorate('database', deps.database);
  app.decorate('stores', deps.stores);
  app.decorate('services', deps.services);
  app.decorate('operator', deps.operator);
  app.decorate('shares', deps.services.shares);
  app.decorate('musicDir', deps.config.musicDir);
  app.decorate('libraryScan', { last: null, running: null });
  const clock = deps.clock ?? (() => new Date());
  app.decorate('clock', clock);
  // The canaries run pure code that cannot change while the process lives: decode them once, not on
  // every health probe.
  let selfTestReport: SelfTestReport | undefined;
  app.decorate('selfTest', () => {
    selfTestReport ??= deps.selfTest();
    return selfTestReport;
  });
  app.decorate('shuttingDown', false);
  app.decorateRequest('locale', {
    getter(this: FastifyRequest) {
      return localeFrom(this.headers['accept-language']);
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandler(app);
  installJsonParser(app);

  await app.register(compress, { encodings: ['br', 'gzip'] });
  // Only production upgrades to https: local use over plain http on a LAN name must load (`security-headers.ts`).
  const security = appSecurityHeaders({ upgradeInsecureRequests: deps.config.isProduction });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  await app.register(rateLimit, {
    max: deps.rateLimitMax ?? deps.config.rateLimit.perMinute,
    timeWindow: '1 minute',
    // Shared across instances when Redis is configured; while Redis fails, each instance counts in
    // memory (one warning per outage) and goes back to Redis once it answers (`rate-limit.ts`).
    ...(deps.redis
      ? { store: redisWithLocalFallback({ redis: deps.redis, nameSpace: 'railtape-rl:', log: app.log }) }
      : {}),
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests; try again in ${context.after}.`, {
        retryAfterMs: context.ttl,
      }),
  });
  // The limit above keys on the client's address; a signed-in user also has one of their own, over all
  // their addresses, checked once `authenticate` has named them (the `/api` plugin, the share target).
  app.decorate(
    'limitPerUser',
    perUserRateLimit(app, { max: deps.rateLimitPerUserMax ?? deps.config.rateLimit.perUserPerMinute }),
  );
  await app.register(formbody);
  // Only the share target reads multipart; its limits live beside it.
  // A picture over its limit is cut and ignored, not a reason to lose the link beside it.
  await app.register(multipart, { limits: SHARE_TARGET_LIMITS, throwFileSizeLimit: false });

  // Sessions are cached in Redis when there is one; Postgres stays the truth (`auth/sessions.ts`).
  const sessions = createSessions({
    store: deps.stores.sessions,
    clock,
    redis: deps.redis,
    // The embedded database has one process: its memory can stand in for Redis.
    inProcessCache: deps.database.kind === 'pglite',
    log: app.log,
  });
  const { spotify: spotifyApp } = deps.config;
  const spotifyAccounts = deps.services.spotify;
  await app.register(authPlugin, {
    sessionSecret: deps.config.sessionSecret,
    secureCookies: deps.config.isProduction,
    isProduction: deps.config.isProduction,
    sessions,
    users: deps.stores.users,
    spotify:
      spotifyApp && spotifyAccounts
        ? {
            callbackPath: new URL(spotifyApp.redirectUri).pathname,
            signIn: createSpotifySignIn({
              app: {
                ...spotifyApp,
                accountsUrl: deps.config.spotifyAccountsUrl,
                apiUrl: deps.config.spotifyApiUrl,
              },
              users: deps.stores.users,
              spotify: spotifyAccounts,
              sessions,
              clock,
              ...(deps.fetch ? { fetch: deps.fetch } : {}),
            }),
          }
        : undefined,
  });

  await app.register(requestSafetyPlugin, { publicUrl: deps.config.publicUrl });
  await app.register(healthRoutes);
  await app.register(apiRoutes, { prefix: '/api' });
  await app.register(async (shareTarget) => {
    shareTarget.addHook('onRequest', app.authenticate);
    shareTarget.addHook('onRequest', app.limitPerUser);
    await shareTarget.register(shareTargetRoutes);
  });

  app.get('/robots.txt', async (_request, reply) => {
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400');
    return ROBOTS_TXT;
  });

  if (deps.webRoot && existsSync(join(deps.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.webRoot, wildcard: false, setHeaders: cacheHeaders });
    app.get('/*', (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }

  app.addHook('onClose', async () => {
    app.shuttingDown = true;
  });
  return app;
}
