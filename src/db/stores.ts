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

export function createStores(db: Database): Stores {
  return {
    shares: createShareStore(db),
    trips: createTripStore(db),
    playlists: createPlaylistStore(db),
    users: createUserStore(db),
    reminders: createReminderStore(db),
    pushSubscriptions: createPushSubscriptionStore(db),
    sessions: createSessionStore(db),
    musicAccounts: createMusicAccountStore(db),
    library: createLibraryStore(db),
  };
}
