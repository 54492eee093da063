import type { CatalogTrack } from '../domain/playlist.js';
import type { Trip } from '../domain/trip.js';

/** The part of a trip the fitter reads. */
export type FitTrip = Pick<Trip, 'departure' | 'arrival' | 'legs'>;

export interface FitOptions {
  /** Same seed, same inputs → same playlist. Default: a hash of the trip's departure and arrival. */
  seed?: number;
  /** Cap of tracks per artist, per hour of trip (rounded up, at least 1). Default 2. */
  maxTracksPerArtistPerHour?: number;
  /** Default true. When false, explicit tracks are never used (a hard rule, never relaxed). */
  allowExplicit?: boolean;
  /** Tracks from the user's recent trips: avoided while the pool allows an exact fit without them. */
  recentTrackIds?: ReadonlySet<string> | string[];
  /** A track that must end exactly at arrival (the last track of the playlist). */
  arrivalTrackId?: string;
  /**
   * How far a song boundary may be from a transfer (getting off a ride). Default 3 s; at least
   * 0.005 s. The arrival is held to ±1 s, or to this if stricter.
   */
  boundaryToleranceSeconds?: number;
  /**
   * The player's crossfade c, 0..12 s (default 0): track k starts at the sum of the earlier lengths
   * minus k·c, and ends c after the next one starts. The heard length is where the last track ends,
   * and a transfer's song change is where the track before it ends. Tracks of 2·c or less are not
   * used (they would be all fade).
   */
  crossfadeSeconds?: number;
  /**
   * Music on the platform, 0..30 min in seconds (default 0; `fitTrip` and `refitTrip` only): the
   * playlist starts this long before the departure, with a song boundary at the departure (where the
   * first song of the ride *starts*), reported as a segment and boundary with `legIndex` −1.
   */
  leadInSeconds?: number;
}

/** One music segment of a trip: from getting off one ride to getting off the next. */
export interface TripSegment {
  index: number;
  /** The ride leg whose end closes the segment; the last segment ends at the arrival. */
  legIndex: number;
  /** Seconds from the first departure. */
  startSeconds: number;
  endSeconds: number;
  /** `endSeconds − startSeconds`. */
  targetSeconds: number;
}

/** A pool track after validation, with what the fitter needs precomputed. */
export interface PoolTrack {
  track: CatalogTrack;
  durationMs: number;
  score: number;
  /** Lower-cased, trimmed artist names: the unit the per-artist cap counts. */
  artistKeys: string[];
  recent: boolean;
}

/** A boundary of the fitting problem, in ms from the playlist start. */
export interface BoundaryTarget {
  legIndex: number;
  targetMs: number;
}
