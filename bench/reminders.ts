/**
 * Reminders drained per second by one and by two concurrent workers on the Postgres server, each
 * message encrypted, signed and POSTed to the push-service fake; duplicates, misses and lateness
 * (sent minus due) counted from what the fake received.
 */
import { startPushServiceFake } from '../test/fakes/push-service.js';
import { postgresAvailable } from '../test/support/databases.js';
import {
  drainWithWorkers,
  percentile,
  reminderDatabase,
  seedDueReminders,
} from '../test/support/reminder-load.js';

export interface ReminderBenchRow {
  workers: number;
  reminders: number;
  perSecond: number;
  duplicates: number;
  misses: number;
  latenessMs: { p50: number; p95: number; max: number };
}

export async function benchReminders(count = 3_000): Promise<ReminderBenchRow[] | string> {
  if (!postgresAvailable) return 'skipped: Postgres not reachable';
  const rows: ReminderBenchRow[] = [];
  for (const workers of [1, 2]) {
    const push = await startPushServiceFake();
    const db = await reminderDatabase(workers);
    try {
      const now = Date.now();
      const seeded = await seedDueReminders(db.handles[0]!.db, push, {
        count,
        dueAt: new Date(now),
        departsAt: new Date(now + 20 * 60_000),
      });
      const result = await drainWithWorkers(db.handles, push, seeded);
      rows.push({
        workers,
        reminders: count,
        perSecond: result.perSecond,
        duplicates: result.duplicates,
        misses: result.misses,
        latenessMs: {
          p50: percentile(result.lateness, 50),
          p95: percentile(result.lateness, 95),
          max: result.lateness.at(-1) ?? Number.NaN,
        },
      });
    } finally {
      await db.close();
      await push.close();
    }
  }
  return rows;
}
