import { count, inArray, max, sql } from 'drizzle-orm';
import type { CatalogTrack } from '../domain/playlist.js';
import type { Database } from './client.js';
import { libraryTracks } from './schema.js';
import { storable } from './storable.js';

export type LibraryTrackRow = typeof libraryTracks.$inferSelect;
export type LibraryTrackInput = typeof libraryTracks.$inferInsert;

/** What a re-scan compares a file against: has it changed since it was read? */
export interface LibraryFileStamp {
  id: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface LibraryStore {
  /** Every indexed file's stamp, for a scan's comparison with the disk. */
  stamps(): Promise<LibraryFileStamp[]>;
  upsertMany(rows: readonly LibraryTrackInput[]): Promise<void>;
  removeMany(ids: readonly string[]): Promise<void>;
  /** The library as a pool (tracks with a positive duration). */
  catalog(): Promise<CatalogTrack[]>;
  get(id: string): Promise<LibraryTrackRow | undefined>;
  /** Tracks by id, for the M3U8 export (paths). */
  getMany(ids: readonly string[]): Promise<LibraryTrackRow[]>;
  summary(): Promise<{ count: number; lastScanAt: Date | null }>;
}

// Bounded so one statement stays far below Postgres' 65,535 bind parameters (11 per row).
const BATCH = 500;

export function createLibraryStore(db: Database): LibraryStore {
  return {
    async stamps() {
      return db
        .select({
          id: libraryTracks.id,
          path: libraryTracks.path,
          size: libraryTracks.size,
          mtimeMs: libraryTracks.mtimeMs,
        })
        .from(libraryTracks);
    },
    async upsertMany(rows) {
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH).map((r) => storable(r));
        await db
          .insert(libraryTracks)
          .values(batch)
          .onConflictDoUpdate({
            target: libraryTracks.id,
            set: {
              path: sql`excluded.path`,
              size: sql`excluded.size`,
              mtimeMs: sql`excluded.mtime_ms`,
              title: sql`excluded.title`,
              artists: sql`excluded.artists`,
              album: sql`excluded.album`,
              genre: sql`excluded.genre`,
              durationMs: sql`excluded.duration_ms`,
              explicit: sql`excluded.explicit`,
              scannedAt: sql`excluded.scanned_at`,
            },
          });
      }
    },
    async removeMany(ids) {
      for (let i = 0; i < ids.length; i += BATCH) {
        await db.delete(libraryTracks).where(inArray(libraryTracks.id, ids.slice(i, i + BATCH)));
      }
    },
    async catalog() {
      const rows = await db
        .select({
          id: libraryTracks.id,
          title: libraryTracks.title,
          artists: libraryTracks.artists,
          durationMs: libraryTracks.durationMs,
          explicit: libraryTracks.explicit,
        })
        .from(libraryTracks)
        .where(sql`${libraryTracks.durationMs} > 0`)
        .orderBy(libraryTracks.path);
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        artists: r.artists,
        durationMs: r.durationMs,
        ...(r.explicit === null ? {} : { explicit: r.explicit }),
      }));
    },
    async get(id) {
      const [row] = await db.select().from(libraryTracks).where(sql`${libraryTracks.id} = ${id}`);
      return row;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const out: LibraryTrackRow[] = [];
      for (let i = 0; i < ids.length; i += BATCH) {
        out.push(
          ...(await db
            .select()
            .from(libraryTracks)
            .where(inArray(libraryTracks.id, ids.slice(i, i + BATCH) as string[]))),
        );
      }
      return out;
    },
    async summary() {
      const [row] = await db.select({ n: count(), last: max(libraryTracks.scannedAt) }).from(libraryTracks);
      return { count: Number(row?.n ?? 0), lastScanAt: row?.last ?? null };
    },
  };
}
