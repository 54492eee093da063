import type { CatalogTrack, Playlist, PlaylistNote, PlaylistTrack } from '../domain/playlist.js';
import { type PreparedPool, toPoolTrack } from './candidates.js';
import { resolveOptions, solve } from './engine.js';
import { assertFitLegs } from './limits.js';
import { tripFrame, withLeadIn } from './segments.js';
import type { FitOptions, FitTrip, PoolTrack } from './types.js';

/**
 * Re-fit after a delay: keep what has been played, fit only the rest against the new trip.
 *
 * - Kept: every track that has *started* before `playedSeconds` (`startSeconds < playedSeconds`, at ms
 *   resolution), including the one playing at that moment. Cutting a song off mid-way is worse than a
 *   boundary a few seconds off, and Spotify keeps playing the current item when the playlist is
 *   replaced anyway.
 *   A track starting exactly at `playedSeconds` has not started and may be replaced.
 * - Time origin: second 0 is the new trip's first departure, which must be the instant the playlist
 *   started (normally the original departure; a delay shifts later legs and the arrival). Boundaries
 *   already passed (or reached by the kept tracks within tolerance) are reported, not re-fitted.
 * - The rest of the previous plan is preferred (it heads the candidate order), so the re-fit changes
 *   as few upcoming songs as the new times allow. Kept tracks count towards the artist cap and are
 *   never chosen again. The seed defaults to the previous playlist's seed.
 * - Listening: the crossfade is `options.crossfadeSeconds` (the player's setting now), else the
 *   previous playlist's. The lead-in is always the previous playlist's (`options.leadInSeconds` is
 *   ignored): its second 0 may have been heard already, so it cannot move. `playedSeconds` counts
 *   from that second 0.
 */
export function refitTrip(
  trip: FitTrip,
  previous: Playlist,
  playedSeconds: number,
  pool: readonly CatalogTrack[] | PreparedPool,
  options: FitOptions = {},
): Playlist {
  assertFitLegs(trip);
  const listening: FitOptions = {
    ...options,
    crossfadeSeconds: options.crossfadeSeconds ?? previous.crossfadeSeconds,
    leadInSeconds: previous.leadInSeconds ?? 0,
  };
  const ride = tripFrame(trip);
  const playedMs = Number.isFinite(playedSeconds) ? Math.max(0, Math.round(playedSeconds * 1000)) : 0;
  const inOrder = [...previous.tracks].sort((a, b) => a.startSeconds - b.startSeconds);
  const kept = inOrder.filter((t) => Math.round(t.startSeconds * 1000) < playedMs).map(keptTrack);
  const planned = new Map(inOrder.map((t, position) => [t.id, position]));
  const resolved = resolveOptions(listening, ride.totalMs, previous.seed);
  const frame = withLeadIn(ride, resolved.leadInMs);
  // Heard: each kept track overlaps the next by the crossfade, the last one plays out in full.
  const keptMs =
    kept.length === 0
      ? 0
      : kept.reduce((sum, t) => sum + t.durationMs - resolved.crossfadeMs, 0) + resolved.crossfadeMs;
  const notes: PlaylistNote[] = [];
  if (playedMs >= frame.totalMs) {
    notes.push({ code: 'already_arrived', params: {}, message: 'The trip is over: nothing is left to fit.' });
  } else if (keptMs > frame.totalMs + 1000) {
    notes.push({
      code: 'kept_tracks_overrun',
      params: {},
      message: 'The songs already started run past the new arrival time.',
    });
  }
  return solve(
    { totalMs: frame.totalMs, boundaries: frame.boundaries, kept, previousPlan: planned },
    pool,
    resolved,
    notes,
  );
}

function keptTrack(track: PlaylistTrack): PoolTrack {
  const catalog: CatalogTrack = {
    id: track.id,
    title: track.title,
    artists: track.artists,
    durationMs: track.durationMs,
  };
  if (track.explicit !== undefined) catalog.explicit = track.explicit;
  return toPoolTrack(catalog, Math.max(0, Math.round(track.durationMs)), false);
}
