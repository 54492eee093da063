import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { LOCAL_USER_ID } from '../src/db/users.js';
import { sendTestNotification } from '../src/push/test-notification.js';
import { createServices } from '../src/services.js';
import { type PushServiceFake, startPushServiceFake } from './fakes/push-service.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
/** IC 1 Zürich HB 8:02 – Bern 8:58 on Tuesday 1 December 2026. */
const RIDE = fixtureById('c-text-de-short').text ?? '';
const target = testDatabases[0]!;

type VapidKeys = ReturnType<typeof webpush.generateVAPIDKeys>;

/** A test app with Web Push (fresh VAPID keys) whose subscriptions live on the push-service fake. */
async function startPushApp(): Promise<{ push: PushServiceFake; t: TestApp; vapid: VapidKeys }> {
  const push = await startPushServiceFake();
  const vapid = webpush.generateVAPIDKeys();
  const t = await startTestApp(target, {
    now: new Date('2026-11-30T12:00:00Z'),
    push: { origin: push.origin, ...vapid },
  });
  return { push, t, vapid };
}

describe('Web Push subscriptions and the reminders they get', () => {
  let push: PushServiceFake;
  let t: TestApp;
  let vapid: VapidKeys;
  beforeAll(async () => {
    ({ push, t, vapid } = await startPushApp());
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

describe('the test notification (POST /api/push/test)', () => {
  let push: PushServiceFake;
  let t: TestApp;
  let vapid: VapidKeys;
  beforeAll(async () => {
    ({ push, t, vapid } = await startPushApp());
  });
  afterAll(async () => {
    await t?.close();
    await push?.close();
  });

  const sendTest = (language = 'en') =>
    t.app.inject({
      method: 'POST',
      url: '/api/push/test',
      headers: { ...SAME_ORIGIN, 'accept-language': language },
    });

  it('says push_not_subscribed (409) while the traveller has no device', async () => {
    const res = await sendTest('fr-CH');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('push_not_subscribed');
    expect(res.json().error.message).toMatch(/appareil/);
    expect(push.requests).toHaveLength(0);
  });

  it('sends it to each device in the traveller’s language and removes the expired one', async () => {
    const phone = push.subscribe();
    const laptop = push.subscribe();
    for (const sub of [phone, laptop]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/push/subscriptions',
        headers: SAME_ORIGIN,
        payload: sub,
      });
      expect(res.statusCode).toBe(201);
    }
    push.expire(laptop.endpoint);
    const res = await sendTest('de-CH,de;q=0.9');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sent: 1, failed: 1 });
    expect(push.deliveries).toHaveLength(1);
    const [delivery] = push.deliveries;
    expect(delivery?.endpoint).toBe(phone.endpoint);
    expect(delivery?.payload).toMatchObject({
      title: 'Railtape: Mitteilungen funktionieren',
      url: '/#/settings',
    });
    expect(delivery?.ttl).toBeGreaterThan(0);
    // The expired subscription is gone, as the reminder worker removes them; the phone stays.
    const left = await t.stores.pushSubscriptions.forUsers([LOCAL_USER_ID]);
    expect(left.map((d) => d.endpoint)).toEqual([phone.endpoint]);

    const english = await sendTest('en-GB');
    expect(english.json()).toEqual({ sent: 1, failed: 0 });
    expect(push.deliveries.at(-1)?.payload).toMatchObject({ title: 'Railtape: notifications work' });
  });

  it('goes through the counted push sender, the one reminders use', async () => {
    const recorded: string[] = [];
    const services = createServices(t.stores, {
      resolveLink: async () => {
        throw new Error('not used');
      },
      clock: () => t.clock.now,
      push: { vapid: { ...vapid, subject: 'mailto:ops@railtape.example' }, allowedOrigins: [push.origin] },
      usage: { record: (service, outcome) => recorded.push(`${service}:${outcome}`) },
    });
    const result = await sendTestNotification(
      { subscriptions: t.stores.pushSubscriptions, send: services.push.send },
      LOCAL_USER_ID,
      'it',
    );
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(recorded).toEqual(['push:ok']);
    expect(push.deliveries.at(-1)?.payload).toMatchObject({ title: 'Railtape: le notifiche funzionano' });
  });

  it('allows a few a minute, then answers rate_limited with Retry-After', async () => {
    // Three calls so far in this minute (the 409 counts too); five are allowed.
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof sendTest>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await sendTest();
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(last?.json().error.code).toBe('rate_limited');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    // Only the test is held back: the rest of the push API answers.
    expect((await t.app.inject({ method: 'GET', url: '/api/push/key' })).statusCode).toBe(200);
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
    const test = await t.app.inject({ method: 'POST', url: '/api/push/test', headers: SAME_ORIGIN });
    expect(test.statusCode).toBe(404);
    expect(test.json().error.code).toBe('push_not_configured');
  });
});
