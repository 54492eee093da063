import { desc, eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { playlists } from './schema.js';

export type PlaylistRow = typeof playlists.$inferSelect;
export type NewPlaylist = typeof playlists.$inferInsert;

export async function insertPlaylist(db: Database, input: NewPlaylist): Promise<PlaylistRow> {
  const [row] = await db.insert(playlists).values(input).returning();
  if (!row) throw new Error('insert into playlists returned nothing');
  return row;
}

export async function latestPlaylistForTrip(db: Database, tripId: string): Promise<PlaylistRow | undefined> {
  const [row] = await db
    .select()
    .from(playlists)
    .where(eq(playlists.tripId, tripId))
    .orderBy(desc(playlists.createdAt))
    .limit(1);
  return row;
}
