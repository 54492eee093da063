// Railtape service worker: the app shell works offline; API calls always go to the network, and a
// share made while offline is kept in IndexedDB until the page can send it (see src/pending-shares.ts).
const SHELL = 'railtape-shell-v3';
const SHELL_URLS = ['/', '/manifest.webmanifest', '/icons/icon-192.png'];

// Must match web/src/pending-shares.ts, which reads and deletes what this file writes.
const DB = 'railtape';
const STORE = 'pending-shares';

async function cacheShell() {
  const cache = await caches.open(SHELL);
  await cache.addAll(SHELL_URLS);
  // The first visit loads the scripts before this worker controls the page, so they would not be
  // cached yet; an offline share opens the shell at once, so take the assets the shell names now.
  const html = await (await cache.match('/')).text();
  await cache.addAll([...new Set(html.match(/\/assets\/[^"'\s>]+/g) ?? [])]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function queueShare(share) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { autoIncrement: true });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).add(share);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

/**
 * The manifest's share_target: the server stores the share; offline, we keep it for later. Only the
 * text fields travel: the trip picture Android attaches (megabytes over mobile data) carries nothing
 * the link does not.
 */
async function receiveShare(request) {
  const form = await request.formData();
  const field = (name) => {
    const value = form.get(name);
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const share = { title: field('title'), text: field('text'), url: field('url') };
  if (!share.title && !share.text && !share.url) {
    return Response.redirect(new URL('/?share_error=empty_share', self.location.origin).href, 303);
  }
  const body = new FormData();
  for (const [name, value] of Object.entries(share)) if (value !== null) body.append(name, value);
  try {
    // `manual`: the server's 303 (to /?share=<id>, or /?share_error=<code>) goes back to the browser.
    return await fetch('/share', {
      method: 'POST',
      body,
      headers: { accept: 'text/html' },
      redirect: 'manual',
      credentials: 'same-origin',
    });
  } catch {
    await queueShare(share);
    return Response.redirect(new URL('/?share=queued', self.location.origin).href, 303);
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === 'POST' && url.pathname === '/share') {
    event.respondWith(receiveShare(event.request));
    return;
  }
  if (event.request.method !== 'GET') return;
  if (
    url.pathname.startsWith('/api/') ||
    url.pathname.startsWith('/healthz') ||
    url.pathname.startsWith('/readyz')
  )
    return;
  if (url.pathname.startsWith('/assets/')) {
    // Hashed file names never change content: cache first.
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ??
          fetch(event.request).then((res) => {
            const copy = res.clone();
            caches.open(SHELL).then((cache) => cache.put(event.request, copy));
            return res;
          }),
      ),
    );
    return;
  }
  if (event.request.mode === 'navigate') {
    // Network first so a deploy shows at once; the cached shell when offline. Every page is the
    // same shell, so the newest one replaces the cached copy and offline follows deploys too.
    event.respondWith(
      fetch(event.request)
        .then((res) => {
          if (res.ok && res.headers.get('content-type')?.startsWith('text/html')) {
            const copy = res.clone();
            event.waitUntil(caches.open(SHELL).then((cache) => cache.put('/', copy)));
          }
          return res;
        })
        .catch(() => caches.match('/')),
    );
  }
});

/** A departure reminder (`ReminderPayload` in src/http/schemas.ts). Every push must show a
 * notification (`userVisibleOnly`), so even a message we cannot read shows one. */
function readPush(event) {
  if (!event.data) return {};
  try {
    const data = event.data.json();
    return data && typeof data === 'object' ? data : {};
  } catch {
    return { body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  const data = readPush(event);
  const tripId = typeof data.tripId === 'string' ? data.tripId : '';
  const play = data.play === 'spotify' || data.play === 'local' ? data.play : null;
  event.waitUntil(
    self.registration.showNotification(data.title || 'Railtape', {
      body: data.body ?? '',
      icon: '/icons/icon-192.png',
      // One notification per trip: a second reminder for the same trip replaces the first and
      // still alerts (renotify needs a tag).
      ...(tripId ? { tag: tripId, renotify: true } : {}),
      data: { url: data.url || (tripId ? `/#/trip/${tripId}` : '/'), tripId, play },
      actions: play && data.playLabel ? [{ action: 'play', title: data.playLabel }] : [],
    }),
  );
});

/** Focuses a Railtape window and takes it to `url`, or opens one. */
async function openRailtape(url) {
  const target = new URL(url, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const win = windows.find((c) => c.focused) ?? windows[0];
  if (!win) return self.clients.openWindow(target);
  const focused = await win.focus().catch(() => win);
  // navigate() works only in a window this worker controls, and a same-URL navigation would not
  // re-run the page's router: then the page moves itself (main.ts listens for 'open').
  if (focused.url !== target) {
    const moved = await focused.navigate(target).catch(() => null);
    if (moved) return moved;
  }
  focused.postMessage({ type: 'open', url: target });
  return focused;
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { url = '/', tripId = '', play = null } = event.notification.data ?? {};
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
    // The in-app player starts from the trip route's /play (see screen() in main.ts).
    if (event.action === 'play' && play === 'local' && tripId) return openRailtape(`${trip}/play`);
    return openRailtape(url);
  };
  event.waitUntil(work().catch(() => undefined));
});

/** The push service replaced the subscription: subscribe again with the same key and tell the server. */
async function resubscribe(event) {
  let options = event.oldSubscription?.options;
  if (!options?.applicationServerKey) {
    const res = await fetch('/api/push/key', { headers: { accept: 'application/json' } });
    const { publicKey } = await res.json();
    if (!publicKey) return;
    const base64 = publicKey.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    options = {
      userVisibleOnly: true,
      applicationServerKey: Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    };
  }
  const subscription =
    event.newSubscription ??
    (await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: options.applicationServerKey,
    }));
  await fetch('/api/push/subscriptions', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(subscription.toJSON()),
  });
  const old = event.oldSubscription?.endpoint;
  if (old && old !== subscription.endpoint) {
    await fetch('/api/push/subscriptions', {
      method: 'DELETE',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: old }),
    }).catch(() => undefined);
  }
}

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe(event).catch(() => undefined));
});
