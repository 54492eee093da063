import { randomBytes } from 'node:crypto';

/**
 * What changed in the trips and playlists, so the trip read knows whether its rendered answer is still
 * current without asking the database for the trip's version. This process's writes are told by the
 * stores that made them: every write to a trip or its playlist goes through `createTripStore`,
 * `createPlaylistStore` or `createUserStore`, and each calls `changed` once the write is done. On
 * PGlite that is every write (no other process may open its data directory); on a Postgres server,
 * other instances and the cron workers write too, and their writes arrive through the change feed
 * (`trip-change-feed.ts`, Postgres's triggers notifying at commit). The read trusts the record only
 * while it is complete (`knowsEveryChange`); otherwise it asks for the version.
 *
 * Why the order is safe: a store calls `changed` after its statement (or transaction) has finished,
 * and a reader takes the version *before* it reads the rows. A read that took the version before the
 * change stores its answer under that old version, which no later read asks for; a read that took it
 * after the change started its query after the write had committed, so it sees it. (A notice arrives
 * after its commit, so the same holds for the feed's changes.)
 */
export interface TripChanges {
  /** A token that differs after every change to the trip or its playlist, and from any other process's. */
  versionOf(tripId: string): string;
  /** The trip, or its playlist, was written (or deleted). */
  changed(tripId: string | undefined): void;
  /** Any trip may have changed (an account deleted with everything of it). */
  changedAll(): void;
}

/**
 * Remembers the last change of at most `maxTracked` trips; past that it forgets them all and moves
 * every trip's version on at once (each answer is then read again once), so memory stays bounded.
 */
export function createTripChanges(maxTracked = 50_000): TripChanges {
  // A new process must never repeat an earlier one's versions: they end up in ETags clients keep.
  const boot = randomBytes(6).toString('base64url');
  let sequence = 0;
  /** The version of every trip not in `last`. */
  let floor = 0;
  const last = new Map<string, number>();
  const changedAll = () => {
    last.clear();
    floor = ++sequence;
  };
  return {
    versionOf: (tripId) => `${boot}:${last.get(tripId) ?? floor}`,
    changed(tripId) {
      if (tripId === undefined) return;
      if (last.size >= maxTracked && !last.has(tripId)) changedAll();
      last.set(tripId, ++sequence);
    },
    changedAll,
  };
}

const shared = new WeakMap<object, TripChanges>();

/**
 * One record per database client (the PGlite instance or the `pg` pool under drizzle), so every set of
 * stores built on it, however it was wrapped, tells the same readers.
 */
export function tripChangesOf(db: object): TripChanges {
  const key = (db as { $client?: unknown }).$client;
  const client = typeof key === 'object' && key !== null ? key : db;
  let changes = shared.get(client);
  if (!changes) {
    changes = createTripChanges();
    shared.set(client, changes);
  }
  return changes;
}
