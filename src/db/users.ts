import { eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { preferences, users } from './schema.js';

export type User = typeof users.$inferSelect;
export type Preferences = typeof preferences.$inferSelect;

/** The single user of a local install without sign-in: a fixed id so every restart finds its trips. */
export const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';

export async function ensureLocalUser(db: Database): Promise<User> {
  await db
    .insert(users)
    .values({ id: LOCAL_USER_ID, displayName: 'Local traveller' })
    .onConflictDoNothing({ target: users.id });
  const user = await findUser(db, LOCAL_USER_ID);
  if (!user) throw new Error('local user vanished after insert');
  return user;
}

export async function findUser(db: Database, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function getPreferences(db: Database, userId: string): Promise<Preferences> {
  const [row] = await db.select().from(preferences).where(eq(preferences.userId, userId));
  if (row) return row;
  const [created] = await db.insert(preferences).values({ userId }).onConflictDoNothing().returning();
  if (created) return created;
  const [again] = await db.select().from(preferences).where(eq(preferences.userId, userId));
  if (!again) throw new Error('preferences vanished after insert');
  return again;
}

export async function updatePreferences(
  db: Database,
  userId: string,
  changes: Partial<
    Pick<Preferences, 'maxTracksPerArtistPerHour' | 'allowExplicit' | 'musicSource' | 'reminderMinutesBefore'>
  >,
): Promise<Preferences> {
  await getPreferences(db, userId);
  const [row] = await db
    .update(preferences)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(preferences.userId, userId))
    .returning();
  if (!row) throw new Error('preferences vanished during update');
  return row;
}
