import type { CatalogTrack, Playlist } from '../domain/playlist.js';
import type { PreparedPool } from './candidates.js';
import { resolveOptions, solve } from './engine.js';
import { assertFitLegs } from './limits.js';
import { hashString } from './random.js';
import { tripFrame, withLeadIn } from './segments.js';
import type { FitOptions, FitTrip } from './types.js';

/**
 * A playlist exactly as long as the trip (first departure to last arrival), with a song ending at
 * the end of every ride leg. Pure and deterministic: same trip, pool, options and seed → same
 * playlist, whatever the order of the pool.
 *
 * Without `options.seed` the seed is a hash of the trip's departure and arrival, so each trip gets its
 * own variety and a re-run reproduces it; the seed used is returned in `Playlist.seed`.
 *
 * A trip past 48 h or 60 legs is refused (`AppError` `trip_too_long`); a pool past 50,000 tracks is
 * cut to its first 50,000, with a note (`limits.ts`).
 *
 * `pool` is the raw track list or, for a pool fitted more than once, `preparePool(tracks)`: the same
 * playlist either way, without paying the pool's sort and normalisation on every fit.
 */
export function fitTrip(
  trip: FitTrip,
  pool: readonly CatalogTrack[] | PreparedPool,
  options: FitOptions = {},
): Playlist {
  assertFitLegs(trip);
  const ride = tripFrame(trip);
  const resolved = resolveOptions(options, ride.totalMs, hashString(`${trip.departure}|${trip.arrival}`));
  const frame = withLeadIn(ride, resolved.leadInMs);
  return solve(
    { totalMs: frame.totalMs, boundaries: frame.boundaries, kept: [], previousPlan: new Map() },
    pool,
    resolved,
  );
}

/** A playlist of a plain duration (one segment, `legIndex` 0). */
export function fitDuration(
  targetSeconds: number,
  pool: readonly CatalogTrack[] | PreparedPool,
  options: FitOptions = {},
): Playlist {
  const totalMs = Number.isFinite(targetSeconds) ? Math.max(0, Math.round(targetSeconds * 1000)) : 0;
  const resolved = resolveOptions(options, totalMs, hashString(`duration:${totalMs}`));
  return solve(
    { totalMs, boundaries: [{ legIndex: 0, targetMs: totalMs }], kept: [], previousPlan: new Map() },
    pool,
    resolved,
  );
}
