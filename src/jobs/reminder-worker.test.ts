import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { type PushServiceFake, startPushServiceFake } from '../../test/fakes/push-service.js';
import { testDatabases } from '../../test/support/databases.js';
import type { DatabaseHandle } from '../db/client.js';
import { reminders } from '../db/schema.js';
import { createStores, type Stores } from '../db/stores.js';
import type { Trip } from '../domain/trip.js';
import { reminderPayload as payloadSchema } from '../http/schemas.js';
import { createPushSender, type SendPush } from '../push/sender.js';
import { createReminderScheduler } from '../reminders/scheduler.js';
import { createGuardedFetch } from '../share/guarded-fetch.js';
import { runReminderWorker } from './reminder-worker.js';

const tripAt = (departure: string): Trip => ({
  source: 'sbb-trip-link',
  exactness: 'exact',
  origin: 'Zürich HB',
  destination: 'Bern',
  departure,
  arrival: departure.replace('T08:02', 'T08:58'),
  durationSeconds: 3360,
  legs: [
    {
      mode: 'rail',
      from: { name: 'Zürich HB', platform: '31' },
      to: { name: 'Bern', platform: '7' },
      departure,
      arrival: departure.replace('T08:02', 'T08:58'),
      line: 'IC 1',
    } as Trip['legs'][number],
  ],
});

for (const target of testDatabases) {
  const title = `reminder worker on ${target.name}${target.skipReason ? ` (${target.skipReason})` : ''}`;
  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let database: DatabaseHandle;
    let stores: Stores;
    let push: PushServiceFake;
    let send: SendPush;
    const clock = { now: new Date('2026-12-01T06:00:00Z') };
    const now = () => clock.now;
    // The worker waits for reminders due within its window: here the wait moves the test clock.
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      clock.now = new Date(clock.now.getTime() + ms);
    };

    beforeAll(async () => {
      database = await target.open();
      stores = createStores(database.db);
      // The fake checks VAPID expiry against real time: web-push signs with the real clock.
      push = await startPushServiceFake();
      const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@railtape.example' };
      send = createPushSender({
        vapid,
        fetch: createGuardedFetch({ trustedOrigins: new Set([push.origin]) }),
        clock: now,
      });
    });
    // Each case counts what one run claims: what an earlier case left pending must not be in it.
    beforeEach(async () => {
      await database.db.update(reminders).set({ status: 'cancelled' }).where(eq(reminders.status, 'pending'));
    });
    afterAll(async () => {
      await push?.close();
      await database?.close();
    });

    let n = 0;
    /** A traveller with `devices` subscribed browsers and a trip leaving at `departure`. */
    async function traveller(departure: string, devices = 1) {
      const { user } = await stores.users.upsertBySpotifyId({
        spotifyId: `rider-${target.name}-${n++}`,
        displayName: 'Rider',
        locale: 'de',
      });
      const trip = await stores.trips.insert({ userId: user.id, shareId: null, trip: tripAt(departure) });
      const subs = [];
      for (let i = 0; i < devices; i++) {
        const sub = push.subscribe();
        await stores.pushSubscriptions.save({ userId: user.id, endpoint: sub.endpoint, ...sub.keys });
        subs.push(sub);
      }
      const scheduler = createReminderScheduler({
        reminders: stores.reminders,
        users: stores.users,
        clock: now,
      });
      await scheduler.forTrip(trip);
      return { user, trip, subs, scheduler };
    }
    const run = (options: { lookaheadMs?: number } = {}) =>
      runReminderWorker({
        reminders: stores.reminders,
        subscriptions: stores.pushSubscriptions,
        send,
        clock: now,
        sleep,
        lookaheadMs: 0,
        ...options,
      });
    const deliveredTo = (endpoint: string) => push.deliveries.filter((d) => d.endpoint === endpoint);

    it('sends a due reminder once to each device, encrypted, until departure, under the trip’s topic', async () => {
      clock.now = new Date('2026-12-01T06:00:00Z');
      const { trip, subs } = await traveller('2026-12-01T08:02:00+01:00', 2);
      const later = await traveller('2026-12-01T09:02:00+01:00');
      // 20 minutes before 08:02 (the default lead time): due 07:42 Zurich = 06:42Z.
      clock.now = new Date('2026-12-01T06:42:00Z');
      expect(await run()).toMatchObject({ due: 1, sent: 1, retried: 0, dropped: 0, gone: 0, failed: 0 });
      for (const sub of subs) {
        const [got, ...more] = deliveredTo(sub.endpoint);
        expect(more).toEqual([]);
        expect(got).toMatchObject({ ttl: 20 * 60, urgency: 'high', topic: trip.id.replaceAll('-', '') });
        const payload = payloadSchema.parse(got?.payload);
        expect(payload).toMatchObject({
          tripId: trip.id,
          title: 'Dein Zug fährt um 08:02',
          platform: '31',
          url: `/#/trip/${trip.id}`,
        });
      }
      expect(deliveredTo(later.subs[0]!.endpoint)).toEqual([]);
      // Nothing more is due a minute later, and scheduling it again at the same time sends nothing.
      clock.now = new Date('2026-12-01T06:43:00Z');
      await createReminderScheduler({ reminders: stores.reminders, users: stores.users, clock: now }).forTrip(
        trip,
      );
      expect((await run()).due).toBe(0);
      expect((await stores.reminders.get(trip.id))?.status).toBe('sent');
    });

    it('sends a moved reminder again, and moves reminders still to come when the lead time changes', async () => {
      clock.now = new Date('2026-12-02T06:00:00Z');
      const { user, trip, subs, scheduler } = await traveller('2026-12-02T08:02:00+01:00');
      await stores.users.updatePreferences(user.id, { reminderMinutesBefore: 45 });
      await scheduler.forUser(user.id);
      expect((await stores.reminders.get(trip.id))?.dueAt).toEqual(new Date('2026-12-02T06:17:00Z'));
      clock.now = new Date('2026-12-02T06:17:00Z');
      expect(await run()).toMatchObject({ due: 1, sent: 1 });
      // The train is delayed by ten minutes: the reminder comes again, under the same topic.
      const delayed = { ...trip, departure: new Date('2026-12-02T07:12:00Z') };
      await scheduler.forTrip(delayed);
      clock.now = new Date('2026-12-02T06:27:00Z');
      expect(await run()).toMatchObject({ due: 1, sent: 1 });
      const both = deliveredTo(subs[0]!.endpoint);
      expect(both.map((d) => d.ttl)).toEqual([45 * 60, 45 * 60]);
      expect(new Set(both.map((d) => d.topic)).size).toBe(1);
    });

    it('names the expected departure of a late train, not the planned one', async () => {
      clock.now = new Date('2026-12-09T06:00:00Z');
      const { trip, subs, scheduler } = await traveller('2026-12-09T08:02:00+01:00');
      const legs = trip.trip.legs.map((leg) => ({ ...leg, expectedDeparture: '2026-12-09T08:12:00+01:00' }));
      const late = await stores.trips.updateTrip(trip.id, { ...trip.trip, legs });
      await scheduler.forTrip({
        id: late.id,
        userId: late.userId,
        departure: new Date('2026-12-09T07:12:00Z'),
      });
      clock.now = new Date('2026-12-09T06:52:00Z');
      expect(await run()).toMatchObject({ due: 1, sent: 1 });
      const [got] = deliveredTo(subs[0]!.endpoint);
      expect(payloadSchema.parse(got?.payload).title).toBe('Dein Zug fährt um 08:12');
      expect(got?.ttl).toBe(20 * 60);
    });

    it('sends a reminder due within the window at its moment, not before', async () => {
      clock.now = new Date('2026-12-03T06:41:30Z');
      const { subs } = await traveller('2026-12-03T08:02:00+01:00');
      slept.length = 0;
      expect(await run({ lookaheadMs: 45_000 })).toMatchObject({ due: 1, sent: 1 });
      // Claimed 30 s early, it waited those 30 s, then went out: 20 minutes of TTL, to the second.
      expect(slept).toEqual([30_000]);
      expect(deliveredTo(subs[0]!.endpoint)[0]?.ttl).toBe(20 * 60);
    });

    it('deletes a subscription the push service says is gone, and says so when none is left', async () => {
      clock.now = new Date('2026-12-04T06:00:00Z');
      const { user, trip, subs } = await traveller('2026-12-04T08:02:00+01:00');
      push.expire(subs[0]!.endpoint);
      clock.now = new Date('2026-12-04T06:42:00Z');
      expect(await run()).toMatchObject({ due: 1, sent: 0, gone: 1, failed: 1 });
      expect(await stores.pushSubscriptions.countForUser(user.id)).toBe(0);
      expect(await stores.reminders.get(trip.id)).toMatchObject({
        status: 'failed',
        lastError: 'subscriptions_gone',
      });
    });

    it('retries a 429 after its Retry-After, only to the device that missed it, and gives up visibly at departure', async () => {
      clock.now = new Date('2026-12-05T06:00:00Z');
      const { trip, subs } = await traveller('2026-12-05T08:02:00+01:00', 2);
      const [ok, busy] = [subs[0]!, subs[1]!];
      push.script(busy.endpoint, [{ status: 429, retryAfter: 120 }]);
      clock.now = new Date('2026-12-05T06:42:00Z');
      expect(await run()).toMatchObject({ due: 1, sent: 0, retried: 1 });
      // Within the back-off nothing is claimed.
      clock.now = new Date('2026-12-05T06:43:00Z');
      expect((await run()).due).toBe(0);
      clock.now = new Date('2026-12-05T06:44:30Z');
      expect(await run()).toMatchObject({ due: 1, sent: 1 });
      expect(deliveredTo(ok.endpoint)).toHaveLength(1);
      expect(deliveredTo(busy.endpoint)).toHaveLength(1);
      expect((await stores.reminders.get(trip.id))?.status).toBe('sent');

      // A push service that keeps failing: retried with back-off until departure, then given up.
      clock.now = new Date('2026-12-05T07:00:00Z');
      const doomed = await traveller('2026-12-05T08:58:00+01:00');
      push.script(
        doomed.subs[0]!.endpoint,
        Array.from({ length: 20 }, () => ({ status: 503 })),
      );
      let runs = 0;
      clock.now = new Date('2026-12-05T07:38:00Z');
      while (clock.now < new Date('2026-12-05T07:58:00Z')) {
        await run();
        clock.now = new Date(clock.now.getTime() + 30_000);
        runs++;
      }
      expect(runs).toBeGreaterThan(10);
      const row = await stores.reminders.get(doomed.trip.id);
      expect(row).toMatchObject({ status: 'failed', lastError: 'gave_up_push_retry_503' });
      const attempts = push.requests.filter((r) => r.endpoint === doomed.subs[0]!.endpoint).length;
      // 30 s, 1, 2, 4, 8 min… : a handful of tries in 20 minutes, not one a run.
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(attempts).toBeLessThanOrEqual(6);
      expect(deliveredTo(doomed.subs[0]!.endpoint)).toEqual([]);
    });

    it('drops a reminder whose train has left instead of sending it late', async () => {
      clock.now = new Date('2026-12-06T06:00:00Z');
      const { trip, subs } = await traveller('2026-12-06T08:02:00+01:00');
      clock.now = new Date('2026-12-06T07:03:00Z');
      expect(await run()).toMatchObject({ due: 1, sent: 0, dropped: 1 });
      expect(deliveredTo(subs[0]!.endpoint)).toEqual([]);
      expect(await stores.reminders.get(trip.id)).toMatchObject({ status: 'failed', lastError: 'departed' });
    });

    it('counts due reminders and keeps them while Web Push is not configured', async () => {
      clock.now = new Date('2026-12-07T06:00:00Z');
      const { trip } = await traveller('2026-12-07T08:02:00+01:00');
      clock.now = new Date('2026-12-07T06:42:00Z');
      const summary = await runReminderWorker({
        reminders: stores.reminders,
        subscriptions: stores.pushSubscriptions,
        send: undefined,
        clock: now,
      });
      expect(summary.due).toBeGreaterThanOrEqual(1);
      expect(summary.sent).toBe(0);
      expect((await stores.reminders.get(trip.id))?.status).toBe('pending');
    });

    it('cancels the reminder of a trip already under way', async () => {
      clock.now = new Date('2026-12-08T07:10:00Z');
      const { trip } = await traveller('2026-12-08T08:02:00+01:00');
      expect(await stores.reminders.get(trip.id)).toBeUndefined();
      const scheduler = createReminderScheduler({
        reminders: stores.reminders,
        users: stores.users,
        clock: now,
      });
      clock.now = new Date('2026-12-08T06:00:00Z');
      await scheduler.forTrip(trip);
      clock.now = new Date('2026-12-08T07:10:00Z');
      await scheduler.forTrip(trip);
      expect((await stores.reminders.get(trip.id))?.status).toBe('cancelled');
    });
  });
}
