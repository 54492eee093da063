import type { PlaylistRow } from '../db/playlists.js';
import type { TripRow } from '../db/trips.js';
import type { Preferences, UserStore } from '../db/users.js';
import type { MusicProvider } from '../domain/music.js';
import type { CatalogTrack } from '../domain/playlist.js';
import { demoCatalog } from './demo-catalog.js';

export type { MusicProvider } from '../domain/music.js';

/** The tracks a user's playlist may be fitted from, and where they came from. */
export interface MusicPool {
  provider: MusicProvider;
  tracks: readonly CatalogTrack[];
  /** Set when the demo catalog stands in for the source the user chose, with the reason. */
  fallback?: string;
  /**
   * The account's access token as it was read with the pool (sealed, as stored), for the publisher
   * that writes the playlist right after, so it need not read the account again.
   */
  access?: SealedAccess;
}

/** An access token as stored (sealed by the token cipher) and when it expires. */
export interface SealedAccess {
  sealed: string;
  expiresAt: Date;
}

/** What the caller of `publish` already holds, so the publisher need not ask the database for it. */
export interface PublishContext {
  /**
   * The playlist was inserted under the sync lease (`FreshPlaylist.syncLockedUntil`), taken at `at`;
   * with its owner's locale, which names the copy.
   */
  leased?: { at: Date; ownerLocale: string | null };
  /** The pool's `access`, read with it. */
  access?: SealedAccess | undefined;
}

/** What the caller has already read for this user, so a source need not read it again. */
export interface PoolContext {
  preferences?: Preferences;
}

/** Where a user's candidate tracks come from: the one way the playlist service gets tracks. */
export interface MusicSource {
  poolFor(userId: string, context?: PoolContext): Promise<MusicPool>;
}

/** Writes a fitted playlist into the user's music service (its copy is created once, then replaced). */
export interface PlaylistPublisher {
  publish(playlist: PlaylistRow, trip: TripRow, context?: PublishContext): Promise<PlaylistRow>;
  /**
   * How long the sync lease of a playlist of `provider` lasts, for a caller that takes it as it
   * inserts the playlist; undefined when no publisher writes that provider's playlists.
   */
  leaseMsFor(provider: MusicProvider): number | undefined;
}

/** The sources this server offers besides the demo catalog; absent ones are not configured. */
export type OwnMusicSources = Partial<Record<Exclude<MusicProvider, 'demo'>, MusicSource>>;

/** The bundled demo catalog: the last fallback, used only when no other source can serve. */
export function demoMusic(): MusicSource {
  return { poolFor: async () => ({ provider: 'demo', tracks: demoCatalog() }) };
}

/**
 * Error codes a source throws when it cannot serve *now* (an account to reconnect, a server that is
 * down, an empty library): the demo catalog then stands in and the playlist says why. Anything else
 * is a bug and propagates.
 */
const SOURCE_ERROR_PREFIXES = ['spotify_', 'subsonic_', 'library_'];

/**
 * The source each user chose in their preferences, when this server offers it; otherwise, or when
 * that source cannot serve right now, the demo catalog, saying why.
 */
export function userMusic(deps: {
  users: UserStore;
  sources: OwnMusicSources;
  demo?: MusicSource;
}): MusicSource {
  const demo = deps.demo ?? demoMusic();
  return {
    async poolFor(userId, context = {}) {
      const preferences = context.preferences ?? (await deps.users.preferences(userId));
      const { musicSource } = preferences;
      if (musicSource === 'demo') return demo.poolFor(userId);
      const chosen = deps.sources[musicSource];
      if (!chosen) return { ...(await demo.poolFor(userId)), fallback: `${musicSource}_not_configured` };
      try {
        return await chosen.poolFor(userId, { preferences });
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && SOURCE_ERROR_PREFIXES.some((p) => code.startsWith(p))) {
          return { ...(await demo.poolFor(userId)), fallback: code };
        }
        throw err;
      }
    },
  };
}

/** Sends each playlist to the publisher of its provider; a provider without one keeps it local. */
export function publisherByProvider(
  publishers: Partial<Record<MusicProvider, PlaylistPublisher>>,
): PlaylistPublisher {
  return {
    publish: (playlist, trip, context) =>
      publishers[playlist.provider]?.publish(playlist, trip, context) ?? Promise.resolve(playlist),
    leaseMsFor: (provider) => publishers[provider]?.leaseMsFor(provider),
  };
}
