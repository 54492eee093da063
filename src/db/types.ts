import type { Playlist, PlaylistTrack } from '../domain/playlist.js';

/** JSON shapes stored in jsonb columns. */
export type StoredPlaylistTrack = PlaylistTrack;
export type PlaylistFit = Pick<
  Playlist,
  'errorSeconds' | 'segments' | 'boundaries' | 'notes' | 'crossfadeSeconds' | 'leadInSeconds'
>;
