/**
 * Shares the service worker queued while offline (see public/sw.js, which writes them).
 * The database, store and version must match the ones in sw.js.
 */
export interface PendingShare {
  title: string | null;
  text: string | null;
  url: string | null;
}

const DB = 'railtape';
const STORE = 'pending-shares';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { autoIncrement: true });
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

export interface Queued {
  key: IDBValidKey;
  share: PendingShare;
}

/** Queued shares, oldest first, with their keys. */
export function pendingShares(): Promise<Queued[]> {
  return inStore('readonly', (store) => {
    const found: Queued[] = [];
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      if (!cursor.result) return;
      found.push({ key: cursor.result.key, share: cursor.result.value as PendingShare });
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
