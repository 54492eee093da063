import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { TripChanges } from './trip-changes.js';

/** The channel `drizzle/0011_trip_change_notices.sql`'s triggers notify: the payload is a trip id. */
export const TRIP_CHANGES_CHANNEL = 'railtape_trip_changes';
/** The feed's connection in `pg_stat_activity`. */
export const TRIP_FEED_APPLICATION = 'railtape trip change feed';

const TRIP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A web instance following every write to trips and playlists on a shared Postgres, whoever made it
 * (another instance, a cron worker, psql): Postgres's triggers notify `railtape_trip_changes` at
 * commit, and this instance's one listening connection records each trip in `changes`. While the feed
 * is `live`, the trip read takes its version from that record instead of asking Postgres on every
 * read (`TripStore.versionOf`); whenever it is not (connecting, the connection lost, a heartbeat
 * unanswered) the read asks Postgres again, so a lost notice can only be missed while nobody trusts
 * the record.
 *
 * What it costs in freshness: a change made on another instance reaches this one when its notice
 * does (a few milliseconds after the commit), not at the commit itself. Changes this instance makes
 * are recorded by its own stores as they finish, so its own writes are read at once. A connection that
 * dies without a word (no RST, no error) is found by the heartbeat: a notice this connection sends to
 * itself every `heartbeatMs` must come back within `heartbeatTimeoutMs`.
 *
 * Needs a connection that keeps its session (LISTEN): never through a pooler in transaction mode.
 */
export interface TripChangeFeed {
  /** Every committed change reaches `changes` now. */
  readonly live: boolean;
  close(): Promise<void>;
}

export interface TripChangeFeedOptions {
  /** A new connection outside the pool, each time the feed (re)connects; named `applicationName`. */
  connect: (applicationName: string) => pg.Client;
  changes: TripChanges;
  /** Each change of state, once: lost, back. */
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** Waits before reconnecting: doubling from the first to the last. */
  retryMs?: { first: number; max: number };
}

export function followTripChanges(options: TripChangeFeedOptions): TripChangeFeed {
  const { changes, log } = options;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 5_000;
  const retry = options.retryMs ?? { first: 500, max: 30_000 };
  // The heartbeat's notices carry this instance's token: never a trip id, and never another's.
  const self = `heartbeat:${randomBytes(6).toString('base64url')}`;

  let live = false;
  let closed = false;
  /** The current outage was told (once per outage; the first connect's failure is one too). */
  let told = false;
  let client: pg.Client | undefined;
  let retryIn = retry.first;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let answerTimer: NodeJS.Timeout | undefined;

  const stopTimers = () => {
    clearTimeout(reconnectTimer);
    clearInterval(heartbeatTimer);
    clearTimeout(answerTimer);
    answerTimer = undefined;
  };

  /** The connection is gone or cannot be trusted: stop trusting the record, and connect anew. */
  const lose = (current: pg.Client, reason: string): Promise<void> => {
    if (current !== client) return Promise.resolve(); // an older connection's late event
    live = false;
    client = undefined;
    stopTimers();
    current.removeAllListeners('notification');
    current.on('error', () => {}); // what ending it may still report
    const ended = current.end().catch(() => {});
    if (closed) return ended;
    if (!told) {
      told = true;
      log.warn({ reason }, 'trip change feed down: trip reads ask Postgres for versions until it is back');
    }
    reconnectTimer = setTimeout(start, retryIn);
    reconnectTimer.unref();
    retryIn = Math.min(retryIn * 2, retry.max);
    return ended;
  };

  const heartbeat = (current: pg.Client) => {
    if (answerTimer) return; // the last one is still on its way
    answerTimer = setTimeout(() => void lose(current, 'heartbeat unanswered'), heartbeatTimeoutMs);
    answerTimer.unref();
    current.query('select pg_notify($1, $2)', [TRIP_CHANGES_CHANNEL, self]).catch((err: Error) => {
      void lose(current, err.message);
    });
  };

  async function start(): Promise<void> {
    if (closed) return;
    const current = options.connect(TRIP_FEED_APPLICATION);
    client = current;
    current.on('error', (err) => void lose(current, err.message));
    current.on('end', () => void lose(current, 'connection ended'));
    current.on('notification', ({ channel, payload }) => {
      if (channel !== TRIP_CHANGES_CHANNEL || payload === undefined) return;
      if (payload === self) {
        clearTimeout(answerTimer);
        answerTimer = undefined;
      } else if (TRIP_ID.test(payload)) changes.changed(payload);
    });
    try {
      await current.connect();
      await current.query(`listen ${TRIP_CHANGES_CHANNEL}`);
    } catch (err) {
      await lose(current, err instanceof Error ? err.message : String(err));
      return;
    }
    if (current !== client) return;
    // Listening from here on; what was written before, while no one listened, may be anything.
    changes.changedAll();
    live = true;
    retryIn = retry.first;
    log.info({ after: told ? 'outage' : 'start' }, 'trip change feed live: trip reads take versions from it');
    told = false;
    heartbeatTimer = setInterval(() => heartbeat(current), heartbeatMs);
    heartbeatTimer.unref();
  }

  void start();
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      stopTimers();
      if (client) await lose(client, 'closed');
    },
  };
}
