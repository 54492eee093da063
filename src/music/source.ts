import type { UserStore } from '../db/users.js';
import type { CatalogTrack } from '../domain/playlist.js';
import { demoCatalog } from './demo-catalog.js';

export type MusicProvider = 'demo' | 'spotify' | 'local';

/** The tracks a user's playlist may be fitted from, and where they came from. */
export interface MusicPool {
  provider: MusicProvider;
  tracks: readonly CatalogTrack[];
  /** Set when the demo catalog stands in for the source the user chose, with the reason. */
  fallback?: string;
}

/** Where a user's candidate tracks come from: the one way the playlist service gets tracks. */
export interface MusicSource {
  poolFor(userId: string): Promise<MusicPool>;
}

/** The bundled demo catalog: the last fallback, used only when no other source can serve. */
export function demoMusic(): MusicSource {
  return { poolFor: async () => ({ provider: 'demo', tracks: demoCatalog() }) };
}

/**
 * The source each user chose in their preferences, when this server offers it; otherwise, or when
 * that source cannot serve right now (Spotify must be reconnected), the demo catalog, saying why.
 */
export function userMusic(deps: {
  users: UserStore;
  spotify?: MusicSource | undefined;
  demo?: MusicSource;
}): MusicSource {
  const demo = deps.demo ?? demoMusic();
  return {
    async poolFor(userId) {
      const { musicSource } = await deps.users.preferences(userId);
      if (musicSource === 'demo') return demo.poolFor(userId);
      const chosen = musicSource === 'spotify' ? deps.spotify : undefined;
      if (!chosen) return { ...(await demo.poolFor(userId)), fallback: `${musicSource}_not_configured` };
      try {
        return await chosen.poolFor(userId);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && code.startsWith('spotify_')) {
          return { ...(await demo.poolFor(userId)), fallback: code };
        }
        throw err;
      }
    },
  };
}
