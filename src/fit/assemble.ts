import type {
  Playlist,
  PlaylistBoundary,
  PlaylistNote,
  PlaylistSegment,
  PlaylistTrack,
} from '../domain/playlist.js';
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

function nearestEnd(ends: readonly number[], targetMs: number): number {
  let best = ends[0] ?? 0;
  for (const end of ends) if (Math.abs(end - targetMs) < Math.abs(best - targetMs)) best = end;
  return best;
}

export function assemblePlaylist(
  totalMs: number,
  segments: readonly OrderedSegment[],
  notes: PlaylistNote[],
  seed: number,
): Playlist {
  const tracks: PlaylistTrack[] = [];
  const outSegments: PlaylistSegment[] = [];
  const boundaries: PlaylistBoundary[] = [];
  let position = 0;

  segments.forEach((segment, index) => {
    const startMs = position;
    const ends = [startMs];
    for (const t of segment.tracks) {
      const entry: PlaylistTrack = {
        id: t.track.id,
        title: t.track.title,
        artists: [...t.track.artists],
        durationMs: t.durationMs,
        startSeconds: seconds(position),
        legIndex: segment.legIndex,
      };
      if (t.track.explicit !== undefined) entry.explicit = t.track.explicit;
      tracks.push(entry);
      position += t.durationMs;
      ends.push(position);
    }
    const out: PlaylistSegment = {
      index,
      legIndex: segment.legIndex,
      startSeconds: seconds(startMs),
      targetSeconds: seconds(segment.endTargetMs - startMs),
      totalSeconds: seconds(position - startMs),
      errorSeconds: seconds(position - segment.endTargetMs),
    };
    if (segment.absorbed.length > 0) out.merged = true;
    outSegments.push(out);
    for (const absorbed of segment.absorbed) {
      const actual = nearestEnd(ends, absorbed.targetMs);
      boundaries.push({
        legIndex: absorbed.legIndex,
        targetSeconds: seconds(absorbed.targetMs),
        actualSeconds: seconds(actual),
        errorSeconds: seconds(actual - absorbed.targetMs),
        merged: true,
      });
    }
    boundaries.push({
      legIndex: segment.legIndex,
      targetSeconds: seconds(segment.endTargetMs),
      actualSeconds: seconds(position),
      errorSeconds: seconds(position - segment.endTargetMs),
    });
  });

  boundaries.sort((a, b) => a.targetSeconds - b.targetSeconds);
  return {
    targetSeconds: seconds(totalMs),
    totalSeconds: seconds(position),
    errorSeconds: seconds(position - totalMs),
    segments: outSegments,
    tracks,
    boundaries,
    notes,
    seed,
  };
}
