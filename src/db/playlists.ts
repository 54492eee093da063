import { and, eq, getTableColumns, isNull, lt, or, sql } from 'drizzle-orm';
import { initialSyncStatus } from '../domain/music.js';
import type { Database } from './client.js';
import { placeholders, type StatementName, setTo, statementNames } from './prepared.js';
import { playlists, users } from './schema.js';
import { storable } from './storable.js';
import type { TripChanges } from './trip-changes.js';

export type PlaylistRow = typeof playlists.$inferSelect;
export type NewPlaylist = typeof playlists.$inferInsert;
/** A playlist as a fit makes it: no copy in a music service yet. */
export type FreshPlaylist = Pick<
  NewPlaylist,
  'tripId' | 'userId' | 'provider' | 'tracks' | 'fit' | 'targetSeconds' | 'actualSeconds' | 'seed'
> &
  // `syncLockedUntil`: born under the sync lease, for the process that writes its copy next.
  Partial<Pick<NewPlaylist, 'syncStatus' | 'createdAt' | 'updatedAt' | 'syncLockedUntil'>>;
export type ClaimedPlaylist = PlaylistRow & { ownerLocale: string | null };
export type PlaylistFitUpdate = Pick<
  NewPlaylist,
  'provider' | 'tracks' | 'fit' | 'targetSeconds' | 'actualSeconds' | 'seed'
>;

export interface PlaylistStore {
  /**
   * The trip's playlist: this one when the trip had none, else the one that was there (one playlist
   * per trip is a unique index, so two processes fitting the same trip at once keep one).
   */
  insertOnce(input: FreshPlaylist): Promise<{
    row: PlaylistRow;
    created: boolean;
    /** When created: the owner's locale, which names the copy in the music service. */
    ownerLocale: string | null;
  }>;
  latestForTrip(tripId: string): Promise<PlaylistRow | undefined>;
  /** A re-fit: new tracks in the same playlist; a synced copy in the music service is due again. */
  replaceFit(id: string, fit: PlaylistFitUpdate, now: Date): Promise<PlaylistRow>;
  /**
   * Takes the lease to write the playlist's copy in the music service; undefined when another process
   * holds it or there is nothing to write. With the owner's locale, which names the copy.
   */
  claimSync(id: string, now: Date, leaseMs: number): Promise<ClaimedPlaylist | undefined>;
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

/** The playlist owner's locale, in a statement's `returning`. */
const ownerLocaleOf = sql<
  string | null
>`(select ${users.locale} from ${users} where ${users.id} = ${playlists.userId})`;

const SYNC_DUE = or(eq(playlists.syncStatus, 'pending'), eq(playlists.syncStatus, 'failed'));
const leaseFree = (now: Date) => or(isNull(playlists.syncLockedUntil), lt(playlists.syncLockedUntil, now));

/** `changes`: told of every write, for the trip read of a process that alone writes the database (`trip-changes.ts`). */
export function createPlaylistStore(
  db: Database,
  options: { changes?: TripChanges | undefined; statementName?: StatementName } = {},
): PlaylistStore {
  const { changes } = options;
  const name = options.statementName ?? statementNames(false);
  const p = sql.placeholder;
  // The statements every share runs, built once (`prepared.ts`).
  const insertFresh = db
    .insert(playlists)
    .values({
      ...placeholders([
        'tripId',
        'userId',
        'provider',
        'tracks',
        'fit',
        'targetSeconds',
        'actualSeconds',
        'seed',
        'syncStatus',
        'createdAt',
        'updatedAt',
      ]),
      // Mostly null, which the column's encoder cannot take: sent as it is.
      syncLockedUntil: setTo('syncLockedUntil'),
    })
    .onConflictDoNothing({ target: playlists.tripId })
    // The tracks and the fit are what was just sent: only what Postgres made comes back, and the
    // owner's locale, which names the copy written next (as a claim of the sync lease brings it).
    .returning({ id: playlists.id, ownerLocale: ownerLocaleOf })
    .prepare(name('playlist_insert'));
  const byTrip = db
    .select()
    .from(playlists)
    .where(eq(playlists.tripId, p('tripId')))
    .prepare(name('playlist_by_trip'));
  const claim = db
    .update(playlists)
    .set({ syncLockedUntil: setTo('until') })
    .where(
      and(
        eq(playlists.id, p('id')),
        SYNC_DUE,
        or(isNull(playlists.syncLockedUntil), lt(playlists.syncLockedUntil, p('now'))),
      ),
    )
    .returning({
      ...getTableColumns(playlists),
      ownerLocale: ownerLocaleOf,
    })
    .prepare(name('playlist_claim_sync'));
  const external = db
    .update(playlists)
    .set({ externalId: setTo('externalId'), externalUrl: setTo('externalUrl') })
    .where(eq(playlists.id, p('id')))
    .returning({ tripId: playlists.tripId })
    .prepare(name('playlist_set_external'));
  const synced = db
    .update(playlists)
    .set({
      syncStatus: sql`case when ${playlists.updatedAt} > ${p('claimedAt')}::timestamptz then 'pending' else 'synced' end`,
      syncError: null,
      externalId: setTo('externalId'),
      externalUrl: setTo('externalUrl'),
      syncedAt: setTo('now'),
      syncLockedUntil: null,
    })
    .where(eq(playlists.id, p('id')))
    .returning()
    .prepare(name('playlist_synced'));
  return {
    async insertOnce(input) {
      const now = new Date();
      // Track titles and artists come from the music service: stored as jsonb, same rules as a share.
      const values = {
        ...storable(input),
        syncStatus: input.syncStatus ?? 'local',
        syncLockedUntil: input.syncLockedUntil ?? null,
        createdAt: input.createdAt ?? now,
        updatedAt: input.updatedAt ?? input.createdAt ?? now,
      };
      const [made] = await insertFresh.execute(values);
      if (made) {
        changes?.changed(input.tripId);
        const row: PlaylistRow = {
          ...values,
          id: made.id,
          externalId: null,
          externalUrl: null,
          syncError: null,
          syncedAt: null,
        };
        return { row, created: true, ownerLocale: made.ownerLocale };
      }
      const [existing] = await byTrip.execute({ tripId: input.tripId });
      if (!existing) throw new Error('playlist vanished after a conflicting insert');
      return { row: existing, created: false, ownerLocale: null };
    },

    async latestForTrip(tripId) {
      // One playlist per trip (a unique index): the trip's playlist is its latest.
      const [row] = await byTrip.execute({ tripId });
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

    async claimSync(id, now, leaseMs) {
      const [row] = await claim.execute({ id, now, until: new Date(now.getTime() + leaseMs) });
      // Only the lease moved (not part of the trip read's answer); told anyway, so no write is missed.
      changes?.changed(row?.tripId);
      return row;
    },

    async setExternal(id, externalId, externalUrl) {
      const [row] = await external.execute({ id, externalId, externalUrl });
      changes?.changed(row?.tripId);
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
      const [row] =
        'error' in outcome
          ? await db
              .update(playlists)
              .set({ syncStatus: 'failed', syncError: outcome.error.slice(0, 300), syncLockedUntil: null })
              .where(eq(playlists.id, id))
              .returning()
          : await synced.execute({
              id,
              claimedAt: claimedAt.toISOString(),
              externalId: outcome.externalId,
              externalUrl: outcome.externalUrl,
              now,
            });
      changes?.changed(row?.tripId);
      return row;
    },
  };
}
