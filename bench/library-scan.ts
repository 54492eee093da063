import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryStore, LibraryTrackInput } from '../src/db/library.js';
import { scanLibrary } from '../src/music/local-library/scan.js';
import { writeWav } from '../test/support/audio-files.js';

/** An in-memory index, so the figure is the scan's (disk + tag reading), not the database's. */
function memoryIndex(): LibraryStore {
  const rows = new Map<string, LibraryTrackInput>();
  return {
    stamps: async () =>
      [...rows.values()].map(({ id, path, size, mtimeMs }) => ({ id: id as string, path, size, mtimeMs })),
    upsertMany: async (input) => {
      for (const r of input) rows.set(r.id as string, r);
    },
    removeMany: async (ids) => {
      for (const id of ids) rows.delete(id);
    },
    catalog: async () => [],
    get: async () => undefined,
    getMany: async () => [],
    summary: async () => ({ count: rows.size, lastScanAt: null }),
  };
}

/** Scans `files` tiny WAV files twice: the first scan reads every file, the re-scan none. */
export async function benchLibraryScan(files = 3000): Promise<{
  files: number;
  firstScanSeconds: number;
  firstScanFilesPerSecond: number;
  rescanSeconds: number;
  rescanFilesPerSecond: number;
}> {
  const root = mkdtempSync(join(tmpdir(), 'railtape-bench-library-'));
  try {
    for (let i = 0; i < files; i++) {
      writeWav(join(root, `${String(i).padStart(5, '0')}.wav`), {
        durationMs: 200 + (i % 50),
        title: `Track ${i}`,
        artist: `Artist ${i % 40}`,
      });
    }
    const store = memoryIndex();
    const first = await scanLibrary({ root, store });
    const again = await scanLibrary({ root, store });
    return {
      files,
      firstScanSeconds: first.seconds,
      firstScanFilesPerSecond: files / first.seconds,
      rescanSeconds: again.seconds,
      rescanFilesPerSecond: files / again.seconds,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
