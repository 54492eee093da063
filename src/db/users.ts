import { and, asc, eq, isNotNull, type SQLWrapper, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import type { MusicAccountRow } from './music-accounts.js';
import type { PlaylistRow } from './playlists.js';
import { type StatementName, statementNames } from './prepared.js';
import type { ReminderRow } from './reminders.js';
import {
  musicAccounts,
  musicPools,
  playlists,
  preferences,
  pushSubscriptions,
  reminders,
  sessions,
  shareKeys,
  shares,
  trips,
  users,
} from './schema.js';
import type { ShareRow } from './shares.js';
import type { TripChanges } from './trip-changes.js';
import type { TripRow } from './trips.js';

export type User = typeof users.$inferSelect;
export type Preferences = typeof preferences.$inferSelect;
export interface FitContext {
  preferences: Preferences;
  recentTrackIds: Set<string>;
}
/**
 * The track ids of the user's `count` newest playlists, one array per playlist, as a column: picked
 * out in Postgres (their tracks are never sent over), on the (user_id, created_at) index.
 */
export const recentTrackIdsOf = (userId: SQLWrapper, count: SQLWrapper) =>
  sql<string[][] | null>`(select jsonb_agg(r.ids) from (
    select jsonb_path_query_array(${playlists.tracks}, '$[*].id') as ids from ${playlists}
    where ${playlists.userId} = ${userId}
    order by ${playlists.createdAt} desc limit ${count}) r)`;

/** A fit context from a row that read `recentTrackIdsOf` beside the preferences. */
export const fitContextOf = (preferences: Preferences, recent: string[][] | null): FitContext => ({
  preferences,
  recentTrackIds: new Set((recent ?? []).flat()),
});

export type PreferenceChanges = Partial<Omit<Preferences, 'userId' | 'updatedAt'>>;

/** The single user of a local install without sign-in: a fixed id so every restart finds its trips. */
export const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';

/** A music connection as it may leave the server: everything but the (sealed) tokens and their key. */
export type MusicConnection = Omit<
  MusicAccountRow,
  'accessToken' | 'refreshToken' | 'keyId' | 'accessExpiresAt'
>;

/** Everything Railtape keeps about one user, for the export (`GET /api/me/export`). */
export interface UserData {
  user: User;
  /** Null when the user never read or changed them (the defaults apply). */
  preferences: Preferences | null;
  shares: ShareRow[];
  trips: TripRow[];
  playlists: PlaylistRow[];
  musicConnections: MusicConnection[];
  reminders: ReminderRow[];
}

/** Rows a deleted account took with it, per table. */
export interface DeletedCounts {
  users: number;
  shares: number;
  shareKeys: number;
  trips: number;
  playlists: number;
  musicAccounts: number;
  cachedPools: number;
  sessions: number;
  preferences: number;
  pushSubscriptions: number;
  reminders: number;
}

export interface AccountDeletion {
  deleted: DeletedCounts;
  /** The sessions that ended with it (their cache entries must end too). */
  sessionIds: string[];
  /** Links to the playlists Railtape wrote in the user's Spotify: they stay there, the user's own. */
  spotifyPlaylistUrls: string[];
}

export interface UserStore {
  ensureLocalUser(): Promise<User>;
  find(id: string): Promise<User | undefined>;
  /** The user of a Spotify account, created at the first sign-in (`created`). */
  upsertBySpotifyId(input: { spotifyId: string; displayName: string; locale: string }): Promise<{
    user: User;
    created: boolean;
  }>;
  /** The user's preferences, created with the defaults on first read. */
  preferences(userId: string): Promise<Preferences>;
  /**
   * What a fit reads besides the pool, in one statement: the user's preferences (created with the
   * defaults on first read) and the track ids of their `recentPlaylists` newest playlists, to avoid.
   */
  fitContext(userId: string, recentPlaylists: number): Promise<FitContext>;
  updatePreferences(userId: string, changes: PreferenceChanges): Promise<Preferences>;
  /** All of a user's data, oldest first; no tokens. Undefined for an unknown user. */
  dataOf(userId: string): Promise<UserData | undefined>;
  /**
   * Deletes the user; the schema's `on delete cascade` keys take every row of theirs along. One
   * transaction that locks the user's row first, so nothing of theirs is added between the count and
   * the delete. Undefined for an unknown user.
   */
  deleteAccount(userId: string): Promise<AccountDeletion | undefined>;
}

export function createUserStore(
  db: Database,
  options: { changes?: TripChanges | undefined; statementName?: StatementName } = {},
): UserStore {
  const { changes } = options;
  const name = options.statementName ?? statementNames(false);
  // Built once: the user on every account and operator request, the preferences once per share.
  const userById = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare(name('user_by_id'));
  const preferencesOf = db
    .select()
    .from(preferences)
    .where(eq(preferences.userId, sql.placeholder('userId')))
    .prepare(name('user_preferences'));
  const fitContextRead = db
    .select({ preferences, recent: recentTrackIdsOf(sql.placeholder('userId'), sql.placeholder('count')) })
    .from(preferences)
    .where(eq(preferences.userId, sql.placeholder('userId')))
    .prepare(name('user_fit_context'));
  const store: UserStore = {
    async ensureLocalUser() {
      await db
        .insert(users)
        .values({ id: LOCAL_USER_ID, displayName: 'Local traveller' })
        .onConflictDoNothing({ target: users.id });
      const user = await store.find(LOCAL_USER_ID);
      if (!user) throw new Error('local user vanished after insert');
      return user;
    },

    async find(id) {
      const [row] = await userById.execute({ id });
      return row;
    },

    async upsertBySpotifyId(input) {
      const [created] = await db
        .insert(users)
        .values({ spotifyId: input.spotifyId, displayName: input.displayName, locale: input.locale })
        .onConflictDoNothing({ target: users.spotifyId })
        .returning();
      if (created) return { user: created, created: true };
      const [existing] = await db
        .update(users)
        .set({ displayName: input.displayName })
        .where(eq(users.spotifyId, input.spotifyId))
        .returning();
      if (!existing) throw new Error('user vanished after a conflicting insert');
      return { user: existing, created: false };
    },

    async preferences(userId) {
      const [row] = await preferencesOf.execute({ userId });
      if (row) return row;
      const [created] = await db.insert(preferences).values({ userId }).onConflictDoNothing().returning();
      if (created) return created;
      const [again] = await db.select().from(preferences).where(eq(preferences.userId, userId));
      if (!again) throw new Error('preferences vanished after insert');
      return again;
    },

    async fitContext(userId, recentPlaylists) {
      const read = () => fitContextRead.execute({ userId, count: recentPlaylists });
      let [row] = await read();
      if (!row) {
        // A user's first fit: the defaults are stored first, as `preferences` does.
        await store.preferences(userId);
        [row] = await read();
        if (!row) throw new Error('preferences vanished after insert');
      }
      return fitContextOf(row.preferences, row.recent);
    },

    async updatePreferences(userId, changes) {
      await store.preferences(userId);
      const [row] = await db
        .update(preferences)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(preferences.userId, userId))
        .returning();
      if (!row) throw new Error('preferences vanished during update');
      return row;
    },

    async dataOf(userId) {
      const user = await store.find(userId);
      if (!user) return undefined;
      const [prefs] = await db.select().from(preferences).where(eq(preferences.userId, userId));
      const connections = await db
        .select({
          userId: musicAccounts.userId,
          provider: musicAccounts.provider,
          accountId: musicAccounts.accountId,
          scopes: musicAccounts.scopes,
          consentedAt: musicAccounts.consentedAt,
          status: musicAccounts.status,
          statusReason: musicAccounts.statusReason,
          updatedAt: musicAccounts.updatedAt,
        })
        .from(musicAccounts)
        .where(eq(musicAccounts.userId, userId));
      return {
        user,
        preferences: prefs ?? null,
        shares: await db
          .select()
          .from(shares)
          .where(eq(shares.userId, userId))
          .orderBy(asc(shares.receivedAt), asc(shares.id)),
        trips: await db
          .select()
          .from(trips)
          .where(eq(trips.userId, userId))
          .orderBy(asc(trips.createdAt), asc(trips.id)),
        playlists: await db
          .select()
          .from(playlists)
          .where(eq(playlists.userId, userId))
          .orderBy(asc(playlists.createdAt), asc(playlists.id)),
        musicConnections: connections,
        reminders: await db
          .select()
          .from(reminders)
          .where(eq(reminders.userId, userId))
          .orderBy(asc(reminders.dueAt), asc(reminders.id)),
      };
    },

    async deleteAccount(userId) {
      // The cascade takes the user's trips and playlists along: every trip answer is read again.
      try {
        return await deleteAccountIn(userId);
      } finally {
        changes?.changedAll();
      }
    },
  };
  function deleteAccountIn(userId: string): Promise<AccountDeletion | undefined> {
    return db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.id, userId))
        .for('update');
      if (!locked) return undefined;
      const sessionIds = (
        await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))
      ).map((r) => r.id);
      const spotifyPlaylistUrls = (
        await tx
          .select({ url: playlists.externalUrl })
          .from(playlists)
          .where(
            and(
              eq(playlists.userId, userId),
              eq(playlists.provider, 'spotify'),
              isNotNull(playlists.externalUrl),
            ),
          )
          .orderBy(asc(playlists.createdAt), asc(playlists.id))
      ).flatMap((r) => (r.url ? [r.url] : []));
      const deleted: DeletedCounts = {
        users: 1,
        shares: await tx.$count(shares, eq(shares.userId, userId)),
        shareKeys: await tx.$count(shareKeys, eq(shareKeys.userId, userId)),
        trips: await tx.$count(trips, eq(trips.userId, userId)),
        playlists: await tx.$count(playlists, eq(playlists.userId, userId)),
        musicAccounts: await tx.$count(musicAccounts, eq(musicAccounts.userId, userId)),
        cachedPools: await tx.$count(musicPools, eq(musicPools.userId, userId)),
        sessions: sessionIds.length,
        preferences: await tx.$count(preferences, eq(preferences.userId, userId)),
        pushSubscriptions: await tx.$count(pushSubscriptions, eq(pushSubscriptions.userId, userId)),
        reminders: await tx.$count(reminders, eq(reminders.userId, userId)),
      };
      await tx.delete(users).where(eq(users.id, userId));
      return { deleted, sessionIds, spotifyPlaylistUrls };
    });
  }
  return store;
}
