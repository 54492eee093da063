import type { PlaylistTrack } from '../domain/playlist.js';

export type PlaybackPosition =
  | { state: 'before_departure'; startsInSeconds: number }
  | { state: 'arrived' }
  /** Play track `index` (0-based, in playlist order) from `positionMs`. */
  | { state: 'under_way'; index: number; positionMs: number };

/**
 * Where the playlist stands `elapsedSeconds` after the departure, so that a traveller who presses
 * play late still hears each song change at its transfer.
 */
export function playbackPosition(tracks: readonly PlaylistTrack[], elapsedSeconds: number): PlaybackPosition {
  if (elapsedSeconds < 0) return { state: 'before_departure', startsInSeconds: -elapsedSeconds };
  const ordered = [...tracks].sort((a, b) => a.startSeconds - b.startSeconds);
  for (const [index, track] of ordered.entries()) {
    const end = track.startSeconds + track.durationMs / 1000;
    if (elapsedSeconds < end) {
      return {
        state: 'under_way',
        index,
        positionMs: Math.max(0, Math.floor((elapsedSeconds - track.startSeconds) * 1000)),
      };
    }
  }
  return { state: 'arrived' };
}
