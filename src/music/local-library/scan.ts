import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { parseFile } from 'music-metadata';
import type { LibraryStore, LibraryTrackInput } from '../../db/library.js';

/** The audio files a library scan reads, with the Content-Type the audio route answers. */
export const AUDIO_TYPES: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
};

export interface ScanProgress {
  done: number;
  total: number;
  perSecond: number;
  /** Estimated seconds left. */
  remainingSeconds: number;
}

export interface ScanSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  failed: number;
  seconds: number;
}

/** The stable id of a library file: a hash of its path relative to the library (always with `/`). */
export const libraryTrackId = (relativePath: string) =>
  createHash('sha256').update(relativePath).digest('hex').slice(0, 32);

async function audioFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() || !(extname(e.name).toLowerCase() in AUDIO_TYPES)) continue;
    out.push(join(e.parentPath, e.name));
  }
  return out.sort();
}

interface NativeTag {
  id: string;
  value: unknown;
}

/**
 * Explicit where the file says so: iTunes `rtng` (1 and 4 mean explicit, 2 clean) in MP4 and
 * `ITUNESADVISORY` (1 explicit, 2 clean) in Vorbis comments / ID3 TXXX; unknown otherwise.
 */
function explicitFlag(native: Record<string, NativeTag[]>): boolean | null {
  for (const tags of Object.values(native)) {
    for (const t of tags) {
      const id = t.id.toUpperCase().replace(/^TXXX:/, '');
      const raw =
        typeof t.value === 'object' && t.value !== null && 'text' in t.value ? t.value.text : t.value;
      const v = Number(raw);
      if (id === 'RTNG' || id === '----:COM.APPLE.ITUNES:RTNG') return v === 1 || v === 4;
      if (id === 'ITUNESADVISORY') return v === 1;
    }
  }
  return null;
}

async function readTrack(
  file: string,
  rel: string,
  size: number,
  mtimeMs: number,
  now: Date,
): Promise<LibraryTrackInput> {
  const meta = await parseFile(file, { duration: true });
  const seconds = meta.format.duration;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) throw new Error('no duration');
  const c = meta.common;
  const artists = c.artists?.length ? c.artists : c.artist ? [c.artist] : [];
  return {
    id: libraryTrackId(rel),
    path: rel,
    size,
    mtimeMs,
    title: c.title?.trim() || basename(file, extname(file)),
    artists,
    album: c.album ?? null,
    genre: c.genre?.[0] ?? null,
    durationMs: Math.round(seconds * 1000),
    explicit: explicitFlag(meta.native as Record<string, NativeTag[]>),
    scannedAt: now,
  };
}

/**
 * Brings the index up to date with the disk: reads the tags of new and changed files (by size and
 * mtime) only, deletes the rows of removed files. A file that cannot be read is skipped and counted,
 * and so is one that was readable before but is not now (its old row is removed).
 */
export async function scanLibrary(input: {
  root: string;
  store: LibraryStore;
  onProgress?: (p: ScanProgress) => void;
  /** How often progress is reported, in files (default 200). */
  progressEvery?: number;
  clock?: () => Date;
}): Promise<ScanSummary> {
  const clock = input.clock ?? (() => new Date());
  const started = performance.now();
  const known = new Map((await input.store.stamps()).map((s) => [s.id, s]));
  const files = await audioFiles(input.root);
  const summary: ScanSummary = { added: 0, changed: 0, removed: 0, unchanged: 0, failed: 0, seconds: 0 };
  const seen = new Set<string>();
  const onDisk = new Set<string>();
  const pending: LibraryTrackInput[] = [];
  const every = input.progressEvery ?? 200;
  const now = clock();
  let done = 0;
  for (const file of files) {
    const rel = relative(input.root, file).split(sep).join('/');
    const id = libraryTrackId(rel);
    seen.add(id);
    onDisk.add(id);
    try {
      const st = await stat(file);
      const old = known.get(id);
      if (old && old.size === st.size && old.mtimeMs === st.mtimeMs) {
        summary.unchanged++;
      } else {
        pending.push(await readTrack(file, rel, st.size, st.mtimeMs, now));
        if (old) summary.changed++;
        else summary.added++;
      }
    } catch {
      summary.failed++;
      seen.delete(id);
    }
    done++;
    if (pending.length >= 500) await input.store.upsertMany(pending.splice(0));
    if (input.onProgress && (done % every === 0 || done === files.length)) {
      const elapsed = (performance.now() - started) / 1000;
      const perSecond = elapsed > 0 ? done / elapsed : done;
      input.onProgress({
        done,
        total: files.length,
        perSecond,
        remainingSeconds: perSecond > 0 ? (files.length - done) / perSecond : 0,
      });
    }
  }
  if (pending.length > 0) await input.store.upsertMany(pending);
  const gone = [...known.keys()].filter((id) => !seen.has(id));
  await input.store.removeMany(gone);
  // A file that failed now but was indexed before is not in the library any more, yet not "removed".
  summary.removed = gone.filter((id) => !onDisk.has(id)).length;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
