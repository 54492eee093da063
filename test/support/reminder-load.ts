/**
 * Many due reminders on one Postgres database, drained by concurrent reminder workers through the
 * push-service fake, then counted: what each device got, how often and how late. Shared by the
 * once-only test (`test/reminders-once.test.ts`) and `npm run bench`.
 */
import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import type { Database, DatabaseHandle } from '../../src/db/client.js';
import { openDatabase } from '../../src/db/client.js';
import { pushSubscriptions, reminders, trips, users } from '../../src/db/schema.js';
import { createStores } from '../../src/db/stores.js';
import type { Trip } from '../../src/domain/trip.js';
import { type ReminderRunSummary, runReminderWorker } from '../../src/jobs/reminder-worker.js';
import { createPushSender } from '../../src/push/sender.js';
import { createGuardedFetch } from '../../src/share/guarded-fetch.js';
import type { FakeSubscription, PushServiceFake } from '../fakes/push-service.js';
import { createScratchPostgres } from './databases.js';

export interface SeededReminder {
  tripId: string;
  endpoint: string;
  dueAt: number;
}

const tripJson = (departure: Date): Trip => ({
  source: 'sbb-trip-link',
  exactness: 'exact',
  origin: 'Zürich HB',
  destination: 'Bern',
  departure: departure.toISOString(),
  arrival: new Date(departure.getTime() + 3_360_000).toISOString(),
  durationSeconds: 3360,
  legs: [],
});

/** `count` travellers, each with one subscribed device and one trip whose reminder is due at `dueAt`. */
export async function seedDueReminders(
  db: Database,
  push: PushServiceFake,
  options: { count: number; dueAt: Date; departsAt: Date },
): Promise<SeededReminder[]> {
  const seeded: SeededReminder[] = [];
  for (let start = 0; start < options.count; start += 500) {
    const rows = Array.from({ length: Math.min(500, options.count - start) }, () => {
      const sub: FakeSubscription = push.subscribe();
      return { userId: randomUUID(), tripId: randomUUID(), sub };
    });
    await db.insert(users).values(rows.map((r) => ({ id: r.userId, displayName: 'Rider', locale: 'en' })));
    await db.insert(trips).values(
      rows.map((r) => {
        const trip = tripJson(options.departsAt);
        return {
          id: r.tripId,
          userId: r.userId,
          shareId: null,
          trip,
          source: trip.source,
          exactness: trip.exactness,
          origin: trip.origin,
          destination: trip.destination,
          departure: options.departsAt,
          arrival: new Date(trip.arrival),
          durationSeconds: trip.durationSeconds,
        };
      }),
    );
    await db.insert(pushSubscriptions).values(
      rows.map((r) => ({
        userId: r.userId,
        endpoint: r.sub.endpoint,
        p256dh: r.sub.keys.p256dh,
        auth: r.sub.keys.auth,
      })),
    );
    await db.insert(reminders).values(
      rows.map((r) => ({
        tripId: r.tripId,
        userId: r.userId,
        dueAt: options.dueAt,
        departsAt: options.departsAt,
      })),
    );
    for (const r of rows)
      seeded.push({ tripId: r.tripId, endpoint: r.sub.endpoint, dueAt: options.dueAt.getTime() });
  }
  return seeded;
}

export interface DrainResult {
  workers: ReminderRunSummary[];
  seconds: number;
  perSecond: number;
  /** Deliveries beyond the first to a device. */
  duplicates: number;
  /** Seeded reminders no device got. */
  misses: number;
  /** Deliveries whose decrypted payload is not the reminder of that device's trip. */
  wrongContent: number;
  /** Sent time minus due time, in ms, sorted. */
  lateness: number[];
}

/** A fresh database on the Postgres server, migrated, with `workers` connection pools on it. */
export async function reminderDatabase(workers: number): Promise<{
  handles: DatabaseHandle[];
  close(): Promise<void>;
}> {
  const scratch = await createScratchPostgres('railtape_rem');
  const handles: DatabaseHandle[] = [];
  for (let i = 0; i < Math.max(1, workers); i++) {
    handles.push(await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 5 }));
  }
  await handles[0]?.migrate();
  return {
    handles,
    close: async () => {
      for (const h of handles) await h.close();
      await scratch.drop();
    },
  };
}

/** Runs one reminder worker per handle at once (each its own pool, as separate cron runs would). */
export async function drainWithWorkers(
  handles: readonly DatabaseHandle[],
  push: PushServiceFake,
  seeded: readonly SeededReminder[],
): Promise<DrainResult> {
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@railtape.example' };
  const fetch = createGuardedFetch({ trustedOrigins: new Set([push.origin]) });
  const before = push.deliveries.length;
  const started = Date.now();
  const workers = await Promise.all(
    handles.map((h) => {
      const stores = createStores(h.db);
      return runReminderWorker({
        reminders: stores.reminders,
        subscriptions: stores.pushSubscriptions,
        send: createPushSender({ vapid, fetch }),
        clock: () => new Date(),
        lookaheadMs: 0,
      });
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const deliveries = push.deliveries.slice(before);
  const byEndpoint = new Map<string, typeof deliveries>();
  for (const d of deliveries) byEndpoint.set(d.endpoint, [...(byEndpoint.get(d.endpoint) ?? []), d]);
  let duplicates = 0;
  let misses = 0;
  let wrongContent = 0;
  const lateness: number[] = [];
  for (const r of seeded) {
    const got = byEndpoint.get(r.endpoint) ?? [];
    if (got.length === 0) misses++;
    duplicates += Math.max(0, got.length - 1);
    for (const d of got) {
      const payload = d.payload as { type?: string; tripId?: string; title?: string };
      if (
        payload.type !== 'departure' ||
        payload.tripId !== r.tripId ||
        !payload.title?.startsWith('Your train')
      )
        wrongContent++;
      lateness.push(d.receivedAt - r.dueAt);
    }
  }
  lateness.sort((a, b) => a - b);
  return { workers, seconds, perSecond: seeded.length / seconds, duplicates, misses, wrongContent, lateness };
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
