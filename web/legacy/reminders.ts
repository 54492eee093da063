/**
 * Departure reminders: the home screen's card that turns Web Push on and off for this device and
 * sets how long before departure the reminder comes. The service worker (`public/sw.js`) shows the
 * push message and starts the music from it.
 */
import { ApiError, api, type PushSubscriptionJson } from '../src/api.js';
import type { ReminderState, Strings } from '../src/i18n/strings.js';

/** The lead times offered, in minutes before departure. */
export const LEAD_MINUTES: readonly number[] = [5, 10, 15, 20, 30, 45, 60];
const DEFAULT_LEAD = 20;

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
 * Whether this device can take reminders: iOS delivers Web Push only to a PWA on the Home Screen
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

/** The worker's registration; `ready` never settles when registering failed, so it has a limit. */
async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration();
  return existing?.active ? existing : within(navigator.serviceWorker.ready, 10_000);
}

/** Once a page load: tells the server again about this device's subscription, in case it lost it
 * (another account signed in here, say, or a subscribe that finished after we gave up on it). */
let synced = false;

/** `toJSON()` types every field optional; the server wants them all. */
function subscriptionBody(subscription: PushSubscription): PushSubscriptionJson {
  const json = subscription.toJSON();
  return {
    endpoint: json.endpoint ?? subscription.endpoint,
    expirationTime: json.expirationTime ?? null,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
  };
}

/**
 * The "Departure reminders" card, or null when this server sends none (`publicKey: null`, or an
 * older server without the push routes): the home screen must render the same without it.
 */
export async function remindersCard(t: Strings): Promise<HTMLElement | null> {
  const [key, preferences] = await Promise.all([
    api.pushKey().catch(() => null),
    api.preferences().catch(() => null),
  ]);
  const publicKey = key?.publicKey;
  if (!publicKey) return null;
  const serverKey = applicationServerKey(publicKey);

  const card = document.createElement('section');
  card.className = 'card reminders';
  card.dataset.testid = 'reminders';
  const heading = document.createElement('h2');
  heading.textContent = t.remindersHeading;
  const intro = document.createElement('p');
  intro.className = 'note';
  intro.textContent = t.remindersIntro;
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('role', 'status');
  status.dataset.testid = 'reminders-status';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'button';
  toggle.dataset.testid = 'reminders-toggle';
  card.append(heading, intro);

  let state: ReminderState = 'off';
  const paint = (next: ReminderState, message?: string) => {
    state = next;
    card.dataset.state = next;
    status.textContent = message ?? t.reminderState[next];
    toggle.hidden = next !== 'on' && next !== 'off';
    toggle.disabled = false;
    toggle.textContent = next === 'on' ? t.remindersTurnOff : t.remindersTurnOn;
    toggle.setAttribute('aria-pressed', String(next === 'on'));
  };

  const support = pushSupport();
  if (support !== 'supported') paint(support);
  else if (Notification.permission === 'denied') paint('denied');
  else {
    const current = await navigator.serviceWorker
      .getRegistration()
      .then((reg) => reg?.pushManager.getSubscription() ?? null)
      .catch(() => null);
    const on = current !== null && Notification.permission === 'granted';
    paint(on ? 'on' : 'off');
    if (on && !synced) {
      synced = true;
      void api.subscribePush(subscriptionBody(current)).catch(() => undefined);
    }
  }

  async function turnOn(): Promise<void> {
    // Asked first, straight from the click: Safari allows the prompt only within a user gesture.
    const permission = await Notification.requestPermission();
    if (permission === 'denied') return paint('denied');
    if (permission !== 'granted') return paint('off', t.remindersDismissed);
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
        return paint('notOffered');
      }
      throw err;
    }
    paint('on');
  }

  async function turnOff(): Promise<void> {
    const reg = await navigator.serviceWorker.getRegistration();
    const subscription = await reg?.pushManager.getSubscription();
    if (subscription) {
      // Offline or refused: the push service answers 410 for an unsubscribed device, and the
      // server forgets it then.
      await api.unsubscribePush(subscription.endpoint).catch(() => undefined);
      await subscription.unsubscribe();
    }
    paint('off');
  }

  toggle.addEventListener('click', async () => {
    const wasOn = state === 'on';
    toggle.disabled = true;
    status.textContent = t.remindersWorking;
    try {
      await (wasOn ? turnOff() : turnOn());
    } catch (err) {
      // Not the server: the browser's push service (offline, say, or no push in a private window).
      const message = err instanceof ApiError ? err.message : wasOn ? t.somethingWrong : t.remindersFailed;
      paint(wasOn ? 'on' : 'off', message);
    }
  });
  card.append(toggle, status);

  // How long before departure: a setting of the account, so it applies to every device.
  const lead = preferences?.reminderMinutesBefore ?? DEFAULT_LEAD;
  const select = document.createElement('select');
  select.id = 'reminder-lead';
  select.dataset.testid = 'reminder-lead';
  const minutes = LEAD_MINUTES.includes(lead) ? LEAD_MINUTES : [...LEAD_MINUTES, lead].sort((a, b) => a - b);
  for (const min of minutes) {
    const option = document.createElement('option');
    option.value = String(min);
    option.textContent = t.leadOption(min);
    option.selected = min === lead;
    select.append(option);
  }
  const label = document.createElement('label');
  label.className = 'lead';
  label.htmlFor = select.id;
  label.textContent = t.leadLabel;
  const saved = document.createElement('p');
  saved.className = 'status';
  saved.setAttribute('role', 'status');
  saved.dataset.testid = 'reminder-lead-status';
  select.addEventListener('change', async () => {
    saved.textContent = '';
    try {
      const result = await api.updatePreferences({ reminderMinutesBefore: Number(select.value) });
      saved.textContent = t.leadSaved(result.reminderMinutesBefore);
    } catch (err) {
      saved.textContent =
        err instanceof ApiError ? err.message : navigator.onLine ? t.somethingWrong : t.offline;
    }
  });
  const row = document.createElement('div');
  row.className = 'lead-row';
  row.append(label, select);
  card.append(row, saved);
  return card;
}
