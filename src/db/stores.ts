import type { Database } from './client.js';
import { createLibraryStore, type LibraryStore } from './library.js';
import { createMusicAccountStore, type MusicAccountStore } from './music-accounts.js';
import { createPlaylistStore, type PlaylistStore } from './playlists.js';
import { createPushSubscriptionStore, type PushSubscriptionStore } from './push-subscriptions.js';
import { createReminderStore, type ReminderStore } from './reminders.js';
import { createSessionStore, type SessionStore } from './sessions.js';
import { createShareStore, type ShareStore } from './shares.js';
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
  /** Named prepared statements for the hot reads (off behind a transaction-mode pooler). Default on. */
  preparedStatements?: boolean;
}

export function createStores(db: Database, options: StoreOptions = {}): Stores {
  return {
    shares: createShareStore(db),
    trips: createTripStore(db, { prepared: options.preparedStatements ?? true }),
    playlists: createPlaylistStore(db),
    users: createUserStore(db),
    reminders: createReminderStore(db),
    pushSubscriptions: createPushSubscriptionStore(db),
    sessions: createSessionStore(db),
    musicAccounts: createMusicAccountStore(db),
    library: createLibraryStore(db),
  };
}
