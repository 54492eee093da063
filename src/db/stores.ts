import type { Database } from './client.js';
import { createLibraryStore, type LibraryStore } from './library.js';
import { createMusicAccountStore, type MusicAccountStore } from './music-accounts.js';
import { createPlaylistStore, type PlaylistStore } from './playlists.js';
import { statementNames } from './prepared.js';
import { createPushSubscriptionStore, type PushSubscriptionStore } from './push-subscriptions.js';
import { createReminderStore, type ReminderStore } from './reminders.js';
import { createSessionStore, type SessionStore } from './sessions.js';
import { createShareStore, type ShareStore } from './shares.js';
import { tripChangesOf } from './trip-changes.js';
import { createTripStore, type TripStore } from './trips.js';
import { createUserStore, type UserStore } from './users.js';

/** One store per aggregate; services and routes receive these, never the database itself. */
export interface Stores {
  shares: ShareStore;
  trips: TripStore;
  playlists: PlaylistStore;
  users: UserStore;
  reminders: ReminderStore;
  pushSubscriptions: PushSubscriptionStore;
  sessions: SessionStore;
  musicAccounts: MusicAccountStore;
  library: LibraryStore;
}

export interface StoreOptions {
  /**
   * Named prepared statements for the share path and the trip read (off behind a transaction-mode
   * pooler, which cannot keep them; `prepared.ts`). Default on.
   */
  preparedStatements?: boolean;
  /**
   * True while the record of changes (`trip-changes.ts`) holds every committed write to trips and
   * playlists, so the trip read need not ask the database for a version: always for PGlite's only
   * writer (no other process may open its data directory), `TripChangeFeed.live` on a Postgres
   * server (`trip-change-feed.ts`). Default: never, every read asks.
   */
  knowsEveryChange?: () => boolean;
}

export function createStores(db: Database, options: StoreOptions = {}): Stores {
  // Every set of stores on this database records its writes in the same place (the server's, the
  // in-process worker's, a test's), whether or not its own trip read trusts the record.
  const changes = tripChangesOf(db);
  const statementName = statementNames(options.preparedStatements ?? true);
  return {
    shares: createShareStore(db, { statementName }),
    trips: createTripStore(db, { statementName, changes, knowsEveryChange: options.knowsEveryChange }),
    playlists: createPlaylistStore(db, { changes, statementName }),
    users: createUserStore(db, { changes, statementName }),
    reminders: createReminderStore(db, { statementName }),
    pushSubscriptions: createPushSubscriptionStore(db),
    sessions: createSessionStore(db),
    musicAccounts: createMusicAccountStore(db, { statementName }),
    library: createLibraryStore(db),
  };
}
