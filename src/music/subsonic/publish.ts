import type { PlaylistStore } from '../../db/playlists.js';
import { playlistName } from '../../playlist/naming.js';
import { leasedPublisher } from '../leased-publisher.js';
import type { PlaylistPublisher } from '../source.js';
import type { SubsonicClient } from './client.js';

/**
 * The trip's playlist on the Subsonic server: created once, its songs replaced in place on every
 * re-fit (`createPlaylist` with `playlistId`); the sync lease keeps one server playlist per trip.
 */
export function subsonicPublisher(deps: {
  client: SubsonicClient;
  playlists: PlaylistStore;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
}): PlaylistPublisher {
  return leasedPublisher({
    ...deps,
    provider: 'subsonic',
    service: 'Subsonic',
    async write(claimed, trip, { locale, remember }) {
      const songIds = claimed.tracks.map((t) => t.id);
      if (claimed.externalId) {
        await deps.client.createPlaylist({ playlistId: claimed.externalId, songIds });
        return { externalId: claimed.externalId, externalUrl: claimed.externalUrl };
      }
      const id = await deps.client.createPlaylist({ name: playlistName(trip.trip, locale), songIds });
      await remember({ externalId: id, externalUrl: null });
      return { externalId: id, externalUrl: null };
    },
  });
}
