import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PushServiceFake, startPushServiceFake } from './fakes/push-service.js';
import { POSTGRES_URL, postgresAvailable } from './support/databases.js';
import { drainWithWorkers, reminderDatabase, seedDueReminders } from './support/reminder-load.js';

/**
 * The delivery guarantee, proved where it matters: two reminder workers at once (each with its own
 * connection pool, as two overlapping cron runs) over thousands of due reminders on the Postgres
 * server, every message sent over HTTP to the push-service fake, decrypted there and counted.
 */
const title = postgresAvailable
  ? 'reminders, once: two workers over thousands of due reminders'
  : `reminders, once (skipped: Postgres not reachable at ${new URL(POSTGRES_URL).host})`;

describe.skipIf(!postgresAvailable)(title, () => {
  let push: PushServiceFake;
  let db: Awaited<ReturnType<typeof reminderDatabase>>;

  beforeAll(async () => {
    push = await startPushServiceFake();
    db = await reminderDatabase(2);
  }, 60_000);
  afterAll(async () => {
    await push?.close();
    await db?.close();
  });

  it('delivers each of 2,000 reminders exactly once, with its own trip in the payload', async () => {
    const now = Date.now();
    const seeded = await seedDueReminders(db.handles[0]!.db, push, {
      count: 2_000,
      dueAt: new Date(now - 5_000),
      departsAt: new Date(now + 20 * 60_000),
    });
    const result = await drainWithWorkers(db.handles, push, seeded);
    expect(result.misses).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.wrongContent).toBe(0);
    const [a, b] = result.workers;
    // Both workers took part, and between them claimed each reminder once.
    expect(a!.sent).toBeGreaterThan(0);
    expect(b!.sent).toBeGreaterThan(0);
    expect(a!.sent + b!.sent).toBe(2_000);
    expect(a!.due + b!.due).toBe(2_000);
    // A third run finds nothing left.
    const again = await drainWithWorkers(db.handles.slice(0, 1), push, []);
    expect(again.workers[0]).toMatchObject({ due: 0, sent: 0 });
  }, 120_000);
});
