/**
 * What the shell's banner says about the connection: "you are offline" (the device has no network)
 * is told apart from "Railtape is unreachable" (online, but the server does not answer), and
 * "offline copy from 13:56" when the service worker answered from its cache (`x-railtape-cached-at`).
 * `api.ts` reports every response and failure here; the queued shares (`store.ts`) are mirrored in
 * `queued` so the Trips screen shows them.
 */
import { signal } from '@preact/signals';
import { lang } from './i18n/index.js';
import {
  clearPendingShares,
  type Delivered,
  pendingShares,
  type Queued,
  SYNC_TAG,
  sendPendingShares,
} from './store.js';

export const CACHED_AT_HEADER = 'x-railtape-cached-at';

export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
export const serverReachable = signal(true);
/** When the data on screen was cached by the worker (ISO), or null when it came fresh. */
export const cachedAt = signal<string | null>(null);
/** Shares kept on this device until they can be sent. */
export const queued = signal<Queued[]>([]);
/** How many queued shares were just delivered (the banner says so once). */
export const delivered = signal(0);

/** `api.ts` calls this with every response it gets. */
export function noteResponse(res: Response): void {
  const cached = res.headers.get(CACHED_AT_HEADER);
  cachedAt.value = cached;
  // The worker only answers from its cache when the network leg failed: find out which way.
  if (cached) void checkServer();
  else serverReachable.value = true;
}

/** `api.ts` calls this when a request got no response at all. */
export function noteFailure(): void {
  online.value = navigator.onLine;
  if (navigator.onLine) void checkServer();
}

let checking: Promise<boolean> | null = null;
/** Asks `/healthz` (which the worker never answers from a cache) whether the server is there. */
export function checkServer(): Promise<boolean> {
  checking ??= fetch('/healthz', { cache: 'no-store', headers: { accept: 'application/json' } })
    .then(
      // The server itself answered, even when one of its checks fails (its 503 carries `checks`);
      // a proxy's 502/503/504 in front of a server that is down does not.
      async (res) =>
        res.status < 500 ||
        ((await res.json().catch(() => null)) as { checks?: unknown } | null)?.checks !== undefined,
      () => false,
    )
    .then((reachable) => {
      serverReachable.value = reachable;
      return reachable;
    })
    .finally(() => {
      checking = null;
    });
  return checking;
}

export async function refreshQueue(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  queued.value = await pendingShares().catch(() => queued.value);
}

/** Asks the worker to send the queue when the network is back (Background Sync, where it exists). */
export async function requestSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.ready;
    const sync = (
      registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
    )?.sync;
    await sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync: the page sends the queue on its next open or `online` event.
  }
}

let sending: Promise<Delivered[]> | null = null;
/** Sends what is queued (on open, on `online`); resolves with what the server took. */
export function sendQueue(): Promise<Delivered[]> {
  if (typeof indexedDB === 'undefined') return Promise.resolve([]);
  sending ??= (async () => {
    try {
      await refreshQueue();
      if (queued.value.length === 0) return [];
      const { sent } = await sendPendingShares(fetch, { 'accept-language': lang.value });
      return sent;
    } catch {
      return [];
    } finally {
      await refreshQueue();
      sending = null;
    }
  })();
  return sending;
}

export function watchConnection(onBack: () => void): void {
  window.addEventListener('online', () => {
    online.value = true;
    void checkServer();
    onBack();
  });
  window.addEventListener('offline', () => {
    online.value = false;
  });
}

/** The worker's offline copies of the traveller's trips and shares (`sw.ts`, `DATA`). */
export const OFFLINE_DATA_CACHE = 'railtape-data-v1';

/**
 * Forgets this device's offline copies (trips, playlists, shares) and the shares waiting here: for
 * Settings after signing out or deleting the account, so the next person on the device sees nothing.
 */
export async function forgetOfflineData(): Promise<void> {
  cachedAt.value = null;
  if (typeof caches !== 'undefined') await caches.delete(OFFLINE_DATA_CACHE).catch(() => false);
  if (typeof indexedDB !== 'undefined') await clearPendingShares().catch(() => undefined);
  await refreshQueue();
}
