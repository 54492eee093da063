import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.js';
import type { CatalogTrack } from './domain/playlist.js';
import type { Trip } from './domain/trip.js';
import { fitTrip } from './fit/index.js';
import { buildApp } from './http/app.js';
import { runLibraryScan } from './http/routes/library.js';
import { reparseFailedShares, runParseWorker } from './jobs/parse-worker.js';
import { syncDuePlaylists } from './jobs/playlist-sync.js';
import { runReminderWorker } from './jobs/reminder-worker.js';
import { trackTripsUnderWay } from './jobs/trip-tracking.js';
import { runSelfTest } from './links/canaries.js';
import { parseShare } from './links/index.js';
import type { ParseOutcome, SharePayload } from './links/types.js';
import { flushed, localUrl, loggerOptions, resolveLogFormat } from './logging.js';
import { scanLibrary } from './music/local-library/scan.js';
import { backupDatabase, restoreDatabase } from './ops/backup.js';
import { checkParserHealth } from './ops/parser-health.js';
import { formatStats, parseSince, statsReport } from './ops/stats.js';
import { createRuntime, type Runtime, WEB_ROOT } from './runtime.js';
import { createLinkResolver } from './share/resolve-link.js';

/** The `railtape` command. Exit codes: 0 ok, 1 failure, 2 usage, 3 unparseable share, 4 needs the network. */

export const COMMANDS = [
  'serve',
  'migrate',
  'worker parse',
  'worker reminders',
  'library scan',
  'selftest',
  'parse',
  'fit',
  'reparse',
  'backup',
  'restore',
  'stats',
] as const;

const USAGE = `Usage: railtape <command>
  serve                       start the web server (migrates the embedded database first)
  migrate                     apply database migrations (idempotent)
  worker parse                one run of the parse worker: resolve short links, retry stuck shares
  worker reminders [--loop]   one run of the reminder worker: send due Web Push reminders (one summary
                              line); --loop keeps running, a run every 15 s
  library scan                index MUSIC_DIR: new, changed and removed audio files (progress on stderr)
  selftest                    decode the built-in canary shares; exit 1 on any mismatch
  parse [--offline] [--title T] [--text T] [--url U]   (or JSON {"title","text","url"} on stdin)
  fit --trip FILE --catalog FILE [--seed N] [--crossfade S] [--lead-in M]
                              S: the player's crossfade, 0–12 s; M: minutes of music before departure, 0–30
  reparse --failed            re-run every failed share through the current parser
  backup --file F             pg_dump the DATABASE_URL database
  restore --file F            pg_restore into the DATABASE_URL database
  stats [--since 7d] [--json] shares by family and outcome, share → playlist times, fit errors, music
                              sources, reminders, external API calls, parser alarms (on DATABASE_READ_URL
                              when set)`;

class UsageError extends Error {}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const printError = (code: string, message: string) => print({ error: { code, message } });

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const payloadSchema = z.object({
  title: z.string().nullish(),
  text: z.string().nullish(),
  url: z.string().nullish(),
});

async function parseCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      offline: { type: 'boolean' },
      title: { type: 'string' },
      text: { type: 'string' },
      url: { type: 'string' },
    },
  });
  let payload: SharePayload;
  if (values.title !== undefined || values.text !== undefined || values.url !== undefined) {
    payload = { title: values.title ?? null, text: values.text ?? null, url: values.url ?? null };
  } else {
    const raw = (await readStdin()).trim();
    if (!raw) throw new UsageError('parse needs --title/--text/--url or a JSON share on stdin');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new UsageError('stdin is not JSON: expected {"title","text","url"}');
    }
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) throw new UsageError('stdin JSON must be {"title","text","url"} with string values');
    payload = {
      title: parsed.data.title ?? null,
      text: parsed.data.text ?? null,
      url: parsed.data.url ?? null,
    };
  }
  const now = Date.now();
  let outcome: ParseOutcome = parseShare(payload, { now });
  if (outcome.status === 'needs_resolution' && outcome.code === 'short_link' && !values.offline) {
    const config = loadConfig();
    const resolver = createLinkResolver({
      sbbShortLinkUrl: config.shortLinks.sbbUrl,
      googleShortLinkUrl: config.shortLinks.googleUrl,
    });
    try {
      const longLink = await resolver.resolve(outcome.link);
      outcome = parseShare({ title: null, text: longLink, url: null }, { now });
    } catch (err) {
      const e = err as { code?: string; message?: string };
      printError(e.code ?? 'resolution_failed', e.message ?? 'The short link could not be fetched.');
      return 3;
    }
  }
  switch (outcome.status) {
    case 'parsed':
      print(outcome.trip);
      return 0;
    case 'failed':
      printError(outcome.code, outcome.message);
      return 3;
    case 'needs_resolution':
      print({
        error: {
          code: 'needs_resolution',
          message:
            outcome.code === 'short_link'
              ? `The short link ${outcome.link} must be fetched over the network.`
              : 'This share is a search: a timetable query must choose the train.',
          ...(outcome.code === 'timetable_query' ? { query: outcome.query } : { link: outcome.link }),
        },
      });
      return 4;
  }
}

const catalogSchema = z.array(
  z.object({
    id: z.string(),
    title: z.string(),
    artists: z.array(z.string()),
    durationMs: z.number().int().positive(),
    explicit: z.boolean().optional(),
    score: z.number().min(0).max(1).optional(),
  }),
);
const tripSchema = z.object({
  departure: z.string(),
  arrival: z.string(),
  legs: z
    .array(z.object({ mode: z.string(), departure: z.string(), arrival: z.string() }).passthrough())
    .min(1),
});

function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

function fitCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      trip: { type: 'string' },
      catalog: { type: 'string' },
      seed: { type: 'string' },
      crossfade: { type: 'string' },
      'lead-in': { type: 'string' },
    },
  });
  if (!values.trip || !values.catalog) throw new UsageError('fit needs --trip FILE and --catalog FILE');
  const tripJson = tripSchema.safeParse(readJsonFile(values.trip, 'trip'));
  if (!tripJson.success)
    throw new UsageError(`--trip is not a canonical trip: ${tripJson.error.issues[0]?.message}`);
  const catalog = catalogSchema.safeParse(readJsonFile(values.catalog, 'catalog'));
  if (!catalog.success) {
    const issue = catalog.error.issues[0];
    throw new UsageError(`--catalog is not a track list: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
  // The same ranges as the preferences (crossfade 0–12 s, lead-in 0–30 min): out of range is a typo.
  const ranged = (raw: string | undefined, name: string, max: number, unit: string) => {
    const value = raw === undefined ? 0 : Number(raw);
    if (!Number.isFinite(value) || value < 0 || value > max)
      throw new UsageError(`--${name} must be a number of ${unit} from 0 to ${max}`);
    return value;
  };
  const crossfadeSeconds = ranged(values.crossfade, 'crossfade', 12, 'seconds');
  const leadInSeconds = ranged(values['lead-in'], 'lead-in', 30, 'minutes') * 60;
  print(
    fitTrip(tripJson.data as unknown as Trip, catalog.data as CatalogTrack[], {
      seed,
      crossfadeSeconds,
      leadInSeconds,
    }),
  );
  return 0;
}

/**
 * One parse-worker run: due shares (short links, searches to plan), playlists whose copy in the music
 * service is still due, then the delay check of trips about to leave or under way.
 */
async function parseWorkerRun(runtime: Runtime) {
  const started = Date.now();
  const clock = () => new Date();
  const shares = await runParseWorker({
    store: runtime.stores.shares,
    shares: runtime.services.shares,
    clock,
    checkParserHealth: (now) => checkParserHealth({ ops: runtime.ops, log: runtime.log }, now),
  });
  const playlists = await syncDuePlaylists({
    playlists: runtime.stores.playlists,
    trips: runtime.stores.trips,
    service: runtime.services.playlists,
    clock,
  });
  const callsBefore = runtime.services.timetable?.calls() ?? 0;
  const trips = runtime.services.timetable
    ? await trackTripsUnderWay({
        trips: runtime.stores.trips,
        playlists: runtime.services.playlists,
        reminders: runtime.services.reminders,
        realtime: runtime.services.timetable.planner.expectedTimes,
        clock,
        log: runtime.log,
      })
    : null;
  const timetableCalls = (runtime.services.timetable?.calls() ?? 0) - callsBefore;
  return { ...shares, playlists, trips, timetableCalls, durationMs: Date.now() - started };
}

/** One reminder-worker run on the runtime's stores and push sender. */
function reminderWorkerRun(runtime: Runtime, options: { lookaheadMs?: number } = {}) {
  return runReminderWorker({
    reminders: runtime.stores.reminders,
    subscriptions: runtime.stores.pushSubscriptions,
    send: runtime.services.push.send,
    clock: () => new Date(),
    ...options,
  });
}

const REMINDER_LOOP_MS = 15_000;

async function serveCommand(): Promise<number> {
  const config = loadConfig();
  const logFormat = resolveLogFormat(config.logFormat);
  // The embedded database has no deploy step of its own: it migrates itself at start.
  const runtime = await createRuntime(config, { migrate: !config.database.url, followTripChanges: true });
  // On a server, migrations run at deploy (`railtape migrate`); serving an older schema would fail on
  // every request, so refuse to start instead.
  const pending = await runtime.database.pendingMigrations();
  if (pending.length > 0) {
    await runtime.close();
    throw new Error(
      `the database is missing migrations ${pending.join(', ')}: run \`railtape migrate\` first`,
    );
  }
  const app = await buildApp({
    config,
    database: runtime.database,
    stores: runtime.stores,
    services: runtime.services,
    operator: runtime.operator,
    redis: runtime.redis,
    selfTest: runSelfTest,
    webRoot: WEB_ROOT,
    logger: loggerOptions(config.logLevel, logFormat),
  });
  // On PGlite nothing else may open the data directory, so the workers run in-process on a timer.
  let timer: NodeJS.Timeout | undefined;
  let reminderTimer: NodeJS.Timeout | undefined;
  if (runtime.database.kind === 'pglite') {
    timer = setInterval(() => {
      parseWorkerRun(runtime).catch((err) => app.log.error({ err }, 'parse worker tick failed'));
    }, 60_000);
    timer.unref();
    // Every 15 s, claiming only what is due: a reminder is at most 15 s late.
    reminderTimer = setInterval(() => {
      reminderWorkerRun(runtime, { lookaheadMs: 0 })
        .then((summary) => {
          if (summary.due > 0) app.log.info({ reminders: summary }, 'reminders sent');
        })
        .catch((err) => app.log.error({ err }, 'reminder worker tick failed'));
    }, REMINDER_LOOP_MS);
    reminderTimer.unref();
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(timer);
    clearInterval(reminderTimer);
    app.shuttingDown = true;
    await app.close();
    // Platforms still being added to trips just shared: let them land before the database closes.
    await runtime.services.shares.settled();
    await runtime.close();
    process.exit(0);
  };
  const onSigterm = () => void shutdown('SIGTERM');
  const onSigint = () => void shutdown('SIGINT');
  process.on('SIGTERM', onSigterm);
  process.on('SIGINT', onSigint);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    // Nothing is served: let go of everything that keeps the process alive (the database, Redis, the
    // worker timer, the signal handlers), so it exits now with the reason instead of lingering.
    closing = true;
    clearInterval(timer);
    process.off('SIGTERM', onSigterm);
    process.off('SIGINT', onSigint);
    await app.close().catch(() => {});
    await runtime.close().catch(() => {});
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${config.port} is in use`);
    if (code === 'EACCES') throw new Error(`port ${config.port} may not be used by this user`);
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  // The library index catches up with MUSIC_DIR in the background: serving never waits for a scan.
  if (config.musicDir) {
    runLibraryScan(app).then(
      (summary) => app.log.info({ library: summary }, 'music library scanned'),
      (err: Error) => app.log.warn({ err: err.message }, 'music library scan failed'),
    );
  }
  // One line for a person: where to open the app (the bound port; localhost for 0.0.0.0 and ::). With
  // Spotify sign-in on a loopback redirect, the app must be opened on that origin: Spotify refuses
  // `localhost`, and the session cookie belongs to the host the callback lands on.
  const address = app.server.address();
  const url =
    config.spotify && new URL(config.spotify.redirectUri).protocol === 'http:'
      ? new URL(config.spotify.redirectUri).origin
      : localUrl(config.host, typeof address === 'object' && address ? address.port : config.port);
  if (logFormat === 'pretty') {
    await flushed(app.log); // after Fastify's own "Server listening" lines
    process.stdout.write(`Railtape is running at ${url}\n`);
  } else {
    app.log.info({ url }, `Railtape is running at ${url}`);
  }
  return -1;
}

async function withRuntime<T>(
  fn: (runtime: Awaited<ReturnType<typeof createRuntime>>) => Promise<T>,
): Promise<T> {
  const runtime = await createRuntime(loadConfig(), { migrate: false });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand();
      case 'migrate':
        return await withRuntime(async (rt) => {
          await rt.database.migrate();
          process.stdout.write(`migrations applied (${rt.database.kind})\n`);
          return 0;
        });
      case 'worker': {
        const which = rest[0];
        if (which === 'parse') {
          return await withRuntime(async (rt) => {
            const summary = await parseWorkerRun(rt);
            process.stdout.write(`${JSON.stringify({ worker: 'parse', ...summary })}\n`);
            return 0;
          });
        }
        if (which === 'reminders') {
          const loop = rest.includes('--loop');
          return await withRuntime(async (rt) => {
            const line = (summary: object) =>
              process.stdout.write(
                `${JSON.stringify({ worker: 'reminders', ...summary, push: rt.config.vapid ? 'configured' : 'not_configured' })}\n`,
              );
            if (!loop) {
              line(await reminderWorkerRun(rt));
              return 0;
            }
            let stopping = false;
            const stop = () => {
              stopping = true;
            };
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
            while (!stopping) {
              const started = Date.now();
              line(await reminderWorkerRun(rt, { lookaheadMs: 0 }));
              const wait = REMINDER_LOOP_MS - (Date.now() - started);
              for (let waited = 0; waited < wait && !stopping; waited += 250) {
                await new Promise((resolve) => setTimeout(resolve, 250));
              }
            }
            return 0;
          });
        }
        throw new UsageError('worker needs "parse" or "reminders"');
      }
      case 'library': {
        if (rest[0] !== 'scan') throw new UsageError('library needs "scan"');
        return await withRuntime(async (rt) => {
          const root = rt.config.musicDir;
          if (!root) throw new UsageError('library scan needs MUSIC_DIR (the folder of your music files)');
          const summary = await scanLibrary({
            root,
            store: rt.stores.library,
            onProgress: (p) =>
              process.stderr.write(
                `${p.done}/${p.total} files, ${p.perSecond.toFixed(0)}/s, about ${Math.ceil(p.remainingSeconds)} s left\n`,
              ),
          });
          process.stdout.write(`${JSON.stringify({ library: root, ...summary })}\n`);
          return summary.failed > 0 && summary.added + summary.changed + summary.unchanged === 0 ? 1 : 0;
        });
      }
      case 'selftest': {
        const report = runSelfTest();
        for (const r of report.results) {
          process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? `: ${r.detail}` : ''}\n`);
        }
        process.stdout.write(`selftest: ${report.ok ? 'passed' : 'FAILED'}\n`);
        return report.ok ? 0 : 1;
      }
      case 'parse':
        return await parseCommand(rest);
      case 'fit':
        return fitCommand(rest);
      case 'reparse': {
        if (!rest.includes('--failed')) throw new UsageError('reparse needs --failed');
        return await withRuntime(async (rt) => {
          const summary = await reparseFailedShares({
            store: rt.stores.shares,
            shares: rt.services.shares,
          });
          process.stdout.write(`${JSON.stringify({ reparse: 'failed', ...summary })}\n`);
          return 0;
        });
      }
      case 'backup':
      case 'restore': {
        const { values } = parseArgs({ args: rest, options: { file: { type: 'string' } } });
        if (!values.file) throw new UsageError(`${command} needs --file F`);
        const config = loadConfig();
        if (!config.database.url) throw new UsageError(`${command} needs DATABASE_URL (a Postgres server)`);
        if (command === 'backup') {
          const result = await backupDatabase({ databaseUrl: config.database.url, file: values.file });
          process.stdout.write(`backup written: ${result.file} (${result.bytes} bytes)\n`);
        } else {
          await restoreDatabase({ databaseUrl: config.database.url, file: values.file });
          process.stdout.write(`restored from ${values.file}\n`);
        }
        return 0;
      }
      case 'stats': {
        const { values } = parseArgs({
          args: rest,
          options: { since: { type: 'string', default: '7d' }, json: { type: 'boolean' } },
        });
        const sinceMs = parseSince(values.since);
        if (sinceMs === undefined) throw new UsageError('--since must be like 90m, 24h or 7d (at most 90d)');
        return await withRuntime(async (rt) => {
          const until = new Date();
          const report = await statsReport(rt.analytics, {
            since: new Date(until.getTime() - sinceMs),
            until,
          });
          process.stdout.write(
            values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStats(report)}\n`,
          );
          return 0;
        });
      }
      case undefined:
      case 'help':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        return command ? 0 : 2;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`railtape: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`railtape: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`railtape: ${(err as Error).message}\n`);
    return 1;
  }
}
