import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_CLIENT,
  FAKE_CURATOR,
  FAKE_RIDER,
  type SpotifyFake,
  startSpotifyFake,
} from '../../../test/fakes/spotify.js';
import {
  authorizeUrl,
  createOAuthState,
  createPkcePair,
  exchangeCode,
  readCallback,
  refreshAccessToken,
  SPOTIFY_SCOPES,
  SpotifyAuthError,
  type TokenEndpointOptions,
} from './oauth.js';

const REDIRECT = 'http://127.0.0.1:43110/callback';

describe('PKCE and the authorize URL (spotify-web-api.md §1.2)', () => {
  it('makes a 43–128 character verifier and its S256 challenge', () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    expect(codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(codeChallenge).toBe(createHash('sha256').update(codeVerifier).digest('base64url'));
    expect(codeChallenge).not.toContain('=');
    expect(createPkcePair().codeVerifier).not.toBe(codeVerifier);
  });

  it('builds the authorize URL with space-separated scopes and S256', () => {
    const url = new URL(
      authorizeUrl({
        accountsUrl: 'https://accounts.spotify.com/',
        clientId: 'abc',
        redirectUri: REDIRECT,
        scopes: ['user-read-private', 'user-top-read'],
        state: 'xyz',
        codeChallenge: 'c'.repeat(43),
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.spotify.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'abc',
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 'xyz',
      scope: 'user-read-private user-top-read',
      code_challenge_method: 'S256',
      code_challenge: 'c'.repeat(43),
    });
    expect(url.search).toContain('scope=user-read-private+user-top-read');
  });

  it('checks state and the access_denied branch of the callback', () => {
    expect(readCallback(new URLSearchParams({ code: 'k', state: 's1' }), 's1')).toBe('k');
    const mismatch = () => readCallback(new URLSearchParams({ code: 'k', state: 's2' }), 's1');
    expect(mismatch).toThrow(SpotifyAuthError);
    let denied: unknown;
    try {
      readCallback(new URLSearchParams({ error: 'access_denied', state: 's1' }), 's1');
    } catch (error) {
      denied = error;
    }
    expect(denied).toMatchObject({ kind: 'other', details: { oauthError: 'access_denied' } });
  });
});

describe('Spotify OAuth against the fake accounts service (§1.3, §1.4)', () => {
  let fake: SpotifyFake;
  let confidential: TokenEndpointOptions;
  let publicClient: TokenEndpointOptions;

  beforeAll(async () => {
    // A frozen clock, so expiry arithmetic is exact; tests move it with advanceTime.
    fake = await startSpotifyFake({ clock: () => Date.UTC(2026, 9, 1, 6, 0) });
    confidential = {
      accountsUrl: fake.accountsUrl,
      clientId: FAKE_CLIENT.clientId,
      clientSecret: FAKE_CLIENT.clientSecret,
      now: () => new Date(fake.now()),
    };
    publicClient = {
      accountsUrl: fake.accountsUrl,
      clientId: FAKE_CLIENT.clientId,
      now: () => new Date(fake.now()),
    };
  });
  afterAll(() => fake.close());
  afterEach(() => fake.signInAs(FAKE_RIDER));

  /** The browser's part: follow /authorize to the redirect and read the callback. */
  async function signIn(redirectUri = REDIRECT) {
    const pkce = createPkcePair();
    const state = createOAuthState();
    const res = await fetch(
      authorizeUrl({
        accountsUrl: fake.accountsUrl,
        clientId: FAKE_CLIENT.clientId,
        redirectUri,
        scopes: SPOTIFY_SCOPES,
        state,
        codeChallenge: pkce.codeChallenge,
      }),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.get('location') ?? '');
    return { code: readCallback(callback.searchParams, state), ...pkce };
  }

  async function failure(promise: Promise<unknown>): Promise<SpotifyAuthError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpotifyAuthError);
    return error as SpotifyAuthError;
  }

  it('signs in with the code flow, PKCE and the client secret', async () => {
    const { code, codeVerifier } = await signIn();
    const before = fake.now();
    const grant = await exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier });
    expect(grant.expiresAt.getTime()).toBe(before + 3600_000);
    expect(grant.scope).toEqual([...SPOTIFY_SCOPES]);
    expect(grant.refreshToken).toEqual(expect.any(String));
    const me = await fetch(`${fake.apiUrl}/me`, {
      headers: { authorization: `Bearer ${grant.accessToken}` },
    });
    expect((await me.json()).id).toBe(FAKE_RIDER);
    const token = fake.calls.filter((c) => c.path === '/api/token').at(-1);
    expect(token).toMatchObject({ service: 'accounts', method: 'POST', status: 200 });
  });

  it('reports the scopes actually granted', async () => {
    fake.signInAs(FAKE_RIDER, { grantOnly: ['user-read-private', 'playlist-modify-private'] });
    const { code, codeVerifier } = await signIn();
    const grant = await exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier });
    expect(grant.scope).toEqual(['user-read-private', 'playlist-modify-private']);
  });

  it('fails with invalid_grant on a wrong PKCE verifier, without leaking code, verifier or secret', async () => {
    const { code } = await signIn();
    const wrong = createPkcePair().codeVerifier;
    const error = await failure(
      exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier: wrong }),
    );
    expect(error).toMatchObject({
      kind: 'invalid_grant',
      details: { status: 400, oauthError: 'invalid_grant' },
    });
    expect(error.retryable).toBe(false);
    for (const secret of [code, wrong, FAKE_CLIENT.clientSecret]) expect(error.message).not.toContain(secret);
  });

  it('uses a code once', async () => {
    const { code, codeVerifier } = await signIn();
    await exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier });
    const again = await failure(exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier }));
    expect(again.kind).toBe('invalid_grant');
  });

  it('rejects a token request whose redirect URI differs from the authorize one', async () => {
    const { code, codeVerifier } = await signIn('http://127.0.0.1:43110/callback');
    const error = await failure(
      exchangeCode({ ...confidential, redirectUri: 'http://127.0.0.1:43111/callback', code, codeVerifier }),
    );
    expect(error.kind).toBe('invalid_grant');
  });

  it('reports invalid_client for a wrong secret, never echoing it', async () => {
    const { code, codeVerifier } = await signIn();
    const error = await failure(
      exchangeCode({
        ...confidential,
        clientSecret: 'wrong-secret-value',
        redirectUri: REDIRECT,
        code,
        codeVerifier,
      }),
    );
    expect(error.kind).toBe('invalid_client');
    expect(error.message).not.toContain('wrong-secret-value');
  });

  it('refreshes the confidential grant without a new refresh token; the old one keeps working', async () => {
    const { code, codeVerifier } = await signIn();
    const grant = await exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier });
    const refreshed = await refreshAccessToken({ ...confidential, refreshToken: grant.refreshToken });
    expect(refreshed.refreshToken).toBeUndefined();
    expect(refreshed.accessToken).not.toBe(grant.accessToken);
    expect(refreshed.scope).toEqual(grant.scope);
    await expect(
      refreshAccessToken({ ...confidential, refreshToken: grant.refreshToken }),
    ).resolves.toBeDefined();
  });

  it('stores the rotated refresh token of a public PKCE client; the old one dies', async () => {
    const { code, codeVerifier } = await signIn();
    const grant = await exchangeCode({ ...publicClient, redirectUri: REDIRECT, code, codeVerifier });
    const refreshed = await refreshAccessToken({ ...publicClient, refreshToken: grant.refreshToken });
    expect(refreshed.refreshToken).toEqual(expect.any(String));
    expect(refreshed.refreshToken).not.toBe(grant.refreshToken);
    expect(
      (await failure(refreshAccessToken({ ...publicClient, refreshToken: grant.refreshToken }))).kind,
    ).toBe('invalid_grant');
    await expect(
      refreshAccessToken({ ...publicClient, refreshToken: refreshed.refreshToken ?? '' }),
    ).resolves.toMatchObject({ refreshToken: expect.any(String) });
  });

  it('answers invalid_grant six months after consent, refreshing or not', async () => {
    const { code, codeVerifier } = await signIn();
    const grant = await exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier });
    fake.advanceTime(175 * 86_400_000);
    const late = await refreshAccessToken({ ...confidential, refreshToken: grant.refreshToken });
    expect(late.expiresAt.getTime()).toBe(fake.now() + 3600_000);
    fake.advanceTime(10 * 86_400_000);
    const error = await failure(refreshAccessToken({ ...confidential, refreshToken: grant.refreshToken }));
    expect(error.kind).toBe('invalid_grant');
    expect(error.message).not.toContain(grant.refreshToken);
  });

  it('answers invalid_grant after the user revoked the app', async () => {
    fake.signInAs(FAKE_CURATOR);
    const { code, codeVerifier } = await signIn();
    const grant = await exchangeCode({ ...confidential, redirectUri: REDIRECT, code, codeVerifier });
    fake.revoke(FAKE_CURATOR);
    const error = await failure(refreshAccessToken({ ...confidential, refreshToken: grant.refreshToken }));
    expect(error).toMatchObject({
      kind: 'invalid_grant',
      message: expect.stringContaining('Refresh token revoked'),
    });
  });

  it('reports network trouble as retryable', async () => {
    const closed = await startSpotifyFake();
    const accountsUrl = closed.accountsUrl;
    await closed.close();
    const error = await failure(refreshAccessToken({ ...confidential, accountsUrl, refreshToken: 'AQx' }));
    expect(error).toMatchObject({ kind: 'network', details: { status: null } });
    expect(error.retryable).toBe(true);

    const unavailable = await failure(
      refreshAccessToken({
        ...confidential,
        refreshToken: 'AQx',
        fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502 }),
      }),
    );
    expect(unavailable).toMatchObject({ kind: 'network', details: { status: 502 } });
  });

  it('sends a form body, Basic auth for the confidential client and client_id only for the public one', async () => {
    const seen: { headers: Headers; body: string }[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return fetch(input, init);
    };
    const { refreshToken } = fake.issueTokens(FAKE_RIDER);
    await refreshAccessToken({ ...confidential, fetch: spy, refreshToken });
    const pub = fake.issueTokens(FAKE_RIDER, { flow: 'public' });
    await refreshAccessToken({ ...publicClient, fetch: spy, refreshToken: pub.refreshToken });
    const [conf, open] = seen;
    expect(conf?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(conf?.headers.get('authorization')).toMatch(/^Basic /);
    expect(new URLSearchParams(conf?.body).has('client_id')).toBe(false);
    expect(open?.headers.get('authorization')).toBeNull();
    expect(new URLSearchParams(open?.body).get('client_id')).toBe(FAKE_CLIENT.clientId);
  });
});
