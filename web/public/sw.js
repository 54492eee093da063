// Railtape service worker: the app shell works offline; API calls always go to the network, and a
// share made while offline is kept in IndexedDB until the page can send it (see src/pending-shares.ts).
const SHELL = 'railtape-shell-v2';
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

/** The manifest's share_target: the server stores the share; offline, we keep it for later. */
async function receiveShare(request) {
  const copy = request.clone();
  try {
    // Unchanged: the server's 303 to /?share=<id> goes straight back to the browser.
    return await fetch(request);
  } catch {
    const form = await copy.formData();
    const field = (name) => {
      const value = form.get(name);
      return typeof value === 'string' && value !== '' ? value : null;
    };
    // The attached trip picture is dropped: the link in the text carries the same trip.
    await queueShare({ title: field('title'), text: field('text'), url: field('url') });
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

self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : {};
  event.waitUntil(
    self.registration.showNotification(data.title ?? 'Railtape', {
      body: data.body ?? '',
      icon: '/icons/icon-192.png',
      data: { url: data.url ?? '/' },
      tag: data.tag,
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data?.url ?? '/'));
});
