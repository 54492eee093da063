import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_CLIENT,
  FAKE_CURATOR,
  FAKE_OUTSIDER,
  FAKE_RIDER,
  redirectUriMatches,
  type SpotifyFake,
  startSpotifyFake,
} from './spotify.js';

const REDIRECT = 'http://127.0.0.1:8123/callback';
const VERIFIER = 'railtape-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const BASIC = `Basic ${Buffer.from(`${FAKE_CLIENT.clientId}:${FAKE_CLIENT.clientSecret}`).toString('base64')}`;

const get = (fake: SpotifyFake, token: string | null, path: string) =>
  fetch(`${fake.apiUrl}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
const send = (fake: SpotifyFake, token: string, method: string, path: string, body?: unknown) =>
  fetch(`${fake.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const tokenCall = (fake: SpotifyFake, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${fake.accountsUrl}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });

async function authorize(fake: SpotifyFake, overrides: Record<string, string | null> = {}) {
  const params: Record<string, string | null> = {
    client_id: FAKE_CLIENT.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    state: 'st4te',
    scope: 'user-read-private user-top-read',
    code_challenge_method: 'S256',
    code_challenge: CHALLENGE,
    ...overrides,
  };
  const url = new URL(`${fake.accountsUrl}/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  return {
    status: res.status,
    location: location === null ? null : new URL(location),
    text: await res.text(),
  };
}

async function codeFor(fake: SpotifyFake, overrides: Record<string, string | null> = {}): Promise<string> {
  const { location } = await authorize(fake, overrides);
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

describe('Spotify fake: accounts /authorize (spotify-web-api.md §1.1, §1.2)', () => {
  let fake: SpotifyFake;
  beforeAll(async () => {
    fake = await startSpotifyFake();
  });
  afterAll(() => fake.close());
  afterEach(() => fake.signInAs(FAKE_RIDER));

  it('redirects 302 with code and state for the signed-in user', async () => {
    const { status, location } = await authorize(fake);
    expect(status).toBe(302);
    expect(`${location?.origin}${location?.pathname}`).toBe('http://127.0.0.1:8123/callback');
    expect(location?.searchParams.get('state')).toBe('st4te');
    expect(location?.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{100,}$/);
  });

  it('redirects with error=access_denied when the user cancels', async () => {
    fake.signInAs(FAKE_RIDER, { deny: true });
    const { location } = await authorize(fake);
    expect(Object.fromEntries(location?.searchParams ?? [])).toEqual({
      error: 'access_denied',
      state: 'st4te',
    });
  });

  it('never redirects for an unknown client or an unregistered redirect URI', async () => {
    expect(await authorize(fake, { client_id: '0'.repeat(32) })).toMatchObject({
      status: 400,
      location: null,
    });
    for (const redirect of [
      'http://localhost:8123/callback',
      'http://127.0.0.1:8123/callback/',
      'http://127.0.0.1:8123/Callback',
      'http://127.0.0.2:8123/callback',
      'http://railtape.example/auth/spotify/callback',
      'https://railtape.example/auth/spotify/callback/',
      'https://RAILTAPE.example/auth/spotify/Callback',
    ]) {
      const res = await authorize(fake, { redirect_uri: redirect });
      expect(res, redirect).toMatchObject({ status: 400, location: null });
      expect(res.text).toContain('Invalid redirect URI');
    }
  });

  it('accepts any port on a loopback literal and the exact https URI', async () => {
    for (const redirect of [
      'http://127.0.0.1:53124/callback',
      'http://127.0.0.1/callback',
      FAKE_CLIENT.redirectUris[1],
    ]) {
      expect((await authorize(fake, { redirect_uri: redirect ?? '' })).status, redirect).toBe(302);
    }
    expect(redirectUriMatches('http://[::1]/callback', 'http://[::1]:4000/callback')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://[::1]:4000/callback')).toBe(false);
    expect(redirectUriMatches('http://localhost/callback', 'http://localhost/callback')).toBe(false);
  });

  it('refuses to register localhost or plain-http redirect URIs', async () => {
    for (const uri of ['http://localhost:3000/callback', 'http://railtape.example/callback']) {
      await expect(startSpotifyFake({ clients: [{ ...FAKE_CLIENT, redirectUris: [uri] }] })).rejects.toThrow(
        uri,
      );
    }
  });

  it('answers errors for the implicit grant, non-S256 PKCE and unknown scopes through the redirect', async () => {
    const error = async (o: Record<string, string | null>) =>
      (await authorize(fake, o)).location?.searchParams.get('error');
    expect(await error({ response_type: 'token' })).toBe('unsupported_response_type');
    expect(await error({ code_challenge_method: 'plain' })).toBe('invalid_request');
    expect(await error({ code_challenge: 'short' })).toBe('invalid_request');
    expect(await error({ scope: 'user-read-private audio-features' })).toBe('invalid_scope');
  });
});

describe('Spotify fake: accounts /api/token (§1.3, §1.4)', () => {
  let fake: SpotifyFake;
  beforeAll(async () => {
    fake = await startSpotifyFake();
  });
  afterAll(() => fake.close());

  it('issues Bearer tokens for 3600 s with the granted scope, confidential + PKCE', async () => {
    const code = await codeFor(fake);
    const res = await tokenCall(
      fake,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER },
      { authorization: BASIC },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'user-read-private user-top-read',
    });
    expect(typeof body.access_token).toBe('string');
    expect(typeof body.refresh_token).toBe('string');
    expect((await get(fake, body.access_token, '/me')).status).toBe(200);
  });

  it('grants only what the user allowed', async () => {
    fake.signInAs(FAKE_RIDER, { grantOnly: ['user-read-private'] });
    const code = await codeFor(fake);
    fake.signInAs(FAKE_RIDER);
    const res = await tokenCall(
      fake,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER },
      { authorization: BASIC },
    );
    expect((await res.json()).scope).toBe('user-read-private');
  });

  it('rejects a JSON body with unsupported_grant_type', async () => {
    const code = await codeFor(fake);
    const res = await fetch(`${fake.accountsUrl}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: BASIC },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('unsupported_grant_type');
  });

  it('checks client credentials', async () => {
    const code = await codeFor(fake);
    const noCreds = await tokenCall(fake, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect([noCreds.status, await noCreds.json()]).toEqual([400, { error: 'invalid_client' }]);
    const wrong = `Basic ${Buffer.from(`${FAKE_CLIENT.clientId}:nope`).toString('base64')}`;
    const bad = await tokenCall(
      fake,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      { authorization: wrong },
    );
    expect(await bad.json()).toEqual({ error: 'invalid_client', error_description: 'Invalid client' });
  });

  it('makes codes single-use, bound to the redirect URI and the PKCE verifier', async () => {
    const exchange = (fields: Record<string, string>) =>
      tokenCall(
        fake,
        { grant_type: 'authorization_code', redirect_uri: REDIRECT, code_verifier: VERIFIER, ...fields },
        {
          authorization: BASIC,
        },
      ).then(async (r) => [r.status, (await r.json()).error]);

    const once = await codeFor(fake);
    expect(await exchange({ code: once })).toEqual([200, undefined]);
    expect(await exchange({ code: once })).toEqual([400, 'invalid_grant']);

    expect(
      await exchange({ code: await codeFor(fake), redirect_uri: 'http://127.0.0.1:9999/callback' }),
    ).toEqual([400, 'invalid_grant']);
    expect(await exchange({ code: await codeFor(fake), code_verifier: `${VERIFIER}x` })).toEqual([
      400,
      'invalid_grant',
    ]);
    // A failed attempt still consumes the code.
    const burnt = await codeFor(fake);
    await exchange({ code: burnt, code_verifier: `${VERIFIER}x` });
    expect(await exchange({ code: burnt })).toEqual([400, 'invalid_grant']);
  });

  it('requires PKCE from a public client and the secret from a code without a challenge', async () => {
    const noPkce = await codeFor(fake, { code_challenge: null, code_challenge_method: null });
    const pub = await tokenCall(fake, {
      grant_type: 'authorization_code',
      code: noPkce,
      redirect_uri: REDIRECT,
      client_id: FAKE_CLIENT.clientId,
    });
    expect(pub.status).toBe(400);
    const withPkce = await codeFor(fake);
    const ok = await tokenCall(fake, {
      grant_type: 'authorization_code',
      code: withPkce,
      redirect_uri: REDIRECT,
      client_id: FAKE_CLIENT.clientId,
      code_verifier: VERIFIER,
    });
    expect(ok.status).toBe(200);
  });

  it('expires codes after ten minutes', async () => {
    const code = await codeFor(fake);
    fake.advanceTime(11 * 60_000);
    const res = await tokenCall(
      fake,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER },
      { authorization: BASIC },
    );
    expect((await res.json()).error).toBe('invalid_grant');
  });
});

describe('Spotify fake: refresh tokens (§1.4)', () => {
  let fake: SpotifyFake;
  beforeAll(async () => {
    fake = await startSpotifyFake();
  });
  afterAll(() => fake.close());

  const refresh = async (refreshToken: string, flow: 'confidential' | 'public') => {
    const res = await tokenCall(
      fake,
      flow === 'public'
        ? { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: FAKE_CLIENT.clientId }
        : { grant_type: 'refresh_token', refresh_token: refreshToken },
      flow === 'confidential' ? { authorization: BASIC } : {},
    );
    return { status: res.status, body: await res.json() };
  };

  it('keeps the refresh token for the confidential flow', async () => {
    const { refreshToken } = fake.issueTokens(FAKE_RIDER);
    const first = await refresh(refreshToken, 'confidential');
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeUndefined();
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await refresh(refreshToken, 'confidential')).status).toBe(200);
  });

  it('rotates for PKCE public clients and kills the old token', async () => {
    const { refreshToken } = fake.issueTokens(FAKE_RIDER, { flow: 'public' });
    const first = await refresh(refreshToken, 'public');
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect(first.body.refresh_token).not.toBe(refreshToken);
    expect((await refresh(refreshToken, 'public')).body.error).toBe('invalid_grant');
    expect((await refresh(first.body.refresh_token, 'public')).status).toBe(200);
  });

  it('does not let a public client refresh a confidential token', async () => {
    const { refreshToken } = fake.issueTokens(FAKE_RIDER);
    expect((await refresh(refreshToken, 'public')).body.error).toBe('invalid_client');
  });

  it('ends six months after consent, however often it was refreshed', async () => {
    const { refreshToken } = fake.issueTokens(FAKE_RIDER, { flow: 'public' });
    let current = refreshToken;
    for (let month = 0; month < 5; month++) {
      fake.advanceTime(31 * 86_400_000);
      const r = await refresh(current, 'public');
      expect(r.status, `month ${month}`).toBe(200);
      current = r.body.refresh_token;
    }
    fake.advanceTime(30 * 86_400_000);
    expect(await refresh(current, 'public')).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token expired' },
    });
  });

  it('answers invalid_grant after the user revoked access, and 401 on the API', async () => {
    const { refreshToken, accessToken } = fake.issueTokens(FAKE_CURATOR);
    fake.revoke(FAKE_CURATOR);
    expect((await refresh(refreshToken, 'confidential')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Refresh token revoked',
    });
    expect((await get(fake, accessToken, '/me')).status).toBe(401);
  });
});

describe('Spotify fake: Web API contract (§3, §4, §7)', () => {
  let fake: SpotifyFake;
  let token: string;
  beforeAll(async () => {
    fake = await startSpotifyFake();
    token = fake.issueTokens(FAKE_RIDER).accessToken;
  });
  afterAll(() => fake.close());

  it('answers 401 with the error object and WWW-Authenticate for missing, bogus and expired tokens', async () => {
    const missing = await get(fake, null, '/me');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="spotify", error="missing_token"');
    expect(await missing.json()).toEqual({
      error: { status: 401, message: 'Missing/invalid/expired access token' },
    });
    const bogus = await get(fake, 'BQnope', '/me');
    expect([bogus.status, bogus.headers.get('www-authenticate')]).toEqual([
      401,
      'Bearer realm="spotify", error="invalid_token"',
    ]);

    const short = fake.issueTokens(FAKE_RIDER).accessToken;
    fake.advanceTime(3599_000);
    expect((await get(fake, short, '/me')).status).toBe(200);
    fake.advanceTime(1000);
    expect((await get(fake, short, '/me')).status).toBe(401);
    token = fake.issueTokens(FAKE_RIDER).accessToken;
  });

  it('serves /me with the Dev-Mode field set', async () => {
    const me = await (await get(fake, token, '/me')).json();
    expect(me).toMatchObject({
      id: FAKE_RIDER,
      display_name: 'Anna Künzli',
      type: 'user',
      uri: `spotify:user:${FAKE_RIDER}`,
    });
    expect(me.account_id).toMatch(/^[0-9A-Za-z]{22}$/);
    for (const removed of ['email', 'country', 'product', 'followers', 'explicit_content'])
      expect(me).not.toHaveProperty(removed);
  });

  it('refuses users missing from the allow-list, which holds at most five', async () => {
    const outsider = fake.issueTokens(FAKE_OUTSIDER).accessToken;
    const res = await get(fake, outsider, '/me');
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/not registered/);
    const crowded = await startSpotifyFake({ users: [1, 2, 3, 4].map((i) => ({ id: `listener${i}` })) });
    try {
      for (const i of [1, 2, 3]) crowded.allowUser(`listener${i}`);
      expect(() => crowded.allowUser('listener4')).toThrow(/at most 5/);
    } finally {
      await crowded.close();
    }
  });

  it('checks scopes per endpoint', async () => {
    const narrow = fake.issueTokens(FAKE_RIDER, { scopes: ['user-read-private'] }).accessToken;
    expect((await get(fake, narrow, '/me')).status).toBe(200);
    for (const path of ['/me/top/tracks', '/me/tracks', '/me/playlists', '/me/player']) {
      const res = await get(fake, narrow, path);
      expect(res.status, path).toBe(403);
      expect((await res.json()).error.message, path).toBe('Insufficient client scope');
    }
    const readOnly = fake.issueTokens(FAKE_RIDER, { scopes: ['playlist-modify-public'] }).accessToken;
    expect((await send(fake, readOnly, 'POST', '/me/playlists', { name: 'x', public: false })).status).toBe(
      403,
    );
  });

  it('answers 403 Forbidden on the endpoints removed for new Dev-Mode apps', async () => {
    const [playlist] = fake.playlistsOf(FAKE_RIDER);
    const track = fake.catalog[0]?.id;
    const removed: [string, string][] = [
      ['GET', `/playlists/${playlist?.id}/tracks`],
      ['POST', `/playlists/${playlist?.id}/tracks`],
      ['PUT', `/playlists/${playlist?.id}/tracks`],
      ['DELETE', `/playlists/${playlist?.id}/tracks`],
      ['POST', `/users/${FAKE_RIDER}/playlists`],
      ['GET', `/users/${FAKE_RIDER}/playlists`],
      ['GET', `/users/${FAKE_RIDER}`],
      ['GET', `/tracks?ids=${track}`],
      ['GET', `/recommendations?seed_tracks=${track}`],
      ['GET', `/audio-features/${track}`],
      ['GET', `/audio-features?ids=${track}`],
      ['GET', `/artists/${track}/related-artists`],
      ['GET', `/artists/${track}/top-tracks`],
      ['GET', '/browse/featured-playlists'],
      ['GET', '/markets'],
      ['PUT', `/me/tracks?ids=${track}`],
      ['GET', `/me/tracks/contains?ids=${track}`],
    ];
    for (const [method, path] of removed) {
      const res = await send(fake, token, method, path);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.json()).toEqual({ error: { status: 403, message: 'Forbidden' } });
    }
    expect((await get(fake, token, `/tracks/${track}`)).status).toBe(200);
    expect((await get(fake, token, '/nowhere')).status).toBe(404);
  });

  it('pages with absolute next links on its own base URL', async () => {
    const first = await (await get(fake, token, '/me/tracks?limit=50')).json();
    expect(first).toMatchObject({ limit: 50, offset: 0, total: 130, previous: null });
    expect(first.items).toHaveLength(50);
    expect(first.next).toBe(`${fake.apiUrl}/me/tracks?limit=50&offset=50`);
    const last = await (
      await fetch(`${fake.apiUrl}/me/tracks?limit=50&offset=100`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    expect([last.items.length, last.next]).toEqual([30, null]);
    expect((await get(fake, token, '/me/tracks?limit=51')).status).toBe(400);
    expect((await get(fake, token, '/me/tracks?limit=0')).status).toBe(400);
    expect((await (await get(fake, token, '/me/tracks')).json()).limit).toBe(20);
  });

  it('keeps `track` on saved tracks and has no popularity/markets/linked_from on tracks', async () => {
    const saved = await (await get(fake, token, '/me/tracks?limit=1')).json();
    const track = saved.items[0].track;
    expect(track).toMatchObject({
      type: 'track',
      is_local: false,
      uri: expect.stringMatching(/^spotify:track:[0-9A-Za-z]{22}$/),
    });
    expect(track.external_ids.isrc).toMatch(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/);
    for (const removed of ['popularity', 'available_markets', 'linked_from'])
      expect(track).not.toHaveProperty(removed);
  });

  it('serves top tracks per time range, medium_term by default, and validates the range', async () => {
    for (const range of ['short_term', 'medium_term', 'long_term'] as const) {
      const body = await (await get(fake, token, `/me/top/tracks?time_range=${range}&limit=50`)).json();
      expect(body.total, range).toBe(fake.topTrackIds(FAKE_RIDER, range).length);
      expect(body.items[0].id).toBe(fake.topTrackIds(FAKE_RIDER, range)[0]);
    }
    const byDefault = await (await get(fake, token, '/me/top/tracks')).json();
    expect(byDefault.total).toBe(fake.topTrackIds(FAKE_RIDER, 'medium_term').length);
    expect((await get(fake, token, '/me/top/tracks?time_range=forever')).status).toBe(400);
    const curator = fake.issueTokens(FAKE_CURATOR).accessToken;
    expect((await (await get(fake, curator, '/me/top/tracks')).json()).items).toEqual([]);
  });

  it('lists own and followed playlists but serves items only to owners and collaborators', async () => {
    const list = await (await get(fake, token, '/me/playlists?limit=50')).json();
    const names = list.items.map((p: { name: string; owner: { id: string } }) => [p.name, p.owner.id]);
    expect(names).toContainEqual(['Swiss Rail Classics', FAKE_CURATOR]);
    const followed = list.items.find((p: { owner: { id: string } }) => p.owner.id === FAKE_CURATOR);
    const forbidden = await get(fake, token, `/playlists/${followed.id}/items`);
    expect(forbidden.status).toBe(403);
    expect((await (await get(fake, token, `/playlists/${followed.id}`)).json()).items).toBeUndefined();

    const jazz = fake.playlistsOf(FAKE_RIDER).find((p) => p.collaborative);
    const curator = fake.issueTokens(FAKE_CURATOR).accessToken;
    expect((await get(fake, curator, `/playlists/${jazz?.id}/items`)).status).toBe(200);
  });

  it('puts the track under `item` in playlist items, without the deprecated alias by default', async () => {
    const commute = fake.playlistsOf(FAKE_RIDER).find((p) => p.name.startsWith('Morning Commute'));
    const body = await (await get(fake, token, `/playlists/${commute?.id}/items?limit=50`)).json();
    expect(body.items[0].item.type).toBe('track');
    expect(body.items[0]).not.toHaveProperty('track');
    const kinds = body.items.map((i: { is_local: boolean; item: { type: string } | null }) =>
      i.item === null ? 'null' : i.is_local ? 'local' : i.item.type,
    );
    expect(kinds.filter((k: string) => k !== 'track')).toEqual(['local', 'episode', 'null']);

    const legacy = await startSpotifyFake({ deprecatedTrackFields: true });
    try {
      const t = legacy.issueTokens(FAKE_RIDER).accessToken;
      const p = legacy.playlistsOf(FAKE_RIDER)[0];
      const items = await (await get(legacy, t, `/playlists/${p?.id}/items`)).json();
      expect(items.items[0].track).toEqual(items.items[0].item);
      const mine = await (await get(legacy, t, '/me/playlists')).json();
      expect(mine.items[0].tracks).toEqual(mine.items[0].items);
    } finally {
      await legacy.close();
    }
  });

  it('enforces the Feb 2026 search limits and supports genre: filters', async () => {
    const search = (params: string) => get(fake, token, `/search?type=track&${params}`);
    const invalid = await search('q=valley&limit=11');
    expect([invalid.status, await invalid.json()]).toEqual([
      400,
      { error: { status: 400, message: 'Invalid limit' } },
    ]);
    expect((await (await search('q=valley')).json()).tracks.limit).toBe(5);
    expect((await (await search('q=valley&limit=0')).json()).tracks).toMatchObject({ items: [], next: null });
    expect((await search('q=valley&offset=1001')).status).toBe(400);
    expect((await search('q=')).status).toBe(400);
    expect((await get(fake, token, '/search?q=valley&type=tracks')).status).toBe(400);

    const jazz = await (await search(`q=${encodeURIComponent('genre:"jazz"')}&limit=10`)).json();
    const expected = fake.catalog.filter((t) => t.genres.includes('jazz'));
    expect(jazz.tracks.total).toBe(expected.length);
    expect(jazz.tracks.items.map((t: { id: string }) => t.id)).toEqual(
      expected.slice(0, 10).map((t) => t.id),
    );
    expect(jazz.tracks.next).toBe(`${fake.apiUrl}/search?type=track&q=genre%3A%22jazz%22&limit=10&offset=10`);
  });

  it('creates playlists public by default (201), requires a name', async () => {
    const created = await send(fake, token, 'POST', '/me/playlists', { name: 'Default visibility' });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({
      public: true,
      description: null,
      items: { total: 0 },
      owner: { id: FAKE_RIDER },
    });
    const privateOne = await (
      await send(fake, token, 'POST', '/me/playlists', { name: 'Mine', public: false })
    ).json();
    expect(fake.playlist(privateOne.id)?.public).toBe(false);
    expect((await send(fake, token, 'POST', '/me/playlists', { public: false })).status).toBe(400);
    expect(fake.playlistsOf(FAKE_RIDER)[0]?.id).toBe(privateOne.id);
  });

  it('adds ≤ 100 items per call at a position, replaces, edits details, and changes snapshot_id on every write', async () => {
    const p = await (
      await send(fake, token, 'POST', '/me/playlists', { name: 'Edits', public: false })
    ).json();
    const uris = fake.catalog.slice(0, 101).map((t) => t.uri);
    const snapshots = new Set<string>([p.snapshot_id]);
    const tooMany = await send(fake, token, 'POST', `/playlists/${p.id}/items`, { uris });
    expect(tooMany.status).toBe(400);
    const added = await send(fake, token, 'POST', `/playlists/${p.id}/items`, { uris: uris.slice(0, 3) });
    expect(added.status).toBe(201);
    snapshots.add((await added.json()).snapshot_id);
    const inserted = await send(fake, token, 'POST', `/playlists/${p.id}/items`, {
      uris: [uris[50]],
      position: 1,
    });
    snapshots.add((await inserted.json()).snapshot_id);
    expect(fake.playlist(p.id)?.uris).toEqual([uris[0], uris[50], uris[1], uris[2]]);
    const replaced = await send(fake, token, 'PUT', `/playlists/${p.id}/items`, { uris: uris.slice(10, 12) });
    expect(replaced.status).toBe(200);
    snapshots.add((await replaced.json()).snapshot_id);
    expect(fake.playlist(p.id)?.uris).toEqual(uris.slice(10, 12));
    expect((await send(fake, token, 'PUT', `/playlists/${p.id}/items`, { uris })).status).toBe(400);
    const details = await send(fake, token, 'PUT', `/playlists/${p.id}`, {
      name: 'Renamed',
      description: 'Bern → Brig',
    });
    expect(details.status).toBe(200);
    snapshots.add(fake.playlist(p.id)?.snapshotId ?? '');
    expect(fake.playlist(p.id)).toMatchObject({ name: 'Renamed', description: 'Bern → Brig' });
    expect(snapshots.size).toBe(5);
    expect(
      (await send(fake, token, 'POST', `/playlists/${p.id}/items`, { uris: ['spotify:track:nope'] })).status,
    ).toBe(400);
  });

  it('refuses writes to a playlist the user only follows', async () => {
    const followed = fake.playlistsOf(FAKE_RIDER).find((p) => p.ownerId === FAKE_CURATOR);
    const uri = fake.catalog[0]?.uri;
    expect(
      (await send(fake, token, 'POST', `/playlists/${followed?.id}/items`, { uris: [uri] })).status,
    ).toBe(403);
    expect((await send(fake, token, 'PUT', `/playlists/${followed?.id}`, { name: 'Mine now' })).status).toBe(
      403,
    );
  });
});

describe('Spotify fake: player (reported error shapes)', () => {
  let fake: SpotifyFake;
  let token: string;
  let playlistUri: string;
  beforeAll(async () => {
    fake = await startSpotifyFake();
    token = fake.issueTokens(FAKE_RIDER).accessToken;
    playlistUri = fake.playlistsOf(FAKE_RIDER)[1]?.uri ?? '';
  });
  afterAll(() => fake.close());

  it('records a play request and reports the playback state', async () => {
    const body = { context_uri: playlistUri, offset: { position: 2 }, position_ms: 1500 };
    expect((await send(fake, token, 'PUT', '/me/player/play', body)).status).toBe(204);
    expect(fake.lastPlayRequest()).toEqual({
      userId: FAKE_RIDER,
      deviceId: null,
      contextUri: playlistUri,
      offset: { position: 2 },
      positionMs: 1500,
      body,
    });
    const state = await (await get(fake, token, '/me/player')).json();
    expect(state).toMatchObject({
      is_playing: true,
      context: { uri: playlistUri },
      device: { is_active: true },
    });
  });

  it('answers 404 NO_ACTIVE_DEVICE without an active device unless the device is named', async () => {
    fake.setPlayer(FAKE_RIDER, { activeDevice: false });
    expect((await get(fake, token, '/me/player')).status).toBe(204);
    const res = await send(fake, token, 'PUT', '/me/player/play', { context_uri: playlistUri });
    expect([res.status, await res.json()]).toEqual([
      404,
      {
        error: {
          status: 404,
          message: 'Player command failed: No active device found',
          reason: 'NO_ACTIVE_DEVICE',
        },
      },
    ]);
    const named = await send(fake, token, 'PUT', `/me/player/play?device_id=${fake.deviceOf(FAKE_RIDER)}`, {
      context_uri: playlistUri,
    });
    expect(named.status).toBe(204);
    expect(fake.lastPlayRequest()?.deviceId).toBe(fake.deviceOf(FAKE_RIDER));
  });

  it('answers 403 PREMIUM_REQUIRED for a free account', async () => {
    fake.setPlayer(FAKE_RIDER, { premium: false, activeDevice: true });
    const res = await send(fake, token, 'PUT', '/me/player/play', { context_uri: playlistUri });
    expect([res.status, await res.json()]).toEqual([
      403,
      {
        error: {
          status: 403,
          message: 'Player command failed: Premium required',
          reason: 'PREMIUM_REQUIRED',
        },
      },
    ]);
    fake.setPlayer(FAKE_RIDER, { premium: true });
  });
});

describe('Spotify fake: fault injection and the call log (§4, §7)', () => {
  let fake: SpotifyFake;
  let token: string;
  beforeAll(async () => {
    fake = await startSpotifyFake();
    token = fake.issueTokens(FAKE_RIDER).accessToken;
  });
  afterAll(() => fake.close());

  it('rate-limits the next n calls with Retry-After', async () => {
    fake.rateLimitNext(2, 7);
    for (let i = 0; i < 2; i++) {
      const res = await get(fake, token, '/me');
      expect([res.status, res.headers.get('retry-after')]).toEqual([429, '7']);
      expect(await res.json()).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } });
    }
    expect((await get(fake, token, '/me')).status).toBe(200);
  });

  it('answers the July 2026 quota 429 while it is on', async () => {
    fake.quotaExceeded(true);
    const res = await get(fake, token, '/me');
    expect([res.status, await res.json()]).toEqual([
      429,
      { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
    ]);
    fake.quotaExceeded(false);
    expect((await get(fake, token, '/me')).status).toBe(200);
  });

  it('fails, stalls or drops the next n calls', async () => {
    fake.failNext(1, 502);
    expect((await get(fake, token, '/me')).status).toBe(502);
    fake.dropNext(1);
    await expect(get(fake, token, '/me')).rejects.toThrow();
    fake.stallNext(1, 200);
    await expect(
      fetch(`${fake.apiUrl}/me`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(30),
      }),
    ).rejects.toThrow();
    expect((await get(fake, token, '/me')).status).toBe(200);
  });

  it('logs method, path, query and status of every call', async () => {
    const before = fake.calls.length;
    await get(fake, token, '/me/tracks?limit=2');
    await get(fake, null, '/me');
    expect(fake.calls.slice(before)).toEqual([
      { service: 'api', method: 'GET', path: '/me/tracks', query: '?limit=2', status: 200 },
      { service: 'api', method: 'GET', path: '/me', query: '', status: 401 },
    ]);
    expect(fake.apiCalls('GET', '/me/tracks').length).toBe(1);
  });
});

describe('Spotify fake: seed data', () => {
  it('is deterministic, realistic and uses 22-character base62 ids', async () => {
    const [a, b] = await Promise.all([startSpotifyFake(), startSpotifyFake()]);
    try {
      expect(a.catalog).toEqual(b.catalog);
      expect(a.playlistsOf(FAKE_RIDER)).toEqual(b.playlistsOf(FAKE_RIDER));
      expect(a.catalog.length).toBeGreaterThanOrEqual(250);
      for (const t of a.catalog) {
        expect(t.id).toMatch(/^[0-9A-Za-z]{22}$/);
        expect(t.durationMs).toBeGreaterThanOrEqual(90_000);
        expect(t.durationMs).toBeLessThanOrEqual(600_000);
      }
      expect(new Set(a.catalog.map((t) => t.id)).size).toBe(a.catalog.length);
      const explicit = a.catalog.filter((t) => t.explicit).length;
      expect(explicit).toBeGreaterThan(0);
      expect(explicit).toBeLessThan(a.catalog.length / 4);
      const [ta, tb] = [a, b].map((f) => f.issueTokens(FAKE_RIDER).accessToken);
      const [pa, pb] = await Promise.all(
        [
          [a, ta],
          [b, tb],
        ].map(async ([f, t]) =>
          (await send(f as SpotifyFake, t as string, 'POST', '/me/playlists', { name: 'x' })).json(),
        ),
      );
      expect(pa.id).toBe(pb.id);
      expect(a.topTrackIds(FAKE_RIDER, 'long_term')).toHaveLength(99);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
