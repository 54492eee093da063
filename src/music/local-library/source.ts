import type { LibraryStore } from '../../db/library.js';
import { AppError } from '../../domain/errors.js';
import type { MusicSource } from '../source.js';

/** The server's music library (`MUSIC_DIR`), as indexed by the last scan; shared by every user. */
export function localMusic(deps: { library: LibraryStore }): MusicSource {
  return {
    async poolFor() {
      const tracks = await deps.library.catalog();
      if (tracks.length === 0) throw new AppError('library_empty', 'The music library has no tracks yet.');
      return { provider: 'local', tracks };
    },
  };
}
