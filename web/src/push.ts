/**
 * Web Push on this device, for departure reminders and delay alerts: whether the browser can take it,
 * turning it on (permission, `pushManager.subscribe` with the server's VAPID key, telling the server)
 * and off. The service worker (`sw.ts`) shows the messages. The lead time is an account setting
 * (`reminderMinutesBefore`), not a device one: Settings saves it through the preferences.
 */
import { ApiError, api, type PushSubscriptionJson } from './api.js';
import type { PushState } from './i18n/settings.js';

/** The lead times offered, in minutes before departure. */
export const LEAD_MINUTES: readonly number[] = [5, 10, 15, 20, 30, 45, 60];

/** A VAPID public key as `pushManager.subscribe` wants it: base64url (padded or not) → bytes. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

/** iPhone and iPad (an iPad's Safari says "Macintosh", but has a touch screen). */
function isIos(): boolean {
  const ua = navigator.userAgent;
  return /iPad|iPhone|iPod/.test(ua) || (ua.includes('Macintosh') && navigator.maxTouchPoints > 1);
}

/**
 * Whether this device can take notifications: iOS delivers Web Push only to a PWA on the Home Screen
 * (16.4 and later), so Safari in a tab gets a hint to install Railtape rather than a toggle.
 */
export function pushSupport(): 'supported' | 'homeScreen' | 'unsupported' {
  const standalone = (navigator as Navigator & { standalone?: boolean }).standalone;
  const push = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (isIos() && (standalone === false || !push)) return 'homeScreen';
  return push ? 'supported' : 'unsupported';
}

/** `promise`, or a rejection once `ms` have passed: so a button never stays disabled for good. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms)),
  ]);
}

/**
 * The worker's registration. `ready` never settles when registering failed, so it has a limit; when
 * nothing registered the worker yet (the shell does at load), this registers the same `/sw.js`.
 */
async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration();
  if (existing?.active) return existing;
  if (!existing) await navigator.serviceWorker.register('/sw.js');
  return within(navigator.serviceWorker.ready, 10_000);
}

/** `toJSON()` types every field optional; the server wants them all. */
function subscriptionBody(subscription: PushSubscription): PushSubscriptionJson {
  const json = subscription.toJSON();
  return {
    endpoint: json.endpoint ?? subscription.endpoint,
    expirationTime: json.expirationTime ?? null,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
  };
}

/** Once a page load: tells the server again about this device's subscription, in case it lost it
 * (another account signed in here, say, or a subscribe that finished after we gave up on it). */
let synced = false;

/** Where push stands on this device now; `publicKey` null: the server sends none. */
export async function pushState(publicKey: string | null): Promise<PushState> {
  if (!publicKey) return 'notOffered';
  const support = pushSupport();
  if (support !== 'supported') return support;
  if (Notification.permission === 'denied') return 'denied';
  const current = await navigator.serviceWorker
    .getRegistration()
    .then((reg) => reg?.pushManager.getSubscription() ?? null)
    .catch(() => null);
  const on = current !== null && Notification.permission === 'granted';
  if (on && !synced) {
    synced = true;
    void api.subscribePush(subscriptionBody(current)).catch(() => undefined);
  }
  return on ? 'on' : 'off';
}

/**
 * Turns push on: asks for permission first, straight from the click (Safari allows the prompt only
 * within a user gesture), subscribes with the server's key and registers the device with the server.
 * `dismissed`: the traveller closed the prompt without an answer.
 */
export async function turnPushOn(publicKey: string): Promise<PushState | 'dismissed'> {
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'dismissed';
  const serverKey = applicationServerKey(publicKey);
  const reg = await registration();
  let subscription = await reg.pushManager.getSubscription();
  // A subscription made for another key (the server's key changed) cannot be reused.
  if (subscription && !sameBytes(subscription.options.applicationServerKey, serverKey)) {
    await subscription.unsubscribe().catch(() => false);
    subscription = null;
  }
  // The push service may not answer at all (offline, no push service in this browser build).
  subscription ??= await within(
    reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey }),
    30_000,
  );
  try {
    await api.subscribePush(subscriptionBody(subscription));
  } catch (err) {
    // The server will not push to it: a subscription nobody uses only confuses the next visit.
    await subscription.unsubscribe().catch(() => false);
    if (err instanceof ApiError && (err.status === 404 || err.status === 501 || err.status === 503)) {
      return 'notOffered';
    }
    throw err;
  }
  synced = true;
  return 'on';
}

/** Turns push off for this device: the server forgets the endpoint, the browser the subscription. */
export async function turnPushOff(): Promise<PushState> {
  const reg = await navigator.serviceWorker.getRegistration();
  const subscription = await reg?.pushManager.getSubscription();
  if (subscription) {
    // Offline or refused: the push service answers 410 for an unsubscribed device, and the server
    // forgets it then.
    await api.unsubscribePush(subscription.endpoint).catch(() => undefined);
    await subscription.unsubscribe();
  }
  return 'off';
}
