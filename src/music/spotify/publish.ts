import type { PlaylistStore } from '../../db/playlists.js';
import type { UserStore } from '../../db/users.js';
import { isAppError } from '../../domain/errors.js';
import { localeFrom } from '../../domain/messages.js';
import { playlistDescription, playlistName } from '../../playlist/naming.js';
import type { PlaylistPublisher } from '../source.js';
import type { SpotifyAccounts } from './account.js';

const SYNC_LEASE_MS = 2 * 60_000;

/**
 * The trip's playlist in the user's Spotify account: private, named after the trip, created once and
 * replaced in place on every re-fit. The sync lease and the unique playlist per trip make sure a share
 * sent twice, or two workers at once, never create two Spotify playlists.
 */
export function spotifyPublisher(deps: {
  spotify: SpotifyAccounts;
  playlists: PlaylistStore;
  users: UserStore;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
}): PlaylistPublisher {
  return {
    async publish(playlist, trip) {
      if (playlist.provider !== 'spotify') return playlist;
      const claimedAt = deps.clock();
      const claimed = await deps.playlists.claimSync(playlist.id, claimedAt, SYNC_LEASE_MS);
      if (!claimed) return playlist;
      try {
        const user = await deps.users.find(claimed.userId);
        const locale = localeFrom(user?.locale);
        const external = await deps.spotify.withClient(claimed.userId, async (client) => {
          let id = claimed.externalId;
          let url = claimed.externalUrl;
          if (!id) {
            const created = await client.createPlaylist({
              name: playlistName(trip.trip, locale),
              description: playlistDescription(trip.trip, locale),
              public: false,
            });
            id = created.id;
            url = created.url;
            await deps.playlists.setExternal(claimed.id, id, url);
          }
          await client.replacePlaylistItems(
            id,
            claimed.tracks.map((t) => t.id),
          );
          return { externalId: id, externalUrl: url };
        });
        return (await deps.playlists.finishSync(claimed.id, external, claimedAt, deps.clock())) ?? claimed;
      } catch (err) {
        const code = isAppError(err) ? err.code : 'internal_error';
        deps.log?.warn({ err, playlistId: claimed.id, code }, 'writing the playlist to Spotify failed');
        return (
          (await deps.playlists.finishSync(claimed.id, { error: code }, claimedAt, deps.clock())) ?? claimed
        );
      }
    },
  };
}
