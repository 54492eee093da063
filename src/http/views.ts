import type { PlaylistRow } from '../db/playlists.js';
import type { ShareRow } from '../db/shares.js';
import type { TripRow } from '../db/trips.js';
import type { Preferences } from '../db/users.js';
import { type Locale, messageFor, noteMessage } from '../domain/messages.js';
import { playbackOf } from '../domain/playlist.js';
import { brokenTransfers } from '../domain/realtime.js';
import type { ShareResult } from '../share/service.js';
import type { PlaylistView, PreferencesView, ShareResultView, ShareView, TripView } from './schemas.js';

/** Rows → the JSON the API and the PWA speak (`schemas.ts`). Rows never leave the server as they are. */

export function shareView(share: ShareRow, locale: Locale): ShareView {
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

export function tripView(row: TripRow): TripView {
  const broken = brokenTransfers(row.trip);
  return {
    id: row.id,
    shareId: row.shareId,
    ...row.trip,
    ...(broken.length > 0 ? { brokenTransfers: broken } : {}),
  };
}

/** The crossfade and lead-in a playlist was fitted for, when not 0 (older rows have neither). */
function heardAs(row: PlaylistRow): Pick<PlaylistView, 'crossfadeSeconds' | 'leadInSeconds'> {
  const { crossfadeSeconds, leadInSeconds } = playbackOf(row.fit);
  return { ...(crossfadeSeconds ? { crossfadeSeconds } : {}), ...(leadInSeconds ? { leadInSeconds } : {}) };
}

export function playlistView(row: PlaylistRow, locale: Locale): PlaylistView {
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
    notes: row.fit.notes.map((note) => ({ code: note.code, message: noteMessage(note, locale) })),
    seed: row.seed,
    tracks: row.tracks,
    ...heardAs(row),
    sync: { status: row.syncStatus, error: row.syncError },
  };
}

export function shareResultView(result: ShareResult, locale: Locale): ShareResultView {
  return {
    share: shareView(result.share, locale),
    trip: result.trip ? tripView(result.trip) : null,
    playlist: result.playlist ? playlistView(result.playlist, locale) : null,
    duplicate: result.duplicate,
  };
}

export function preferencesView(p: Preferences): PreferencesView {
  return {
    maxTracksPerArtistPerHour: p.maxTracksPerArtistPerHour,
    allowExplicit: p.allowExplicit,
    musicSource: p.musicSource,
    reminderMinutesBefore: p.reminderMinutesBefore,
    crossfadeSeconds: p.crossfadeSeconds,
    leadInMinutes: p.leadInMinutes,
    spotify: {
      topTracks: p.spotifyTopTracks,
      savedTracks: p.spotifySavedTracks,
      playlistIds: p.spotifyPlaylistIds,
      genres: p.spotifyGenres,
    },
  };
}
