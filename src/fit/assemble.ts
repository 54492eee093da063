import type {
  Playlist,
  PlaylistBoundary,
  PlaylistNote,
  PlaylistSegment,
  PlaylistTrack,
} from '../domain/playlist.js';
import { LEAD_IN_LEG_INDEX } from '../domain/playlist.js';
import type { BoundaryTarget, PoolTrack } from './types.js';

/** A segment with its tracks in play order, ready to be reported. */
export interface OrderedSegment {
  legIndex: number;
  endTargetMs: number;
  tracks: PoolTrack[];
  /** Boundaries folded into this segment (reported with `merged: true`). */
  absorbed: BoundaryTarget[];
}

// All arithmetic stays in integer ms; seconds are produced once, at the edge, so errors read exactly.
const seconds = (ms: number) => ms / 1000;

/**
 * The segments arrive in *heard* ms (see `engine.ts`): each track counts its length minus the
 * crossfade c, so a track's start is the sum before it, and its end is that plus its heard length
 * plus c. A song change is where the previous track ends (+c), except at the departure after a
 * lead-in, where it is where the next one starts (+0).
 */
const shiftOf = (legIndex: number, crossfadeMs: number) => (legIndex === LEAD_IN_LEG_INDEX ? 0 : crossfadeMs);

function nearestEnd(ends: readonly number[], targetMs: number): number {
  let best = ends[0] ?? 0;
  for (const end of ends) if (Math.abs(end - targetMs) < Math.abs(best - targetMs)) best = end;
  return best;
}

export interface Listening {
  crossfadeMs: number;
  leadInMs: number;
}

export function assemblePlaylist(
  totalMs: number,
  segments: readonly OrderedSegment[],
  notes: PlaylistNote[],
  seed: number,
  listening: Listening = { crossfadeMs: 0, leadInMs: 0 },
): Playlist {
  const c = listening.crossfadeMs;
  const tracks: PlaylistTrack[] = [];
  const outSegments: PlaylistSegment[] = [];
  const boundaries: PlaylistBoundary[] = [];
  let position = 0;
  /** Where the song change closing the music so far is heard (0 before any track). */
  const changeAt = (heardMs: number, legIndex: number) =>
    tracks.length === 0 ? 0 : heardMs + shiftOf(legIndex, c);
  let segmentStart = 0;

  segments.forEach((segment, index) => {
    const startMs = segmentStart;
    const ends = [changeAt(position, segment.legIndex)];
    for (const t of segment.tracks) {
      const entry: PlaylistTrack = {
        id: t.track.id,
        title: t.track.title,
        artists: [...t.track.artists],
        durationMs: t.durationMs + c,
        startSeconds: seconds(position),
        legIndex: segment.legIndex,
      };
      if (t.track.explicit !== undefined) entry.explicit = t.track.explicit;
      tracks.push(entry);
      position += t.durationMs;
      ends.push(position + c);
    }
    const endTargetMs = segment.endTargetMs + shiftOf(segment.legIndex, c);
    const endMs = changeAt(position, segment.legIndex);
    const out: PlaylistSegment = {
      index,
      legIndex: segment.legIndex,
      startSeconds: seconds(startMs),
      targetSeconds: seconds(endTargetMs - startMs),
      totalSeconds: seconds(endMs - startMs),
      errorSeconds: seconds(endMs - endTargetMs),
    };
    if (segment.absorbed.length > 0) out.merged = true;
    outSegments.push(out);
    for (const absorbed of segment.absorbed) {
      const shift = shiftOf(absorbed.legIndex, c);
      const targetMs = absorbed.targetMs + shift;
      // A folded departure is heard where a track starts: a track end minus c.
      const actual = nearestEnd(
        ends.map((e) => (e === 0 ? 0 : e - c + shift)),
        targetMs,
      );
      boundaries.push({
        legIndex: absorbed.legIndex,
        targetSeconds: seconds(targetMs),
        actualSeconds: seconds(actual),
        errorSeconds: seconds(actual - targetMs),
        merged: true,
      });
    }
    boundaries.push({
      legIndex: segment.legIndex,
      targetSeconds: seconds(endTargetMs),
      actualSeconds: seconds(endMs),
      errorSeconds: seconds(endMs - endTargetMs),
    });
    segmentStart = endMs;
  });

  boundaries.sort((a, b) => a.targetSeconds - b.targetSeconds);
  // The heard length: where the last track ends.
  const heardMs = tracks.length === 0 ? 0 : position + c;
  const playlist: Playlist = {
    targetSeconds: seconds(totalMs),
    totalSeconds: seconds(heardMs),
    errorSeconds: seconds(heardMs - totalMs),
    segments: outSegments,
    tracks,
    boundaries,
    notes,
    seed,
  };
  if (c > 0) playlist.crossfadeSeconds = seconds(c);
  if (listening.leadInMs > 0) playlist.leadInSeconds = seconds(listening.leadInMs);
  return playlist;
}
