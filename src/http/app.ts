import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Database, DatabaseHandle } from '../db/client.js';
import { ensureLocalUser } from '../db/users.js';
import { AppError } from '../domain/errors.js';
import type { ShareService } from '../share/service.js';
import { installErrorHandler } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { preferenceRoutes } from './routes/preferences.js';
import { shareRoutes } from './routes/shares.js';
import { tripRoutes } from './routes/trips.js';

export interface SelfTestReport {
  ok: boolean;
  results: Array<{ name: string; ok: boolean; detail?: string }>;
}

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  shares: ShareService;
  selfTest: () => SelfTestReport;
  redis?: Redis | undefined;
  /** Requests per client and minute (shared through Redis when given). */
  rateLimitMax?: number;
  /** The built PWA (dist/web); absent in API-only tests. */
  webRoot?: string | undefined;
  logger?: FastifyServerOptions['logger'];
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    database: DatabaseHandle;
    shares: ShareService;
    selfTest: () => SelfTestReport;
    shuttingDown: boolean;
  }
  interface FastifyRequest {
    userId: string;
  }
}

/** pino options shared by the server and the workers: JSON lines with a string `level`, secrets redacted. */
export function loggerOptions(level: string) {
  return {
    level,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.accessToken',
        '*.refreshToken',
      ],
      censor: '[redacted]',
    },
  };
}

// Vite names built assets by content hash, so they may be cached forever; the shell must revalidate.
function cacheHeaders(reply: { header(name: string, value: string): unknown }, path: string): void {
  if (/[/\\]assets[/\\]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
  else reply.header('cache-control', 'no-cache');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: true,
    bodyLimit: 256 * 1024,
  });

  app.decorate('db', deps.database.db);
  app.decorate('database', deps.database);
  app.decorate('shares', deps.shares);
  // The canaries run pure code that cannot change while the process lives: decode them once, not on
  // every health probe.
  let selfTestReport: SelfTestReport | undefined;
  app.decorate('selfTest', () => {
    selfTestReport ??= deps.selfTest();
    return selfTestReport;
  });
  app.decorate('shuttingDown', false);
  app.decorateRequest('userId', '');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandler(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https://i.scdn.co'],
        connectSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    max: deps.rateLimitMax ?? 120,
    timeWindow: '1 minute',
    // Shared across instances when Redis is configured; a Redis outage means "no limit", not errors.
    ...(deps.redis ? { redis: deps.redis, skipOnError: true, nameSpace: 'railtape-rl:' } : {}),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: { code: 'rate_limited', message: `Too many requests; try again in ${context.after}.` },
    }),
  });
  await app.register(formbody);
  await app.register(multipart, {
    limits: { fileSize: 10 * 1024 * 1024, files: 4, fields: 10, fieldSize: 20_000 },
  });

  const signInConfigured = deps.config.spotify !== undefined;
  let localUserId: string | undefined;
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/share')) return;
    // Until sign-in exists, a local install serves one traveller; production never runs without sign-in.
    if (!signInConfigured && !deps.config.isProduction) {
      localUserId ??= (await ensureLocalUser(deps.database.db)).id;
      request.userId = localUserId;
      return;
    }
    throw new AppError('sign_in_required', 401, 'Sign in to see your trips.');
  });

  await app.register(healthRoutes);
  await app.register(shareRoutes);
  await app.register(tripRoutes);
  await app.register(preferenceRoutes);

  if (deps.webRoot && existsSync(join(deps.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.webRoot, wildcard: false, setHeaders: cacheHeaders });
    app.get('/*', (request, reply) => {
      if (request.url.startsWith('/api/')) throw new AppError('not_found', 404, 'No such API route.');
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }

  app.addHook('onClose', async () => {
    app.shuttingDown = true;
  });
  return app;
}
