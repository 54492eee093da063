import type { PlaylistRow } from '../db/playlists.js';
import type { ShareRow } from '../db/shares.js';
import type { TripRow } from '../db/trips.js';
import { type Locale, messageFor } from '../share/messages.js';
import type { ShareResult } from '../share/service.js';

/** The JSON the API and the PWA speak. Rows never leave the server as they are. */

export function shareView(share: ShareRow, locale: Locale) {
  return {
    id: share.id,
    status: share.status,
    receivedAt: share.receivedAt.toISOString(),
    payload: { title: share.title, text: share.text, url: share.url },
    error: share.errorCode
      ? {
          code: share.errorCode,
          message: messageFor(share.errorCode, locale, share.errorMessage ?? undefined),
        }
      : null,
    attempts: share.attempts,
    resolution: share.resolution ?? null,
  };
}

export function tripView(row: TripRow) {
  return { id: row.id, shareId: row.shareId, ...row.trip };
}

export function playlistView(row: PlaylistRow) {
  return {
    id: row.id,
    tripId: row.tripId,
    provider: row.provider,
    externalUrl: row.externalUrl,
    targetSeconds: row.targetSeconds,
    totalSeconds: row.actualSeconds,
    errorSeconds: row.fit.errorSeconds,
    segments: row.fit.segments,
    boundaries: row.fit.boundaries,
    notes: row.fit.notes,
    seed: row.seed,
    tracks: row.tracks,
  };
}

export function shareResultView(result: ShareResult, locale: Locale) {
  return {
    share: shareView(result.share, locale),
    trip: result.trip ? tripView(result.trip) : null,
    playlist: result.playlist ? playlistView(result.playlist) : null,
    duplicate: result.duplicate,
  };
}
