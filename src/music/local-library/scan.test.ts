import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeWav } from '../../../test/support/audio-files.js';
import type { LibraryStore, LibraryTrackInput, LibraryTrackRow } from '../../db/library.js';
import { libraryTrackId, type ScanProgress, scanLibrary } from './scan.js';
import { localMusic } from './source.js';

function memoryLibrary(): LibraryStore & { rows: Map<string, LibraryTrackRow> } {
  const rows = new Map<string, LibraryTrackRow>();
  const full = (r: LibraryTrackInput): LibraryTrackRow => ({
    album: null,
    genre: null,
    explicit: null,
    ...r,
  });
  return {
    rows,
    stamps: async () =>
      [...rows.values()].map(({ id, path, size, mtimeMs }) => ({ id, path, size, mtimeMs })),
    upsertMany: async (input) => {
      for (const r of input) rows.set(r.id, full(r));
    },
    removeMany: async (ids) => {
      for (const id of ids) rows.delete(id);
    },
    catalog: async () =>
      [...rows.values()].map((r) => ({
        id: r.id,
        title: r.title,
        artists: r.artists,
        durationMs: r.durationMs,
      })),
    get: async (id) => rows.get(id),
    getMany: async (ids) => ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : [])),
    summary: async () => ({ count: rows.size, lastScanAt: null }),
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'railtape-library-'));
  dirs.push(d);
  return d;
};

describe('scanLibrary', () => {
  it('indexes tags and exact durations, then re-reads only what changed', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'Artist', 'Album'), { recursive: true });
    writeWav(join(root, 'Artist', 'Album', '01.wav'), {
      durationMs: 2500,
      title: 'First',
      artist: 'Artist',
      album: 'Album',
      genre: 'Rock',
    });
    writeWav(join(root, 'untagged.wav'), { durationMs: 1000 });
    writeFileSync(join(root, 'broken.mp3'), 'not audio at all');
    writeFileSync(join(root, 'notes.txt'), 'ignored');
    const store = memoryLibrary();
    const progress: ScanProgress[] = [];
    const first = await scanLibrary({ root, store, onProgress: (p) => progress.push(p), progressEvery: 1 });
    expect(first).toMatchObject({ added: 2, changed: 0, removed: 0, unchanged: 0, failed: 1 });
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });

    const tagged = store.rows.get(libraryTrackId('Artist/Album/01.wav'));
    expect(tagged).toMatchObject({
      path: 'Artist/Album/01.wav',
      title: 'First',
      artists: ['Artist'],
      album: 'Album',
      genre: 'Rock',
      durationMs: 2500,
    });
    expect(store.rows.get(libraryTrackId('untagged.wav'))).toMatchObject({ title: 'untagged', artists: [] });

    const again = await scanLibrary({ root, store });
    expect(again).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 2, failed: 1 });

    writeWav(join(root, 'untagged.wav'), { durationMs: 3000 });
    utimesSync(join(root, 'untagged.wav'), new Date(), new Date(Date.now() + 5000));
    rmSync(join(root, 'Artist'), { recursive: true });
    const third = await scanLibrary({ root, store });
    expect(third).toMatchObject({ added: 0, changed: 1, removed: 1, unchanged: 0, failed: 1 });
    expect(store.rows.get(libraryTrackId('untagged.wav'))?.durationMs).toBe(3000);
    expect(store.rows.size).toBe(1);
  });

  it('the local source refuses an empty library with library_empty', async () => {
    await expect(localMusic({ library: memoryLibrary() }).poolFor('u')).rejects.toMatchObject({
      code: 'library_empty',
    });
  });
});
