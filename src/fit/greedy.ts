import type { CatalogTrack, Playlist } from '../domain/playlist.js';
import { assemblePlaylist, type OrderedSegment } from './assemble.js';
import { buildCandidateTable, preparePool, selectCandidates } from './candidates.js';
import { resolveOptions } from './engine.js';
import { deriveSeed, hashString, mulberry32, shuffleInPlace } from './random.js';
import { tripFrame } from './segments.js';
import type { FitOptions, FitTrip, PoolTrack } from './types.js';

/**
 * Baseline for the benchmark only: what most earlier tools did. Shuffle the allowed tracks, then for
 * each boundary add tracks until the music reaches it ("add until over"). Same filters and artist cap
 * as `fitTrip`, so the comparison isolates the fitting itself.
 */
export function fitGreedy(trip: FitTrip, pool: readonly CatalogTrack[], options: FitOptions = {}): Playlist {
  const frame = tripFrame(trip);
  const resolved = resolveOptions(options, frame.totalMs, hashString(`${trip.departure}|${trip.arrival}`));
  const prepared = selectCandidates(preparePool(pool), {
    allowExplicit: resolved.allowExplicit,
    recent: resolved.recent,
    exclude: new Set(),
  });
  const order = shuffleInPlace(
    prepared.tracks.map((_, i) => i),
    mulberry32(deriveSeed(resolved.seed, 1)),
  );
  const table = buildCandidateTable(
    prepared.tracks,
    order,
    { includeRecent: false, artistCap: resolved.artistCap },
    new Map(),
  );
  let next = 0;
  let position = 0;
  const segments: OrderedSegment[] = frame.boundaries.map((boundary) => {
    const tracks: PoolTrack[] = [];
    while (position < boundary.targetMs && next < table.tracks.length) {
      const t = table.tracks[next++]!;
      tracks.push(t);
      position += t.durationMs;
    }
    return { legIndex: boundary.legIndex, endTargetMs: boundary.targetMs, tracks, absorbed: [] };
  });
  return assemblePlaylist(frame.totalMs, segments, [], resolved.seed);
}
