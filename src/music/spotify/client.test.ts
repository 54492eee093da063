import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_CLIENT,
  FAKE_CURATOR,
  FAKE_OUTSIDER,
  FAKE_RIDER,
  type FakeCall,
  type SpotifyFake,
  startSpotifyFake,
} from '../../../test/fakes/spotify.js';
import { createSpotifyClient, SpotifyApiError, type SpotifyClientOptions } from './client.js';
import { refreshAccessToken } from './oauth.js';

describe('Spotify client against the fake (spotify-web-api.md §3–§5)', () => {
  let fake: SpotifyFake;

  beforeAll(async () => {
    fake = await startSpotifyFake({ clock: () => Date.UTC(2026, 9, 1, 6, 0) });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.setPlayer(FAKE_RIDER, { activeDevice: true, premium: true });
    fake.quotaExceeded(false);
  });

  /** A signed-in user whose refresh hook runs the real OAuth refresh against the fake. */
  function connect(
    userId = FAKE_RIDER,
    overrides: Partial<SpotifyClientOptions> & { scopes?: string[] } = {},
  ) {
    const { scopes, ...clientOverrides } = overrides;
    const issued = fake.issueTokens(userId, scopes ? { scopes } : {});
    const tokens = { access: issued.accessToken, refresh: issued.refreshToken };
    const sleeps: number[] = [];
    let refreshes = 0;
    const client = createSpotifyClient({
      apiUrl: fake.apiUrl,
      getAccessToken: async () => tokens.access,
      onUnauthorized: async () => {
        refreshes += 1;
        const next = await refreshAccessToken({
          accountsUrl: fake.accountsUrl,
          clientId: FAKE_CLIENT.clientId,
          clientSecret: FAKE_CLIENT.clientSecret,
          refreshToken: tokens.refresh,
        });
        tokens.access = next.accessToken;
        if (next.refreshToken !== undefined) tokens.refresh = next.refreshToken;
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...clientOverrides,
    });
    return { client, sleeps, refreshes: () => refreshes };
  }

  /** API calls made by `run`, as `METHOD path status`. */
  async function callsDuring(run: () => Promise<unknown>): Promise<string[]> {
    const start = fake.calls.length;
    await run().catch(() => undefined);
    return fake.calls
      .slice(start)
      .filter((c: FakeCall) => c.service === 'api')
      .map((c) => `${c.method} ${c.path} ${c.status}`);
  }

  async function failure(promise: Promise<unknown>): Promise<SpotifyApiError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpotifyApiError);
    return error as SpotifyApiError;
  }

  describe('reading', () => {
    it('reads the profile', async () => {
      const me = await connect().client.me();
      expect(me).toEqual({
        id: FAKE_RIDER,
        accountId: expect.stringMatching(/^[0-9A-Za-z]{22}$/),
        displayName: 'Anna Künzli',
        uri: `spotify:user:${FAKE_RIDER}`,
      });
    });

    it('maps tracks to the plain type', async () => {
      const [first] = await connect().client.savedTracks();
      const expected = fake.catalog.find((t) => t.id === fake.savedTrackIds(FAKE_RIDER)[0]);
      expect(first).toEqual({
        id: expected?.id,
        uri: expected?.uri,
        title: expected?.name,
        artists: expected?.artists,
        album: expected?.album,
        durationMs: expected?.durationMs,
        explicit: expected?.explicit,
        isrc: expected?.isrc,
      });
    });

    it('pages across `next` exactly as the fake sent it', async () => {
      const { client } = connect();
      let saved: unknown[] = [];
      const calls = await callsDuring(async () => {
        saved = await client.savedTracks();
      });
      expect(saved.map((t) => (t as { id: string }).id)).toEqual(fake.savedTrackIds(FAKE_RIDER));
      expect(calls).toEqual(['GET /me/tracks 200', 'GET /me/tracks 200', 'GET /me/tracks 200']);
      const queries = fake
        .apiCalls('GET', '/me/tracks')
        .slice(-3)
        .map((c) => c.query);
      expect(queries).toEqual(['?limit=50', '?limit=50&offset=50', '?limit=50&offset=100']);
    });

    it('stops after maxPages', async () => {
      const { client } = connect(FAKE_RIDER, { maxPages: 2 });
      let count = 0;
      const calls = await callsDuring(async () => {
        count = (await client.savedTracks()).length;
      });
      expect([count, calls.length]).toEqual([100, 2]);
    });

    it('reads top tracks for each time range, medium_term by default', async () => {
      const { client } = connect();
      for (const range of ['short_term', 'medium_term', 'long_term'] as const) {
        const ids = (await client.topTracks(range)).map((t) => t.id);
        expect(ids, range).toEqual(fake.topTrackIds(FAKE_RIDER, range));
      }
      expect((await client.topTracks()).map((t) => t.id)).toEqual(
        fake.topTrackIds(FAKE_RIDER, 'medium_term'),
      );
      expect(fake.apiCalls('GET', '/me/top/tracks').at(-1)?.query).toBe('?time_range=medium_term&limit=50');
    });

    it('lists own and followed playlists', async () => {
      const playlists = await connect().client.myPlaylists();
      expect(playlists.map((p) => [p.name, p.ownerId, p.itemCount])).toEqual(
        fake.playlistsOf(FAKE_RIDER).map((p) => [p.name, p.ownerId, p.uris.length]),
      );
      expect(playlists[0]).toMatchObject({
        public: false,
        collaborative: false,
        snapshotId: expect.any(String),
      });
    });

    it('reads playlist items under `item`, skipping the local file, the episode and the gone track', async () => {
      const commute = fake.playlistsOf(FAKE_RIDER).find((p) => p.name.startsWith('Morning Commute'));
      const tracks = await connect().client.playlistItems(commute?.id ?? '');
      expect(tracks.map((t) => t.uri)).toEqual(commute?.uris.filter((u) => u?.startsWith('spotify:track:')));
      expect(tracks).toHaveLength(24);
    });

    it('falls back to the deprecated `track` key', async () => {
      const commute = fake.playlistsOf(FAKE_RIDER).find((p) => p.name.startsWith('Morning Commute'));
      // An Extended-Quota style answer (§2.3 nuance): `track` only, no `item`.
      const legacyFetch: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input).includes('/items')) return res;
        const body = await res.json();
        body.items = body.items.map(({ item, ...rest }: { item: unknown }) => ({ ...rest, track: item }));
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      };
      const tracks = await connect(FAKE_RIDER, { fetch: legacyFetch }).client.playlistItems(
        commute?.id ?? '',
      );
      expect(tracks).toHaveLength(24);
    });

    it('gets 403 forbidden on the items of a followed playlist', async () => {
      const followed = fake.playlistsOf(FAKE_RIDER).find((p) => p.ownerId === FAKE_CURATOR);
      const error = await failure(connect().client.playlistItems(followed?.id ?? ''));
      expect(error).toMatchObject({ kind: 'forbidden', status: 403 });
    });

    it('tells a user missing from the allow-list from other 403s', async () => {
      const error = await failure(connect(FAKE_OUTSIDER).client.me());
      expect(error).toMatchObject({ kind: 'not_allow_listed', status: 403 });
      const narrow = await failure(connect(FAKE_RIDER, { scopes: ['user-read-private'] }).client.topTracks());
      expect(narrow).toMatchObject({
        kind: 'forbidden',
        status: 403,
        details: { endpoint: 'GET /me/top/tracks' },
      });
    });

    it('refuses to follow a `next` that leaves the API origin', async () => {
      const hijack: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const body = await res.json();
        body.next = 'https://evil.example/v1/me/tracks?offset=50';
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      };
      const error = await failure(connect(FAKE_RIDER, { fetch: hijack }).client.savedTracks());
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('another origin');
    });

    it('rejects a track without a duration rather than guessing', async () => {
      const broken: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const body = await res.json();
        delete body.items[0].duration_ms;
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      };
      const error = await failure(connect(FAKE_RIDER, { fetch: broken }).client.topTracks('short_term'));
      expect(error).toMatchObject({ kind: 'unavailable', status: null });
    });
  });

  describe('search (§0.3)', () => {
    it('never asks for more than 10 per page and pages by offset', async () => {
      const { client } = connect();
      let found: { id: string }[] = [];
      await callsDuring(async () => {
        found = await client.searchTracks('', { genre: 'jazz', maxResults: 25 });
      });
      const sent = fake
        .apiCalls('GET', '/search')
        .slice(-3)
        .map((c) => new URLSearchParams(c.query));
      expect(sent.map((q) => [q.get('limit'), q.get('offset'), q.get('q'), q.get('type')])).toEqual([
        ['10', '0', 'genre:"jazz"', 'track'],
        ['10', '10', 'genre:"jazz"', 'track'],
        ['5', '20', 'genre:"jazz"', 'track'],
      ]);
      const jazz = fake.catalog.filter((t) => t.genres.includes('jazz')).map((t) => t.id);
      expect(found.map((t) => t.id)).toEqual(jazz.slice(0, 25));
    });

    it('stops when results run out and sends nothing for zero results', async () => {
      const { client } = connect();
      const calls = await callsDuring(() =>
        client.searchTracks('valley', { genre: 'techno', maxResults: 500 }),
      );
      const expected = fake.catalog.filter(
        (t) => t.genres.includes('techno') && /valley/i.test(`${t.name} ${t.album}`),
      );
      expect(calls.length).toBe(Math.max(1, Math.ceil(expected.length / 10)));
      expect(await callsDuring(() => client.searchTracks('valley', { maxResults: 0 }))).toEqual([]);
    });
  });

  describe('writing', () => {
    it('creates a private playlist unless told otherwise', async () => {
      const { client } = connect();
      const created = await client.createPlaylist({ name: 'Zürich HB → Chur', description: '1 h 15 min' });
      expect(created).toMatchObject({
        uri: `spotify:playlist:${created.id}`,
        url: expect.stringContaining(created.id),
      });
      expect(fake.playlist(created.id)).toMatchObject({
        public: false,
        name: 'Zürich HB → Chur',
        description: '1 h 15 min',
      });
    });

    it('replaces 250 items as PUT 100 + POST 100 + POST 50, keeping the order', async () => {
      const { client } = connect();
      const { id } = await client.createPlaylist({ name: 'Long ride' });
      const uris = Array.from(
        { length: 250 },
        (_, i) => fake.catalog[(i * 7) % fake.catalog.length]?.uri ?? '',
      );
      let snapshotId = '';
      const calls = await callsDuring(async () => {
        ({ snapshotId } = await client.replacePlaylistItems(id, uris));
      });
      const path = `/playlists/${id}/items`;
      expect(calls).toEqual([`PUT ${path} 200`, `POST ${path} 201`, `POST ${path} 201`]);
      expect(fake.playlist(id)?.uris).toEqual(uris);
      expect(snapshotId).toBe(fake.playlist(id)?.snapshotId);

      await client.replacePlaylistItems(id, uris.slice(0, 30));
      expect(fake.playlist(id)?.uris).toEqual(uris.slice(0, 30));
      await client.replacePlaylistItems(id, []);
      expect(fake.playlist(id)?.uris).toEqual([]);
    });

    it('redoes the whole replacement when an append fails, never appending twice', async () => {
      const { client } = connect();
      const { id } = await client.createPlaylist({ name: 'Flaky' });
      const uris = fake.catalog.slice(0, 150).map((t) => t.uri);
      let requests = 0;
      const flaky: typeof fetch = async (input, init) => {
        requests += 1;
        if (requests === 2) fake.failNext(1, 503);
        return fetch(input, init);
      };
      const { client: flakyClient, sleeps } = connect(FAKE_RIDER, { fetch: flaky });
      const calls = await callsDuring(() => flakyClient.replacePlaylistItems(id, uris));
      const path = `/playlists/${id}/items`;
      expect(calls).toEqual([`PUT ${path} 200`, `POST ${path} 503`, `PUT ${path} 200`, `POST ${path} 201`]);
      expect(fake.playlist(id)?.uris).toEqual(uris);
      expect(sleeps).toEqual([188]);
    });

    it('does not repeat a playlist creation that got a 5xx', async () => {
      const { client } = connect();
      const before = fake.playlistsOf(FAKE_RIDER).length;
      fake.failNext(1, 503);
      const error = await failure(client.createPlaylist({ name: 'Once' }));
      expect(error).toMatchObject({
        kind: 'unavailable',
        status: 503,
        details: { endpoint: 'POST /me/playlists' },
      });
      expect(fake.playlistsOf(FAKE_RIDER)).toHaveLength(before);
    });

    it('refuses URIs that are not tracks or episodes before sending anything', async () => {
      const { client } = connect();
      const calls = await callsDuring(() =>
        client.replacePlaylistItems('x', ['spotify:album:0123456789abcdefghijkl']),
      );
      expect(calls).toEqual([]);
    });

    it('updates playlist details', async () => {
      const { client } = connect();
      const { id, snapshotId } = await client.createPlaylist({ name: 'Draft' });
      await client.updatePlaylistDetails(id, { name: 'Bern → Lausanne', description: '66 min' });
      expect(fake.playlist(id)).toMatchObject({
        name: 'Bern → Lausanne',
        description: '66 min',
        public: false,
      });
      expect(fake.playlist(id)?.snapshotId).not.toBe(snapshotId);
    });
  });

  describe('player', () => {
    it('starts the playlist at a position', async () => {
      const { client } = connect();
      const playlist = fake.playlistsOf(FAKE_RIDER)[1];
      await client.play({ contextUri: playlist?.uri ?? '', position: 3, positionMs: 12_000 });
      expect(fake.lastPlayRequest()?.body).toEqual({
        context_uri: playlist?.uri,
        offset: { position: 3 },
        position_ms: 12_000,
      });
      expect(await client.playback()).toMatchObject({ isPlaying: true, contextUri: playlist?.uri });
    });

    it('types NO_ACTIVE_DEVICE and wakes a named device', async () => {
      const { client } = connect();
      const uri = fake.playlistsOf(FAKE_RIDER)[1]?.uri ?? '';
      fake.setPlayer(FAKE_RIDER, { activeDevice: false });
      expect(await client.playback()).toBeNull();
      const error = await failure(client.play({ contextUri: uri }));
      expect(error).toMatchObject({
        kind: 'no_active_device',
        status: 404,
        details: { reason: 'NO_ACTIVE_DEVICE' },
      });
      await client.play({ contextUri: uri, deviceId: fake.deviceOf(FAKE_RIDER) });
      expect(fake.lastPlayRequest()).toMatchObject({ deviceId: fake.deviceOf(FAKE_RIDER), contextUri: uri });
    });

    it('types PREMIUM_REQUIRED', async () => {
      const { client } = connect();
      fake.setPlayer(FAKE_RIDER, { premium: false });
      const error = await failure(client.play({ contextUri: fake.playlistsOf(FAKE_RIDER)[1]?.uri ?? '' }));
      expect(error).toMatchObject({
        kind: 'premium_required',
        status: 403,
        details: { reason: 'PREMIUM_REQUIRED' },
      });
    });
  });

  describe('retry policy (§4)', () => {
    it('waits Retry-After on a 429 and retries', async () => {
      const { client, sleeps } = connect();
      fake.rateLimitNext(2, 3);
      const calls = await callsDuring(() => client.me());
      expect(calls).toEqual(['GET /me 429', 'GET /me 429', 'GET /me 200']);
      expect(sleeps).toEqual([3000, 3000]);
    });

    it('gives up after three rate-limit retries, reporting Retry-After', async () => {
      const { client, sleeps } = connect();
      fake.rateLimitNext(10, 1);
      const error = await failure(client.me());
      expect(error).toMatchObject({ kind: 'rate_limited', status: 429, details: { retryAfterSeconds: 1 } });
      expect(sleeps).toEqual([1000, 1000, 1000]);
      fake.rateLimitNext(0, 0);
    });

    it('does not sleep through a Retry-After above the cap', async () => {
      const { client, sleeps } = connect();
      fake.rateLimitNext(1, 60);
      const calls = await callsDuring(async () => {
        const error = await failure(client.me());
        expect(error.details.retryAfterSeconds).toBe(60);
      });
      expect([calls, sleeps]).toEqual([['GET /me 429'], []]);
    });

    it('stops at once on QUOTA_EXCEEDED', async () => {
      const { client, sleeps } = connect();
      fake.quotaExceeded(true);
      let error: SpotifyApiError | undefined;
      const calls = await callsDuring(async () => {
        error = await failure(client.savedTracks());
      });
      expect(error).toMatchObject({
        kind: 'quota_exceeded',
        status: 429,
        details: { reason: 'QUOTA_EXCEEDED' },
      });
      expect([calls, sleeps]).toEqual([['GET /me/tracks 429'], []]);
    });

    it('survives an access token expiring mid-listing via onUnauthorized', async () => {
      let responses = 0;
      const expiring: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        // The hour runs out between the first and the second page.
        if (++responses === 1) fake.advanceTime(3600_000);
        return res;
      };
      const { client, refreshes } = connect(FAKE_RIDER, { fetch: expiring });
      let count = 0;
      const calls = await callsDuring(async () => {
        count = (await client.savedTracks()).length;
      });
      expect(count).toBe(130);
      expect(refreshes()).toBe(1);
      expect(calls).toEqual([
        'GET /me/tracks 200',
        'GET /me/tracks 401',
        'GET /me/tracks 200',
        'GET /me/tracks 200',
      ]);
      expect(fake.calls.filter((c) => c.path === '/api/token').at(-1)?.status).toBe(200);
    });

    it('refreshes once, then reports unauthorized', async () => {
      let refreshes = 0;
      const client = createSpotifyClient({
        apiUrl: fake.apiUrl,
        getAccessToken: async () => 'BQrevoked',
        onUnauthorized: async () => {
          refreshes += 1;
        },
        sleep: async () => {},
      });
      const calls = await callsDuring(async () => {
        expect((await failure(client.me())).kind).toBe('unauthorized');
      });
      expect([refreshes, calls]).toEqual([1, ['GET /me 401', 'GET /me 401']]);
    });

    it('passes on the refresh failure after a revoke', async () => {
      const { client } = connect(FAKE_CURATOR);
      fake.revoke(FAKE_CURATOR);
      await expect(client.me()).rejects.toMatchObject({ name: 'SpotifyAuthError', kind: 'invalid_grant' });
    });

    it('retries a 5xx with jittered back-off, then succeeds', async () => {
      const { client, sleeps } = connect();
      fake.failNext(2, 503);
      const calls = await callsDuring(() => client.me());
      expect(calls).toEqual(['GET /me 503', 'GET /me 503', 'GET /me 200']);
      // random() = 0.5 → 75 % of 250 ms · 2^attempt.
      expect(sleeps).toEqual([188, 375]);
    });

    it('gives up after three transient retries', async () => {
      const { client } = connect();
      fake.failNext(10, 502);
      const calls = await callsDuring(async () => {
        expect(await failure(client.me())).toMatchObject({ kind: 'unavailable', status: 502 });
      });
      expect(calls).toHaveLength(4);
      fake.failNext(0);
    });

    it('retries a dropped connection and a timeout', async () => {
      const { client } = connect(FAKE_RIDER, { timeoutMs: 40 });
      fake.dropNext(1);
      expect((await client.me()).id).toBe(FAKE_RIDER);
      fake.stallNext(1, 150);
      expect((await client.me()).id).toBe(FAKE_RIDER);
      fake.stallNext(4, 150);
      const error = await failure(client.me());
      expect(error).toMatchObject({ kind: 'unavailable', status: null });
      expect(error.message).toContain('timed out');
    });

    it('keeps tokens out of error messages', async () => {
      const { client } = connect(FAKE_OUTSIDER);
      const error = await failure(client.me());
      expect(error.message).not.toMatch(/BQ[A-Za-z0-9_-]{20,}/);
      expect(error.message).toMatch(/^Spotify GET \/me answered 403/);
    });
  });
});
