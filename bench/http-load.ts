/**
 * The API under load, on a Postgres server: an authenticated trip read and a share post at 50
 * connections, next to a bare Fastify route that returns a constant of the trip's size in the same
 * run (the ceiling this machine allows); the server's peak memory; and shares acknowledged vs stored
 * when the server is killed with SIGKILL in the middle of the load.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import type { CatalogTrack } from '../src/domain/playlist.js';
import { type FitOptions, fitTrip, preparePool } from '../src/fit/index.js';
import { parseShare } from '../src/links/index.js';
import { startOpendataFake } from '../test/fakes/opendata.js';
import { FAKE_RIDER, startSpotifyFake } from '../test/fakes/spotify.js';
import { fixtureById } from '../test/fixtures.js';
import { freePort } from '../test/support/ports.js';
import {
  type RailtapeProcess,
  railtapeCommand,
  runRailtape,
  signInOverHttp,
  waitUntilReady,
} from '../test/support/processes.js';
import { redisAnswers } from '../test/support/redis.js';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/10';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
/** Share-post runs, each after its own parse + fit floor. */
const SHARE_ROUNDS = Number(process.env.BENCH_SHARE_ROUNDS ?? 3);
/** Trip-read runs on Postgres, each right after its baseline. */
const READ_ROUNDS = Number(process.env.BENCH_READ_ROUNDS ?? 3);
const TRIP_TEXT = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const CLIENT = { clientId: 'bench', clientSecret: 'bench-secret' };

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Answers with a 2xx status. */
  ok: number;
}

async function measure(options: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
    ok: result['2xx'],
  };
}

const row = (name: string, f: Figures, baseline?: Figures) =>
  `| ${name} | ${Math.round(f.rps)} | ${f.p50} | ${f.p99} | ${f.non2xx} | ${baseline ? `${Math.round((100 * f.rps) / baseline.rps)} %` : '100 %'} |`;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; undefined elsewhere). */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    // Fields 14 and 15 after the command name (which may hold spaces, so count from its closing paren).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** What the server's next fit will be given besides the trip, read back from its database. */
interface ServerFitInput {
  tracks: CatalogTrack[];
  options: Omit<FitOptions, 'seed' | 'recentTrackIds'>;
  /** The track ids of the traveller's five newest playlists, newest first (the server avoids them). */
  recentPlaylists: string[][];
}

async function serverFitInput(url: string): Promise<ServerFitInput | undefined> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const pool = await db.query<{ tracks: CatalogTrack[]; user_id: string }>(
      'select tracks, user_id from music_pools limit 1',
    );
    const row = pool.rows[0];
    if (!row) return undefined;
    const prefs = await db.query<{
      max_tracks_per_artist_per_hour: number;
      allow_explicit: boolean;
      crossfade_seconds: number;
      lead_in_minutes: number;
    }>('select * from preferences where user_id = $1', [row.user_id]);
    const recent = await db.query<{ ids: string[] }>(
      `select array(select t->>'id' from jsonb_array_elements(tracks) t) as ids
         from playlists where user_id = $1 order by created_at desc limit 5`,
      [row.user_id],
    );
    const p = prefs.rows[0];
    return {
      tracks: row.tracks,
      recentPlaylists: recent.rows.map((r) => r.ids),
      options: {
        ...(p
          ? {
              maxTracksPerArtistPerHour: p.max_tracks_per_artist_per_hour,
              allowExplicit: p.allow_explicit,
              crossfadeSeconds: p.crossfade_seconds,
              leadInSeconds: p.lead_in_minutes * 60,
            }
          : {}),
      },
    };
  } finally {
    await db.end();
  }
}

/**
 * The floor for a share: the same parse and fit the server runs, in this process, without HTTP or a
 * database: on the pool the server fits from, with the traveller's preferences (read back from its
 * database), the pool prepared once as the server prepares it, and the same sequence of exclusions:
 * each fit avoids the tracks of the five playlists before it, starting from the server's five newest,
 * as each share of a round does on the server. (How hard a fit works depends on how much of the pool
 * those exclusions cover, so one snapshot of them would not stand for a round.) CPU ms per share,
 * the mean of 200 after 20 to warm up: the server's figure is a mean over its round too.
 */
function parseAndFitMs({ tracks, options, recentPlaylists }: ServerFitInput): number {
  const pool = preparePool(tracks);
  const recent = recentPlaylists.map((ids) => [...ids]);
  let total = 0;
  for (let i = 0; i < 220; i++) {
    const started = process.cpuUsage();
    const outcome = parseShare({ title: null, text: `${TRIP_TEXT} #${i}`, url: null }, { now: Date.now() });
    if (outcome.status !== 'parsed') throw new Error(`the bench trip did not parse: ${outcome.status}`);
    const playlist = fitTrip(outcome.trip, pool, {
      ...options,
      recentTrackIds: new Set(recent.flat()),
      seed: i + 1,
    });
    const used = process.cpuUsage(started);
    if (i >= 20) total += (used.user + used.system) / 1000;
    recent.unshift(playlist.tracks.map((t) => t.id));
    recent.length = Math.min(recent.length, 5);
  }
  return total / 200;
}

/** Signs the fake's rider in on `base` and shares the bench trip: that session's headers and the trip. */
async function travellerWithTrip(
  base: string,
  spotify: Awaited<ReturnType<typeof startSpotifyFake>>,
): Promise<{ headers: Record<string, string>; tripId: string }> {
  const session = await signInOverHttp(base, spotify, FAKE_RIDER);
  if (!session) throw new Error(`sign-in failed on ${base}`);
  const headers = {
    cookie: `railtape_session=${session}`,
    'sec-fetch-site': 'same-origin',
    'content-type': 'application/json',
  };
  const created = (await (
    await fetch(`${base}/api/shares`, { method: 'POST', headers, body: JSON.stringify({ text: TRIP_TEXT }) })
  ).json()) as { trip?: { id: string } };
  if (!created.trip) throw new Error(`the share made no trip on ${base}`);
  return { headers, tripId: created.trip.id };
}

/** The environment of a `railtape serve` on a fresh PGlite data folder (no DATABASE_URL, no Redis). */
function pgliteEnvOf(env: Record<string, string>, port: number, dataDir: string): Record<string, string> {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = env;
  return {
    ...rest,
    // Production insists on a DATABASE_URL: the embedded database is the single-machine install.
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SPOTIFY_REDIRECT_URI: `http://127.0.0.1:${port}/auth/spotify/callback`,
  };
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/**
 * A server on a fresh PGlite data folder, the same traveller and trip, the same trip read, alternated
 * with the bare-Fastify baseline (`rounds` pairs, each pair back to back), so a busy machine weighs on
 * both sides of each ratio alike. One table row per measurement, with the load average before it.
 */
async function tripReadOnPglite(
  env: Record<string, string>,
  spotify: Awaited<ReturnType<typeof startSpotifyFake>>,
  rounds: number,
): Promise<{ rows: string[]; ratios: Array<{ constant: number; bytes: number }> }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'railtape-bench-pglite-'));
  const server = runRailtape(['serve'], pgliteEnvOf(env, port, dataDir));
  const baseline = Fastify();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilReady(`${base}/readyz`, 60_000, server);
    const { headers, tripId } = await travellerWithTrip(base, spotify);
    const tripBody = await (await fetch(`${base}/api/trips/${tripId}`, { headers })).text();
    const constant = JSON.parse(tripBody);
    baseline.get('/constant', async () => constant);
    // Railtape sends its rendered answer as bytes; the first baseline serializes its object on every
    // request. This one sends the same bytes, unserialized: the floor for an answer kept rendered.
    const bytes = Buffer.from(tripBody);
    baseline.get('/bytes', async (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(bytes),
    );
    await baseline.listen({ port: 0, host: '127.0.0.1' });
    const address = baseline.server.address();
    const baselineBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const rows: string[] = [];
    const ratios: Array<{ constant: number; bytes: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      const loadBare = loadAverage();
      const bare = await measure({ url: `${baselineBase}/constant` });
      const loadBytes = loadAverage();
      const sameBytes = await measure({ url: `${baselineBase}/bytes` });
      const loadRead = loadAverage();
      const read = await measure({ url: `${base}/api/trips/${tripId}`, headers });
      ratios.push({ constant: read.rps / bare.rps, bytes: read.rps / sameBytes.rps });
      rows.push(
        `${row(`bare Fastify, the same ${Buffer.byteLength(tripBody)} bytes as an object (round ${round}; load ${loadBare})`, bare)}`,
        `${row(`bare Fastify, the same bytes as a Buffer (round ${round}; load ${loadBytes})`, sameBytes, bare)}`,
        `${row(`GET /api/trips/:id on PGlite (round ${round}; load ${loadRead})`, read, bare)}`,
      );
    }
    return { rows, ratios };
  } finally {
    await baseline.close();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The outside services the server calls, as contract fakes: Spotify (sign-in, the pool, the playlist)
 * and transport.opendata.ch (each new trip's real-time look-up after the answer), so a bench never
 * sends its load to a real service.
 */
async function startBenchFakes() {
  const spotify = await startSpotifyFake({
    clients: [{ ...CLIENT, redirectUris: ['http://127.0.0.1/auth/spotify/callback'] }],
  });
  const opendata = await startOpendataFake();
  return {
    spotify,
    opendata,
    close: async () => {
      await spotify.close();
      await opendata.close();
    },
  };
}
type BenchFakes = Awaited<ReturnType<typeof startBenchFakes>>;

/** The PGlite trip read alone (`npx tsx bench/http-load.ts pglite [rounds]`): no Postgres needed. */
export async function benchPgliteTripRead(rounds = 3): Promise<{ lines: string[] }> {
  const fakes = await startBenchFakes();
  const { spotify } = fakes;
  try {
    const { rows, ratios } = await tripReadOnPglite(benchEnv(0, fakes), spotify, rounds);
    return {
      lines: [
        `${CONNECTIONS} connections, ${SECONDS} s each, autocannon; one \`railtape serve\` on PGlite (NODE_ENV=development, no Redis), each read right after its baseline; load average 1 / 5 / 15 min`,
        '',
        '| route | req/s | p50 ms | p99 ms | non-2xx | of baseline |',
        '|---|---:|---:|---:|---:|---:|',
        ...rows,
        '',
        `PGlite trip read / baseline (object) per round: ${ratios.map((r) => r.constant.toFixed(2)).join(', ')} (goal ≥ 0.3); / the same bytes as a Buffer: ${ratios.map((r) => r.bytes.toFixed(2)).join(', ')}`,
      ],
    };
  } finally {
    await fakes.close();
  }
}

/** The server's environment: production on `DATABASE_URL` (when given), the fakes, no limits in the way. */
function benchEnv(
  port: number,
  { spotify, opendata }: BenchFakes,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123456789',
    TOKEN_ENCRYPTION_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
    SPOTIFY_CLIENT_ID: CLIENT.clientId,
    SPOTIFY_CLIENT_SECRET: CLIENT.clientSecret,
    SPOTIFY_REDIRECT_URI: `http://127.0.0.1:${port}/auth/spotify/callback`,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
    TRANSPORT_API_URL: opendata.url,
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '10000000',
    ...extra,
  };
}

interface ReadRound {
  loadBare: string;
  bare: Figures;
  loadBytes: string;
  sameBytes: Figures;
  loadRead: string;
  read: Figures;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function readLines(rounds: readonly ReadRound[]): string[] {
  const toObject = rounds.map((r) => r.read.rps / r.bare.rps);
  const toBytes = rounds.map((r) => r.read.rps / r.sameBytes.rps);
  return [
    `GET /api/trips/:id on Postgres / baseline (object) per round: ${toObject.map((r) => r.toFixed(2)).join(', ')}; median ${median(toObject).toFixed(2)} (goal ≥ 0.5); / the same bytes as a Buffer: ${toBytes.map((r) => r.toFixed(2)).join(', ')}; median ${median(toBytes).toFixed(2)}`,
    '',
    '| route | req/s | p50 ms | p99 ms | non-2xx | of baseline |',
    '|---|---:|---:|---:|---:|---:|',
    ...rounds.flatMap((r, i) => [
      row(`bare Fastify, constant of the same size (round ${i + 1}; load ${r.loadBare})`, r.bare),
      row(
        `bare Fastify, the same bytes as a Buffer (round ${i + 1}; load ${r.loadBytes})`,
        r.sameBytes,
        r.bare,
      ),
      row(`GET /api/trips/:id, signed in (round ${i + 1}; load ${r.loadRead})`, r.read, r.bare),
    ]),
  ];
}

interface ShareRound {
  load: string;
  post: Figures;
  cpuMs: number;
  floorMs: number;
  fitInput: ServerFitInput;
}

function shareLines(shareRounds: readonly ShareRound[]): string[] {
  const fitInput = shareRounds[0]?.fitInput;
  const medianRatio =
    shareRounds.length > 0 ? median(shareRounds.map((r) => r.cpuMs / r.floorMs)) : undefined;
  return [
    `POST /api/shares, server CPU per share (the server process, all its threads; Postgres's own CPU not counted) vs the same parse + fit without I/O in this process (pool of ${fitInput?.tracks.length ?? 0} tracks, the traveller's preferences, the tracks of the five playlists before each fit avoided, ${fitInput ? new Set(fitInput.recentPlaylists.flat()).size : 0} of them at the first round's start), each round right after its floor:`,
    '',
    '| round | load average | shares/s | p50 ms | p99 ms | server CPU ms/share | parse + fit ms | ratio |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...shareRounds.map(
      (r, i) =>
        `| ${i + 1} | ${r.load} | ${Math.round(r.post.rps)} | ${r.post.p50} | ${r.post.p99} | ${r.cpuMs.toFixed(2)} | ${r.floorMs.toFixed(2)} | ${(r.cpuMs / r.floorMs).toFixed(2)}× |`,
    ),
    '',
    `share CPU / parse + fit, median of ${shareRounds.length} rounds: ${medianRatio?.toFixed(2) ?? 'n/a'}× (goal ≤ 2×)`,
  ];
}

/**
 * `npx tsx bench/http-load.ts` runs all of it; `… read` or `… shares` (`only`) the Postgres trip read
 * and its baselines, or the share posts and their floor, alone, for a quick look at one change;
 * `… pglite [rounds]` the PGlite read.
 */
export async function benchHttpLoad({ only }: { only?: 'read' | 'shares' } = {}): Promise<{
  lines: string[];
}> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch {
    return { lines: [`skipped: no Postgres server at ${ADMIN_URL} (set BENCH_DATABASE_URL)`] };
  }
  const dbName = `railtape_bench_${process.pid}`;
  await admin.query(`create database ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const fakes = await startBenchFakes();
  const { spotify } = fakes;
  const port = await freePort();
  const redis = await redisAnswers(REDIS_URL);
  const env = benchEnv(port, fakes, {
    ...(redis ? { REDIS_URL } : {}),
    DATABASE_URL: dbUrl.toString(),
  });
  let server: RailtapeProcess | undefined;
  const baseline = Fastify();
  try {
    await railtapeCommand(['migrate'], env);
    server = runRailtape(['serve'], env);
    const base = `http://127.0.0.1:${port}`;
    await waitUntilReady(`${base}/readyz`, 30_000, server);
    const { headers, tripId } = await travellerWithTrip(base, spotify);
    const tripBody = await (await fetch(`${base}/api/trips/${tripId}`, { headers })).text();

    // The ceiling: the same machine, the same size of answer, no auth, no database.
    const constant = JSON.parse(tripBody);
    baseline.get('/constant', async () => constant);
    // The stricter floor for an answer kept rendered: the same bytes, not serialized per request.
    const bytes = Buffer.from(tripBody);
    baseline.get('/bytes', async (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(bytes),
    );
    await baseline.listen({ port: 0, host: '127.0.0.1' });
    const address = baseline.server.address();
    const baselinePort = typeof address === 'object' && address ? address.port : 0;

    // Both sides warmed (compiled, connections open) before anything counts.
    await measure({ url: `http://127.0.0.1:${baselinePort}/constant`, duration: 2 });
    await measure({ url: `${base}/api/trips/${tripId}`, headers, duration: 2 });
    // Alternated, each read right after its baseline, so a busy machine weighs on both sides alike.
    const readRounds: ReadRound[] = [];
    for (let round = 1; round <= (only === 'shares' ? 0 : READ_ROUNDS); round++) {
      const loadBare = loadAverage();
      const bare = await measure({ url: `http://127.0.0.1:${baselinePort}/constant` });
      const loadBytes = loadAverage();
      const sameBytes = await measure({ url: `http://127.0.0.1:${baselinePort}/bytes` });
      const loadRead = loadAverage();
      const read = await measure({ url: `${base}/api/trips/${tripId}`, headers });
      readRounds.push({ loadBare, bare, loadBytes, sameBytes, loadRead, read });
    }
    const bare = readRounds[readRounds.length - 1]?.bare;
    if (only === 'read') return { lines: readLines(readRounds) };
    // Share posts alternated with their floor (the same parse + fit in this process), so a busy
    // machine weighs on both sides of each round's ratio alike.
    let n = 0;
    // Warmed under a round's own load, as the trip read is (twenty shares one after another were a
    // fraction of a second of what a round sends), and five playlists behind the traveller.
    const shareLoad = (label: string): autocannon.Request[] => [
      {
        method: 'POST',
        headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ text: `${TRIP_TEXT} ${label}${n++}` }) }),
      },
    ];
    await measure({ url: `${base}/api/shares`, duration: 3, requests: shareLoad('warm #') });
    const shareRounds: ShareRound[] = [];
    for (let round = 1; round <= SHARE_ROUNDS; round++) {
      const fitInput = await serverFitInput(dbUrl.toString());
      if (!fitInput) throw new Error('the server stored no music pool');
      const floorMs = parseAndFitMs(fitInput);
      const load = loadAverage();
      const cpuBefore = cpuSecondsOf(server.child.pid);
      const post = await measure({ url: `${base}/api/shares`, requests: shareLoad('#') });
      const cpuAfter = cpuSecondsOf(server.child.pid);
      if (cpuBefore === undefined || cpuAfter === undefined || post.ok === 0) continue;
      shareRounds.push({ load, post, cpuMs: (1000 * (cpuAfter - cpuBefore)) / post.ok, floorMs, fitInput });
    }
    const peak = server.peakMemoryMiB();
    const post = shareRounds[shareRounds.length - 1]?.post ?? { rps: 0, p50: 0, p99: 0, non2xx: 0, ok: 0 };
    if (only === 'shares') return { lines: shareLines(shareRounds) };

    // SIGKILL in the middle of a share load: every acknowledged share must be in the database.
    const acknowledged = new Set<string>();
    let sent = 0;
    const killed = autocannon({
      url: `${base}/api/shares`,
      connections: CONNECTIONS,
      duration: 4,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (req) => {
            sent++;
            return { ...req, body: JSON.stringify({ text: `${TRIP_TEXT} kill #${n++}` }) };
          },
          onResponse: (status, body) => {
            if (status >= 200 && status < 300)
              acknowledged.add((JSON.parse(body) as { share: { id: string } }).share.id);
          },
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 2_000));
    server.child.kill('SIGKILL');
    await server.exited;
    await killed;
    const db = new pg.Client({ connectionString: dbUrl.toString() });
    await db.connect();
    const stored = await db.query('select count(*)::int as n from shares where id = any($1)', [
      [...acknowledged],
    ]);
    await db.end();

    // The embedded default: the same trip read on PGlite (no DATABASE_URL, no Redis), alternated with
    // its own baseline.
    const pglite = await tripReadOnPglite(env, spotify, 2);

    return {
      lines: [
        `${CONNECTIONS} connections, ${SECONDS} s each, autocannon; server: one \`railtape serve\` process (NODE_ENV=production, tsx), Postgres ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}, ${redis ? 'Redis (sessions and rate limits)' : 'no Redis'}; load generator, server and Postgres share the machine's cores`,
        '',
        ...readLines(readRounds),
        row('POST /api/shares (signed in, a new trip each)', post, bare),
        '',
        'The embedded default (NODE_ENV=development, no Redis), each read right after its own baseline:',
        '',
        '| route | req/s | p50 ms | p99 ms | non-2xx | of baseline |',
        '|---|---:|---:|---:|---:|---:|',
        ...pglite.rows,
        '',
        ...shareLines(shareRounds),
        `trip answer: ${Buffer.byteLength(tripBody)} bytes; peak server memory (VmHWM) under this load: ${peak?.toFixed(0) ?? 'n/a'} MiB`,
        `SIGKILL under share load: ${sent} requests started (most of them refused connections after the kill), ${acknowledged.size} acknowledged (2xx), ${stored.rows[0].n} of them stored, ${acknowledged.size - stored.rows[0].n} lost`,
      ],
    };
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
    await server?.exited;
    await baseline.close();
    await fakes.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mode = process.argv[2];
  const result =
    mode === 'pglite'
      ? await benchPgliteTripRead(Number(process.argv[3] ?? 3))
      : await benchHttpLoad(mode === 'read' || mode === 'shares' ? { only: mode } : {});
  process.stdout.write(`${result.lines.join('\n')}\n`);
}
