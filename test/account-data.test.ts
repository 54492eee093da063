import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../src/auth/token-cipher.js';
import { FAKE_CURATOR, FAKE_RIDER } from './fakes/spotify.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, TEST_TOKEN_KEY, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { cookieOf, signIn } from './support/sign-in.js';

/**
 * A traveller's own data: the export (one JSON file, every share verbatim, never a token) and deleting
 * the account (every row of theirs gone through the cascade, the session dead at once, the other
 * traveller untouched, the Spotify playlists named as the user's to keep).
 */

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const pastedText = 'Zürich HB → Chur, 10:07 ✓ — mit Umsteigen "ohne" Gewähr\u00a0';
const target = testDatabases[0]!;

/** Every table that holds a user's rows, by its owner column. */
const OWNED_TABLES = [
  'shares',
  'share_keys',
  'trips',
  'playlists',
  'music_accounts',
  'music_pools',
  'sessions',
  'preferences',
  'push_subscriptions',
  'reminders',
] as const;

describe(`a traveller's data on ${target.name}`, () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let aId: string;
  let bId: string;
  let aTripId: string;
  const asA = () => ({ railtape_session: a });
  const asB = () => ({ railtape_session: b });

  async function rowsOf(userId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of [...OWNED_TABLES, 'users'] as const) {
      const column = table === 'users' ? 'id' : 'user_id';
      const result = (await t.database.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${userId}`,
      )) as unknown as { rows: Array<{ n: number }> };
      counts[table] = Number(result.rows[0]!.n);
    }
    return counts;
  }

  async function shareAs(cookies: Record<string, string>, payload: Record<string, string>) {
    const res = await t.app.inject({ method: 'POST', url: '/api/shares', cookies, payload });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  beforeAll(async () => {
    t = await startTestApp(target, { spotify: true, rateLimitMax: 10_000 });
    a = (await signIn(t, FAKE_RIDER)).session;
    b = (await signIn(t, FAKE_CURATOR)).session;
    aId = (await t.app.inject({ method: 'GET', url: '/api/me', cookies: asA() })).json().user.id;
    bId = (await t.app.inject({ method: 'GET', url: '/api/me', cookies: asB() })).json().user.id;
    const trip = await shareAs(asA(), { text: tripLink });
    expect(trip.playlist).toMatchObject({ provider: 'spotify', sync: { status: 'synced' } });
    aTripId = trip.trip.id;
    await shareAs(asA(), { title: 'Pasted', text: pastedText });
    await shareAs(asB(), { text: tripLink });
    // Rows the API cannot make yet: a reminder and a push subscription, for both.
    await t.stores.reminders.schedule({
      tripId: aTripId,
      userId: aId,
      dueAt: new Date('2026-11-25T07:00:00Z'),
      departsAt: new Date('2026-11-25T07:20:00Z'),
    });
    for (const [userId, n] of [
      [aId, 'a'],
      [bId, 'b'],
    ] as const) {
      await t.database.db.execute(
        sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth) values (${userId}, ${`https://push.example/${n}`}, 'p', 'x')`,
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exports everything of A as one JSON file: shares verbatim, the connection without tokens', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me/export', cookies: asA() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="railtape-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toMatchObject({
      format: 'railtape-export',
      version: 1,
      user: { id: aId, spotifyId: FAKE_RIDER },
    });
    expect(body.shares).toHaveLength(2);
    // Verbatim, to the character (the fixed clock gives both the same `receivedAt`: any order).
    const pasted = body.shares.find(
      (s: { payload: { title: string | null } }) => s.payload.title === 'Pasted',
    );
    expect(pasted.payload).toEqual({ title: 'Pasted', text: pastedText, url: null });
    expect(body.shares.map((s: { payload: { text: string } }) => s.payload.text).sort()).toEqual(
      [tripLink, pastedText].sort(),
    );
    expect(res.body).toContain(JSON.stringify(pastedText));
    expect(body.trips.map((trip: { id: string }) => trip.id)).toContain(aTripId);
    expect(body.playlists).toHaveLength(1);
    expect(body.playlists[0].externalUrl).toMatch(/^https?:\/\//);
    expect(body.playlists[0].tracks.length).toBeGreaterThan(0);
    expect(body.musicConnections).toEqual([
      expect.objectContaining({ provider: 'spotify', accountId: FAKE_RIDER, status: 'connected' }),
    ]);
    expect(body.musicConnections[0].scopes.length).toBeGreaterThan(0);
    expect(Object.keys(body.musicConnections[0]).sort()).toEqual(
      ['accountId', 'consentedAt', 'provider', 'scopes', 'status', 'statusReason', 'updatedAt'].sort(),
    );
    expect(body.reminders).toHaveLength(1);
    expect(JSON.stringify(body)).not.toContain(bId);

    // No token, sealed or open: the sealed values start `v1.`, the open ones are the fake's.
    const text = res.body;
    const sealed = (await t.database.db.execute(
      sql`select access_token, refresh_token from music_accounts where user_id = ${aId}`,
    )) as unknown as { rows: Array<{ access_token: string; refresh_token: string }> };
    const row = sealed.rows[0]!;
    expect(row.refresh_token.startsWith('v1.')).toBe(true);
    const cipher = createTokenCipher([TEST_TOKEN_KEY]);
    for (const value of [
      row.access_token,
      row.refresh_token,
      cipher.open(row.access_token),
      cipher.open(row.refresh_token),
    ]) {
      expect(value.length).toBeGreaterThan(10);
      expect(text).not.toContain(value);
    }
    expect(text).not.toContain('"v1.');
    expect(text).not.toMatch(/token/i);
  });

  it('deletes A and everything of hers, ends her session at once and leaves B untouched', async () => {
    const before = await rowsOf(aId);
    for (const table of OWNED_TABLES) expect(before[table], table).toBeGreaterThan(0);
    const bBefore = await rowsOf(bId);
    const aPlaylistUrl = (
      await t.app.inject({ method: 'GET', url: `/api/trips/${aTripId}`, cookies: asA() })
    ).json().playlist.externalUrl;

    const res = await t.app.inject({ method: 'DELETE', url: '/api/me', cookies: asA() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.deleted).toEqual({
      users: 1,
      shares: before.shares,
      shareKeys: before.share_keys,
      trips: before.trips,
      playlists: before.playlists,
      musicAccounts: before.music_accounts,
      cachedPools: before.music_pools,
      sessions: before.sessions,
      preferences: before.preferences,
      pushSubscriptions: before.push_subscriptions,
      reminders: before.reminders,
    });
    expect(body.keptInMusicService).toEqual([{ provider: 'spotify', playlists: [aPlaylistUrl] }]);
    expect(body.message).toMatch(/Spotify/);
    const cleared = cookieOf(res, 'railtape_session');
    expect(cleared?.value).toBe('');
    // The playlist stays in her Spotify: it is hers.
    expect(t.spotify!.playlistsOf(FAKE_RIDER).some((p) => aPlaylistUrl.endsWith(p.id))).toBe(true);

    const after = await rowsOf(aId);
    for (const [table, n] of Object.entries(after)) expect(n, table).toBe(0);
    expect(await rowsOf(bId)).toEqual(bBefore);

    for (const url of ['/api/me', '/api/shares', '/api/me/export']) {
      const dead = await t.app.inject({ method: 'GET', url, cookies: asA() });
      expect(dead.statusCode, url).toBe(401);
      expect(dead.json().error.code).toBe('sign_in_required');
    }
    const again = await t.app.inject({ method: 'DELETE', url: '/api/me', cookies: asA() });
    expect(again.statusCode).toBe(401);

    const bShares = await t.app.inject({ method: 'GET', url: '/api/shares', cookies: asB() });
    expect(bShares.statusCode).toBe(200);
    expect(bShares.json().shares).toHaveLength(1);
  });

  it('refuses a cross-site delete', async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      cookies: asB(),
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', cookies: asB() })).statusCode).toBe(200);
  });
});
