import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SessionStore } from '../db/sessions.js';

export const SESSION_COOKIE = 'railtape_session';
/** A session lives at most this long, however active. */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3_600_000;
/** … and ends after this long without a request. */
export const SESSION_IDLE_MS = 14 * 24 * 3_600_000;
/** `last_seen_at` is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 3_600_000;
/** How long Redis may answer for Postgres about one session (never past the session's own end). */
export const SESSION_CACHE_MS = 5 * 60_000;
/** Keys in Redis: `railtape-session:<session id>` (the id is already a hash of the token). */
export const SESSION_CACHE_PREFIX = 'railtape-session:';
/** A cached value that says "ended": a fill that raced the sign-out cannot bring the session back. */
const ENDED = 'ended';

/**
 * Writes a cache entry unless the key holds the "ended" marker (one atomic step in Redis):
 * KEYS[1] the session's key, ARGV[1] the entry, ARGV[2] its TTL in ms.
 */
const FILL_SCRIPT = `if redis.call('GET', KEYS[1]) == '${ENDED}' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** Only a hash of the token is stored: a leaked table opens no session. */
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface Sessions {
  start(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The signed-in user, or undefined for an unknown, expired or idle session. */
  userOf(token: string): Promise<string | undefined>;
  end(token: string): Promise<void>;
  endAll(userId: string): Promise<number>;
  /**
   * Sessions Postgres already deleted by other means (a deleted account's cascade): their cache
   * entries end too, so none outlives its row.
   */
  forget(sessionIds: readonly string[]): Promise<void>;
  /** Redis calls that failed and were answered by Postgres instead (0 without Redis). */
  readonly cacheFailures: number;
}

interface CachedSession {
  userId: string;
  expiresAt: number;
  lastSeenAt: number;
}

export interface SessionsDeps {
  store: SessionStore;
  clock: () => Date;
  /**
   * Caches live sessions for `SESSION_CACHE_MS`, so a request costs no Postgres read. Postgres stays
   * the truth: every session is created and ended there first.
   */
  redis?: Redis | undefined;
  /**
   * Without Redis: cache live sessions in this process's memory instead, for `SESSION_CACHE_MS`. Only
   * where this process is the one that can end a session (the embedded database: one process holds
   * its data folder), so a sign-out here always reaches the cache. Never with a shared Postgres.
   */
  inProcessCache?: boolean | undefined;
  /** Where the first Redis failure of an outage (and its end) is told; once each, not per request. */
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void } | undefined;
}

/**
 * Server-side sessions in Postgres, optionally cached in Redis.
 *
 * Ending sessions with a cache: `end` and `endAll` delete the rows in Postgres first, then overwrite
 * each ended session's cache entry with an "ended" marker that lives as long as any entry could
 * (`SESSION_CACHE_MS`). `endAll` learns the ids from Postgres's delete (`deleteAllOfReturningIds`), so
 * no per-user set has to be kept in step in Redis; and because a fill never overwrites the marker
 * (`FILL_SCRIPT`), a request that read the row from Postgres just before the delete cannot cache the
 * session again after it. The one gap: Redis failing exactly at the sign-out and answering again within
 * `SESSION_CACHE_MS` may keep a cached session alive until its entry expires (at most 5 minutes).
 *
 * A Redis error (or a client that is not connected) is never the request's failure: the session is
 * read from Postgres as without Redis, `cacheFailures` counts it, and the log says so once per outage.
 */
export function createSessions(deps: SessionsDeps): Sessions {
  const { store, clock, redis, log } = deps;
  let cacheFailures = 0;
  let degraded = false;
  const memory = !redis && deps.inProcessCache ? createMemoryCache(clock) : undefined;

  /** Runs a Redis call, or answers `fallback` when there is no Redis, it is not connected, or it fails. */
  async function cache<T>(call: (r: Redis) => Promise<T>, fallback: T): Promise<T> {
    if (!redis) return fallback;
    try {
      if (redis.status !== 'ready') throw new Error(`redis is ${redis.status}`);
      const result = await call(redis);
      if (degraded) {
        degraded = false;
        log?.info({}, 'session cache: back on Redis');
      }
      return result;
    } catch (err) {
      cacheFailures += 1;
      if (!degraded) {
        degraded = true;
        log?.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'session cache unavailable; reading sessions from Postgres',
        );
      }
      return fallback;
    }
  }

  const keyOf = (id: string) => `${SESSION_CACHE_PREFIX}${id}`;

  async function readCache(id: string): Promise<CachedSession | 'ended' | undefined> {
    if (memory) return memory.get(id);
    const raw = await cache((r) => r.get(keyOf(id)), null);
    if (raw === null) return undefined;
    if (raw === ENDED) return ENDED;
    try {
      const value = JSON.parse(raw) as Partial<CachedSession>;
      if (
        typeof value.userId === 'string' &&
        typeof value.expiresAt === 'number' &&
        typeof value.lastSeenAt === 'number'
      )
        return value as CachedSession;
    } catch {
      // Not ours (or a different format): read Postgres and overwrite it.
    }
    return undefined;
  }

  async function writeCache(id: string, session: CachedSession, now: Date): Promise<void> {
    const ttl = Math.min(SESSION_CACHE_MS, session.expiresAt - now.getTime());
    if (ttl <= 0) return;
    if (memory) {
      if (memory.get(id) !== ENDED) memory.set(id, session, ttl);
      return;
    }
    await cache((r) => r.eval(FILL_SCRIPT, 1, keyOf(id), JSON.stringify(session), String(ttl)), 0);
  }

  async function markEnded(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    if (memory) {
      for (const id of ids) memory.set(id, ENDED, SESSION_CACHE_MS);
      return;
    }
    await cache(async (r) => {
      const batch = r.multi();
      for (const id of ids) batch.set(keyOf(id), ENDED, 'PX', SESSION_CACHE_MS);
      await batch.exec();
    }, undefined);
  }

  return {
    async start(userId) {
      const token = randomBytes(32).toString('base64url');
      const now = clock();
      const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
      await store.create({ id: sessionIdOf(token), userId, expiresAt, now });
      return { token, expiresAt };
    },

    async userOf(token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const now = clock();
      const id = sessionIdOf(token);
      const cached = await readCache(id);
      if (cached === ENDED) return undefined;
      if (cached) {
        const live = cached.expiresAt > now.getTime() && cached.lastSeenAt > now.getTime() - SESSION_IDLE_MS;
        if (!live) return undefined;
        if (now.getTime() - cached.lastSeenAt <= TOUCH_EVERY_MS) return cached.userId;
        // Time to record activity: Postgres decides again (the row may be gone), then the cache.
      }
      const session = await store.findLive(id, now, SESSION_IDLE_MS);
      if (!session) return undefined;
      let lastSeenAt = session.lastSeenAt;
      if (now.getTime() - lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await store.touch(id, now);
        lastSeenAt = now;
      }
      await writeCache(
        id,
        { userId: session.userId, expiresAt: session.expiresAt.getTime(), lastSeenAt: lastSeenAt.getTime() },
        now,
      );
      return session.userId;
    },

    async end(token) {
      const id = sessionIdOf(token);
      await store.delete(id);
      await markEnded([id]);
    },

    async endAll(userId) {
      const ids = await store.deleteAllOfReturningIds(userId);
      await markEnded(ids);
      return ids.length;
    },

    forget: markEnded,

    get cacheFailures() {
      return cacheFailures;
    },
  };
}

/** At most this many sessions in the in-process cache; the oldest entry goes first. */
const MEMORY_CACHE_MAX = 10_000;

/** The in-process stand-in for the Redis cache: the same entries, the same time to live. */
function createMemoryCache(clock: () => Date) {
  const entries = new Map<string, { value: CachedSession | typeof ENDED; until: number }>();
  return {
    get(id: string): CachedSession | typeof ENDED | undefined {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.until <= clock().getTime()) {
        entries.delete(id);
        return undefined;
      }
      return entry.value;
    },
    set(id: string, value: CachedSession | typeof ENDED, ttlMs: number): void {
      entries.delete(id);
      entries.set(id, { value, until: clock().getTime() + ttlMs });
      if (entries.size > MEMORY_CACHE_MAX) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
