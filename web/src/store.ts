/**
 * THE IndexedDB module of the PWA, imported by both the page and the service worker (`sw.ts`): the
 * shares made while offline (the share sheet's POST the worker could not forward, a paste with no
 * network), kept until one of them can send them. Nothing here touches the DOM or signals, so the
 * worker's bundle stays small.
 */
export interface PendingShare {
  title: string | null;
  text: string | null;
  url: string | null;
}

export interface QueuedShare extends PendingShare {
  /** When it was kept (ISO): the Trips screen shows the oldest first. */
  queuedAt: string;
}

export interface Queued {
  key: IDBValidKey;
  share: QueuedShare;
}

/** Database, store and version: shared with the legacy worker's queue, so nothing queued is lost. */
const DB = 'railtape';
const STORE = 'pending-shares';
const VERSION = 1;

/** The Background Sync tag the page registers and the worker answers. */
export const SYNC_TAG = 'railtape-shares';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE))
        req.result.createObjectStore(STORE, { autoIncrement: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Runs `use` in one transaction and resolves once it has committed. */
async function inStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => () => T): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = use(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result());
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export function queueShare(share: PendingShare, now = new Date()): Promise<void> {
  const value: QueuedShare = {
    title: share.title ?? null,
    text: share.text ?? null,
    url: share.url ?? null,
    queuedAt: now.toISOString(),
  };
  return inStore('readwrite', (store) => {
    store.add(value);
    return () => undefined;
  });
}

/** Queued shares, oldest first, with their keys. */
export function pendingShares(): Promise<Queued[]> {
  return inStore('readonly', (store) => {
    const found: Queued[] = [];
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      if (!cursor.result) return;
      found.push({ key: cursor.result.key, share: cursor.result.value as QueuedShare });
      cursor.result.continue();
    };
    return () => found;
  });
}

export function removePendingShare(key: IDBValidKey): Promise<void> {
  return inStore('readwrite', (store) => {
    store.delete(key);
    return () => undefined;
  });
}

/** Drops every queued share (signing out: they must not be sent under the next account). */
export function clearPendingShares(): Promise<void> {
  return inStore('readwrite', (store) => {
    store.clear();
    return () => undefined;
  });
}

/** What the server made of a sent share: where the traveller should look at it. */
export interface Delivered {
  shareId: string;
  tripId: string | null;
}

export interface SendOutcome {
  sent: Delivered[];
  /** Still queued (offline again, or the server failed: worth another try later). */
  left: number;
}

// Worth another try later: the server failed, or the traveller must sign in, or slow down. Any other
// 4xx means the server will never accept this share, and keeping it would retry it forever.
const keepOn = (status: number) => status >= 500 || status === 401 || status === 408 || status === 429;

/** The share as the link or text the traveller would recognise ("waiting to be sent: <link>"). */
export function sharedText(share: PendingShare): string {
  return share.url ?? share.text ?? share.title ?? '';
}

/**
 * Sends the queued shares to `POST /api/shares`, oldest first, and removes each one the server took
 * (or refused for good). One sender at a time across the page and the worker (a Web Lock), so a share
 * is not sent twice when Background Sync and the page's `online` handler fire together.
 */
export async function sendPendingShares(
  fetcher: typeof fetch = fetch,
  headers: Record<string, string> = {},
): Promise<SendOutcome> {
  const run = async (): Promise<SendOutcome> => {
    const queued = await pendingShares();
    const sent: Delivered[] = [];
    let left = queued.length;
    for (const { key, share } of queued) {
      let res: Response;
      try {
        res = await fetcher('/api/shares', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ title: share.title, text: share.text, url: share.url }),
        });
      } catch {
        break; // offline again: keep this one and the rest
      }
      if (!res.ok && keepOn(res.status)) continue;
      if (res.ok) {
        const body = (await res.json().catch(() => null)) as {
          share?: { id?: string };
          trip?: { id?: string } | null;
        } | null;
        if (body?.share?.id) sent.push({ shareId: body.share.id, tripId: body.trip?.id ?? null });
      }
      await removePendingShare(key);
      left--;
    }
    return { sent, left };
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request(SYNC_TAG, run) : run();
}
