import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CatalogTrack, Playlist } from '../domain/playlist.js';
import {
  type FitOptions,
  type FitTrip,
  fitTrip,
  type PreparedPool,
  preparePool,
  refitTrip,
} from '../fit/index.js';
import type { MusicPool } from '../music/source.js';

/**
 * Where the playlist service's fits run, and the prepared pools they share.
 *
 * Preparing a pool (validate, de-duplicate, normalise artists, sort by id) costs most of a fit of a
 * big pool, and depends only on the pool, so it is done once per *pool version* and reused:
 * - by identity: a `WeakMap` on the `tracks` array `poolFor` returned. Sources that keep their pool
 *   (the demo catalog, a cached library) hand back the same array, and a hit costs nothing. Arrays
 *   must not be changed after they were returned (`MusicPool.tracks` is readonly for that reason);
 * - by content: sources that rebuild the array on every call (a Spotify or Subsonic read) are matched
 *   on a fingerprint of provider, track count and a 64-bit hash of every field a fit reads (id, title,
 *   artists, duration, explicit, score), in an LRU of a few versions. Hashing is one pass without
 *   allocation: about 4 ms for 20,000 tracks, against about 20 ms to prepare.
 *
 * Fits of pools above `workerThreshold` tracks run in a worker thread (one, started on first use,
 * kept for the next fits): the pool is sent once per version and prepared there, each fit then sends
 * only its trip and options. Smaller fits stay inline: the hop costs more than they do. If the worker
 * dies or fails a fit, that fit runs inline, so a crash costs time, never a playlist.
 */

export const DEFAULT_WORKER_THRESHOLD = 5_000;
const CACHED_VERSIONS = 4;
/** After this many crashes the worker is not restarted: fits stay inline until the next start. */
const MAX_WORKER_CRASHES = 3;

export type FitCall =
  | { kind: 'fit'; trip: FitTrip; options: FitOptions }
  | { kind: 'refit'; trip: FitTrip; previous: Playlist; playedSeconds: number; options: FitOptions };

export type WorkerRequest =
  | { type: 'pool'; version: number; tracks: readonly CatalogTrack[] }
  | { type: 'drop'; version: number }
  | { type: 'fit'; id: number; version: number; call: FitCall };

export type WorkerReply =
  | { id: number; ok: true; playlist: Playlist }
  /** `expected`: the fit refused its input (an `AppError` with a code, a bad instant), not a bug. */
  | { id: number; ok: false; message: string; expected: boolean };

export interface FitRunnerLog {
  warn(obj: object, msg: string): void;
}

export interface FitRunnerOptions {
  /** Pools with more tracks than this are fitted in the worker; `Infinity` keeps every fit inline. */
  workerThreshold?: number;
  log?: FitRunnerLog;
  /** The worker's entry (tests point it at a worker that fails); default `fit-worker.ts`/`.js`. */
  workerEntry?: { url: URL; execArgv?: string[] };
}

export interface FitRunner {
  fit(pool: MusicPool, call: FitCall): Promise<Playlist>;
  /** The prepared pool of this pool version (prepared now if it is new). */
  prepared(pool: MusicPool): PreparedPool;
  /** Stops the worker; fits after this run inline. */
  close(): Promise<void>;
  /** For tests and the benchmark: where the fits ran. */
  readonly stats: { inline: number; worker: number; fallbacks: number; prepared: number };
}

interface PoolVersion {
  version: number;
  provider: string;
  tracks: readonly CatalogTrack[];
  prepared: PreparedPool | undefined;
}

const numberBits = new Float64Array(1);
const numberWords = new Uint32Array(numberBits.buffer);

/**
 * FNV-1a and a multiply-xorshift hash side by side: 64 bits, so distinct pools do not collide.
 * Numbers are hashed as their float64 bits and strings by char code: no conversion, no allocation.
 */
export function poolFingerprint(provider: string, tracks: readonly CatalogTrack[]): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  const word = (w: number) => {
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x85ebca6b);
    b ^= b >>> 13;
  };
  const text = (s: unknown) => {
    // A non-string id is an invalid track, so it must not hash like the string it prints as.
    if (typeof s !== 'string') {
      word(0x10000);
      s = String(s);
    }
    const str = s as string;
    for (let i = 0; i < str.length; i++) word(str.charCodeAt(i));
    // A separator, so ["ab", "c"] and ["a", "bc"] differ.
    word(0x10001);
  };
  // As the fit reads them (`Math.round`, `Number.isFinite`): the number a field coerces to.
  const num = (x: unknown) => {
    numberBits[0] = x as number;
    word(numberWords[0]!);
    word(numberWords[1]!);
  };
  text(provider);
  for (const t of tracks) {
    text(t.id);
    text(t.title);
    const artists = t.artists ?? [];
    word(artists.length);
    for (const artist of artists) text(artist);
    num(t.durationMs);
    num(t.score);
    word(t.explicit === true ? 1 : t.explicit === false ? 2 : t.explicit === undefined ? 3 : 4);
  }
  return `${provider}:${tracks.length}:${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}`;
}

/** `fit-worker.js` beside this file when built; under tsx or vitest the `.ts` source, through tsx. */
function defaultWorkerEntry(): { url: URL; execArgv?: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { url: new URL('./fit-worker.js', import.meta.url) };
  // Absolute, because `--import tsx` would be resolved from the process's working directory.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { url: new URL('./fit-worker.ts', import.meta.url), execArgv: ['--import', tsx] };
}

class WorkerLost extends Error {}

class WorkerFitFailed extends Error {
  constructor(
    message: string,
    readonly expected: boolean,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(playlist: Playlist): void;
  reject(err: Error): void;
}

/** One worker thread, its pool versions and its fits in flight. */
class FitWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  /** Versions the worker holds, oldest first. */
  private readonly versions: number[] = [];
  private nextId = 0;
  private lost = false;
  private closing = false;

  constructor(entry: { url: URL; execArgv?: string[] }, onLost: (reason: string) => void) {
    this.worker = new Worker(entry.url, entry.execArgv ? { execArgv: entry.execArgv } : {});
    // Idle, the worker must not keep a CLI run or a test alive; busy, it must (see `run`).
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.settle(reply.id);
      if (reply.ok) pending.resolve(reply.playlist);
      else pending.reject(new WorkerFitFailed(reply.message, reply.expected));
    });
    const lose = (reason: string) => {
      if (this.lost) return;
      this.lost = true;
      if (!this.closing) onLost(reason);
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new WorkerLost(reason));
      }
    };
    // Only the error's message: a worker error never carries tracks or user data, and stays so.
    this.worker.on('error', (err) => lose(err.message));
    this.worker.on('exit', (code) => lose(`exited with code ${code}`));
  }

  get dead(): boolean {
    return this.lost || this.closing;
  }

  run(version: PoolVersion, call: FitCall): Promise<Playlist> {
    if (!this.versions.includes(version.version)) {
      this.worker.postMessage({
        type: 'pool',
        version: version.version,
        tracks: version.tracks,
      } satisfies WorkerRequest);
      this.versions.push(version.version);
      if (this.versions.length > CACHED_VERSIONS) {
        this.worker.postMessage({ type: 'drop', version: this.versions.shift()! } satisfies WorkerRequest);
      }
    }
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<Playlist>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'fit', id, version: version.version, call } satisfies WorkerRequest);
    });
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  /** Fits still in flight fall back inline (their `exit` rejects them). */
  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

export function createFitRunner(options: FitRunnerOptions = {}): FitRunner {
  const threshold = options.workerThreshold ?? DEFAULT_WORKER_THRESHOLD;
  const byArray = new WeakMap<readonly CatalogTrack[], PoolVersion>();
  const byFingerprint = new Map<string, PoolVersion>();
  const stats = { inline: 0, worker: 0, fallbacks: 0, prepared: 0 };
  let nextVersion = 1;
  let worker: FitWorker | null = null;
  let crashes = 0;
  let closed = false;

  function versionOf(pool: MusicPool): PoolVersion {
    const known = byArray.get(pool.tracks);
    if (known && known.provider === pool.provider && known.tracks.length === pool.tracks.length) return known;
    const fingerprint = poolFingerprint(pool.provider, pool.tracks);
    let version = byFingerprint.get(fingerprint);
    if (version) byFingerprint.delete(fingerprint);
    else {
      version = { version: nextVersion++, provider: pool.provider, tracks: pool.tracks, prepared: undefined };
    }
    // Re-inserted last: the Map's order is the LRU order.
    byFingerprint.set(fingerprint, version);
    if (byFingerprint.size > CACHED_VERSIONS) byFingerprint.delete(byFingerprint.keys().next().value!);
    byArray.set(pool.tracks, version);
    return version;
  }

  function preparedOf(version: PoolVersion): PreparedPool {
    if (!version.prepared) {
      version.prepared = preparePool(version.tracks);
      stats.prepared++;
    }
    return version.prepared;
  }

  function inline(version: PoolVersion, call: FitCall): Playlist {
    const pool = preparedOf(version);
    return call.kind === 'fit'
      ? fitTrip(call.trip, pool, call.options)
      : refitTrip(call.trip, call.previous, call.playedSeconds, pool, call.options);
  }

  function workerFor(): FitWorker | null {
    if (closed || crashes >= MAX_WORKER_CRASHES) return null;
    if (worker && !worker.dead) return worker;
    try {
      worker = new FitWorker(options.workerEntry ?? defaultWorkerEntry(), (reason) => {
        crashes++;
        options.log?.warn(
          { reason, crashes, restarts: crashes < MAX_WORKER_CRASHES },
          'fit worker lost; its fits run inline',
        );
      });
      return worker;
    } catch (err) {
      crashes = MAX_WORKER_CRASHES;
      options.log?.warn({ reason: (err as Error).message }, 'fit worker did not start; fits run inline');
      return null;
    }
  }

  return {
    stats,
    prepared: (pool) => preparedOf(versionOf(pool)),

    async fit(pool, call) {
      const version = versionOf(pool);
      const runner = version.tracks.length > threshold ? workerFor() : null;
      if (runner) {
        try {
          const playlist = await runner.run(version, call);
          stats.worker++;
          return playlist;
        } catch (err) {
          // A fit that failed in the worker runs again inline: the same result, or the same error
          // with its type (an `AppError` keeps its code) instead of a copy without it.
          stats.fallbacks++;
          if (err instanceof WorkerFitFailed && !err.expected) {
            options.log?.warn({ reason: (err as Error).message }, 'fit failed in the worker; retried inline');
          }
        }
      }
      stats.inline++;
      return inline(version, call);
    },

    async close() {
      closed = true;
      const running = worker;
      worker = null;
      await running?.close();
    },
  };
}
