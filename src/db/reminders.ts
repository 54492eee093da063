import { and, count, eq, inArray, lte, sql } from 'drizzle-orm';
import { claimByLease } from './claim.js';
import type { Database } from './client.js';
import { reminders } from './schema.js';

export type ReminderRow = typeof reminders.$inferSelect;

export interface ReminderOutcome {
  status: 'sent' | 'pending' | 'failed';
  error?: string;
  retryAt?: Date;
}

export interface ReminderStore {
  /** One reminder per trip and kind: scheduling again moves it and makes it pending again. */
  schedule(input: { tripId: string; userId: string; kind?: string; dueAt: Date }): Promise<void>;
  /** Claims pending reminders that are due, with a lease so a crashed run's reminders come back. */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ReminderRow[]>;
  finish(id: string, outcome: ReminderOutcome, now: Date): Promise<void>;
  countDue(now: Date): Promise<number>;
}

export function createReminderStore(db: Database): ReminderStore {
  return {
    async schedule(input) {
      const kind = input.kind ?? 'departure';
      await db
        .insert(reminders)
        .values({ tripId: input.tripId, userId: input.userId, kind, dueAt: input.dueAt })
        .onConflictDoUpdate({
          target: [reminders.tripId, reminders.kind],
          set: { dueAt: input.dueAt, status: 'pending', lockedUntil: null },
        });
    },

    async claimDue(now, limit, leaseMs) {
      const ids = await claimByLease(db, reminders, {
        due: sql`status = 'pending' and due_at <= ${now.toISOString()}`,
        orderBy: sql`due_at`,
        now,
        leaseMs,
        limit,
      });
      if (ids.length === 0) return [];
      return db.select().from(reminders).where(inArray(reminders.id, ids)).orderBy(reminders.dueAt);
    },

    async finish(id, outcome, now) {
      await db
        .update(reminders)
        .set({
          status: outcome.status,
          lastError: outcome.error ?? null,
          // A retry waits out its back-off by keeping the lease until then.
          lockedUntil: outcome.retryAt ?? null,
          ...(outcome.status === 'sent' ? { sentAt: now } : {}),
        })
        .where(eq(reminders.id, id));
    },

    async countDue(now) {
      const [row] = await db
        .select({ n: count() })
        .from(reminders)
        .where(and(eq(reminders.status, 'pending'), lte(reminders.dueAt, now)));
      return row?.n ?? 0;
    },
  };
}
