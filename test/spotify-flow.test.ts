import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../src/auth/token-cipher.js';
import { parseShare } from '../src/links/index.js';
import { refreshAccessToken } from '../src/music/spotify/oauth.js';
import { FAKE_CURATOR, FAKE_OUTSIDER, FAKE_RIDER } from './fakes/spotify.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, TEST_SPOTIFY_CLIENT, TEST_TOKEN_KEY, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { cookieOf, signIn } from './support/sign-in.js';

/**
 * The whole Spotify flow over real HTTP against the contract fake: sign in, a pool of the rider's own
 * music, a share that lands as one private playlist in their account, a re-fit in place, play pressed
 * late landing on the right track and millisecond; expired tokens, a 429 and a revoked consent survived.
 */

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
// Bern → Papiermühle, 7 minutes (2017).
const shortTrip = fixtureById('real-sbbmobile-tripoffer-bookingapi').url ?? '';
// Samedan 10:58 → Bern 15:46 on 2026-10-10 (CEST): departure 08:58Z.
const DEPARTURE = Date.parse('2026-10-10T08:58:00Z');
const target = testDatabases[0]!;

describe(`Spotify on ${target.name}`, () => {
  let t: TestApp;
  let session: string;
  const as = () => ({ railtape_session: session });

  beforeAll(async () => {
    t = await startTestApp(target, {
      spotify: true,
      now: new Date('2026-10-10T07:00:00Z'),
      rateLimitMax: 10_000,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('asks for sign-in once Spotify is configured, and signs in with PKCE and the client secret', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/trips' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('sign_in_required');

    const result = await signIn(t, FAKE_RIDER);
    session = result.session;
    expect(result.landing).toBe('/trips');
    const token = t.spotify!.calls.find((c) => c.path === '/api/token');
    expect(token?.status).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', cookies: as() });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      signIn: 'spotify',
      spotify: { status: 'connected', accountId: FAKE_RIDER },
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/preferences', cookies: as() })).json().musicSource,
    ).toBe('spotify');
  });

  it('keeps tokens sealed at rest, under the configured key', async () => {
    const rows = await t.database.db.execute(
      sql`select access_token, refresh_token, key_id from music_accounts`,
    );
    const row = (
      rows as unknown as { rows: Array<{ access_token: string; refresh_token: string; key_id: string }> }
    ).rows[0]!;
    const cipher = createTokenCipher([TEST_TOKEN_KEY]);
    expect(row.key_id).toBe(cipher.keyId);
    const refreshToken = cipher.open(row.refresh_token);
    expect(row.refresh_token).not.toContain(refreshToken);
    expect(row.access_token).not.toContain(cipher.open(row.access_token));
    // What was sealed is the live token: Spotify (the fake) accepts it.
    const client = TEST_SPOTIFY_CLIENT;
    const tokens = await refreshAccessToken({
      accountsUrl: t.spotify!.accountsUrl,
      ...client,
      refreshToken,
      now: () => t.clock.now,
    });
    expect(tokens.accessToken.length).toBeGreaterThan(10);
  });

  let tripId: string;
  let externalId: string;
  let firstTripCalls: number;

  it('turns a share into one private Spotify playlist of the rider’s music, as long as the trip', async () => {
    const before = t.spotify!.apiCalls().length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      cookies: as(),
      payload: { text: tripLink },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    firstTripCalls = t.spotify!.apiCalls().length - before;
    // The pool (top tracks in three ranges: 20 + 50 + 99 of them, saved tracks: 130, in pages of 50),
    // then the playlist: create, put its items.
    expect(firstTripCalls).toBe(9);
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', cookies: as() })).json();
    const { pool } = await t.stores.musicAccounts.poolOf(me.user.id, 'spotify');
    expect(pool?.apiCalls).toBe(7);
    tripId = body.trip.id;
    expect(body.playlist).toMatchObject({ provider: 'spotify', sync: { status: 'synced', error: null } });
    expect(body.playlist.externalUrl).toMatch(/^https?:\/\//);
    const playlists = t.spotify!.playlistsOf(FAKE_RIDER).filter((p) => p.name.startsWith('Samedan → Bern'));
    expect(playlists).toHaveLength(1);
    const playlist = playlists[0]!;
    externalId = playlist.id;
    expect(playlist.public).toBe(false);
    expect(playlist.name).toBe('Samedan → Bern, Cäcilienstrasse · Sat 10.10. 10:58');
    expect(playlist.uris).toEqual(body.playlist.tracks.map((track: { id: string }) => track.id));
    const byUri = new Map(t.spotify!.catalog.map((track) => [track.uri, track.durationMs]));
    const totalMs = playlist.uris.reduce((sum, uri) => sum + (byUri.get(uri ?? '') ?? Number.NaN), 0);
    expect(Math.abs(totalMs / 1000 - body.trip.durationSeconds)).toBeLessThanOrEqual(1);
  });

  it('costs fewer calls for the second trip: the pool is cached', async () => {
    const sameTripAgain = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      cookies: as(),
      payload: { text: tripLink },
    });
    expect(sameTripAgain.json()).toMatchObject({ duplicate: true, trip: { id: tripId } });
    const before = t.spotify!.apiCalls().length;
    // What the share reads and writes besides: counted on the stores the services hold.
    const counted = { accountReads: 0, claims: 0 };
    const { musicAccounts, playlists } = t.stores;
    const get = musicAccounts.get;
    const claimSync = playlists.claimSync;
    musicAccounts.get = (...args) => {
      counted.accountReads++;
      return get(...args);
    };
    playlists.claimSync = (...args) => {
      counted.claims++;
      return claimSync(...args);
    };
    // And the statements it sends, as the database client receives them.
    const client = (t.database.db as unknown as { $client: { query: (...args: unknown[]) => unknown } })
      .$client;
    const query = client.query;
    const statements: string[] = [];
    client.query = function (this: unknown, ...args: unknown[]) {
      const [first] = args;
      statements.push(typeof first === 'string' ? first : ((first as { text?: string }).text ?? ''));
      return query.apply(this, args);
    };
    const other = await t.app
      .inject({
        method: 'POST',
        url: '/api/shares',
        cookies: as(),
        payload: { url: shortTrip },
      })
      .finally(() => {
        musicAccounts.get = get;
        playlists.claimSync = claimSync;
        client.query = query;
      });
    // Seven statements (issue 14): the share with its key; the trip with what its fit reads of the
    // user; the pool's version; the playlist under its lease; its copy's id, then the copy written;
    // the share's outcome.
    const whatEachDoes = statements.map((text) => {
      const verb = /\b(insert|update|select)\b/.exec(text)?.[1];
      const table = /(?:insert into|update|from) "(\w+)"/.exec(text)?.[1];
      return `${verb} ${table}`;
    });
    expect(whatEachDoes).toEqual([
      'insert share_keys',
      'insert trips',
      'select music_accounts',
      'insert playlists',
      'update playlists',
      'update playlists',
      'update shares',
    ]);
    expect(other.json().playlist.sync.status).toBe('synced');
    // The playlist was inserted under the sync lease and written with the token read with the pool.
    expect(counted).toEqual({ accountReads: 0, claims: 0 });
    const secondTripCalls = t.spotify!.apiCalls().length - before;
    expect(secondTripCalls).toBeLessThan(firstTripCalls);
    expect(secondTripCalls).toBe(2); // create the playlist, put its items
    // One playlist per trip, however often it was shared.
    expect(t.spotify!.playlistsOf(FAKE_RIDER).filter((p) => p.name.startsWith('Samedan'))).toHaveLength(1);
  });

  it('makes one Spotify playlist when two processes fit the same trip at once', async () => {
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', cookies: as() })).json();
    const parsed = parseShare({ title: null, text: tripLink, url: null }, { now: t.clock.now.getTime() });
    if (parsed.status !== 'parsed') throw new Error('fixture did not parse');
    const trip = await t.stores.trips.insert({ userId: me.user.id, shareId: null, trip: parsed.trip });
    const before = t.spotify!.playlistsOf(FAKE_RIDER).length;
    const [a, b] = await Promise.all([
      t.services.playlists.createForTrip(trip),
      t.services.playlists.createForTrip(trip),
    ]);
    expect(a.id).toBe(b.id);
    expect(t.spotify!.playlistsOf(FAKE_RIDER)).toHaveLength(before + 1);
    expect((await t.stores.playlists.latestForTrip(trip.id))?.syncStatus).toBe('synced');
  });

  it('re-fits in place: the same Spotify playlist, its items replaced', async () => {
    const count = t.spotify!.playlistsOf(FAKE_RIDER).length;
    t.clock.now = new Date(DEPARTURE + 30 * 60_000);
    const before = t.spotify!.apiCalls().length;
    const res = await t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/refit`, cookies: as() });
    expect(res.statusCode).toBe(200);
    expect(
      t
        .spotify!.apiCalls()
        .slice(before)
        .map((c) => c.method),
    ).toEqual(['PUT']);
    const playlist = res.json().playlist;
    expect(playlist.sync.status).toBe('synced');
    expect(t.spotify!.playlistsOf(FAKE_RIDER)).toHaveLength(count);
    expect(t.spotify!.playlist(externalId)?.uris).toEqual(
      playlist.tracks.map((track: { id: string }) => track.id),
    );
  });

  it('starts playback late at the track and millisecond where the playlist stands, after the token expired', async () => {
    t.clock.now = new Date(DEPARTURE + 2 * 3_600_000 + 123_456);
    t.spotify!.rateLimitNext(1, 1);
    const res = await t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/play`, cookies: as() });
    expect(res.statusCode, res.body).toBe(200);
    const trip = (await t.app.inject({ method: 'GET', url: `/api/trips/${tripId}`, cookies: as() })).json();
    const elapsed = 2 * 3600 + 123.456;
    const tracks = [...trip.playlist.tracks].sort((a, b) => a.startSeconds - b.startSeconds);
    const index = tracks.findIndex((track) => elapsed < track.startSeconds + track.durationMs / 1000);
    const play = t.spotify!.lastPlayRequest();
    expect(play).toMatchObject({ contextUri: `spotify:playlist:${externalId}`, offset: { position: index } });
    expect(play?.positionMs).toBe(Math.floor((elapsed - tracks[index].startSeconds) * 1000));
    expect(res.json()).toMatchObject({ trackIndex: index, track: { id: tracks[index].id } });
  });

  it('gives coded answers when playback cannot start', async () => {
    t.spotify!.setPlayer(FAKE_RIDER, { activeDevice: false });
    const noDevice = await t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/play`, cookies: as() });
    expect([noDevice.statusCode, noDevice.json().error.code]).toEqual([409, 'spotify_no_active_device']);
    t.spotify!.setPlayer(FAKE_RIDER, { activeDevice: true, premium: false });
    const noPremium = await t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/play`, cookies: as() });
    expect([noPremium.statusCode, noPremium.json().error.code]).toEqual([403, 'spotify_premium_required']);
    t.spotify!.setPlayer(FAKE_RIDER, { premium: true });
    t.clock.now = new Date(DEPARTURE + 6 * 3_600_000);
    const over = await t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/play`, cookies: as() });
    expect([over.statusCode, over.json().error.code]).toEqual([409, 'trip_not_under_way']);
  });

  it('turns a revoked consent into "reconnect Spotify", with demo tracks that say so, never a 500', async () => {
    t.spotify!.revoke(FAKE_RIDER);
    t.clock.now = new Date(t.clock.now.getTime() + 24 * 3_600_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      cookies: as(),
      headers: { 'accept-language': 'de' },
      payload: { url: shortTrip, title: 'again' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    // A day later the cached pool has expired, so the refresh meets the revoked consent.
    expect(body.playlist).toMatchObject({ provider: 'demo', sync: { status: 'local' } });
    expect(body.playlist.notes[0]).toMatchObject({ code: 'demo_catalog_used' });
    expect(body.playlist.notes[0].message).toMatch(/Spotify erneut/);
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', cookies: as() })).json();
    expect(me.spotify).toMatchObject({ status: 'reconnect_required', reason: 'consent_expired' });
    t.clock.now = new Date(DEPARTURE + 60_000);
    const play = await t.app.inject({ method: 'POST', url: `/api/trips/${tripId}/play`, cookies: as() });
    expect([play.statusCode, play.json().error.code]).toEqual([409, 'spotify_reconnect_required']);
  });

  it('signs in again to reconnect, and signs out everywhere', async () => {
    const again = await signIn(t, FAKE_RIDER);
    const me = (
      await t.app.inject({ method: 'GET', url: '/api/me', cookies: { railtape_session: again.session } })
    ).json();
    expect(me.spotify.status).toBe('connected');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out-everywhere',
      cookies: { railtape_session: again.session },
    });
    expect(out.json().sessionsEnded).toBe(2);
    for (const token of [session, again.session]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/trips',
        cookies: { railtape_session: token },
      });
      expect(res.statusCode).toBe(401);
    }
  });

  it('lands on a clear page when consent is denied, the user is not on the allow-list, or the state is forged', async () => {
    t.spotify!.signInAs(FAKE_CURATOR, { deny: true });
    const login = await t.app.inject({ method: 'GET', url: '/auth/spotify/login' });
    const consent = await fetch(login.headers.location as string, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') ?? '');
    const denied = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      cookies: { railtape_sign_in: cookieOf(login, 'railtape_sign_in')?.value ?? '' },
    });
    expect(denied.headers.location).toBe('/?signin=denied');

    const outsider = await signIn(t, FAKE_OUTSIDER);
    expect(outsider.landing).toBe('/?signin=not_allowed');
    expect(outsider.session).toBe('');

    const forged = await t.app.inject({ method: 'GET', url: '/auth/spotify/callback?code=x&state=y' });
    expect(forged.headers.location).toBe('/?signin=failed');
  });
});
