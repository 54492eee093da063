import { createHash, randomBytes } from 'node:crypto';
import type { SessionStore } from '../db/sessions.js';

export const SESSION_COOKIE = 'railtape_session';
/** A session lives at most this long, however active. */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3_600_000;
/** … and ends after this long without a request. */
export const SESSION_IDLE_MS = 14 * 24 * 3_600_000;
/** `last_seen_at` is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 3_600_000;

/** Only a hash of the token is stored: a leaked table opens no session. */
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface Sessions {
  start(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The signed-in user, or undefined for an unknown, expired or idle session. */
  userOf(token: string): Promise<string | undefined>;
  end(token: string): Promise<void>;
  endAll(userId: string): Promise<number>;
}

export function createSessions(deps: { store: SessionStore; clock: () => Date }): Sessions {
  const { store, clock } = deps;
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
      const session = await store.findLive(id, now, SESSION_IDLE_MS);
      if (!session) return undefined;
      if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await store.touch(id, now);
      return session.userId;
    },

    async end(token) {
      await store.delete(sessionIdOf(token));
    },

    endAll: (userId) => store.deleteAllOf(userId),
  };
}
