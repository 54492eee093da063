import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, postgresAvailable } from '../../test/support/databases.js';
import {
  followTripChanges,
  TRIP_CHANGES_CHANNEL,
  TRIP_FEED_APPLICATION,
  type TripChangeFeed,
} from './trip-change-feed.js';
import { createTripChanges } from './trip-changes.js';

const TRIP = '20000000-0000-4000-8000-00000000000a';
const OTHER_TRIP = '20000000-0000-4000-8000-00000000000b';

/**
 * A TCP relay to Postgres that can go silent: it stops passing bytes either way without closing
 * anything, as a dead NAT entry or a cut cable does.
 */
async function silenceableRelay(
  target: URL,
): Promise<{ url: string; silence(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let silent = false;
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (d) => silent || upstream.write(d));
    upstream.on('data', (d) => silent || client.write(d));
    for (const s of [client, upstream]) {
      s.on('error', () => {});
      s.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(typeof address === 'object' && address ? address.port : 0);
  return {
    url: url.toString(),
    silence: () => {
      silent = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const quiet = { warn: () => {}, info: () => {} };

describe.skipIf(!postgresAvailable)(
  `the trip change feed on the Postgres server${postgresAvailable ? '' : ' (skipped: no Postgres server)'}`,
  () => {
    let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
    let writer: pg.Client;
    const feeds: TripChangeFeed[] = [];
    beforeAll(async () => {
      scratch = await createScratchPostgres('railtape_feed');
      writer = new pg.Client({ connectionString: scratch.url });
      await writer.connect();
    });
    afterEach(async () => {
      await Promise.all(feeds.splice(0).map((f) => f.close()));
    });
    afterAll(async () => {
      await writer?.end();
      await scratch?.drop();
    });

    const follow = (url: string, options: { heartbeatMs?: number; heartbeatTimeoutMs?: number } = {}) => {
      const changes = createTripChanges();
      const feed = followTripChanges({
        connect: (name) => new pg.Client({ connectionString: url, application_name: name }),
        changes,
        log: quiet,
        retryMs: { first: 20, max: 200 },
        ...options,
      });
      feeds.push(feed);
      return { feed, changes };
    };
    const until = (done: () => boolean) => expect.poll(done, { timeout: 5_000, interval: 5 }).toBe(true);

    it('records the trip a commit names, once it commits, and nothing a rollback named', async () => {
      const { feed, changes } = follow(scratch.url);
      await until(() => feed.live);
      const before = changes.versionOf(TRIP);
      const untouched = changes.versionOf(OTHER_TRIP);

      await writer.query('begin');
      await writer.query('select pg_notify($1, $2)', [TRIP_CHANGES_CHANNEL, TRIP]);
      await new Promise((r) => setTimeout(r, 50));
      expect(changes.versionOf(TRIP)).toBe(before);
      await writer.query('commit');
      await until(() => changes.versionOf(TRIP) !== before);

      await writer.query('begin');
      await writer.query('select pg_notify($1, $2)', [TRIP_CHANGES_CHANNEL, OTHER_TRIP]);
      await writer.query('rollback');
      // Something after it, on the same channel, to know the rollback's notice would have come by now.
      const changed = changes.versionOf(TRIP);
      await writer.query('select pg_notify($1, $2)', [TRIP_CHANGES_CHANNEL, TRIP]);
      await until(() => changes.versionOf(TRIP) !== changed);
      expect(changes.versionOf(OTHER_TRIP)).toBe(untouched);
    });

    it('takes only trip ids from the channel (not its own heartbeats, not anything else)', async () => {
      const { feed, changes } = follow(scratch.url, { heartbeatMs: 20 });
      await until(() => feed.live);
      const untouched = changes.versionOf(OTHER_TRIP);
      await writer.query('select pg_notify($1, $2)', [TRIP_CHANGES_CHANNEL, 'not a trip; drop table trips']);
      // Several heartbeats go by, answered, and none of them is a change.
      await new Promise((r) => setTimeout(r, 150));
      expect(feed.live).toBe(true);
      const changed = changes.versionOf(TRIP);
      await writer.query('select pg_notify($1, $2)', [TRIP_CHANGES_CHANNEL, TRIP]);
      await until(() => changes.versionOf(TRIP) !== changed);
      expect(changes.versionOf(OTHER_TRIP)).toBe(untouched);
    });

    it('is down when its connection is cut, and back by itself, treating every trip as changed', async () => {
      const { feed, changes } = follow(scratch.url);
      await until(() => feed.live);
      const before = changes.versionOf(OTHER_TRIP);
      await writer.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()',
        [TRIP_FEED_APPLICATION],
      );
      await until(() => !feed.live);
      await until(() => feed.live);
      // Nobody listened for a moment: what was written then is unknown, so every version moved on.
      expect(changes.versionOf(OTHER_TRIP)).not.toBe(before);
    });

    it('finds a connection gone silent by its heartbeat', async () => {
      const relay = await silenceableRelay(new URL(scratch.url));
      try {
        const { feed } = follow(relay.url, { heartbeatMs: 30, heartbeatTimeoutMs: 200 });
        await until(() => feed.live);
        relay.silence();
        // Neither an error nor an end: only the unanswered heartbeat can tell.
        await until(() => !feed.live);
      } finally {
        await relay.close();
      }
    });

    it('stops for good once closed', async () => {
      const { feed } = follow(scratch.url);
      await until(() => feed.live);
      await feed.close();
      expect(feed.live).toBe(false);
      const listening = async () =>
        (
          await writer.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = current_database()',
            [TRIP_FEED_APPLICATION],
          )
        ).rows[0]?.n;
      await expect.poll(listening, { timeout: 5_000, interval: 10 }).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(feed.live).toBe(false);
    });
  },
);
