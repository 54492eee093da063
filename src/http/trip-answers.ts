import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The trip read's answers, kept rendered: a trip screen is read far more often than it changes, and
 * most of a read's cost is the trip's and the playlist's JSON coming out of Postgres, parsed, checked
 * against the schema and written again (16 kB for a five-hour trip). On a Postgres server each read
 * takes the trip's version (`TripStore.versionOf`) from the record of changes while the change feed
 * is live (`db/trip-change-feed.ts`: every process's writes, notified by Postgres at commit), and asks
 * Postgres for it (timestamps and sync state, no JSON) while it is not, so every instance answers what
 * the database holds; only an unchanged answer comes from memory. On PGlite the process is the
 * database's only writer, and the version comes from the stores' own record of their writes
 * (`db/trip-changes.ts`) without a query.
 *
 * An answer is kept as bytes (no UTF-8 encoding per request) and, once a client has asked for it, in
 * the compressed form browsers accept, so a phone's `Accept-Encoding: br` costs one compression per
 * version instead of one per read. Its `etag` lets a client that already has it get a 304.
 */
export interface TripAnswer {
  body: Buffer;
  /** Weak: the same for every encoding of the same answer. */
  etag: string;
}

export type AnswerEncoding = 'br' | 'gzip' | 'identity';

export interface TripAnswers {
  get(key: string, version: string): TripAnswer | undefined;
  set(key: string, version: string, json: string): TripAnswer;
  /** The answer's bytes in `encoding`, compressed on first use and kept with it. */
  encoded(answer: TripAnswer, encoding: AnswerEncoding): Buffer;
}

interface Entry extends TripAnswer {
  version: string;
  br?: Buffer;
  gzip?: Buffer;
}

/** A least-recently-used map of at most `max` answers (500 × ~16 kB, ×~1.3 with compressed copies). */
export function createTripAnswers(max = 500): TripAnswers {
  const entries = new Map<string, Entry>();
  return {
    get(key, version) {
      const hit = entries.get(key);
      if (!hit || hit.version !== version) return undefined;
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    },
    set(key, version, json) {
      // Of the content, not the version: versions from the change record differ per instance
      // (`db/trip-changes.ts`), and a client moving between instances should still get its 304.
      const etag = `W/"${createHash('sha256').update(key).update('\0').update(json).digest('base64url').slice(0, 22)}"`;
      const entry: Entry = { version, body: Buffer.from(json, 'utf8'), etag };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return entry;
    },
    encoded(answer, encoding) {
      const entry = answer as Entry;
      if (encoding === 'br') {
        // Quality 5: most of brotli's gain on JSON at a fraction of the time of the default 11.
        entry.br ??= brotliCompressSync(entry.body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 5,
            [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length,
          },
        });
        return entry.br;
      }
      if (encoding === 'gzip') {
        entry.gzip ??= gzipSync(entry.body);
        return entry.gzip;
      }
      return entry.body;
    },
  };
}

/**
 * The encoding to answer in, from `Accept-Encoding` (RFC 9110 §12.5.3): brotli, then gzip, when the
 * client accepts them with a non-zero weight (`*` counts for both); else the bytes as they are.
 */
export function chooseEncoding(acceptEncoding: string | undefined): AnswerEncoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const accepts = (name: string) => (weights.get(name) ?? weights.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

/** Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === wanted);
}
