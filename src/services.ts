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
import { type ApiUsageRecorder, outcomeOf } from './ops/api-usage.js';
import { createPlaylistService, type PlaylistService } from './playlist/service.js';
import { type PushEndpointPolicy, pushEndpointPolicy } from './push/endpoints.js';
import { createPushSender, type SendPush, type VapidKeys } from './push/sender.js';
import { createReminderScheduler, type ReminderScheduler } from './reminders/scheduler.js';
import { createGuardedFetch, type GuardedFetch } from './share/guarded-fetch.js';
import {
  createShareService,
  type ResolveLink,
  type ShareService,
  type ShareServiceDeps,
} from './share/service.js';
import { createTimetable, type TimetableConfig, type TimetablePlanner } from './timetable/plan.js';

export interface Services {
  shares: ShareService;
  playlists: PlaylistService;
  /** Present when Spotify sign-in is configured. */
  spotify: SpotifyAccounts | undefined;
  /** The sources a user may choose on this server: the demo catalog and those configured. */
  musicSources: readonly MusicProvider[];
  reminders: ReminderScheduler;
  /** The timetable: re-planning searches, real-time for the delay check, and its call count. */
  timetable: { planner: TimetablePlanner; calls(): number } | undefined;
  /** Web Push: which endpoints a subscription may name, and the sender (absent without VAPID keys). */
  push: { publicKey: string | null; endpoints: PushEndpointPolicy; send: SendPush | undefined };
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
  /**
   * The timetable: transport.opendata.ch, OJP 2.0 with a token, Google Routes abroad with a key;
   * re-plans searches and reads delays. None: searches wait.
   */
  timetable?: TimetableConfig | undefined;
  /** Counts calls to push services (the others are counted by the `fetch` given above). */
  usage?: ApiUsageRecorder | undefined;
  /** Web Push reminders: the VAPID keys (none: reminders wait) and origins besides the push services. */
  push?: { vapid: VapidKeys | undefined; allowedOrigins: readonly string[] } | undefined;
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
    push: pushConfig,
    timetable: timetableConfig,
    usage,
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
    ...(deps.log ? { log: deps.log } : {}),
    publisher: publisherByProvider({
      ...(subsonicClient
        ? {
            subsonic: subsonicPublisher({
              client: subsonicClient,
              playlists: stores.playlists,
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
              clock: deps.clock,
              ...(deps.log ? { log: deps.log } : {}),
            }),
          }
        : {}),
    }),
  });
  const reminders = createReminderScheduler({
    reminders: stores.reminders,
    users: stores.users,
    clock: deps.clock,
  });
  const timetable = timetableConfig
    ? createTimetable(timetableConfig, { clock: deps.clock, fetch, sleep })
    : undefined;
  const shares = createShareService({
    ...shareDeps,
    stores,
    playlists,
    reminders,
    ...(timetable
      ? {
          planTrip: timetable.planner.planTrip,
          enrichTrip: timetable.planner.enrichTrip,
          nearestStop: timetable.planner.nearestStop,
        }
      : {}),
  });
  const endpoints = pushEndpointPolicy(pushConfig?.allowedOrigins ?? []);
  const vapid = pushConfig?.vapid;
  const push = {
    publicKey: vapid?.publicKey ?? null,
    endpoints,
    send: vapid
      ? createPushSender({
          vapid,
          // A subscription is user input: connect only to public addresses, or to a listed loopback origin.
          fetch: countedPush(createGuardedFetch({ trustedOrigins: endpoints.trustedOrigins }), usage),
          clock: deps.clock,
        })
      : undefined,
  };
  const musicSources = MUSIC_PROVIDERS.filter((p) => p === 'demo' || sources[p] !== undefined);
  return { shares, playlists, spotify, musicSources, reminders, push, timetable };
}

/** Every push message counts as a call to `push` (each subscription is a different push host). */
function countedPush(inner: GuardedFetch, usage: ApiUsageRecorder | undefined): GuardedFetch {
  if (!usage) return inner;
  return async (url, init) => {
    try {
      const response = await inner(url, init);
      usage.record('push', outcomeOf(response.status));
      return response;
    } catch (err) {
      usage.record('push', 'error');
      throw err;
    }
  };
}
