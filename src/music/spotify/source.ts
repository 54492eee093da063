import type { MusicAccountStore } from '../../db/music-accounts.js';
import type { UserStore } from '../../db/users.js';
import { AppError } from '../../domain/errors.js';
import type { MusicSource } from '../source.js';
import type { SpotifyAccounts } from './account.js';
import { buildSpotifyPool } from './pool.js';

/** A trip should cost few calls: the pool is read again only after this long (or on demand). */
export const SPOTIFY_POOL_TTL_MS = 12 * 3_600_000;

/** The user's Spotify music as a pool, cached in Postgres with the number of API calls it cost. */
export function spotifyMusic(deps: {
  spotify: SpotifyAccounts;
  accounts: MusicAccountStore;
  users: UserStore;
  clock: () => Date;
  ttlMs?: number;
}): MusicSource {
  const ttl = deps.ttlMs ?? SPOTIFY_POOL_TTL_MS;
  return {
    async poolFor(userId, context = {}) {
      // The connection's state and the cached pool in one read.
      const { account, pool: cached } = await deps.accounts.poolOf(userId, 'spotify');
      if (!account) throw new AppError('spotify_not_connected', 'Connect Spotify first.');
      if (account.status === 'reconnect_required') {
        throw new AppError('spotify_reconnect_required', 'Connect Spotify again.', {
          reason: account.statusReason ?? 'unknown',
        });
      }
      const now = deps.clock();
      // The token as read here, for the calls below and the publisher right after (a client refreshes
      // it itself when it has run out or Spotify refuses it).
      const access =
        account.accessToken && account.accessExpiresAt
          ? { sealed: account.accessToken, expiresAt: account.accessExpiresAt }
          : undefined;
      if (cached && cached.expiresAt > now && cached.tracks.length > 0) {
        return { provider: 'spotify', tracks: cached.tracks, access };
      }
      const prefs = context.preferences ?? (await deps.users.preferences(userId));
      let apiCalls = 0;
      const tracks = await deps.spotify.withClient(
        userId,
        (client) =>
          buildSpotifyPool(client, {
            topTracks: prefs.spotifyTopTracks,
            savedTracks: prefs.spotifySavedTracks,
            playlistIds: prefs.spotifyPlaylistIds,
            genres: prefs.spotifyGenres,
          }),
        { onApiCall: () => apiCalls++, access },
      );
      await deps.accounts.storePool(userId, 'spotify', {
        tracks,
        fetchedAt: now,
        expiresAt: new Date(now.getTime() + ttl),
        apiCalls,
      });
      return { provider: 'spotify', tracks, access };
    },
  };
}
