import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.js';
import type { DatabaseHandle } from '../db/client.js';
import { reminders } from '../db/schema.js';
import { createStores, type Stores } from '../db/stores.js';
import { runReminderWorker } from './reminder-worker.js';

const trip = {
  source: 'sbb-trip-link' as const,
  exactness: 'exact' as const,
  origin: 'Zürich HB',
  destination: 'Bern',
  departure: '2026-11-30T08:02:00+01:00',
  arrival: '2026-11-30T08:58:00+01:00',
  durationSeconds: 3360,
  legs: [],
};

for (const target of testDatabases) {
  const title = `reminder worker on ${target.name}${target.skipReason ? ` (${target.skipReason})` : ''}`;
  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let database: DatabaseHandle;
    let stores: Stores;
    let userId: string;
    beforeAll(async () => {
      database = await target.open();
      stores = createStores(database.db);
      userId = (await stores.users.ensureLocalUser()).id;
    });
    afterAll(async () => {
      await database?.close();
    });

    const newTrip = async () => (await stores.trips.insert({ userId, shareId: null, trip })).id;
    const at = (iso: string) => () => new Date(iso);

    it('sends each due reminder once, leaves future ones, and re-scheduling never duplicates', async () => {
      const tripId = await newTrip();
      const later = await newTrip();
      await stores.reminders.schedule({ tripId, userId, dueAt: new Date('2026-11-30T06:50:00Z') });
      await stores.reminders.schedule({ tripId, userId, dueAt: new Date('2026-11-30T06:52:00Z') });
      await stores.reminders.schedule({ tripId: later, userId, dueAt: new Date('2027-06-01T09:00:00Z') });
      const sent: string[] = [];
      const send = async (r: { tripId: string }) => {
        sent.push(r.tripId);
        return true;
      };
      const first = await runReminderWorker({
        reminders: stores.reminders,
        clock: at('2026-11-30T06:53:00Z'),
        send,
      });
      expect(first).toMatchObject({ due: 1, sent: 1, failed: 0 });
      expect(sent).toEqual([tripId]);
      const second = await runReminderWorker({
        reminders: stores.reminders,
        clock: at('2026-11-30T06:54:00Z'),
        send,
      });
      expect(second.due).toBe(0);
    });

    it('retries a failed send after a back-off and reports due reminders when push is not configured', async () => {
      const tripId = await newTrip();
      await stores.reminders.schedule({ tripId, userId, dueAt: new Date('2026-12-01T07:00:00Z') });
      expect(
        await runReminderWorker({
          reminders: stores.reminders,
          clock: at('2026-12-01T07:00:30Z'),
          send: undefined,
        }),
      ).toMatchObject({ due: 1, sent: 0 });
      let calls = 0;
      const flaky = async () => {
        calls++;
        if (calls === 1) throw new Error('push service 503');
        return true;
      };
      expect(
        await runReminderWorker({
          reminders: stores.reminders,
          clock: at('2026-12-01T07:01:00Z'),
          send: flaky,
        }),
      ).toMatchObject({
        due: 1,
        failed: 1,
      });
      // Within the back-off nothing is claimed; after it, the retry succeeds.
      expect(
        (
          await runReminderWorker({
            reminders: stores.reminders,
            clock: at('2026-12-01T07:01:30Z'),
            send: flaky,
          })
        ).due,
      ).toBe(0);
      expect(
        await runReminderWorker({
          reminders: stores.reminders,
          clock: at('2026-12-01T07:02:30Z'),
          send: flaky,
        }),
      ).toMatchObject({
        due: 1,
        sent: 1,
      });
      const rows = await database.db.select().from(reminders);
      expect(rows.find((r) => r.tripId === tripId)?.status).toBe('sent');
    });

    it('drops a reminder whose moment has long passed instead of sending it late', async () => {
      const tripId = await newTrip();
      await stores.reminders.schedule({ tripId, userId, dueAt: new Date('2026-12-02T07:00:00Z') });
      const summary = await runReminderWorker({
        reminders: stores.reminders,
        clock: at('2026-12-02T08:00:00Z'),
        send: async () => true,
      });
      expect(summary).toMatchObject({ due: 1, sent: 0, skipped: 1 });
    });
  });
}
