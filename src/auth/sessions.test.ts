import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../test/support/redis.js';
import type { SessionRow, SessionStore } from '../db/sessions.js';
import {
  createSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_CACHE_MS,
  SESSION_CACHE_PREFIX,
  SESSION_IDLE_MS,
  type Sessions,
  sessionIdOf,
} from './sessions.js';

/** The options `runtime.ts` gives its client: a Redis that fails answers at once, never holds a request. */
const CLIENT_OPTIONS = { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 };

/** `SessionStore` in memory (the SQL store's semantics), counting the reads Postgres would serve. */
function memorySessionStore() {
  const rows = new Map<string, SessionRow>();
  const counts = { findLive: 0, touch: 0 };
  let beforeFindReturns: (() => Promise<void>) | undefined;
  const store: SessionStore = {
    async create(input) {
      rows.set(input.id, {
        id: input.id,
        userId: input.userId,
        expiresAt: input.expiresAt,
        lastSeenAt: input.now,
        createdAt: input.now,
      });
    },
    async findLive(id, now, idleMs) {
      counts.findLive += 1;
      const row = rows.get(id);
      const live =
        row && row.expiresAt > now && row.lastSeenAt.getTime() > now.getTime() - idleMs
          ? { ...row }
          : undefined;
      const hook = beforeFindReturns;
      beforeFindReturns = undefined;
      await hook?.();
      return live;
    },
    async touch(id, now) {
      counts.touch += 1;
      const row = rows.get(id);
      if (row) row.lastSeenAt = now;
    },
    async delete(id) {
      rows.delete(id);
    },
    async deleteAllOf(userId) {
      return (await store.deleteAllOfReturningIds(userId)).length;
    },
    async deleteAllOfReturningIds(userId) {
      const ids = [...rows.values()].filter((r) => r.userId === userId).map((r) => r.id);
      for (const id of ids) rows.delete(id);
      return ids;
    },
    async deleteExpired(now, idleMs) {
      let n = 0;
      for (const [id, r] of rows)
        if (r.expiresAt < now || r.lastSeenAt.getTime() < now.getTime() - idleMs) {
          rows.delete(id);
          n += 1;
        }
      return n;
    },
  };
  return {
    store,
    rows,
    counts,
    /** Runs `fn` after the next `findLive` read its row, before it answers (a racing request). */
    raceNextRead(fn: () => Promise<void>) {
      beforeFindReturns = fn;
    },
  };
}

function logLines() {
  const lines: Array<{ level: 'warn' | 'info'; msg: string }> = [];
  return {
    lines,
    log: {
      warn: (_obj: object, msg: string) => lines.push({ level: 'warn', msg }),
      info: (_obj: object, msg: string) => lines.push({ level: 'info', msg }),
    },
  };
}

describe('sessions without Redis', () => {
  it('reads Postgres on every request and ends sessions there', async () => {
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    const m = memorySessionStore();
    const sessions = createSessions({ store: m.store, clock: () => clock.now });
    const { token } = await sessions.start('user-1');
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(m.counts.findLive).toBe(2);
    await sessions.end(token);
    expect(await sessions.userOf(token)).toBeUndefined();
    expect(sessions.cacheFailures).toBe(0);
  });

  it('ends after the idle window and at the absolute expiry', async () => {
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    const m = memorySessionStore();
    const sessions = createSessions({ store: m.store, clock: () => clock.now });
    const { token } = await sessions.start('user-1');
    clock.now = new Date(clock.now.getTime() + SESSION_IDLE_MS + 1);
    expect(await sessions.userOf(token)).toBeUndefined();
  });
});

describe('sessions cached in this process (the embedded database)', () => {
  it('answers from memory after the first read, for at most 5 minutes', async () => {
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    const m = memorySessionStore();
    const sessions = createSessions({ store: m.store, clock: () => clock.now, inProcessCache: true });
    const { token } = await sessions.start('user-1');
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(m.counts.findLive).toBe(1);
    clock.now = new Date(clock.now.getTime() + SESSION_CACHE_MS + 1);
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(m.counts.findLive).toBe(2);
  });

  it('ends a cached session at once, on sign-out and on "sign out everywhere"', async () => {
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    const m = memorySessionStore();
    const sessions = createSessions({ store: m.store, clock: () => clock.now, inProcessCache: true });
    const one = await sessions.start('user-1');
    const two = await sessions.start('user-1');
    const other = await sessions.start('user-2');
    for (const s of [one, two, other]) await sessions.userOf(s.token);
    await sessions.end(one.token);
    expect(await sessions.userOf(one.token)).toBeUndefined();
    expect(await sessions.userOf(two.token)).toBe('user-1');
    expect(await sessions.endAll('user-1')).toBe(1);
    expect(await sessions.userOf(two.token)).toBeUndefined();
    expect(await sessions.userOf(other.token)).toBe('user-2');
  });

  it('does not bring a session back when a request read it just before the sign-out', async () => {
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    const m = memorySessionStore();
    const sessions = createSessions({ store: m.store, clock: () => clock.now, inProcessCache: true });
    const { token } = await sessions.start('user-1');
    m.raceNextRead(() => sessions.end(token));
    await sessions.userOf(token); // read the row, then the sign-out happened, then it fills the cache
    expect(await sessions.userOf(token)).toBeUndefined();
  });

  it('is not used when Redis is there: Redis is shared by every instance', async () => {
    const m = memorySessionStore();
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, ...CLIENT_OPTIONS });
    const sessions = createSessions({ store: m.store, clock: () => new Date(), redis, inProcessCache: true });
    const { token } = await sessions.start('user-1');
    await sessions.userOf(token);
    await sessions.userOf(token);
    expect(m.counts.findLive).toBe(2); // Redis is down: Postgres answers, memory never does
    redis.disconnect();
  });
});

describe.skipIf(!redisAvailable)(
  redisAvailable
    ? 'sessions cached in Redis'
    : `sessions cached in Redis (skipped: Redis not reachable at ${REDIS_URL})`,
  () => {
    let redis: Redis;
    const tokens: string[] = [];
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    let m: ReturnType<typeof memorySessionStore>;
    let sessions: Sessions;
    const keyOf = (token: string) => `${SESSION_CACHE_PREFIX}${sessionIdOf(token)}`;
    const start = async (userId: string) => {
      const { token } = await sessions.start(userId);
      tokens.push(token);
      return token;
    };

    beforeAll(async () => {
      redis = new Redis(REDIS_URL, { ...CLIENT_OPTIONS, lazyConnect: true });
      await redis.connect();
    });
    afterAll(async () => {
      if (tokens.length > 0) await redis.del(...tokens.map(keyOf));
      redis.disconnect();
    });

    const fresh = () => {
      clock.now = new Date('2026-11-24T09:00:00Z');
      m = memorySessionStore();
      sessions = createSessions({ store: m.store, clock: () => clock.now, redis });
    };

    it('answers from Redis after the first read, for at most 5 minutes', async () => {
      fresh();
      const token = await start('user-1');
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(m.counts.findLive).toBe(1);
      const ttl = await redis.pttl(keyOf(token));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(SESSION_CACHE_MS);
      const cached = JSON.parse((await redis.get(keyOf(token))) ?? '{}');
      expect(cached).toMatchObject({
        userId: 'user-1',
        expiresAt: clock.now.getTime() + SESSION_ABSOLUTE_MS,
      });
      expect(sessions.cacheFailures).toBe(0);
    });

    it('caches a session near its end no longer than it lives', async () => {
      fresh();
      const token = await start('user-1');
      clock.now = new Date(clock.now.getTime() + SESSION_ABSOLUTE_MS - 30_000);
      // Keep it within the idle window: a request a minute ago.
      m.rows.get(sessionIdOf(token))!.lastSeenAt = new Date(clock.now.getTime() - 60_000);
      expect(await sessions.userOf(token)).toBe('user-1');
      const ttl = await redis.pttl(keyOf(token));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
    });

    it('still ends a cached session at once on sign-out', async () => {
      fresh();
      const token = await start('user-1');
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(await redis.exists(keyOf(token))).toBe(1);
      await sessions.end(token);
      expect(m.rows.size).toBe(0);
      expect(await sessions.userOf(token)).toBeUndefined();
      // A second instance (its own Sessions on the same Redis and database) sees it ended too.
      const other = createSessions({ store: m.store, clock: () => clock.now, redis });
      expect(await other.userOf(token)).toBeUndefined();
    });

    it('ends every cached session of the user on "sign out everywhere", and only theirs', async () => {
      fresh();
      const phone = await start('user-1');
      const laptop = await start('user-1');
      const someoneElse = await start('user-2');
      for (const token of [phone, laptop, someoneElse]) await sessions.userOf(token);
      expect(await sessions.endAll('user-1')).toBe(2);
      expect(await sessions.userOf(phone)).toBeUndefined();
      expect(await sessions.userOf(laptop)).toBeUndefined();
      expect(await sessions.userOf(someoneElse)).toBe('user-2');
    });

    it('does not bring a session back when a request read it just before the sign-out', async () => {
      fresh();
      const token = await start('user-1');
      // The request reads the live row, the sign-out ends it, then the request would fill the cache.
      m.raceNextRead(() => sessions.end(token));
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(await redis.get(keyOf(token))).toBe('ended');
      expect(await sessions.userOf(token)).toBeUndefined();
    });

    it('forgets sessions deleted by other means (a deleted account)', async () => {
      fresh();
      const token = await start('user-1');
      await sessions.userOf(token);
      await m.store.deleteAllOf('user-1');
      await sessions.forget([sessionIdOf(token)]);
      expect(await sessions.userOf(token)).toBeUndefined();
    });

    it('records activity in Postgres at most hourly, and Postgres decides again then', async () => {
      fresh();
      const token = await start('user-1');
      await sessions.userOf(token);
      clock.now = new Date(clock.now.getTime() + 2 * 3_600_000);
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(m.counts.touch).toBe(1);
      expect(m.counts.findLive).toBe(2);
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(m.counts.findLive).toBe(2);
    });
  },
);

describe('sessions while Redis is down', () => {
  it('still signs in and out through Postgres, counting the failures and logging once', async () => {
    // Nothing listens on port 1: every command fails at once, as in an outage.
    const down = new Redis('redis://127.0.0.1:1', { ...CLIENT_OPTIONS, retryStrategy: () => 1_000 });
    down.on('error', () => {});
    try {
      const clock = { now: new Date('2026-11-24T09:00:00Z') };
      const m = memorySessionStore();
      const { lines, log } = logLines();
      const sessions = createSessions({ store: m.store, clock: () => clock.now, redis: down, log });
      const { token } = await sessions.start('user-1');
      expect(await sessions.userOf(token)).toBe('user-1');
      expect(await sessions.userOf(token)).toBe('user-1');
      await sessions.end(token);
      expect(await sessions.userOf(token)).toBeUndefined();
      expect(sessions.cacheFailures).toBeGreaterThan(0);
      expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    } finally {
      down.disconnect();
    }
  });

  it('falls back when a connected Redis fails a command, and says when it answers again', async () => {
    let failing = true;
    const values = new Map<string, string>();
    // Stands in for ioredis: connected, but its commands fail until `failing` is off.
    const flaky = {
      status: 'ready',
      async get(key: string) {
        if (failing) throw new Error('Command timed out');
        return values.get(key) ?? null;
      },
      async eval(_script: string, _n: number, key: string, value: string) {
        if (failing) throw new Error('Command timed out');
        if (values.get(key) !== 'ended') values.set(key, value);
        return 1;
      },
      multi() {
        const sets: Array<[string, string]> = [];
        const batch = {
          set(key: string, value: string) {
            sets.push([key, value]);
            return batch;
          },
          async exec() {
            if (failing) throw new Error('Command timed out');
            for (const [k, v] of sets) values.set(k, v);
            return [];
          },
        };
        return batch;
      },
    };
    const clock = { now: new Date('2026-11-24T09:00:00Z') };
    const m = memorySessionStore();
    const { lines, log } = logLines();
    const sessions = createSessions({
      store: m.store,
      clock: () => clock.now,
      redis: flaky as unknown as Redis,
      log,
    });
    const { token } = await sessions.start('user-1');
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(m.counts.findLive).toBe(2);
    expect(sessions.cacheFailures).toBe(4);
    failing = false;
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(await sessions.userOf(token)).toBe('user-1');
    expect(m.counts.findLive).toBe(3);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
  });
});
