import type { CatalogTrack } from '../../domain/playlist.js';
import type { SpotifyClient, SpotifyTimeRange, SpotifyTrack } from './client.js';

/** Which of the user's music makes their pool (preferences). */
export interface SpotifyPoolChoice {
  topTracks: boolean;
  savedTracks: boolean;
  playlistIds: readonly string[];
  genres: readonly string[];
}

/**
 * Preference per origin: what the user plays most now comes first, then what they play over longer
 * spans, what they saved, their chosen playlists, and genre searches last. Within an origin, rank
 * order lowers the score a little, so favourites lead the fitting engine's candidate order.
 */
const ORIGIN_SCORE = {
  short_term: 1,
  medium_term: 0.92,
  long_term: 0.85,
  saved: 0.78,
  playlist: 0.7,
  genre: 0.5,
} as const;
const TIME_RANGES: SpotifyTimeRange[] = ['short_term', 'medium_term', 'long_term'];
const GENRE_TRACKS = 30;

function ranked(tracks: readonly SpotifyTrack[], top: number): Array<[SpotifyTrack, number]> {
  return tracks.map((t, i) => [t, top - (0.08 * i) / Math.max(1, tracks.length)]);
}

/**
 * The user's pool from Spotify: de-duplicated by track (the best score wins) and by recording
 * (`isrc`: the same song on an album and a single), so the fit never repeats a song.
 */
export async function buildSpotifyPool(
  client: SpotifyClient,
  choice: SpotifyPoolChoice,
): Promise<CatalogTrack[]> {
  const scored: Array<[SpotifyTrack, number]> = [];
  if (choice.topTracks) {
    for (const range of TIME_RANGES)
      scored.push(...ranked(await client.topTracks(range), ORIGIN_SCORE[range]));
  }
  if (choice.savedTracks) scored.push(...ranked(await client.savedTracks(), ORIGIN_SCORE.saved));
  for (const id of choice.playlistIds) {
    scored.push(...ranked(await client.playlistItems(id), ORIGIN_SCORE.playlist));
  }
  for (const genre of choice.genres) {
    scored.push(
      ...ranked(await client.searchTracks('', { genre, maxResults: GENRE_TRACKS }), ORIGIN_SCORE.genre),
    );
  }
  const byKey = new Map<string, CatalogTrack>();
  for (const [track, score] of scored) {
    if (track.durationMs <= 0) continue;
    const key = track.isrc ? `isrc:${track.isrc}` : track.uri;
    const existing = byKey.get(key);
    if (existing && (existing.score ?? 0) >= score) continue;
    byKey.set(key, {
      id: track.uri,
      title: track.title,
      artists: track.artists,
      durationMs: track.durationMs,
      explicit: track.explicit,
      score: Math.round(score * 1000) / 1000,
    });
  }
  return [...byKey.values()];
}
