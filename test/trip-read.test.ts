import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../src/db/stores.js';
import { TRIP_FEED_APPLICATION } from '../src/db/trip-change-feed.js';
import { trackTripsUnderWay } from '../src/jobs/trip-tracking.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { POSTGRES_URL, testDatabases } from './support/databases.js';

/**
 * The trip read answers from a rendered copy while nothing changed; every change (a re-fit at the
 * same clock reading, real-time data on the trip, another language) gives a fresh answer.
 */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const TRIP_TEXT = fixtureById('real-sbb-triplink-jitpack').text ?? '';

/** Shares the test trip; its trip's id. */
async function shareTrip(t: TestApp): Promise<string> {
  const share = await t.app.inject({
    method: 'POST',
    url: '/api/shares',
    headers: SAME_ORIGIN,
    payload: { text: TRIP_TEXT },
  });
  return share.json().trip.id;
}

/**
 * Each database with the version query, and each as `railtape serve` runs it: PGlite's only writer,
 * where the read learns of changes from the stores (`src/db/trip-changes.ts`), and the Postgres
 * server, where the change feed completes that record with every other process's writes
 * (`src/db/trip-change-feed.ts`).
 */
const variants = [
  ...testDatabases.map((target) => ({ target, versions: 'query' as const })),
  ...testDatabases.map((target) => ({
    target,
    versions: target.name === 'pglite' ? ('record' as const) : ('feed' as const),
  })),
];
const described = {
  query: 'version query',
  record: 'only writer (no version query)',
  feed: 'change feed (no version query while live)',
};

for (const { target, versions } of variants) {
  const name = `${target.name}, ${described[versions]}`;
  const title = `the trip read on ${name}${target.skipReason ? ` (${target.skipReason})` : ''}`;
  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let t: TestApp;
    let tripId: string;
    beforeAll(async () => {
      t = await startTestApp(target, { now: new Date('2026-10-10T09:00:00Z'), tripVersions: versions });
      tripId = await shareTrip(t);
    });
    afterAll(async () => {
      await t?.close();
    });
    const read = async (lang = 'en') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/trips/${tripId}`,
        headers: { 'accept-language': lang },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      return res.body;
    };

    it('answers the same bytes while nothing changed', async () => {
      const first = await read();
      expect(JSON.parse(first).trip.id).toBe(tripId);
      expect(await read()).toBe(first);
    });

    it('answers anew after a re-fit, even at the same clock reading', async () => {
      t.clock.now = new Date('2026-10-10T09:30:00Z');
      const before = JSON.parse(await read());
      const refit = await t.app.inject({
        method: 'POST',
        url: `/api/trips/${tripId}/refit`,
        headers: SAME_ORIGIN,
      });
      expect(refit.statusCode).toBe(200);
      const after = JSON.parse(await read());
      expect(after.playlist).toEqual(refit.json().playlist);
      // A second re-fit at the same instant is a new version too.
      await t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/refit`, headers: SAME_ORIGIN });
      const again = JSON.parse(await read());
      expect(again.playlist.id).toBe(before.playlist.id);
    });

    it('answers anew when real-time data changes the trip, and in each language', async () => {
      const row = await t.stores.trips.get((await t.stores.users.ensureLocalUser()).id, tripId);
      const legs = row!.trip.legs.map((l, i) => (i === 0 ? { ...l, expectedArrival: l.arrival } : l));
      await t.stores.trips.updateTrip(tripId, { ...row!.trip, legs });
      const after = JSON.parse(await read());
      expect(after.trip.legs[0].expectedArrival).toBe(after.trip.legs[0].arrival);
      const german = JSON.parse(await read('de'));
      expect(german.trip).toEqual(after.trip);
      const noteDe = german.playlist.notes[0]?.message;
      const noteEn = after.playlist.notes[0]?.message;
      if (noteEn !== undefined) expect(noteDe).not.toBe(noteEn);
    });

    it('sees a delay re-fit by the worker in this process, even through stores of its own', async () => {
      t.clock.now = new Date('2026-10-10T09:40:00Z');
      const before = JSON.parse(await read());
      // The worker's stores: built on the same database, as a cron run in the server process builds them.
      const workerStores = createStores(t.database.db);
      const summary = await trackTripsUnderWay({
        trips: workerStores.trips,
        playlists: t.services.playlists,
        clock: () => t.clock.now,
        // Ten minutes late at the destination: enough to re-fit the rest.
        realtime: async (trip) => ({
          ...trip,
          legs: trip.legs.map((leg, i) =>
            i === trip.legs.length - 1
              ? { ...leg, expectedArrival: new Date(Date.parse(leg.arrival) + 600_000).toISOString() }
              : leg,
          ),
        }),
      });
      expect(summary).toMatchObject({ updated: 1, refitted: 1 });
      const after = JSON.parse(await read());
      expect(after.trip.legs.at(-1).expectedArrival).toBeTypeOf('string');
      expect(before.trip.legs.at(-1).expectedArrival).toBeUndefined();
      expect(after.playlist.totalSeconds).toBeGreaterThan(before.playlist.totalSeconds);
      const stored = await t.stores.playlists.latestForTrip(tripId);
      expect(after.playlist.seed).toBe(stored?.seed);
      expect(after.playlist.tracks).toEqual(stored?.tracks);
    });

    it('sees the playlist’s copy in the music service being written (the publisher’s writes)', async () => {
      const playlist = await t.stores.playlists.latestForTrip(tripId);
      expect(JSON.parse(await read()).playlist.externalUrl).toBeNull();
      await t.stores.playlists.setExternal(playlist!.id, 'pl-1', 'https://open.spotify.com/playlist/pl-1');
      expect(JSON.parse(await read()).playlist.externalUrl).toBe('https://open.spotify.com/playlist/pl-1');
      await t.stores.playlists.finishSync(playlist!.id, { error: 'rate limited' }, t.clock.now, t.clock.now);
      expect(JSON.parse(await read()).playlist.sync).toEqual({ status: 'failed', error: 'rate limited' });
      await t.stores.playlists.finishSync(
        playlist!.id,
        { externalId: 'pl-1', externalUrl: 'https://open.spotify.com/playlist/pl-2' },
        new Date(t.clock.now.getTime() + 1),
        t.clock.now,
      );
      const synced = JSON.parse(await read()).playlist;
      expect(synced.sync).toEqual({ status: 'synced', error: null });
      expect(synced.externalUrl).toBe('https://open.spotify.com/playlist/pl-2');
    });

    it('never keeps an answer older than a re-fit that ran beside the read', async () => {
      for (let i = 0; i < 8; i++) {
        const [, refit] = await Promise.all([
          read(),
          t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/refit`, headers: SAME_ORIGIN }),
          read(),
        ]);
        expect(refit.statusCode).toBe(200);
        expect(JSON.parse(await read()).playlist).toEqual(refit.json().playlist);
      }
    });

    it('answers 404 once the trip is deleted, and once its account is', async () => {
      const share = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: SAME_ORIGIN,
        payload: { text: fixtureById('c-text-de-short').text ?? '' },
      });
      const other = share.json().trip.id as string;
      const get = (id: string) => t.app.inject({ method: 'GET', url: `/api/trips/${id}` });
      expect((await get(other)).statusCode).toBe(200);
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/api/trips/${other}`,
        headers: SAME_ORIGIN,
      });
      expect(deleted.statusCode).toBe(200);
      expect((await get(other)).statusCode).toBe(404);

      expect((await get(tripId)).statusCode).toBe(200);
      const user = await t.stores.users.ensureLocalUser();
      expect(await t.stores.users.deleteAccount(user.id)).toBeDefined();
      await t.stores.users.ensureLocalUser();
      const gone = await get(tripId);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe('trip_not_found');
    });

    it('answers 404 for another user’s or an unknown trip, as before', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/trips/00000000-0000-4000-8000-000000000000',
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('trip_not_found');
    });
  });
}

/**
 * Another process (an instance, a cron worker, psql) writing beside this one, on the Postgres server:
 * its writes reach the read through the change feed, and while the feed is down, through the version
 * query, never not at all.
 */
const server = testDatabases.find((d) => d.name === 'postgres')!;
describe.skipIf(server.skipReason !== undefined)(
  `the trip read beside another writer on the Postgres server${server.skipReason ? ` (${server.skipReason})` : ''}`,
  () => {
    let t: TestApp;
    let tripId: string;
    let other: pg.Client;
    /** On the server's own database: a database cannot refuse connections from inside. */
    let admin: pg.Client;
    let database: string;
    let versionQueries = 0;
    beforeAll(async () => {
      t = await startTestApp(server, { tripVersions: 'feed' });
      tripId = await shareTrip(t);
      other = t.database.sessionClient!('test: another process');
      await other.connect();
      database = (await other.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
      admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      // Counts the version queries the app's pool runs (the prepared statement's name).
      const pool = (t.database.db as unknown as { $client: pg.Pool }).$client;
      const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
      (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
        const name = (args[0] as { name?: string } | undefined)?.name;
        if (name?.includes('trip_version')) versionQueries++;
        return query(...args);
      };
    });
    afterAll(async () => {
      await admin?.query(`alter database "${database}" allow_connections true`).catch(() => {});
      await admin?.end();
      await other?.end();
      await t?.close();
    });
    const playlistUrl = async () =>
      JSON.parse((await t.app.inject({ method: 'GET', url: `/api/trips/${tripId}` })).body).playlist
        .externalUrl as string | null;
    const writeElsewhere = (url: string) =>
      other.query('update playlists set external_url = $1, updated_at = now() where trip_id = $2', [
        url,
        tripId,
      ]);
    /** Another process writes the playlist's URL; the read shows it once the notice is in. */
    const readOnceNoticed = async (url: string) => {
      await writeElsewhere(url);
      await expect.poll(playlistUrl, { timeout: 5_000, interval: 5 }).toBe(url);
    };

    it('reads what another process wrote once its notice arrives, without asking for versions', async () => {
      expect(t.tripFeed?.live).toBe(true);
      expect(await playlistUrl()).toBeNull();
      versionQueries = 0;
      await readOnceNoticed('https://open.spotify.com/playlist/elsewhere-1');
      expect(versionQueries).toBe(0);
    });

    it('asks Postgres for versions while the feed is down, and trusts the feed again once it is back', async () => {
      // Every pooled connection open first: no new one can be made while the database refuses them.
      await Promise.all([1, 2, 3].map(() => t.database.ping()));
      await admin.query(`alter database "${database}" allow_connections false`);
      await other.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = $2',
        [TRIP_FEED_APPLICATION, database],
      );
      await expect.poll(() => t.tripFeed?.live, { timeout: 5_000, interval: 5 }).toBe(false);
      versionQueries = 0;
      await writeElsewhere('https://open.spotify.com/playlist/elsewhere-2');
      // No notice can arrive now: the read sees the write because it asked.
      expect(await playlistUrl()).toBe('https://open.spotify.com/playlist/elsewhere-2');
      expect(versionQueries).toBe(1);

      await admin.query(`alter database "${database}" allow_connections true`);
      await expect.poll(() => t.tripFeed?.live, { timeout: 5_000, interval: 10 }).toBe(true);
      versionQueries = 0;
      await readOnceNoticed('https://open.spotify.com/playlist/elsewhere-3');
      expect(versionQueries).toBe(0);
    });

    it('answers 404 for a trip another process deleted, once its notice arrives', async () => {
      expect((await t.app.inject({ method: 'GET', url: `/api/trips/${tripId}` })).statusCode).toBe(200);
      await other.query('delete from trips where id = $1', [tripId]);
      await expect
        .poll(async () => (await t.app.inject({ method: 'GET', url: `/api/trips/${tripId}` })).statusCode, {
          timeout: 5_000,
          interval: 5,
        })
        .toBe(404);
    });
  },
);
