/**
 * Railtape's service worker, built to `/sw.js` (scope `/`) by the `railtape-sw` plugin in
 * vite.config.ts, which also fills in `__BUILD__` (a hash of the shell) and `__PRECACHE__` (every file
 * the build wrote under /assets/).
 *
 * - The shell works offline: precached at install, navigations network-first with the cached shell
 *   as the fallback, hashed assets cache-first.
 * - The trip list, the shares and the last trips (with their playlists) work offline: GET
 *   /api/trips, /api/shares and /api/trips/<id> are network-first; when the network fails the cached
 *   copy answers with `x-railtape-cached-at: <ISO>`, which the shell's banner shows.
 * - The manifest's share target (POST /share): pictures are dropped before forwarding, so a 10 MB
 *   screenshot never costs the link; offline, the share is kept in IndexedDB (`store.ts`) and sent
 *   by Background Sync (or the page, on its next open / `online`).
 * - Departure reminders: push, notificationclick (with the Play action), pushsubscriptionchange.
 *
 * Hand-written rather than Workbox: the few strategies above fit in less code than Workbox's runtime.
 */
import { type PendingShare, queueShare, SYNC_TAG, sendPendingShares } from './store.js';

declare const __BUILD__: string;
declare const __PRECACHE__: string[];

// The worker's own types, kept minimal: the project's tsconfig has the DOM library, not WebWorker.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance?: boolean;
}
interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown; text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly action: string;
  readonly notification: Notification;
}
interface PushSubscriptionChangeEvent extends ExtendableEvent {
  readonly oldSubscription: PushSubscription | null;
  readonly newSubscription: PushSubscription | null;
}
interface WindowClient {
  readonly url: string;
  readonly focused: boolean;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
  postMessage(message: unknown): void;
}
interface Scope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
  addEventListener(
    type: 'pushsubscriptionchange',
    listener: (event: PushSubscriptionChangeEvent) => void,
  ): void;
}
const sw = self as unknown as Scope;

const SHELL = `railtape-shell-${__BUILD__}`;
/** API answers kept for offline use; not versioned with the shell, so a deploy keeps them. */
const DATA = 'railtape-data-v1';
const SHELL_URLS = ['/', '/manifest.webmanifest', '/icons/icon-192.png', ...__PRECACHE__];
const CACHED_AT = 'x-railtape-cached-at';
/** The last trips kept with their playlists (issue 16: "the last trips work offline"). */
const MAX_TRIPS = 20;
/** How long the network may take before a kept copy answers instead. */
const SLOW_MS = 4000;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_URLS))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

// ---- the share target ------------------------------------------------------------------------------

const redirect = (search: string) => Response.redirect(new URL(`/${search}`, sw.location.origin).href, 303);

/**
 * The manifest's share_target. Only the text fields travel: the picture Android attaches (megabytes
 * over mobile data, and a size limit away from losing the link) carries nothing the link does not.
 */
async function receiveShare(request: Request): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return redirect('?share_error=bad_request');
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const share: PendingShare = { title: field('title'), text: field('text'), url: field('url') };
  // Only a picture: the friendly screen that says what to share instead.
  if (!share.title && !share.text && !share.url) return redirect('?share_error=empty_share');
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(share)) if (value !== null) body.append(name, value);
  try {
    // `manual`: the server's 303 (to /?share=<id>, or /?share_error=<code>) goes back to the browser.
    const res = await fetch('/share', {
      method: 'POST',
      body,
      headers: { accept: 'text/html' },
      redirect: 'manual',
      credentials: 'same-origin',
    });
    // The server failing (a proxy's 502, a restart) must not lose the share either.
    if (res.status < 500) return res;
  } catch {
    // offline: keep it
  }
  await queueShare(share);
  await (
    sw.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
  ).sync
    ?.register(SYNC_TAG)
    .catch(() => undefined);
  return redirect('?share=queued');
}

/** Sends the queue (Background Sync); tells open windows where the shares went. */
async function deliverQueue(): Promise<void> {
  const { sent, left } = await sendPendingShares(fetch);
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const win of windows) win.postMessage({ type: 'shares-sent', sent, left });
  // Throwing asks the browser to try again later (with backoff), as long as something is left.
  if (left > 0) throw new Error(`${left} shares still queued`);
}

sw.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(deliverQueue());
});

// ---- offline data ------------------------------------------------------------------------------------

const TRIP = /^\/api\/trips\/[0-9a-f-]{36}$/;
const isData = (path: string) => path === '/api/trips' || path === '/api/shares' || TRIP.test(path);

/** A copy of `res` that says when it was cached, to keep. */
async function stamped(res: Response, now: Date): Promise<Response> {
  const headers = new Headers(res.headers);
  headers.set(CACHED_AT, now.toISOString());
  // The body is stored decoded: its encoding headers would no longer be true.
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers });
}

/** Keeps only the newest `MAX_TRIPS` trips (Cache keys keep insertion order, oldest first). */
async function pruneTrips(cache: Cache): Promise<void> {
  const trips = (await cache.keys()).filter((r) => TRIP.test(new URL(r.url).pathname));
  await Promise.all(trips.slice(0, Math.max(0, trips.length - MAX_TRIPS)).map((r) => cache.delete(r)));
}

async function keep(url: string, res: Response): Promise<void> {
  const cache = await caches.open(DATA);
  const path = new URL(url).pathname;
  const copy = await stamped(res, new Date());
  await cache.delete(url); // re-added at the end: the newest
  await cache.put(url, copy.clone());
  if (TRIP.test(path)) await pruneTrips(cache);
  if (path === '/api/trips') await keepRecentTrips(cache, copy);
}

/**
 * The list says which trips are the traveller's latest: fetch those not kept yet (once each), so a
 * trip never opened online still opens offline with its playlist. The list is newest departure first.
 */
async function keepRecentTrips(cache: Cache, list: Response): Promise<void> {
  const body = (await list.json().catch(() => null)) as { trips?: { id?: unknown }[] } | null;
  const ids = (body?.trips ?? [])
    .map((trip) => trip.id)
    .filter((id): id is string => typeof id === 'string')
    .slice(0, MAX_TRIPS);
  for (const id of ids.reverse()) {
    const url = `${sw.location.origin}/api/trips/${id}`;
    if (!TRIP.test(`/api/trips/${id}`) || (await cache.match(url, { ignoreVary: true }))) continue;
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    }).catch(() => null);
    if (!res?.ok) return; // offline again, or the server is busy: the next visit goes on
    await cache.put(url, await stamped(res, new Date()));
  }
  await pruneTrips(cache);
}

const cached = (key: string) => caches.match(key, { cacheName: DATA, ignoreVary: true });

/**
 * Network first, the kept copy when the network fails, a gateway says the server is down, or the
 * network is too slow (a train in a tunnel: after `SLOW_MS` a kept copy answers, and the network's
 * answer, when it comes, still updates the copy for next time).
 */
async function networkFirst(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  const network = fetch(request);
  event.waitUntil(
    network
      .then(async (res) => {
        if (res.ok) await keep(key, res.clone());
        // Signed out (or a new account): what was kept belongs to someone else now.
        else if (res.status === 401) await caches.delete(DATA);
      })
      .catch(() => undefined),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SLOW_MS);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first === null) return (await cached(key)) ?? (await network);
    // A gateway's error: the server is down behind its proxy, as good as unreachable.
    if (first.status >= 502 && first.status <= 504) return (await cached(key)) ?? first;
    return first;
  } catch (err) {
    const hit = await cached(key);
    if (hit) return hit;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

// ---- fetch -------------------------------------------------------------------------------------------

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/share') {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (isData(url.pathname)) {
    event.respondWith(networkFirst(event));
    return;
  }
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz' || url.pathname === '/readyz') return;
  if (url.pathname.startsWith('/assets/')) {
    // Hashed file names never change content: cache first.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              event.waitUntil(caches.open(SHELL).then((cache) => cache.put(request, copy)));
            }
            return res;
          }),
      ),
    );
    return;
  }
  if (request.mode === 'navigate') {
    // Network first so a deploy shows at once; the cached shell when offline. Every page is the
    // same shell, so the newest one replaces the cached copy and offline follows deploys too.
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok && res.headers.get('content-type')?.startsWith('text/html')) {
            const copy = res.clone();
            event.waitUntil(caches.open(SHELL).then((cache) => cache.put('/', copy)));
          }
          return res;
        })
        .catch(async () => (await caches.match('/')) ?? Response.error()),
    );
  }
});

// ---- departure reminders -----------------------------------------------------------------------------

interface Reminder {
  title?: string;
  body?: string;
  url?: string;
  tripId?: unknown;
  play?: unknown;
  playLabel?: string;
}

/** A departure reminder (`ReminderPayload` in src/http/schemas.ts). Every push must show a
 * notification (`userVisibleOnly`), so even a message we cannot read shows one. */
function readPush(event: PushEvent): Reminder {
  if (!event.data) return {};
  try {
    const data = event.data.json();
    return data && typeof data === 'object' ? (data as Reminder) : {};
  } catch {
    return { body: event.data.text() };
  }
}

sw.addEventListener('push', (event) => {
  const data = readPush(event);
  const tripId = typeof data.tripId === 'string' ? data.tripId : '';
  const play = data.play === 'spotify' || data.play === 'local' ? data.play : null;
  const options: NotificationOptions & { renotify?: boolean; actions?: { action: string; title: string }[] } =
    {
      body: data.body ?? '',
      icon: '/icons/icon-192.png',
      // One notification per trip: a second reminder for the same trip replaces the first and still
      // alerts (renotify needs a tag).
      ...(tripId ? { tag: tripId, renotify: true } : {}),
      data: { url: data.url || (tripId ? `/#/trip/${tripId}` : '/'), tripId, play },
      actions: play && data.playLabel ? [{ action: 'play', title: data.playLabel }] : [],
    };
  event.waitUntil(sw.registration.showNotification(data.title || 'Railtape', options));
});

/** Focuses a Railtape window and takes it to `url`, or opens one. */
async function openRailtape(url: string): Promise<WindowClient | null> {
  const target = new URL(url, sw.location.origin).href;
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const win = windows.find((c) => c.focused) ?? windows[0];
  if (!win) return sw.clients.openWindow(target);
  const focused = await win.focus().catch(() => win);
  // navigate() works only in a window this worker controls, and a same-URL navigation would not
  // re-run the page's router: then the page moves itself (app.tsx listens for 'open').
  if (focused.url !== target) {
    const moved = await focused.navigate(target).catch(() => null);
    if (moved) return moved;
  }
  focused.postMessage({ type: 'open', url: target });
  return focused;
}

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = (event.notification.data ?? {}) as { url?: string; tripId?: string; play?: string | null };
  const { url = '/', tripId = '', play = null } = data;
  const trip = tripId ? `/#/trip/${encodeURIComponent(tripId)}` : url;
  const work = async () => {
    if (event.action === 'play' && play === 'spotify' && tripId) {
      // Starts the playlist on the traveller's Spotify device at the trip's spot; the trip screen
      // opens either way.
      await fetch(`/api/trips/${encodeURIComponent(tripId)}/play`, {
        method: 'POST',
        headers: { accept: 'application/json' },
      }).catch(() => undefined);
      return openRailtape(trip);
    }
    // The in-app player starts from the trip route's /play.
    if (event.action === 'play' && play === 'local' && tripId) return openRailtape(`${trip}/play`);
    return openRailtape(url);
  };
  event.waitUntil(work().catch(() => undefined));
});

function keyBytes(publicKey: string): Uint8Array<ArrayBuffer> {
  const base64 = publicKey.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The push service replaced the subscription: subscribe again with the same key and tell the server. */
async function resubscribe(event: PushSubscriptionChangeEvent): Promise<void> {
  let applicationServerKey = event.oldSubscription?.options?.applicationServerKey ?? null;
  if (!applicationServerKey) {
    const res = await fetch('/api/push/key', { headers: { accept: 'application/json' } });
    const { publicKey } = (await res.json()) as { publicKey: string | null };
    if (!publicKey) return;
    applicationServerKey = keyBytes(publicKey).buffer;
  }
  const subscription =
    event.newSubscription ??
    (await sw.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }));
  const json = { accept: 'application/json', 'content-type': 'application/json' };
  await fetch('/api/push/subscriptions', {
    method: 'POST',
    headers: json,
    body: JSON.stringify(subscription.toJSON()),
  });
  const old = event.oldSubscription?.endpoint;
  if (old && old !== subscription.endpoint) {
    await fetch('/api/push/subscriptions', {
      method: 'DELETE',
      headers: json,
      body: JSON.stringify({ endpoint: old }),
    }).catch(() => undefined);
  }
}

sw.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe(event).catch(() => undefined));
});
