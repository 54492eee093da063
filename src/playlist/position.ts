import type { PlaylistTrack } from '../domain/playlist.js';

export type PlaybackPosition =
  | { state: 'before_departure'; startsInSeconds: number }
  | { state: 'arrived' }
  /** Play track `index` (0-based, in playlist order) from `positionMs`. */
  | { state: 'under_way'; index: number; positionMs: number };

export interface PlaybackFrame {
  /** Music on the platform: the playlist's second 0 is this long before departure (default 0). */
  leadInSeconds?: number;
}

/**
 * Where the playlist stands `elapsedSeconds` after the departure, so that a traveller who presses
 * play late still hears each song change at its transfer.
 *
 * With a lead-in the playlist is already under way that long before departure (`startsInSeconds`
 * counts to the start of the lead-in). With a crossfade the fit has already moved each track's
 * `startSeconds` c earlier, so two tracks overlap for c seconds: the one to start is the one that
 * started last (the earlier one is only fading out).
 */
export function playbackPosition(
  tracks: readonly PlaylistTrack[],
  elapsedSeconds: number,
  frame: PlaybackFrame = {},
): PlaybackPosition {
  const at = elapsedSeconds + Math.max(0, frame.leadInSeconds ?? 0);
  if (at < 0) return { state: 'before_departure', startsInSeconds: -at };
  const ordered = [...tracks].sort((a, b) => a.startSeconds - b.startSeconds);
  for (let index = ordered.length - 1; index >= 0; index--) {
    const track = ordered[index]!;
    if (track.startSeconds > at) continue;
    if (at >= track.startSeconds + track.durationMs / 1000) break;
    return {
      state: 'under_way',
      index,
      positionMs: Math.max(0, Math.floor((at - track.startSeconds) * 1000)),
    };
  }
  // Before the first track's start (an empty or odd playlist) nothing plays either.
  return ordered.length > 0 && at < ordered[0]!.startSeconds
    ? { state: 'before_departure', startsInSeconds: ordered[0]!.startSeconds - at }
    : { state: 'arrived' };
}
