import { AppError } from '../domain/errors.js';
import type { PlaylistNote } from '../domain/playlist.js';
import { MAX_TRIP_LEGS, MAX_TRIP_SECONDS } from '../domain/trip.js';
import type { FitTrip } from './types.js';

/**
 * What one fit may cost. The subset-sum allocates and scans per second of target for every candidate,
 * and preparing the pool costs per track, so without a cap one call on a decades-long "trip" or a
 * million-track pool holds the event loop for seconds. The parser already refuses longer trips
 * (`links/bounds.ts`); this guard holds for every caller (a stored trip, the CLI's `fit`, a refit).
 */
export const MAX_FIT_SECONDS = MAX_TRIP_SECONDS;
export const MAX_FIT_LEGS = MAX_TRIP_LEGS;
/** Far above a real library (a Spotify pool is top tracks, saved tracks and a few playlists). */
export const MAX_POOL_TRACKS = 50_000;

const tooLong = (why: string) => new AppError('trip_too_long', `The trip is too long to fit (${why}).`);

/** Checked before the trip's legs are read, so the check itself costs nothing per leg. */
export function assertFitLegs(trip: Pick<FitTrip, 'legs'>): void {
  if (trip.legs.length > MAX_FIT_LEGS) throw tooLong(`${trip.legs.length} legs, at most ${MAX_FIT_LEGS}`);
}

export function assertFitTarget(totalMs: number): void {
  if (totalMs > MAX_FIT_SECONDS * 1000) {
    throw tooLong(`${Math.round(totalMs / 3_600_000)} h, at most ${MAX_FIT_SECONDS / 3600} h`);
  }
}

/**
 * The pool the fit reads: all of it up to `MAX_POOL_TRACKS`, beyond that the first tracks in the
 * caller's order (sources list their tracks by preference; `preparePool` cuts) and a note saying how
 * many were left out. Cutting by position keeps the guard free of any per-track cost; it also means
 * the result depends on the pool's order only for a pool past the cap.
 */
export function truncationNotes(count: number): PlaylistNote[] {
  if (count <= MAX_POOL_TRACKS) return [];
  const left = count - MAX_POOL_TRACKS;
  return [
    {
      code: 'pool_truncated',
      params: { count: MAX_POOL_TRACKS, left },
      message: `Only the first ${MAX_POOL_TRACKS} tracks of the pool were considered; ${left} were left out.`,
    },
  ];
}
