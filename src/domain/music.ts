/**
 * Where a playlist's tracks come from. `demo` is the bundled catalog; the others are the user's own
 * music. Providers in `PUBLISHED_PROVIDERS` keep a copy of the playlist on the music service (created
 * once, replaced on every re-fit); the others are played from Railtape itself (M3U8, in-app player).
 */
export const MUSIC_PROVIDERS = ['demo', 'spotify', 'subsonic', 'local'] as const;
export type MusicProvider = (typeof MUSIC_PROVIDERS)[number];

export const PUBLISHED_PROVIDERS: ReadonlySet<MusicProvider> = new Set(['spotify', 'subsonic']);

/** A new or re-fitted playlist's sync state: due for the music service, or nothing to write. */
export const initialSyncStatus = (provider: MusicProvider): 'pending' | 'local' =>
  PUBLISHED_PROVIDERS.has(provider) ? 'pending' : 'local';
