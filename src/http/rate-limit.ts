import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../domain/errors.js';

/**
 * Rate-limit counters in Redis (shared by every instance) with the plugin's in-process store as the
 * fallback: a call Redis cannot answer is counted in memory instead, so an outage weakens the limit to
 * one per instance rather than lifting it. The next call tries Redis again, so the shared limit comes
 * back by itself as soon as Redis answers. Each change of state is logged once, not once per request.
 */

type Counter = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counter) => void;
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0];

interface PluginStore {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): PluginStore;
}
type LocalStoreCtor = new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache?: number,
) => PluginStore;
type RedisStoreCtor = new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key?: string,
) => PluginStore;

// The plugin's own stores (CommonJS, without type declarations of their own).
const require = createRequire(import.meta.url);
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as LocalStoreCtor;
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as RedisStoreCtor;

interface StoreOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  cache?: number;
}

export interface FallbackStoreOptions {
  redis: Redis;
  /** Prefix of the counters' keys in Redis. */
  nameSpace: string;
  log: FastifyBaseLogger;
}

/** A `store` for @fastify/rate-limit: Redis first, this process's memory while Redis fails. */
export function redisWithLocalFallback({
  redis,
  nameSpace,
  log,
}: FallbackStoreOptions): FastifyRateLimitStoreCtor {
  // Shared by the root store and every route's child, so one outage logs one line.
  const health = { degraded: false };

  class FallbackStore implements FastifyRateLimitStore {
    private constructor(
      private readonly shared: PluginStore,
      private readonly local: PluginStore,
    ) {}

    static create(options: StoreOptions): FallbackStore {
      const continueExceeding = options.continueExceeding ?? false;
      const exponentialBackoff = options.exponentialBackoff ?? false;
      return new FallbackStore(
        new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace),
        new LocalStore(continueExceeding, exponentialBackoff, options.cache),
      );
    }

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      let answered = false;
      const once: Callback = (err, result) => {
        if (answered) return;
        answered = true;
        cb(err, result);
      };
      const fallBack = (err: unknown) => {
        if (!health.degraded) {
          health.degraded = true;
          log.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'rate limiting falls back to in-process counters: Redis does not answer',
          );
        }
        this.local.incr(key, once, timeWindow, max);
      };
      try {
        this.shared.incr(
          key,
          (err, result) => {
            if (err || !result) return fallBack(err ?? new Error('no result'));
            if (health.degraded) {
              health.degraded = false;
              log.info('rate limiting is back on Redis');
            }
            once(null, result);
          },
          timeWindow,
          max,
        );
      } catch (err) {
        fallBack(err);
      }
    }

    child(routeOptions: RouteOptions): FallbackStore {
      // `fastify.createRateLimit()` hands a child no route (`routeInfo: {}`): name its Redis keys
      // without the route's `undefined`s; its own key generator keeps them apart from the per-IP ones.
      // (At run time the plugin passes its merged params, `routeInfo` among them.)
      const params = routeOptions as RouteOptions & { routeInfo?: { method?: string; url?: string } };
      const named = params.routeInfo?.url
        ? routeOptions
        : ({ ...params, routeInfo: { ...params.routeInfo, method: '', url: '' } } as RouteOptions);
      return new FallbackStore(this.shared.child(named), this.local.child(named));
    }
  }

  // The plugin calls `new Store(globalParams)`; the private constructor takes the built stores.
  return function Store(options: StoreOptions) {
    return FallbackStore.create(options);
  } as unknown as FastifyRateLimitStoreCtor;
}

export interface PerUserLimitOptions {
  /** Requests per signed-in user and minute, from any number of addresses. */
  max: number;
  timeWindow?: string | number;
}

/**
 * The second limit, per signed-in user: an `onRequest` hook for after `app.authenticate` (the global
 * limit keys on the client address only, so one account spread over many addresses would otherwise
 * never be held back). Counted in the plugin's store, so in Redis with the same in-memory fallback.
 *
 * Built on `fastify.createRateLimit()`, not `fastify.rateLimit()`: the latter's handler shares the
 * plugin's "already limited" mark with the global per-IP hook, and would silently skip every request
 * the per-IP limit has already counted, which is all of them.
 */
export function perUserRateLimit(
  app: FastifyInstance,
  { max, timeWindow = '1 minute' }: PerUserLimitOptions,
): (
  request: FastifyRequest,
  reply: { header(name: string, value: string | number): unknown },
) => Promise<void> {
  const check = app.createRateLimit({
    max,
    timeWindow,
    keyGenerator: (request) => `user:${request.userId}`,
  });
  return async (request, reply) => {
    if (!request.userId) return;
    const limit = await check(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    reply.header('retry-after', limit.ttlInSeconds);
    throw new AppError(
      'rate_limited',
      `Too many requests from this account; try again in ${limit.ttlInSeconds} s.`,
      {
        retryAfterMs: limit.ttl,
      },
    );
  };
}
