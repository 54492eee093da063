import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import { AUDIO_TYPES, type ScanSummary, scanLibrary } from '../../music/local-library/scan.js';
import { libraryScanSummary, libraryTrackParams, libraryView } from '../schemas.js';

/** Runs one scan at a time: a second caller waits for the scan already running. */
export function runLibraryScan(app: FastifyInstance): Promise<ScanSummary> {
  const dir = app.musicDir;
  if (!dir) return Promise.reject(new AppError('not_found', 'This server has no music library.'));
  const state = app.libraryScan;
  if (state.running) return state.running;
  state.running = scanLibrary({ root: dir, store: app.stores.library })
    .then((summary) => {
      state.last = { ...summary, finishedAt: app.clock().toISOString() };
      return summary;
    })
    .finally(() => {
      state.running = null;
    });
  return state.running;
}

/** RFC 9110 single byte range: `bytes=a-b`, `bytes=a-`, `bytes=-n`; null when unsatisfiable. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

/** `/api/library`: the server's music library (`MUSIC_DIR`): its index, scans, and its files. */
export const libraryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/library', { schema: { response: { 200: libraryView } } }, async () => {
    const { count } = await app.stores.library.summary();
    return {
      configured: app.musicDir !== undefined,
      count,
      lastScan: app.libraryScan.last,
      scanning: app.libraryScan.running !== null,
    };
  });

  app.post('/library/scan', { schema: { response: { 200: libraryScanSummary } } }, async () =>
    runLibraryScan(app),
  );

  app.get('/library/tracks/:id/audio', { schema: { params: libraryTrackParams } }, async (request, reply) => {
    const row = app.musicDir ? await app.stores.library.get(request.params.id) : undefined;
    if (!row || !app.musicDir) throw new AppError('not_found', 'No such track.');
    // The path comes from the index, never from the request: nothing outside MUSIC_DIR is reachable.
    const file = join(app.musicDir, row.path);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) throw new AppError('not_found', 'No such track.');
    const type = AUDIO_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    reply.header('accept-ranges', 'bytes').type(type);
    const rangeHeader = request.headers.range;
    if (rangeHeader === undefined) {
      reply.header('content-length', st.size);
      return reply.send(createReadStream(file));
    }
    const range = parseRange(rangeHeader, st.size);
    if (!range) {
      return reply.code(416).header('content-range', `bytes */${st.size}`).send();
    }
    reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${st.size}`)
      .header('content-length', range.end - range.start + 1);
    return reply.send(createReadStream(file, { start: range.start, end: range.end }));
  });
};
