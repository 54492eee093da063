import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { insertPlaylist, type PlaylistRow } from '../db/playlists.js';
import { playlists } from '../db/schema.js';
import type { TripRow } from '../db/trips.js';
import { getPreferences } from '../db/users.js';
import type { CatalogTrack } from '../domain/playlist.js';
import { fitTrip } from '../fit/index.js';

/** Where a user's candidate tracks come from (demo catalog today; Spotify and local library plug in here). */
export interface MusicSource {
  provider: 'demo' | 'spotify' | 'local';
  poolFor(userId: string): Promise<readonly CatalogTrack[]>;
}

const RECENT_PLAYLISTS = 5;

/** A seed derived from the trip id: the same trip always gets the same playlist, different trips differ. */
export function seedForTrip(tripId: string): number {
  return createHash('sha256').update(tripId).digest().readUInt32BE(0) & 0x7fffffff;
}

async function recentTrackIds(db: Database, userId: string): Promise<Set<string>> {
  const rows = await db
    .select({ tracks: playlists.tracks })
    .from(playlists)
    .where(eq(playlists.userId, userId))
    .orderBy(desc(playlists.createdAt))
    .limit(RECENT_PLAYLISTS);
  return new Set(rows.flatMap((r) => r.tracks.map((t) => t.id)));
}

export async function createPlaylistForTrip(
  db: Database,
  music: MusicSource,
  trip: TripRow,
): Promise<PlaylistRow> {
  const [prefs, pool, recent] = await Promise.all([
    getPreferences(db, trip.userId),
    music.poolFor(trip.userId),
    recentTrackIds(db, trip.userId),
  ]);
  const seed = seedForTrip(trip.id);
  const fitted = fitTrip(trip.trip, [...pool], {
    seed,
    maxTracksPerArtistPerHour: prefs.maxTracksPerArtistPerHour,
    allowExplicit: prefs.allowExplicit,
    recentTrackIds: recent,
  });
  return insertPlaylist(db, {
    tripId: trip.id,
    userId: trip.userId,
    provider: music.provider,
    tracks: fitted.tracks,
    fit: {
      errorSeconds: fitted.errorSeconds,
      segments: fitted.segments,
      boundaries: fitted.boundaries,
      notes: fitted.notes,
    },
    targetSeconds: fitted.targetSeconds,
    actualSeconds: fitted.totalSeconds,
    seed,
  });
}
