import { eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { preferences, users } from './schema.js';

export type User = typeof users.$inferSelect;
export type Preferences = typeof preferences.$inferSelect;
export type PreferenceChanges = Partial<Omit<Preferences, 'userId' | 'updatedAt'>>;

/** The single user of a local install without sign-in: a fixed id so every restart finds its trips. */
export const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';

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
  updatePreferences(userId: string, changes: PreferenceChanges): Promise<Preferences>;
}

export function createUserStore(db: Database): UserStore {
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
      const [row] = await db.select().from(users).where(eq(users.id, id));
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
      const [row] = await db.select().from(preferences).where(eq(preferences.userId, userId));
      if (row) return row;
      const [created] = await db.insert(preferences).values({ userId }).onConflictDoNothing().returning();
      if (created) return created;
      const [again] = await db.select().from(preferences).where(eq(preferences.userId, userId));
      if (!again) throw new Error('preferences vanished after insert');
      return again;
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
  };
  return store;
}
