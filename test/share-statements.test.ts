import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/client.js';
import { createStores, type Stores } from '../src/db/stores.js';
import type { CatalogTrack } from '../src/domain/playlist.js';
import { createScratchPostgres, testDatabases } from './support/databases.js';

/**
 * The share path's statements (issue 14): built once and prepared, fewer of them, and the same
 * answers as the statements they replaced: the share and its key in one statement, the recent
 * track ids picked out in Postgres, the connection and its pool version in one read with the pool
 * kept in this process by version, the claim bringing the owner's locale.
 */

const track = (id: string): CatalogTrack => ({
  id: `spotify:track:${id}`,
  title: `Song ${id}`,
  artists: ['Artist'],
  durationMs: 200_000,
  explicit: false,
});

const fit = { errorSeconds: 0, segments: [], boundaries: [], notes: [] };

for (const target of testDatabases) {
  describe.skipIf(target.skipReason !== undefined)(
    `the share path's statements on ${target.name}${target.skipReason ? ` (${target.skipReason})` : ''}`,
    () => {
      let handle: DatabaseHandle;
      let stores: Stores;
      let userId: string;

      beforeAll(async () => {
        handle = await target.open();
        stores = createStores(handle.db);
        const { user } = await stores.users.upsertBySpotifyId({
          spotifyId: 'statements',
          displayName: 'Statements',
          locale: 'fr-CH',
        });
        userId = user.id;
      });
      afterAll(() => handle.close());

      const payload = (text: string) => ({ title: null, text, url: null });
      const oneHourTrip = {
        source: 'plain-text',
        exactness: 'exact',
        origin: 'Zürich HB',
        destination: 'Bern',
        departure: '2026-12-03T10:00:00+01:00',
        arrival: '2026-12-03T11:00:00+01:00',
        durationSeconds: 3600,
        legs: [],
      } as never;
      /** A share of `text` (its own content key), its one-hour trip, and the fit's context read with it. */
      const shareTrip = async (text: string) => {
        const { share } = await stores.shares.receive(
          { userId, payload: payload(text), contentHash: `hash of ${text}`, receivedAt: new Date() },
          new Date(0),
          60_000,
        );
        return {
          share,
          ...(await stores.trips.insertForShare({ userId, shareId: share.id, trip: oneHourTrip }, 5)),
        };
      };
      const sharedTrip = async (text: string) => (await shareTrip(text)).row;

      it('stores a share with its key in one statement, and hands back the earlier one inside the window', async () => {
        const at = new Date('2026-12-03T08:00:00Z');
        const input = { userId, payload: payload('Zürich → Bern'), contentHash: 'h1', receivedAt: at };
        const first = await stores.shares.receive(input, new Date(at.getTime() - 86_400_000), 60_000);
        expect(first.duplicate).toBe(false);
        expect(first.share).toMatchObject({
          userId,
          text: 'Zürich → Bern',
          status: 'received',
          attempts: 0,
          resolution: null,
          receivedAt: at,
          lockedUntil: new Date(at.getTime() + 60_000),
        });
        const later = new Date(at.getTime() + 3_600_000);
        const again = await stores.shares.receive(
          { ...input, receivedAt: later },
          new Date(later.getTime() - 86_400_000),
          60_000,
        );
        expect(again).toEqual({ share: first.share, duplicate: true });
        // A day later the same content is a new share, and the key moves to it.
        const nextDay = new Date(at.getTime() + 25 * 3_600_000);
        const fresh = await stores.shares.receive(
          { ...input, receivedAt: nextDay },
          new Date(nextDay.getTime() - 86_400_000),
          60_000,
        );
        expect(fresh.duplicate).toBe(false);
        expect(fresh.share.id).not.toBe(first.share.id);
        const keys = (await handle.db.execute(
          sql`select share_id from share_keys where user_id = ${userId} and content_hash = 'h1'`,
        )) as unknown as { rows: Array<{ share_id: string }> };
        expect(keys.rows).toEqual([{ share_id: fresh.share.id }]);
      });

      it('records an outcome, keeping the parser version when none is given', async () => {
        const at = new Date('2026-12-03T09:00:00Z');
        const { share } = await stores.shares.receive(
          { userId, payload: payload('outcome'), contentHash: 'h2', receivedAt: at },
          new Date(0),
          60_000,
        );
        const waiting = await stores.shares.update(
          share.id,
          {
            status: 'needs_resolution',
            errorCode: 'awaiting_short_link',
            resolution: { kind: 'short_link', link: 'https://sbb.ch/x' },
            nextAttemptAt: new Date(at.getTime() + 60_000),
            parserVersion: 'links-3',
          },
          at,
        );
        expect(waiting).toMatchObject({
          status: 'needs_resolution',
          resolution: { kind: 'short_link', link: 'https://sbb.ch/x' },
          parserVersion: 'links-3',
          lockedUntil: null,
        });
        const failed = await stores.shares.update(
          share.id,
          { status: 'failed', errorMessage: 'No\u0000' },
          at,
        );
        expect(failed).toMatchObject({
          status: 'failed',
          errorMessage: 'No',
          resolution: null,
          nextAttemptAt: null,
          parserVersion: 'links-3',
        });
      });

      it('stores a trip of a user without preferences yet, and answers no context (`fitContext` makes them)', async () => {
        const { user } = await stores.users.upsertBySpotifyId({
          spotifyId: 'statements-new',
          displayName: 'New',
          locale: 'de-CH',
        });
        const { share } = await stores.shares.receive(
          { userId: user.id, payload: payload('new'), contentHash: 'new', receivedAt: new Date() },
          new Date(0),
          60_000,
        );
        const made = await stores.trips.insertForShare(
          { userId: user.id, shareId: share.id, trip: oneHourTrip },
          5,
        );
        expect(made).toMatchObject({ created: true, context: undefined, row: { shareId: share.id } });
        expect(await stores.trips.findByShare(share.id)).toEqual(made.row);
      });

      it('reads the preferences with the track ids of the five newest playlists, picked out in Postgres, in one statement', async () => {
        const ids: string[][] = [];
        for (let i = 0; i < 7; i++) {
          const trip = await sharedTrip(`trip ${i}`);
          const tracks = [track(`${i}a`), track(`${i}b`)];
          ids.push(tracks.map((t) => t.id));
          const { row, created } = await stores.playlists.insertOnce({
            tripId: trip.id,
            userId,
            provider: 'spotify',
            tracks: tracks as never,
            fit,
            targetSeconds: 3600,
            actualSeconds: 3600,
            seed: i,
            syncStatus: 'pending',
            createdAt: new Date(Date.UTC(2026, 11, 3, 10, i)),
          });
          expect(created).toBe(true);
          // The row handed back is the row stored.
          expect(await stores.playlists.latestForTrip(trip.id)).toEqual(row);
        }
        const { preferences, recentTrackIds } = await stores.users.fitContext(userId, 5);
        expect(preferences).toEqual(await stores.users.preferences(userId));
        expect([...recentTrackIds].sort()).toEqual(ids.slice(2).flat().sort());
        // The next share's trip brings the same context in its insert, and again when it is found.
        const next = await shareTrip('trip 7');
        expect(next.created).toBe(true);
        expect(next.context).toEqual({ preferences, recentTrackIds });
        expect(await stores.trips.findByShare(next.share.id)).toEqual(next.row);
        const again = await stores.trips.insertForShare(
          { userId, shareId: next.share.id, trip: next.row.trip },
          5,
        );
        expect(again).toEqual({ row: next.row, created: false, context: next.context });
      });

      it('inserts a playlist under the sync lease, with its owner’s locale, and no claim takes it meanwhile', async () => {
        const trip = await sharedTrip('leased trip');
        const now = new Date();
        const { row, created, ownerLocale } = await stores.playlists.insertOnce({
          tripId: trip.id,
          userId,
          provider: 'spotify',
          tracks: [track('leased')] as never,
          fit,
          targetSeconds: 200,
          actualSeconds: 200,
          seed: 1,
          syncStatus: 'pending',
          syncLockedUntil: new Date(now.getTime() + 60_000),
          createdAt: now,
        });
        expect(created).toBe(true);
        expect(ownerLocale).toBe('fr-CH');
        expect(await stores.playlists.latestForTrip(trip.id)).toEqual(row);
        expect(await stores.playlists.claimSync(row.id, now, 60_000)).toBeUndefined();
        // Once the lease ran out (the writer died), the worker's claim takes it.
        expect(
          await stores.playlists.claimSync(row.id, new Date(now.getTime() + 61_000), 60_000),
        ).toMatchObject({
          id: row.id,
        });
      });

      it('claims a copy to write with its owner’s locale', async () => {
        const [due] = await stores.playlists.listDueSyncs(new Date(), 1);
        if (!due) throw new Error('no playlist due');
        const claimed = await stores.playlists.claimSync(due.id, new Date(), 60_000);
        expect(claimed).toMatchObject({ id: due.id, tracks: due.tracks, ownerLocale: 'fr-CH' });
        expect(await stores.playlists.claimSync(due.id, new Date(), 60_000)).toBeUndefined();
      });

      it('reads the connection and its pool in one read, the same array while the version holds, a new one once another instance replaced it', async () => {
        expect(await stores.musicAccounts.poolOf(userId, 'spotify')).toEqual({
          account: undefined,
          pool: undefined,
        });
        const now = new Date('2026-12-03T10:00:00Z');
        await stores.musicAccounts.connect(
          {
            userId,
            provider: 'spotify',
            accountId: 'acc',
            accessToken: 'sealed',
            refreshToken: 'sealed',
            keyId: 'k1',
            accessExpiresAt: now,
            scopes: [],
            consentedAt: now,
          },
          now,
        );
        // With the access token as stored, for the publisher that writes the playlist right after.
        expect(await stores.musicAccounts.poolOf(userId, 'spotify')).toEqual({
          account: { status: 'connected', statusReason: null, accessToken: 'sealed', accessExpiresAt: now },
          pool: undefined,
        });
        const pool = {
          tracks: [track('p1')],
          fetchedAt: now,
          expiresAt: new Date(now.getTime() + 3_600_000),
          apiCalls: 3,
        };
        await stores.musicAccounts.storePool(userId, 'spotify', pool);
        // Another instance (its own stores on the same database) reads it once, then by version only.
        const other = createStores(handle.db);
        const first = await other.musicAccounts.poolOf(userId, 'spotify');
        const second = await other.musicAccounts.poolOf(userId, 'spotify');
        expect(first.pool).toEqual(pool);
        expect(second.pool?.tracks).toBe(first.pool?.tracks);
        // This instance replaces it: the other one sees the new tracks on its next read.
        const later = new Date(now.getTime() + 60_000);
        await stores.musicAccounts.storePool(userId, 'spotify', {
          ...pool,
          tracks: [track('p2')],
          fetchedAt: later,
        });
        expect((await other.musicAccounts.poolOf(userId, 'spotify')).pool?.tracks).toEqual([track('p2')]);
        await stores.musicAccounts.markReconnectRequired(userId, 'spotify', 'revoked', later);
        expect((await other.musicAccounts.poolOf(userId, 'spotify')).account).toMatchObject({
          status: 'reconnect_required',
          statusReason: 'revoked',
        });
        await stores.musicAccounts.dropPool(userId, 'spotify');
        expect((await stores.musicAccounts.poolOf(userId, 'spotify')).pool).toBeUndefined();
      });
    },
  );
}

const server = testDatabases.find((d) => d.name === 'postgres')!;
describe.skipIf(server.skipReason !== undefined)(
  `the prepared statements of a share and a trip read on the Postgres server${server.skipReason ? ` (${server.skipReason})` : ''}`,
  () => {
    it('names every statement a share and a trip read run by default, and none when told (transaction poolers)', async () => {
      const scratch = await createScratchPostgres('railtape_share_prep');
      const { openDatabase } = await import('../src/db/client.js');
      // One connection, so the statements the stores prepared are visible to the check.
      const handle = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 1 });
      try {
        await handle.migrate();
        const named = async (prepared: boolean) => {
          await handle.db.execute(sql`deallocate all`);
          const stores = createStores(handle.db, { preparedStatements: prepared });
          const { user } = await stores.users.upsertBySpotifyId({
            spotifyId: `prep-${prepared}`,
            displayName: 'P',
            locale: 'de-CH',
          });
          const { share } = await stores.shares.receive(
            {
              userId: user.id,
              payload: { title: null, text: 'x', url: null },
              contentHash: 'x',
              receivedAt: new Date(),
            },
            new Date(0),
            60_000,
          );
          await stores.users.fitContext(user.id, 5);
          await stores.musicAccounts.poolOf(user.id, 'spotify');
          await stores.reminders.cancel('00000000-0000-4000-8000-000000000009');
          await stores.shares.update(share.id, { status: 'parsed', parserVersion: 'links-3' }, new Date());
          expect(await stores.trips.getWithPlaylist(user.id, share.id)).toBeUndefined();
          expect(await stores.trips.versionOf(user.id, share.id)).toBeUndefined();
          // A share sent again answers with its trip and playlist.
          expect(await stores.trips.findByShare(share.id)).toBeUndefined();
          expect(await stores.playlists.latestForTrip(share.id)).toBeUndefined();
          const rows = (await handle.db.execute(
            sql`select name from pg_prepared_statements order by name`,
          )) as unknown as { rows: Array<{ name: string }> };
          return rows.rows.map((r) => r.name);
        };
        expect(await named(true)).toEqual([
          'music_account_pool_version',
          'playlist_by_trip',
          'reminder_cancel',
          'share_outcome',
          'share_receive',
          'trip_by_share',
          'trip_version',
          'trip_with_playlist',
          'user_fit_context',
          'user_preferences',
        ]);
        expect(await named(false)).toEqual([]);
      } finally {
        await handle.close();
        await scratch.drop();
      }
    });
  },
);
