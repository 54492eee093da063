import { createTokenCipher, type TokenCipher } from './auth/token-cipher.js';
import type { Stores } from './db/stores.js';
import { MUSIC_PROVIDERS, type MusicProvider } from './domain/music.js';
import { localMusic } from './music/local-library/source.js';
import { type MusicSource, type OwnMusicSources, publisherByProvider, userMusic } from './music/source.js';
import {
  createSpotifyAccounts,
  type SpotifyAccounts,
  type SpotifyAppConfig,
} from './music/spotify/account.js';
import { spotifyPublisher } from './music/spotify/publish.js';
import { spotifyMusic } from './music/spotify/source.js';
import { createSubsonicClient } from './music/subsonic/client.js';
import { subsonicPublisher } from './music/subsonic/publish.js';
import { subsonicMusic } from './music/subsonic/source.js';
import { createPlaylistService, type PlaylistService } from './playlist/service.js';
import {
  createShareService,
  type ResolveLink,
  type ShareService,
  type ShareServiceDeps,
} from './share/service.js';

export interface Services {
  shares: ShareService;
  playlists: PlaylistService;
  /** Present when Spotify sign-in is configured. */
  spotify: SpotifyAccounts | undefined;
  /** The sources a user may choose on this server: the demo catalog and those configured. */
  musicSources: readonly MusicProvider[];
}

export interface ServiceDeps
  extends Pick<ShareServiceDeps, 'inlineResolveTimeoutMs' | 'workerResolveTimeoutMs' | 'log'> {
  resolveLink: ResolveLink;
  clock: () => Date;
  /** Spotify sign-in and playlists, with the keys that seal its tokens. */
  spotify?: { app: SpotifyAppConfig; tokenKeys: readonly string[] } | undefined;
  /** A Subsonic-API server (Navidrome) as a music source and playlist target. */
  subsonic?:
    | { url: string; user: string; password: string; playlists: readonly string[]; genres: readonly string[] }
    | undefined;
  /** Replaces the users' own music (tests that only need the demo catalog). */
  music?: MusicSource;
  /** For outbound calls to music services; tests pass a fast `sleep` for Retry-After. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The server's music library (`MUSIC_DIR`): offers the `local` source when set. */
  musicDir?: string | undefined;
}

/** Wires the services onto the stores: the same for the server, the workers, the CLI and the tests. */
export function createServices(stores: Stores, deps: ServiceDeps): Services {
  const {
    music: musicOverride,
    spotify: spotifyConfig,
    subsonic: subsonicConfig,
    fetch,
    sleep,
    musicDir,
    ...shareDeps
  } = deps;
  let spotify: SpotifyAccounts | undefined;
  let cipher: TokenCipher | undefined;
  if (spotifyConfig) {
    cipher = createTokenCipher(spotifyConfig.tokenKeys);
    spotify = createSpotifyAccounts({
      app: spotifyConfig.app,
      accounts: stores.musicAccounts,
      cipher,
      clock: deps.clock,
      ...(fetch ? { fetch } : {}),
      ...(sleep ? { sleep } : {}),
      ...(deps.log ? { log: deps.log } : {}),
    });
  }
  const subsonicClient = subsonicConfig
    ? createSubsonicClient({
        url: subsonicConfig.url,
        user: subsonicConfig.user,
        password: subsonicConfig.password,
        ...(fetch ? { fetch } : {}),
      })
    : undefined;
  const sources: OwnMusicSources = {
    ...(subsonicClient
      ? {
          subsonic: subsonicMusic({
            client: subsonicClient,
            playlists: subsonicConfig?.playlists ?? [],
            genres: subsonicConfig?.genres ?? [],
          }),
        }
      : {}),
    ...(musicDir ? { local: localMusic({ library: stores.library }) } : {}),
    ...(spotify
      ? {
          spotify: spotifyMusic({
            spotify,
            accounts: stores.musicAccounts,
            users: stores.users,
            clock: deps.clock,
          }),
        }
      : {}),
  };
  const music = musicOverride ?? userMusic({ users: stores.users, sources });
  const playlists = createPlaylistService({
    playlists: stores.playlists,
    users: stores.users,
    music,
    clock: deps.clock,
    publisher: publisherByProvider({
      ...(subsonicClient
        ? {
            subsonic: subsonicPublisher({
              client: subsonicClient,
              playlists: stores.playlists,
              users: stores.users,
              clock: deps.clock,
              ...(deps.log ? { log: deps.log } : {}),
            }),
          }
        : {}),
      ...(spotify
        ? {
            spotify: spotifyPublisher({
              spotify,
              playlists: stores.playlists,
              users: stores.users,
              clock: deps.clock,
              ...(deps.log ? { log: deps.log } : {}),
            }),
          }
        : {}),
    }),
  });
  const shares = createShareService({ ...shareDeps, stores, playlists });
  const musicSources = MUSIC_PROVIDERS.filter((p) => p === 'demo' || sources[p] !== undefined);
  return { shares, playlists, spotify, musicSources };
}
