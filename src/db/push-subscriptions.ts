import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { pushSubscriptions } from './schema.js';

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

export interface PushSubscriptionStore {
  /**
   * Saves a browser's subscription for the user. The endpoint is the device's identity: subscribing
   * it again (new keys, or another user signing in on the same browser) replaces the old row.
   */
  save(input: {
    userId: string;
    endpoint: string;
    p256dh: string;
    auth: string;
  }): Promise<PushSubscriptionRow>;
  /** Removes the user's subscription with this endpoint; another user's is left alone. */
  remove(userId: string, endpoint: string): Promise<number>;
  /** Each user's devices, for the reminders of one worker batch. */
  forUsers(userIds: readonly string[]): Promise<PushSubscriptionRow[]>;
  /** The push service said 404/410: the subscription is dead. */
  delete(ids: readonly string[]): Promise<void>;
  countForUser(userId: string): Promise<number>;
}

export function createPushSubscriptionStore(db: Database): PushSubscriptionStore {
  return {
    async save(input) {
      const [row] = await db
        .insert(pushSubscriptions)
        .values(input)
        .onConflictDoUpdate({
          target: pushSubscriptions.endpoint,
          set: { userId: input.userId, p256dh: input.p256dh, auth: input.auth, failureCount: 0 },
        })
        .returning();
      if (!row) throw new Error('push subscription upsert returned nothing');
      return row;
    },

    async remove(userId, endpoint) {
      const gone = await db
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)))
        .returning({ id: pushSubscriptions.id });
      return gone.length;
    },

    async forUsers(userIds) {
      if (userIds.length === 0) return [];
      return db
        .select()
        .from(pushSubscriptions)
        .where(inArray(pushSubscriptions.userId, [...new Set(userIds)]));
    },

    async delete(ids) {
      if (ids.length === 0) return;
      await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, [...ids]));
    },

    async countForUser(userId) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.userId, userId));
      return row?.n ?? 0;
    },
  };
}
