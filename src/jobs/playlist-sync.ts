import type { PlaylistStore } from '../db/playlists.js';
import type { TripStore } from '../db/trips.js';
import type { PlaylistService } from '../playlist/service.js';

export interface PlaylistSyncSummary {
  due: number;
  synced: number;
  failed: number;
}

/**
 * Part of the parse worker's run: playlists whose copy in the music service could not be written
 * while the traveller waited (Spotify rate limit, outage) are written now.
 */
export async function syncDuePlaylists(
  deps: { playlists: PlaylistStore; trips: TripStore; service: PlaylistService; clock: () => Date },
  options: { limit?: number } = {},
): Promise<PlaylistSyncSummary> {
  const summary: PlaylistSyncSummary = { due: 0, synced: 0, failed: 0 };
  // Listed without a lease: `publish` takes one per playlist, so two runs never write the same one.
  const due = await deps.playlists.listDueSyncs(deps.clock(), options.limit ?? 50);
  for (const playlist of due) {
    summary.due++;
    const trip = await deps.trips.get(playlist.userId, playlist.tripId);
    if (!trip) continue;
    const result = await deps.service.publish(playlist, trip);
    if (result.syncStatus === 'synced') summary.synced++;
    else summary.failed++;
  }
  return summary;
}
