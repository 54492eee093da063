/**
 * The playlist model: what the fitting engine (`src/fit`) returns and what the server, the CLI and
 * the PWA read. Times are seconds from the playlist's second 0: the trip's first departure, or
 * `leadInSeconds` before it when the music starts on the platform; they may
 * be fractional because track durations are exact to the millisecond (`durationMs / 1000`).
 *
 * Sign of every error: `actual − target`. Positive means the music runs longer than planned (the song
 * is still playing when the traveller gets off); negative means it stopped early.
 */

/** A track the fitter may choose from (the "pool"), whatever music source it came from. */
export interface CatalogTrack {
  id: string;
  title: string;
  artists: string[];
  /** Integer milliseconds; tracks with a missing or non-positive duration are ignored. */
  durationMs: number;
  explicit?: boolean;
  /** Preference 0..1 (favourites near 1); 0.5 when absent. */
  score?: number;
}

export interface PlaylistTrack {
  id: string;
  title: string;
  artists: string[];
  durationMs: number;
  /** When the track starts, in seconds from the playlist start. */
  startSeconds: number;
  /** The ride leg whose end closes this track's segment (see `PlaylistSegment.legIndex`). */
  legIndex: number;
  explicit?: boolean;
}

/**
 * A run of tracks that should end when the traveller gets off a ride.
 *
 * `targetSeconds` is measured from the segment's *actual* start (where the previous segment really
 * ended), so errors do not pile up and `errorSeconds = totalSeconds − targetSeconds` is exactly the
 * error at the segment's closing boundary (and for the last segment, the playlist's error).
 */
export interface PlaylistSegment {
  index: number;
  /** The ride leg whose end closes the segment (for the last segment: the arrival). */
  legIndex: number;
  startSeconds: number;
  targetSeconds: number;
  totalSeconds: number;
  errorSeconds: number;
  /** True when a short connection (or more) had no fitting song and was folded into this segment. */
  merged?: boolean;
}

export interface PlaylistBoundary {
  /** The ride leg at whose end the traveller gets off (the last boundary is the arrival). */
  legIndex: number;
  /** Planned instant, seconds from the playlist start. */
  targetSeconds: number;
  /** The nearest song boundary (a track end, or 0), seconds from the playlist start. */
  actualSeconds: number;
  errorSeconds: number;
  /** True when this boundary was folded into the next segment (see `segment_merged` note). */
  merged?: boolean;
}

/** Why the result is not better; codes are stable strings the UI translates. */
export type PlaylistNoteCode =
  | 'empty_pool'
  | 'pool_too_small'
  | 'too_few_short_tracks'
  | 'segment_merged'
  | 'boundary_missed'
  /** No song fits the music on the platform: the lead-in runs into the first ride. */
  | 'lead_in_merged'
  /** The song change at the departure (after a lead-in) is outside the tolerance. */
  | 'departure_boundary_missed'
  | 'artist_cap_relaxed'
  | 'recent_tracks_reused'
  | 'explicit_filtered'
  | 'arrival_track_unavailable'
  | 'arrival_track_too_long'
  | 'invalid_tracks_ignored'
  | 'duplicate_tracks_ignored'
  /** The pool was longer than one fit reads (`fit/limits.ts`): only its first tracks were used. */
  | 'pool_truncated'
  | 'already_arrived'
  | 'kept_tracks_overrun'
  /** The user's own music could not serve (not configured, or Spotify must be reconnected). */
  | 'demo_catalog_used';

export interface PlaylistNote {
  code: PlaylistNoteCode;
  /** The note's figures (counts, minutes, leg numbers), so it can be said in any language. */
  params?: Record<string, string | number>;
  /** The English sentence; `domain/messages.ts` has all four languages. */
  message: string;
}

export interface Playlist {
  targetSeconds: number;
  totalSeconds: number;
  errorSeconds: number;
  segments: PlaylistSegment[];
  tracks: PlaylistTrack[];
  boundaries: PlaylistBoundary[];
  notes: PlaylistNote[];
  seed: number;
  /**
   * The player's crossfade the fit was made for (absent: 0). Each track starts this long before the
   * previous one ends (`startSeconds` already says so); a song change at a transfer is where the
   * previous track ends, and the heard length (`totalSeconds`) is where the last one ends.
   */
  crossfadeSeconds?: number;
  /**
   * Music on the platform (absent: 0): the playlist's second 0 is this long before the departure, and
   * the first song of the ride starts at `leadInSeconds` (a boundary with `legIndex` −1).
   */
  leadInSeconds?: number;
}

/** `legIndex` of the lead-in's segment, tracks and boundary: they end at the departure, before any leg. */
export const LEAD_IN_LEG_INDEX = -1;

/** How a stored playlist is heard: the part of a playlist the players need besides its tracks. */
export type PlaylistPlayback = Pick<Playlist, 'crossfadeSeconds' | 'leadInSeconds'>;

/**
 * The playback fields of a stored fit (a jsonb object written before #18 has neither): 0 when absent
 * or not a finite non-negative number.
 */
export function playbackOf(fit: object): { crossfadeSeconds: number; leadInSeconds: number } {
  const read = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
  const stored = fit as PlaylistPlayback;
  return { crossfadeSeconds: read(stored.crossfadeSeconds), leadInSeconds: read(stored.leadInSeconds) };
}
