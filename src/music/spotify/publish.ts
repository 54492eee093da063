import type { PlaylistStore } from '../../db/playlists.js';
import { playlistDescription, playlistName } from '../../playlist/naming.js';
import { leasedPublisher } from '../leased-publisher.js';
import type { PlaylistPublisher } from '../source.js';
import type { SpotifyAccounts } from './account.js';

/**
 * The trip's playlist in the user's Spotify account: private, named after the trip, created once and
 * replaced in place on every re-fit. The sync lease and the unique playlist per trip make sure a share
 * sent twice, or two workers at once, never create two Spotify playlists.
 */
export function spotifyPublisher(deps: {
  spotify: SpotifyAccounts;
  playlists: PlaylistStore;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
}): PlaylistPublisher {
  return leasedPublisher({
    ...deps,
    provider: 'spotify',
    service: 'Spotify',
    write: (claimed, trip, { locale, remember, access }) =>
      deps.spotify.withClient(
        claimed.userId,
        async (client) => {
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
            await remember({ externalId: id, externalUrl: url });
          }
          await client.replacePlaylistItems(
            id,
            claimed.tracks.map((t) => t.id),
          );
          return { externalId: id, externalUrl: url };
        },
        { access },
      ),
  });
}
