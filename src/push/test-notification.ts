/**
 * The test notification (`POST /api/push/test`): one message to each of the traveller's devices,
 * through the same sender (and so the same guarded, counted fetch) as the departure reminders, so a
 * test that arrives proves the path a reminder takes. Dead subscriptions (404/410) are removed as the
 * reminder worker removes them.
 */
import type { PushSubscriptionStore } from '../db/push-subscriptions.js';
import { AppError } from '../domain/errors.js';
import type { Locale } from '../domain/messages.js';
import type { PushResult, SendPush } from './sender.js';

const TEXT: Record<Locale, { title: string; body: string }> = {
  en: { title: 'Railtape: notifications work', body: 'Your departure reminders will arrive like this.' },
  de: { title: 'Railtape: Mitteilungen funktionieren', body: 'So kommen deine Abfahrts-Erinnerungen an.' },
  fr: { title: 'Railtape : les notifications fonctionnent', body: 'Vos rappels de départ arriveront ainsi.' },
  it: { title: 'Railtape: le notifiche funzionano', body: 'I promemoria di partenza arriveranno così.' },
};

/**
 * What the service worker shows (web/public/sw.js reads `title`, `body`, `url`): no trip, so no tag
 * and no Play action. It opens the settings, where the test was asked for.
 */
export function testNotificationPayload(locale: Locale) {
  return { type: 'test' as const, title: TEXT[locale].title, body: TEXT[locale].body, url: '/#/settings' };
}

/** A test is useful now or not at all: the push service may hold it for five minutes. */
const TEST_TTL_SECONDS = 300;
/** One topic for every test: a newer test replaces an undelivered older one. */
const TEST_TOPIC = 'railtape-test';

export interface TestNotificationDeps {
  subscriptions: PushSubscriptionStore;
  /** Undefined on a server without VAPID keys. */
  send: SendPush | undefined;
}

/**
 * Sends the test to each of the user's subscriptions. `push_not_configured` without VAPID keys,
 * `push_not_subscribed` when the user has no device; otherwise how many took it and how many did not
 * (a dead subscription counts as failed, and is deleted).
 */
export async function sendTestNotification(
  deps: TestNotificationDeps,
  userId: string,
  locale: Locale,
): Promise<{ sent: number; failed: number }> {
  const send = deps.send;
  if (!send) throw new AppError('push_not_configured', 'This server sends no notifications.');
  const devices = await deps.subscriptions.forUsers([userId]);
  if (devices.length === 0) {
    throw new AppError('push_not_subscribed', 'No device of this user is subscribed to notifications.');
  }
  const message = {
    payload: JSON.stringify(testNotificationPayload(locale)),
    ttlSeconds: TEST_TTL_SECONDS,
    topic: TEST_TOPIC,
  };
  const results = await Promise.all(
    devices.map(async (device) => ({
      id: device.id,
      result: await send(
        { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
        message,
      ).catch((): PushResult => ({ outcome: 'retry', status: null, retryAfterMs: null })),
    })),
  );
  const gone = results.filter((r) => r.result.outcome === 'gone').map((r) => r.id);
  if (gone.length > 0) await deps.subscriptions.delete(gone);
  const sent = results.filter((r) => r.result.outcome === 'sent').length;
  return { sent, failed: results.length - sent };
}
