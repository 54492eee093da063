import { createHash } from 'node:crypto';
import type { PlaylistRow, PlaylistStore } from '../db/playlists.js';
import type { TripRow } from '../db/trips.js';
import type { FitContext, UserStore } from '../db/users.js';
import { AppError } from '../domain/errors.js';
import { initialSyncStatus } from '../domain/music.js';
import { type Playlist, type PlaylistNote, type PlaylistPlayback, playbackOf } from '../domain/playlist.js';
import { parseInstant } from '../domain/time.js';
import type { MusicPool, MusicSource, PlaylistPublisher, PublishContext } from '../music/source.js';
import { createFitRunner, type FitRunner, type FitRunnerLog } from './fit-runner.js';

/** A fit avoids the tracks of the user's this many newest playlists. */
export const RECENT_PLAYLISTS = 5;

/** A seed derived from the trip id: the same trip always gets the same playlist, different trips differ. */
export function seedForTrip(tripId: string): number {
  return createHash('sha256').update(tripId).digest().readUInt32BE(0) & 0x7fffffff;
}

export interface PlaylistService {
  /**
   * Fits a playlist to the trip from the user's pool and preferences, stores it and writes it out.
   * `known`: the user's `contextFor`, when the caller has read it already (read here otherwise).
   */
  createForTrip(trip: TripRow, known?: FitContext): Promise<PlaylistRow>;
  /**
   * What a fit of the user's next trip reads besides the pool (one statement), for a caller that needs
   * the preferences too: handed back to `createForTrip`, nothing is read twice.
   */
  contextFor(userId: string): Promise<FitContext>;
  /**
   * Fits the rest of the trip again at `now` (keeping what has played), in the same playlist and the
   * same copy in the music service.
   */
  refit(trip: TripRow, now: Date): Promise<PlaylistRow>;
  /** Writes out a playlist whose copy in the music service is still due (the worker's retry). */
  publish(playlist: PlaylistRow, trip: TripRow): Promise<PlaylistRow>;
  /** Stops the fit worker (app shutdown); later fits run inline. */
  close(): Promise<void>;
}

function fallbackNotes(pool: MusicPool): PlaylistNote[] {
  if (!pool.fallback) return [];
  return [
    {
      code: 'demo_catalog_used',
      params: { reason: pool.fallback },
      message: `The demo catalog stands in for your music (${pool.fallback}).`,
    },
  ];
}

/** How the stored playlist is heard; 0 for rows fitted before crossfade and lead-in existed. */
const playbackOfRow = (row: PlaylistRow) => playbackOf(row.fit);

const asPlaylist = (row: PlaylistRow): Playlist => ({
  ...listeningFields(playbackOfRow(row)),
  targetSeconds: row.targetSeconds,
  totalSeconds: row.actualSeconds,
  errorSeconds: row.fit.errorSeconds,
  segments: row.fit.segments,
  boundaries: row.fit.boundaries,
  notes: row.fit.notes,
  tracks: row.tracks,
  seed: row.seed,
});

/** Only what is not 0, as the fit reports it: rows and playlists without them read as before. */
const listeningFields = (p: { crossfadeSeconds?: number; leadInSeconds?: number }): PlaylistPlayback => ({
  ...(p.crossfadeSeconds ? { crossfadeSeconds: p.crossfadeSeconds } : {}),
  ...(p.leadInSeconds ? { leadInSeconds: p.leadInSeconds } : {}),
});

function fitColumn(pool: MusicPool, fitted: Playlist) {
  // The crossfade and lead-in the playlist was fitted for ride along in the `fit` jsonb (optional
  // fields, no migration): the players and re-fits must hear it the same way.
  const fit: PlaylistRow['fit'] & PlaylistPlayback = {
    errorSeconds: fitted.errorSeconds,
    segments: fitted.segments,
    boundaries: fitted.boundaries,
    notes: [...fallbackNotes(pool), ...fitted.notes],
    ...listeningFields(fitted),
  };
  return fit;
}

const fitColumns = (pool: MusicPool, fitted: Playlist) => ({
  provider: pool.provider,
  tracks: fitted.tracks,
  fit: fitColumn(pool, fitted),
  targetSeconds: fitted.targetSeconds,
  actualSeconds: fitted.totalSeconds,
  seed: fitted.seed,
});

export function createPlaylistService(deps: {
  playlists: PlaylistStore;
  users: UserStore;
  music: MusicSource;
  publisher?: PlaylistPublisher | undefined;
  /** Stamps new playlists: a sync compares its claim time with the playlist's `updatedAt`. */
  clock: () => Date;
  /** Where fits run and prepared pools are kept (`fit-runner.ts`); default: one of its own. */
  fits?: FitRunner | undefined;
  log?: FitRunnerLog | undefined;
}): PlaylistService {
  const fits = deps.fits ?? createFitRunner(deps.log ? { log: deps.log } : {});
  const publish = (row: PlaylistRow, trip: TripRow, context?: PublishContext) =>
    deps.publisher && row.syncStatus !== 'local'
      ? deps.publisher.publish(row, trip, context)
      : Promise.resolve(row);

  const contextFor = (userId: string) => deps.users.fitContext(userId, RECENT_PLAYLISTS);
  const fitOptions = ({ preferences: prefs, recentTrackIds }: FitContext) => ({
    maxTracksPerArtistPerHour: prefs.maxTracksPerArtistPerHour,
    allowExplicit: prefs.allowExplicit,
    recentTrackIds,
    crossfadeSeconds: prefs.crossfadeSeconds,
    leadInSeconds: prefs.leadInMinutes * 60,
  });

  return {
    async createForTrip(trip, known) {
      // Read once: the source, the fit and (through the caller) the reminder all need them.
      const context = known ?? (await contextFor(trip.userId));
      const { preferences } = context;
      const options = fitOptions(context);
      const pool = await deps.music.poolFor(trip.userId, { preferences });
      const seed = seedForTrip(trip.id);
      const fitted = await fits.fit(pool, { kind: 'fit', trip: trip.trip, options: { ...options, seed } });
      const now = deps.clock();
      const syncStatus = initialSyncStatus(pool.provider);
      // Written out right after: inserted under the publisher's lease, not claimed by another statement.
      const leaseMs = syncStatus === 'pending' ? deps.publisher?.leaseMsFor(pool.provider) : undefined;
      const { row, created, ownerLocale } = await deps.playlists.insertOnce({
        createdAt: now,
        updatedAt: now,
        tripId: trip.id,
        userId: trip.userId,
        ...fitColumns(pool, fitted),
        seed,
        syncStatus,
        ...(leaseMs === undefined ? {} : { syncLockedUntil: new Date(now.getTime() + leaseMs) }),
      });
      if (!created) return row;
      return publish(row, trip, {
        ...(leaseMs === undefined ? {} : { leased: { at: now, ownerLocale } }),
        access: pool.access,
      });
    },

    async refit(trip, now) {
      const previous = await deps.playlists.latestForTrip(trip.id);
      if (!previous) throw new AppError('trip_not_found', 'This trip has no playlist yet.');
      const context = await contextFor(trip.userId);
      const options = fitOptions(context);
      const pool = await deps.music.poolFor(trip.userId, { preferences: context.preferences });
      // The playlist's clock started the lead-in before departure, and cannot move now.
      const { leadInSeconds } = playbackOfRow(previous);
      const playedSeconds = Math.max(
        0,
        (now.getTime() - parseInstant(trip.trip.departure)) / 1000 + leadInSeconds,
      );
      // Tracks of another source cannot stay in the playlist: then it is fitted afresh.
      const seeded = { ...options, seed: previous.seed, leadInSeconds };
      const fitted = await fits.fit(
        pool,
        pool.provider === previous.provider
          ? {
              kind: 'refit',
              trip: trip.trip,
              previous: asPlaylist(previous),
              playedSeconds,
              options: seeded,
            }
          : { kind: 'fit', trip: trip.trip, options: seeded },
      );
      const row = await deps.playlists.replaceFit(previous.id, fitColumns(pool, fitted), now);
      return publish(row, trip, { access: pool.access });
    },

    contextFor,
    publish,
    close: () => fits.close(),
  };
}
