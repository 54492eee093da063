import { and, count, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Trip } from '../domain/trip.js';
import { claimByLease } from './claim.js';
import type { Database } from './client.js';
import { type StatementName, statementNames } from './prepared.js';
import { playlists, reminderDeliveries, reminders, trips, users } from './schema.js';

export type ReminderRow = typeof reminders.$inferSelect;

export interface ReminderOutcome {
  status: 'sent' | 'pending' | 'failed';
  error?: string;
  /** A retry waits out its back-off by keeping the lease until then. */
  retryAt?: Date;
  /** The devices (subscription ids) that accepted it in this run. */
  delivered: readonly string[];
}

/** What one reminder's message needs, read for a whole batch at once. */
export interface ReminderContext {
  trip: Pick<Trip, 'origin' | 'destination' | 'departure' | 'legs'>;
  departure: Date;
  locale: string;
  playlist: { totalSeconds: number; provider: string; inSpotify: boolean } | null;
  /** Devices that already have it (an earlier run of a retried reminder). */
  deliveredTo: Set<string>;
}

export interface ReminderStore {
  /**
   * One reminder per trip and kind. Scheduling again at another time moves it and makes it pending
   * again (a delayed train is reminded anew, under the same push topic); at the same time it changes
   * nothing, so a sent reminder is not sent twice.
   */
  schedule(input: {
    tripId: string;
    userId: string;
    kind?: string;
    dueAt: Date;
    departsAt: Date;
  }): Promise<void>;
  /** Takes back a reminder not yet sent (the train has left). */
  cancel(tripId: string, kind?: string): Promise<void>;
  /** The user's departure reminders still to send, with their departures (to move them to a new lead time). */
  pendingForUser(userId: string): Promise<Array<{ tripId: string; departsAt: Date | null }>>;
  /**
   * Claims pending reminders due by `now + lookaheadMs`, with a lease so a crashed run's reminders
   * come back; `SKIP LOCKED` keeps concurrent workers apart.
   */
  claimDue(now: Date, limit: number, leaseMs: number, lookaheadMs?: number): Promise<ReminderRow[]>;
  contexts(rows: readonly ReminderRow[]): Promise<Map<string, ReminderContext>>;
  /** The outcome and the deliveries it made, in one transaction. */
  finish(id: string, outcome: ReminderOutcome, now: Date): Promise<void>;
  countDue(now: Date): Promise<number>;
  get(tripId: string, kind?: string): Promise<ReminderRow | undefined>;
}

export function createReminderStore(
  db: Database,
  options: { statementName?: StatementName } = {},
): ReminderStore {
  const name = options.statementName ?? statementNames(false);
  // Every share of a trip that has left (or is about to) cancels its reminder: built once.
  const cancelPending = db
    .update(reminders)
    .set({ status: 'cancelled', lockedUntil: null })
    .where(
      and(
        eq(reminders.tripId, sql.placeholder('tripId')),
        eq(reminders.kind, sql.placeholder('kind')),
        eq(reminders.status, 'pending'),
      ),
    )
    .prepare(name('reminder_cancel'));
  return {
    async schedule(input) {
      const kind = input.kind ?? 'departure';
      await db.transaction(async (tx) => {
        const [before] = await tx
          .select({ id: reminders.id, dueAt: reminders.dueAt })
          .from(reminders)
          .where(and(eq(reminders.tripId, input.tripId), eq(reminders.kind, kind)))
          .for('update');
        if (!before) {
          await tx
            .insert(reminders)
            .values({
              tripId: input.tripId,
              userId: input.userId,
              kind,
              dueAt: input.dueAt,
              departsAt: input.departsAt,
            })
            .onConflictDoNothing();
          return;
        }
        if (before.dueAt.getTime() === input.dueAt.getTime()) {
          await tx.update(reminders).set({ departsAt: input.departsAt }).where(eq(reminders.id, before.id));
          return;
        }
        // Moved: a new reminder for every device, under the same topic.
        await tx.delete(reminderDeliveries).where(eq(reminderDeliveries.reminderId, before.id));
        await tx
          .update(reminders)
          .set({
            dueAt: input.dueAt,
            departsAt: input.departsAt,
            status: 'pending',
            attempts: 0,
            lastError: null,
            sentAt: null,
            lockedUntil: null,
          })
          .where(eq(reminders.id, before.id));
      });
    },

    async cancel(tripId, kind = 'departure') {
      await cancelPending.execute({ tripId, kind });
    },

    async pendingForUser(userId) {
      return db
        .select({ tripId: reminders.tripId, departsAt: reminders.departsAt })
        .from(reminders)
        .where(
          and(eq(reminders.userId, userId), eq(reminders.status, 'pending'), eq(reminders.kind, 'departure')),
        );
    },

    async claimDue(now, limit, leaseMs, lookaheadMs = 0) {
      const until = new Date(now.getTime() + lookaheadMs);
      const ids = await claimByLease(db, reminders, {
        due: sql`status = 'pending' and due_at <= ${until.toISOString()}`,
        orderBy: sql`due_at`,
        now,
        leaseMs,
        limit,
      });
      if (ids.length === 0) return [];
      return db.select().from(reminders).where(inArray(reminders.id, ids)).orderBy(reminders.dueAt);
    },

    async contexts(rows) {
      const out = new Map<string, ReminderContext>();
      if (rows.length === 0) return out;
      const ids = rows.map((r) => r.id);
      const found = await db
        .select({
          id: reminders.id,
          trip: trips.trip,
          departure: trips.departure,
          locale: users.locale,
          totalSeconds: playlists.actualSeconds,
          provider: playlists.provider,
          externalId: playlists.externalId,
        })
        .from(reminders)
        .innerJoin(trips, eq(trips.id, reminders.tripId))
        .innerJoin(users, eq(users.id, reminders.userId))
        .leftJoin(playlists, eq(playlists.tripId, reminders.tripId))
        .where(inArray(reminders.id, ids));
      const delivered = await db
        .select({
          reminderId: reminderDeliveries.reminderId,
          subscriptionId: reminderDeliveries.subscriptionId,
        })
        .from(reminderDeliveries)
        .where(inArray(reminderDeliveries.reminderId, ids));
      for (const r of found) {
        out.set(r.id, {
          trip: r.trip,
          departure: r.departure,
          locale: r.locale,
          playlist:
            r.totalSeconds === null || r.provider === null
              ? null
              : {
                  totalSeconds: r.totalSeconds,
                  provider: r.provider,
                  inSpotify: r.provider === 'spotify' && r.externalId !== null,
                },
          deliveredTo: new Set(),
        });
      }
      for (const d of delivered) out.get(d.reminderId)?.deliveredTo.add(d.subscriptionId);
      return out;
    },

    async finish(id, outcome, now) {
      await db.transaction(async (tx) => {
        if (outcome.delivered.length > 0) {
          await tx
            .insert(reminderDeliveries)
            .values(
              outcome.delivered.map((subscriptionId) => ({ reminderId: id, subscriptionId, sentAt: now })),
            )
            .onConflictDoNothing();
        }
        await tx
          .update(reminders)
          .set({
            status: outcome.status,
            lastError: outcome.error ?? null,
            lockedUntil: outcome.retryAt ?? null,
            ...(outcome.status === 'sent' ? { sentAt: now } : {}),
          })
          .where(eq(reminders.id, id));
      });
    },

    async countDue(now) {
      const [row] = await db
        .select({ n: count() })
        .from(reminders)
        .where(and(eq(reminders.status, 'pending'), lte(reminders.dueAt, now)));
      return row?.n ?? 0;
    },

    async get(tripId, kind = 'departure') {
      const [row] = await db
        .select()
        .from(reminders)
        .where(and(eq(reminders.tripId, tripId), eq(reminders.kind, kind)));
      return row;
    },
  };
}
