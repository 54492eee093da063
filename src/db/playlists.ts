import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { initialSyncStatus } from '../domain/music.js';
import type { Database } from './client.js';
import { playlists } from './schema.js';
import { storable } from './storable.js';
import type { TripChanges } from './trip-changes.js';

export type PlaylistRow = typeof playlists.$inferSelect;
export type NewPlaylist = typeof playlists.$inferInsert;
export type PlaylistFitUpdate = Pick<
  NewPlaylist,
  'provider' | 'tracks' | 'fit' | 'targetSeconds' | 'actualSeconds' | 'seed'
>;

export interface PlaylistStore {
  /**
   * The trip's playlist: this one when the trip had none, else the one that was there (one playlist
   * per trip is a unique index, so two processes fitting the same trip at once keep one).
   */
  insertOnce(input: NewPlaylist): Promise<{ row: PlaylistRow; created: boolean }>;
  latestForTrip(tripId: string): Promise<PlaylistRow | undefined>;
  /** A re-fit: new tracks in the same playlist; a synced copy in the music service is due again. */
  replaceFit(id: string, fit: PlaylistFitUpdate, now: Date): Promise<PlaylistRow>;
  /** Track ids of the user's `count` newest playlists, so the next trip can avoid repeating them. */
  recentTrackIds(userId: string, count: number): Promise<Set<string>>;
  /**
   * Takes the lease to write the playlist's copy in the music service; undefined when another process
   * holds it or there is nothing to write.
   */
  claimSync(id: string, now: Date, leaseMs: number): Promise<PlaylistRow | undefined>;
  /** Recorded as soon as the service created its copy, so a crash after it never creates a second. */
  setExternal(id: string, externalId: string, externalUrl: string | null): Promise<void>;
  /** Playlists whose copy is still to be written and that nobody holds (the parse worker retries them). */
  listDueSyncs(now: Date, limit: number): Promise<PlaylistRow[]>;
  /** `claimedAt`: when the lease was taken; a re-fit since then leaves the copy due again. */
  finishSync(
    id: string,
    outcome: { externalId: string; externalUrl: string | null } | { error: string },
    claimedAt: Date,
    now: Date,
  ): Promise<PlaylistRow | undefined>;
}

const SYNC_DUE = or(eq(playlists.syncStatus, 'pending'), eq(playlists.syncStatus, 'failed'));
const leaseFree = (now: Date) => or(isNull(playlists.syncLockedUntil), lt(playlists.syncLockedUntil, now));

/** `changes`: told of every write, for the trip read of a process that alone writes the database (`trip-changes.ts`). */
export function createPlaylistStore(
  db: Database,
  options: { changes?: TripChanges | undefined } = {},
): PlaylistStore {
  const { changes } = options;
  return {
    async insertOnce(input) {
      const [row] = await db
        .insert(playlists)
        // Track titles and artists come from the music service: stored as jsonb, same rules as a share.
        .values(storable(input))
        .onConflictDoNothing({ target: playlists.tripId })
        .returning();
      if (row) {
        changes?.changed(row.tripId);
        return { row, created: true };
      }
      const [existing] = await db.select().from(playlists).where(eq(playlists.tripId, input.tripId));
      if (!existing) throw new Error('playlist vanished after a conflicting insert');
      return { row: existing, created: false };
    },

    async latestForTrip(tripId) {
      const [row] = await db
        .select()
        .from(playlists)
        .where(eq(playlists.tripId, tripId))
        .orderBy(desc(playlists.createdAt))
        .limit(1);
      return row;
    },

    async replaceFit(id, fit, now) {
      const [row] = await db
        .update(playlists)
        .set({
          ...storable(fit),
          // Strictly later than before, even at the same clock reading: the trip read's cache and
          // the sync's claim check both tell versions apart by it.
          updatedAt: sql`greatest(${now.toISOString()}::timestamptz, ${playlists.updatedAt} + interval '1 millisecond')`,
          syncStatus: initialSyncStatus(fit.provider),
        })
        .where(eq(playlists.id, id))
        .returning();
      if (!row) throw new Error('playlist vanished during a re-fit');
      changes?.changed(row.tripId);
      return row;
    },

    async recentTrackIds(userId, count) {
      const rows = await db
        .select({ tracks: playlists.tracks })
        .from(playlists)
        .where(eq(playlists.userId, userId))
        .orderBy(desc(playlists.createdAt))
        .limit(count);
      return new Set(rows.flatMap((r) => r.tracks.map((t) => t.id)));
    },

    async claimSync(id, now, leaseMs) {
      const [row] = await db
        .update(playlists)
        .set({ syncLockedUntil: new Date(now.getTime() + leaseMs) })
        .where(and(eq(playlists.id, id), SYNC_DUE, leaseFree(now)))
        .returning();
      // Only the lease moved (not part of the trip read's answer); told anyway, so no write is missed.
      changes?.changed(row?.tripId);
      return row;
    },

    async setExternal(id, externalId, externalUrl) {
      const query = db.update(playlists).set({ externalId, externalUrl }).where(eq(playlists.id, id));
      if (!changes) {
        await query;
        return;
      }
      const [row] = await query.returning({ tripId: playlists.tripId });
      changes.changed(row?.tripId);
    },

    listDueSyncs(now, limit) {
      return db
        .select()
        .from(playlists)
        .where(and(SYNC_DUE, leaseFree(now)))
        .orderBy(playlists.updatedAt)
        .limit(limit);
    },

    async finishSync(id, outcome, claimedAt, now) {
      const [row] = await db
        .update(playlists)
        .set(
          'error' in outcome
            ? { syncStatus: 'failed', syncError: outcome.error.slice(0, 300), syncLockedUntil: null }
            : {
                syncStatus: sql`case when ${playlists.updatedAt} > ${claimedAt.toISOString()} then 'pending' else 'synced' end`,
                syncError: null,
                externalId: outcome.externalId,
                externalUrl: outcome.externalUrl,
                syncedAt: now,
                syncLockedUntil: null,
              },
        )
        .where(eq(playlists.id, id))
        .returning();
      changes?.changed(row?.tripId);
      return row;
    },
  };
}
