import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { type PushServiceFake, startPushServiceFake } from './fakes/push-service.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
/** IC 1 Zürich HB 8:02 – Bern 8:58 on Tuesday 1 December 2026. */
const RIDE = fixtureById('c-text-de-short').text ?? '';
const target = testDatabases[0]!;

describe('Web Push subscriptions and the reminders they get', () => {
  let push: PushServiceFake;
  let t: TestApp;
  const vapid = webpush.generateVAPIDKeys();

  beforeAll(async () => {
    push = await startPushServiceFake();
    t = await startTestApp(target, {
      now: new Date('2026-11-30T12:00:00Z'),
      push: { origin: push.origin, ...vapid },
    });
  });
  afterAll(async () => {
    await t?.close();
    await push?.close();
  });

  const subscribe = (body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      headers: SAME_ORIGIN,
      payload: body as object,
    });

  it('hands out the VAPID public key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/push/key' });
    expect(res.json()).toEqual({ publicKey: vapid.publicKey });
  });

  it('accepts a subscription on a listed push origin and refuses endpoints elsewhere with a code', async () => {
    const ok = await subscribe(push.subscribe());
    expect(ok.statusCode).toBe(201);
    expect(ok.json().subscription.endpoint).toMatch(new RegExp(`^${push.origin}/push/`));
    const keys = push.subscribe().keys;
    for (const endpoint of [
      'https://evil.example/push/1',
      'http://fcm.googleapis.com/fcm/send/x',
      'http://127.0.0.1:9/push/1',
      'https://169.254.169.254/latest',
    ]) {
      const res = await subscribe({ endpoint, expirationTime: null, keys });
      expect(res.statusCode, endpoint).toBe(422);
      expect(res.json().error.code).toBe('push_endpoint_not_allowed');
    }
    const badKeys = await subscribe({
      endpoint: 'https://fcm.googleapis.com/fcm/send/x',
      keys: { p256dh: 'abc', auth: 'def' },
    });
    expect(badKeys.statusCode).toBe(400);
    expect(badKeys.json().error.code).toBe('invalid_request');
  });

  it('schedules a reminder for a shared trip at the lead time, moves it with the preference, and unsubscribes', async () => {
    const share = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: SAME_ORIGIN,
      payload: { text: RIDE },
    });
    expect(share.statusCode).toBe(201);
    const tripId = share.json().trip.id as string;
    // 08:02 in Zurich is 07:02Z; 20 minutes before, by default.
    expect((await t.stores.reminders.get(tripId))?.dueAt).toEqual(new Date('2026-12-01T06:42:00Z'));
    const prefs = await t.app.inject({
      method: 'PUT',
      url: '/api/preferences',
      headers: SAME_ORIGIN,
      payload: { reminderMinutesBefore: 10 },
    });
    expect(prefs.statusCode).toBe(200);
    expect((await t.stores.reminders.get(tripId))?.dueAt).toEqual(new Date('2026-12-01T06:52:00Z'));

    const sub = push.subscribe();
    await subscribe(sub);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: '/api/push/subscriptions',
      headers: SAME_ORIGIN,
      payload: { endpoint: sub.endpoint },
    });
    expect(gone.json()).toEqual({ removed: 1 });

    // Deleting the trip takes its reminder along; the same link shared again is a new trip.
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/trips/${tripId}`,
      headers: SAME_ORIGIN,
    });
    expect(deleted.json()).toEqual({ deleted: true });
    expect(await t.stores.reminders.get(tripId)).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: `/api/trips/${tripId}` })).statusCode).toBe(404);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/trips/${tripId}`, headers: SAME_ORIGIN });
    expect(again.json().error.code).toBe('trip_not_found');
    const reshared = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: SAME_ORIGIN,
      payload: { text: RIDE },
    });
    expect(reshared.json()).toMatchObject({ duplicate: false, trip: { origin: 'Zürich HB' } });
    expect(reshared.json().trip.id).not.toBe(tripId);
    expect(await t.stores.reminders.get(reshared.json().trip.id)).toMatchObject({ status: 'pending' });
  });
});

describe('a server without Web Push', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says so: no key, and subscribing answers push_not_configured', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/push/key' })).json()).toEqual({ publicKey: null });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      headers: SAME_ORIGIN,
      payload: {
        endpoint: 'https://fcm.googleapis.com/fcm/send/x',
        expirationTime: null,
        keys: {
          p256dh: Buffer.alloc(65, 4).toString('base64url'),
          auth: Buffer.alloc(16, 1).toString('base64url'),
        },
      },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('push_not_configured');
  });
});
