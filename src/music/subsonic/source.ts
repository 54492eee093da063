import type { CatalogTrack } from '../../domain/playlist.js';
import type { MusicSource } from '../source.js';
import { type SubsonicClient, type SubsonicSong, toCatalogTrack } from './client.js';

export interface SubsonicPoolOptions {
  /** Playlist names or ids whose songs join the pool. */
  playlists: readonly string[];
  /** Genres for random songs; empty: random songs of any genre. */
  genres: readonly string[];
  randomSize?: number;
}

/** The server's pool: starred songs (scored higher), chosen playlists, random songs; one entry per id. */
export function subsonicMusic(deps: { client: SubsonicClient } & SubsonicPoolOptions): MusicSource {
  const size = deps.randomSize ?? 200;
  return {
    async poolFor() {
      const byId = new Map<string, CatalogTrack>();
      const add = (list: SubsonicSong[], score: number) => {
        for (const s of list) if (!byId.has(s.id)) byId.set(s.id, toCatalogTrack(s, score));
      };
      add(await deps.client.getStarredSongs(), 0.9);
      if (deps.playlists.length > 0) {
        const all = await deps.client.getPlaylists();
        for (const wanted of deps.playlists) {
          const match = all.find((p) => p.id === wanted || p.name === wanted);
          if (match) add((await deps.client.getPlaylist(match.id)).songs, 0.7);
        }
      }
      const genres = deps.genres.length > 0 ? deps.genres : [undefined];
      for (const genre of genres) {
        add(await deps.client.getRandomSongs({ size, ...(genre ? { genre } : {}) }), 0.5);
      }
      return { provider: 'subsonic', tracks: [...byId.values()] };
    },
  };
}
