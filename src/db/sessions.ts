import { and, eq, gt, lt, or } from 'drizzle-orm';
import type { Database } from './client.js';
import { sessions } from './schema.js';

export type SessionRow = typeof sessions.$inferSelect;

/** Server-side sessions; the id is a hash of the cookie's token, never the token itself. */
export interface SessionStore {
  create(input: { id: string; userId: string; expiresAt: Date; now: Date }): Promise<void>;
  /** The live session: not past its absolute expiry and seen within the idle window. */
  findLive(id: string, now: Date, idleMs: number): Promise<SessionRow | undefined>;
  touch(id: string, now: Date): Promise<void>;
  delete(id: string): Promise<void>;
  deleteAllOf(userId: string): Promise<number>;
  /** As `deleteAllOf`, naming the sessions it ended (so their cache entries can end too). */
  deleteAllOfReturningIds(userId: string): Promise<string[]>;
  deleteExpired(now: Date, idleMs: number): Promise<number>;
}

export function createSessionStore(db: Database): SessionStore {
  return {
    async create(input) {
      await db
        .insert(sessions)
        .values({ id: input.id, userId: input.userId, expiresAt: input.expiresAt, lastSeenAt: input.now });
    },

    async findLive(id, now, idleMs) {
      const [row] = await db
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.id, id),
            gt(sessions.expiresAt, now),
            gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs)),
          ),
        );
      return row;
    },

    async touch(id, now) {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
    },

    async delete(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },

    async deleteAllOf(userId) {
      const rows = await db
        .delete(sessions)
        .where(eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      return rows.length;
    },

    async deleteAllOfReturningIds(userId) {
      const rows = await db
        .delete(sessions)
        .where(eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      return rows.map((r) => r.id);
    },

    async deleteExpired(now, idleMs) {
      const rows = await db
        .delete(sessions)
        .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - idleMs))))
        .returning({ id: sessions.id });
      return rows.length;
    },
  };
}
