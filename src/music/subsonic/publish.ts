import type { PlaylistStore } from '../../db/playlists.js';
import type { UserStore } from '../../db/users.js';
import { isAppError } from '../../domain/errors.js';
import { localeFrom } from '../../domain/messages.js';
import { playlistName } from '../../playlist/naming.js';
import type { PlaylistPublisher } from '../source.js';
import type { SubsonicClient } from './client.js';

const SYNC_LEASE_MS = 2 * 60_000;

/**
 * The trip's playlist on the Subsonic server: created once, its songs replaced in place on every
 * re-fit (`createPlaylist` with `playlistId`); the sync lease keeps one server playlist per trip.
 */
export function subsonicPublisher(deps: {
  client: SubsonicClient;
  playlists: PlaylistStore;
  users: UserStore;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
}): PlaylistPublisher {
  return {
    async publish(playlist, trip) {
      if (playlist.provider !== 'subsonic') return playlist;
      const claimedAt = deps.clock();
      const claimed = await deps.playlists.claimSync(playlist.id, claimedAt, SYNC_LEASE_MS);
      if (!claimed) return playlist;
      try {
        const songIds = claimed.tracks.map((t) => t.id);
        let id = claimed.externalId;
        if (!id) {
          const user = await deps.users.find(claimed.userId);
          id = await deps.client.createPlaylist({
            name: playlistName(trip.trip, localeFrom(user?.locale)),
            songIds,
          });
          await deps.playlists.setExternal(claimed.id, id, null);
        } else {
          await deps.client.createPlaylist({ playlistId: id, songIds });
        }
        const external = { externalId: id, externalUrl: claimed.externalUrl };
        return (await deps.playlists.finishSync(claimed.id, external, claimedAt, deps.clock())) ?? claimed;
      } catch (err) {
        const code = isAppError(err) ? err.code : 'internal_error';
        deps.log?.warn({ err, playlistId: claimed.id, code }, 'writing the playlist to Subsonic failed');
        return (
          (await deps.playlists.finishSync(claimed.id, { error: code }, claimedAt, deps.clock())) ?? claimed
        );
      }
    },
  };
}
