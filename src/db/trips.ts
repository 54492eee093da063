import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { MAX_TRIP_SECONDS, type Trip } from '../domain/trip.js';
import type { Database } from './client.js';
import type { PlaylistRow } from './playlists.js';
import { placeholders, type StatementName, statementNames } from './prepared.js';
import { playlists, preferences, shares, trips } from './schema.js';
import { storable } from './storable.js';
import type { TripChanges } from './trip-changes.js';
import { type FitContext, fitContextOf, recentTrackIdsOf } from './users.js';

export type TripRow = typeof trips.$inferSelect;

export interface TripStore {
  insert(input: { userId: string; shareId: string | null; trip: Trip }): Promise<TripRow>;
  /**
   * The share's trip, made now unless an earlier run already made it (`trips_share_idx`), and in the
   * same statement what the fit of its playlist reads besides the pool (`UserStore.fitContext`, with
   * the owner's `recentPlaylists` newest playlists): one statement for a new trip, two for a share
   * processed again. `context` is undefined for a user without preferences yet (`fitContext` makes them).
   */
  insertForShare(
    input: { userId: string; shareId: string; trip: Trip },
    recentPlaylists: number,
  ): Promise<{ row: TripRow; created: boolean; context: FitContext | undefined }>;
  /** The user's trip, or nothing when it is another user's. */
  get(userId: string, id: string): Promise<TripRow | undefined>;
  /** The trip with its playlist in one round trip (a trip has at most one: `playlists_trip_idx`). */
  getWithPlaylist(
    userId: string,
    id: string,
  ): Promise<{ trip: TripRow; playlist: PlaylistRow | undefined } | undefined>;
  findByShare(shareId: string): Promise<TripRow | undefined>;
  list(userId: string, limit?: number): Promise<TripRow[]>;
  /**
   * Deletes the user's trip and the share it came from, in one transaction: its playlist and reminder
   * go with it (cascade), and sharing the same link again makes a new trip instead of finding the old
   * share. False when there is no such trip of this user.
   */
  delete(userId: string, id: string): Promise<boolean>;
  /** Every user's trips leaving by `until` and not arrived before `since` (the delay check's window). */
  underWay(window: { since: Date; until: Date }, limit?: number): Promise<TripRow[]>;
  /** Stores what the real-time data says (expected times); the planned times stay as they were. */
  updateTrip(id: string, trip: Trip): Promise<TripRow>;
  /**
   * A short string that changes whenever the trip read's answer would (the trip, its playlist's fit
   * and sync state), read without the trip's or the playlist's JSON; undefined: no such trip of
   * this user. While the record of changes holds every committed write (`knowsEveryChange`: this
   * process is PGlite's only writer, or the change feed is live on Postgres), it comes from that
   * record (`trip-changes.ts`) without a query, and is never undefined: whether the trip exists and
   * is the user's is then `getWithPlaylist`'s to say.
   */
  versionOf(userId: string, id: string): Promise<string | undefined>;
}

/** A trip's row: the trip as stored (`storable`) and the columns read without its JSON. */
function tripColumns(input: { userId: string; shareId: string | null; trip: Trip }) {
  const trip = storable(input.trip);
  return {
    userId: input.userId,
    shareId: input.shareId,
    trip,
    source: trip.source,
    exactness: trip.exactness,
    origin: trip.origin,
    destination: trip.destination,
    departure: new Date(trip.departure),
    arrival: new Date(trip.arrival),
    durationSeconds: trip.durationSeconds,
  };
}

export function createTripStore(
  db: Database,
  options: {
    statementName?: StatementName;
    /** Told of every write (`trip-changes.ts`). */
    changes?: TripChanges | undefined;
    /**
     * True while `changes` holds every committed write to trips and playlists: `versionOf` then
     * answers from it, without a query (asked on every call; the change feed can come and go).
     */
    knowsEveryChange?: () => boolean;
  } = {},
): TripStore {
  const { changes } = options;
  const knowsEveryChange = options.knowsEveryChange ?? (() => false);
  if (options.knowsEveryChange && !changes) throw new Error('knowing every change needs its record');
  const tripWithPlaylistQuery = db
    .select({ trip: trips, playlist: playlists })
    .from(trips)
    .leftJoin(playlists, eq(playlists.tripId, trips.id))
    .where(and(eq(trips.id, sql.placeholder('id')), eq(trips.userId, sql.placeholder('userId'))));
  const tripVersionQuery = db
    .select({
      trip: trips.updatedAt,
      playlist: playlists.updatedAt,
      sync: playlists.syncStatus,
      syncError: playlists.syncError,
      url: playlists.externalUrl,
    })
    .from(trips)
    .leftJoin(playlists, eq(playlists.tripId, trips.id))
    .where(and(eq(trips.id, sql.placeholder('id')), eq(trips.userId, sql.placeholder('userId'))));
  // The app's hottest reads (every trip screen) and a share's trip, built once (`prepared.ts`).
  const name = options.statementName ?? statementNames(false);
  const tripWithPlaylist = tripWithPlaylistQuery.prepare(name('trip_with_playlist'));
  const tripVersion = tripVersionQuery.prepare(name('trip_version'));
  // A share sent again answers with its trip (and its playlist, `playlist_by_trip`).
  const tripByShare = db
    .select()
    .from(trips)
    .where(eq(trips.shareId, sql.placeholder('shareId')))
    .prepare(name('trip_by_share'));
  const made = db.$with('made').as(
    db
      .insert(trips)
      .values(
        placeholders([
          'userId',
          'shareId',
          'trip',
          'source',
          'exactness',
          'origin',
          'destination',
          'departure',
          'arrival',
          'durationSeconds',
        ]),
      )
      .onConflictDoNothing({ target: trips.shareId })
      // The trip's JSON is what was just sent: only what Postgres made comes back.
      .returning({ id: trips.id, createdAt: trips.createdAt, updatedAt: trips.updatedAt }),
  );
  // One row whether or not the trip was made and the preferences exist: both are joined to it.
  const insertShareTrip = db
    .with(made)
    .select({
      made: { id: made.id, createdAt: made.createdAt, updatedAt: made.updatedAt },
      preferences,
      recent: recentTrackIdsOf(sql.placeholder('userId'), sql.placeholder('count')),
    })
    .from(sql`(select 1) as one`)
    .leftJoin(made, sql`true`)
    .leftJoin(preferences, eq(preferences.userId, sql.placeholder('userId')))
    .prepare(name('trip_insert_for_share'));

  return {
    async insert(input) {
      const [row] = await db.insert(trips).values(tripColumns(input)).returning();
      if (!row) throw new Error('insert into trips returned nothing');
      changes?.changed(row.id);
      return row;
    },

    async insertForShare(input, recentPlaylists) {
      const columns = tripColumns(input);
      const [answer] = await insertShareTrip.execute({ ...columns, count: recentPlaylists });
      const context = answer?.preferences ? fitContextOf(answer.preferences, answer.recent) : undefined;
      if (answer?.made) {
        changes?.changed(answer.made.id);
        return { row: { ...columns, ...answer.made }, created: true, context };
      }
      const [existing] = await tripByShare.execute({ shareId: input.shareId });
      if (!existing) throw new Error('a trip for the share was neither made nor found');
      return { row: existing, created: false, context };
    },

    async get(userId, id) {
      const [row] = await db
        .select()
        .from(trips)
        .where(and(eq(trips.id, id), eq(trips.userId, userId)));
      return row;
    },

    async getWithPlaylist(userId, id) {
      const [row] = await tripWithPlaylist.execute({ id, userId });
      return row ? { trip: row.trip, playlist: row.playlist ?? undefined } : undefined;
    },

    async findByShare(shareId) {
      const [row] = await tripByShare.execute({ shareId });
      return row;
    },

    list(userId, limit = 50) {
      return db
        .select()
        .from(trips)
        .where(eq(trips.userId, userId))
        .orderBy(desc(trips.departure))
        .limit(limit);
    },

    async delete(userId, id) {
      const deleted = await db.transaction(async (tx) => {
        const [gone] = await tx
          .delete(trips)
          .where(and(eq(trips.id, id), eq(trips.userId, userId)))
          .returning({ shareId: trips.shareId });
        if (!gone) return false;
        if (gone.shareId) {
          await tx.delete(shares).where(and(eq(shares.id, gone.shareId), eq(shares.userId, userId)));
        }
        return true;
      });
      // After the commit: a read that took the version before this never stores under the new one.
      if (deleted) changes?.changed(id);
      return deleted;
    },

    async underWay(window, limit = 500) {
      return (
        db
          .select()
          .from(trips)
          // No trip lasts longer than MAX_TRIP_SECONDS: that bounds the index range from below too.
          .where(
            and(
              lte(trips.departure, window.until),
              gte(trips.departure, new Date(window.since.getTime() - MAX_TRIP_SECONDS * 1000)),
              gte(trips.arrival, window.since),
            ),
          )
          .orderBy(asc(trips.departure))
          .limit(limit)
      );
    },

    async updateTrip(id, trip) {
      const [row] = await db
        .update(trips)
        // Strictly later than before, so the trip read's cache always sees a new version.
        .set({
          trip: storable(trip),
          updatedAt: sql`greatest(now(), ${trips.updatedAt} + interval '1 millisecond')`,
        })
        .where(eq(trips.id, id))
        .returning();
      if (!row) throw new Error(`trip ${id} vanished`);
      changes?.changed(row.id);
      return row;
    },

    async versionOf(userId, id) {
      if (changes && knowsEveryChange()) return changes.versionOf(id);
      const [row] = await tripVersion.execute({ id, userId });
      return row
        ? JSON.stringify([
            row.trip?.getTime(),
            row.playlist?.getTime() ?? null,
            row.sync,
            row.syncError,
            row.url,
          ])
        : undefined;
    },
  };
}
