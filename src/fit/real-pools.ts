import type { CatalogTrack } from '../domain/playlist.js';
import { mulberry32, type Random } from './random.js';

/**
 * Seeded pools shaped like a real user's library rather than a smooth distribution (issue #18):
 * - a few hundred tracks, most of them in album runs: 6–14 consecutive tracks of one artist and one
 *   album, their lengths clustered around the album's own typical length;
 * - many 3–4 minute songs (pop and rock albums), a few long ones (7–12 min: live cuts, prog, DJ
 *   mixes) and some short interludes and intros;
 * - the same song under several ids (the album cut, the single, a compilation): same title and
 *   artists, lengths within a second or so, sometimes in other letter case or artist order;
 * - several different songs called "Intro" by one artist (different lengths: not duplicates);
 * - explicit flags per album (a rap album is explicit throughout), and favourites scored high.
 *
 * Pure: same size and seed, same pool. Used by the property tests and `bench/fit.ts` next to the
 * log-normal `syntheticPool`.
 */

export interface RealPoolOptions {
  /** Share of tracks that repeat an earlier song under another id (default 0.06). */
  duplicateShare?: number;
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

interface Album {
  artist: string;
  name: string;
  /** Typical track length of the album, ms. */
  typicalMs: number;
  spreadMs: number;
  explicit: boolean;
}

function albumOf(random: Random, artist: string, name: string): Album {
  const kind = random();
  // Most albums: 3–4 min songs; some: long-form (7–12 min); some: short punk/lo-fi (2–3 min).
  if (kind < 0.06) return { artist, name, typicalMs: 540_000, spreadMs: 90_000, explicit: false };
  if (kind < 0.2) return { artist, name, typicalMs: 150_000, spreadMs: 20_000, explicit: random() < 0.3 };
  return {
    artist,
    name,
    typicalMs: 180_000 + Math.round(random() * 60_000),
    spreadMs: 25_000,
    explicit: random() < 0.15,
  };
}

function albumTrackMs(random: Random, album: Album): number {
  const ms = album.typicalMs + album.spreadMs * normal(random);
  // A long album may also hold a short interlude; every album's lengths stay within 0:40–12:30.
  return Math.round(Math.min(750_000, Math.max(40_000, ms)));
}

export function realPool(size: number, seed: number, options: RealPoolOptions = {}): CatalogTrack[] {
  const random = mulberry32(seed);
  const duplicateShare = options.duplicateShare ?? 0.06;
  const artistCount = Math.max(3, Math.round(size / 15));
  const pool: CatalogTrack[] = [];
  const originals: CatalogTrack[] = [];
  let albumNumber = 0;
  let id = 0;
  const nextId = () => `real-${seed}-${id++}`;

  while (pool.length < size) {
    if (originals.length > 0 && random() < duplicateShare) {
      const song = originals[Math.floor(random() * originals.length)]!;
      const variant = random();
      pool.push({
        id: nextId(),
        title: variant < 0.3 ? song.title.toUpperCase() : song.title,
        artists: variant > 0.8 ? [...song.artists].reverse() : [...song.artists],
        // The single and the album cut differ by at most a second or so.
        durationMs: song.durationMs + Math.round((random() - 0.5) * 2000),
        ...(song.explicit !== undefined ? { explicit: song.explicit } : {}),
        score: song.score ?? 0.5,
      });
      continue;
    }
    // Zipf-like: a few artists own many albums.
    const artistIndex = Math.min(
      artistCount - 1,
      Math.floor(Math.exp(random() * Math.log(artistCount + 1)) - 1),
    );
    const artist = `Artist ${artistIndex}`;
    const album = albumOf(random, artist, `Album ${albumNumber++}`);
    const favouriteAlbum = random() < 0.2;
    const length = 6 + Math.floor(random() * 9);
    const featuring = random() < 0.2 ? `Artist ${Math.floor(random() * artistCount)}` : null;
    for (let n = 1; n <= length && pool.length < size; n++) {
      const intro = n === 1 && random() < 0.3;
      const track: CatalogTrack = {
        id: nextId(),
        title: intro ? 'Intro' : `${album.name} · ${n}`,
        artists: featuring && n === length && featuring !== artist ? [artist, featuring] : [artist],
        // An intro is short, and different intros by one artist differ by far more than 2 s.
        durationMs: intro ? 45_000 + Math.round(random() * 60_000) : albumTrackMs(random, album),
        explicit: album.explicit,
        score: favouriteAlbum ? 0.8 + 0.2 * random() : 0.2 + 0.5 * random(),
      };
      pool.push(track);
      if (!intro) originals.push(track);
    }
  }
  return pool;
}

/** The key under which two tracks are the same song to a listener (see `candidates.ts`). */
export function songKey(track: Pick<CatalogTrack, 'title' | 'artists'>): string {
  const artists = [...new Set(track.artists.map((a) => a.trim().toLowerCase()))].sort();
  return `${track.title.trim().toLowerCase()}\u0000${artists.join('\u0000')}`;
}
