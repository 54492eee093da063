import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenCipher } from '../src/auth/token-cipher.js';
import { loggerOptions } from '../src/logging.js';
import { FAKE_RIDER } from './fakes/spotify.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, TEST_SPOTIFY_CLIENT, TEST_TOKEN_KEY, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { cookieOf, signIn } from './support/sign-in.js';

/**
 * Everything the app logs at `trace` during a whole sign-in → share → play flow, captured and searched
 * for every secret that passed through it: the session cookie, the callback's code and state, the PKCE
 * verifier, the Spotify tokens (as the app stored them, opened), the client secret, the session secret
 * and the token key.
 */

const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
// Samedan 10:58 → Bern 15:46 on 2026-10-10 (CEST): departure 08:58Z.
const DEPARTURE = Date.parse('2026-10-10T08:58:00Z');
// What startTestApp configures as SESSION_SECRET.
const TEST_SESSION_SECRET = 'test-session-secret-of-at-least-32-characters';
const target = testDatabases[0]!;

type Injected = Awaited<ReturnType<TestApp['app']['inject']>>;

describe(`logs of a sign-in → share → play flow on ${target.name}`, () => {
  let t: TestApp;
  const lines: string[] = [];
  const logged = () => lines.join('');
  /** Every secret seen on the way, by what it is. */
  const secrets = new Map<string, string>();

  async function storedTokens(): Promise<void> {
    const result = await t.database.db.execute(sql`select access_token, refresh_token from music_accounts`);
    const rows = (result as unknown as { rows: Array<{ access_token: string; refresh_token: string }> }).rows;
    expect(rows.length).toBeGreaterThan(0);
    const cipher = createTokenCipher([TEST_TOKEN_KEY]);
    for (const [i, row] of rows.entries()) {
      secrets.set(`access token ${i} (${secrets.size})`, cipher.open(row.access_token));
      secrets.set(`refresh token ${i} (${secrets.size})`, cipher.open(row.refresh_token));
    }
  }

  beforeAll(async () => {
    t = await startTestApp(target, {
      spotify: true,
      now: new Date('2026-10-10T07:00:00Z'),
      rateLimitMax: 10_000,
      logger: {
        ...loggerOptions('trace', 'json'),
        stream: { write: (line: string) => void lines.push(line) },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in, shares, plays, and logs none of the secrets involved', async () => {
    // Sign-in, watching what the helper sends to the app and what comes back.
    const inject = vi.spyOn(t.app, 'inject');
    const { session } = await signIn(t, FAKE_RIDER);
    const urls = inject.mock.calls.map((call) => {
      // inject's last overload takes no arguments (the chained form), so the tuple type is empty.
      const options = (call as unknown[])[0] as { url?: string } | undefined;
      return options?.url ?? '';
    });
    const responses = await Promise.all(inject.mock.results.map((r) => r.value as Promise<Injected>));
    inject.mockRestore();
    const callback = new URL(urls.find((u) => u.startsWith('/auth/spotify/callback')) ?? '', 'http://x');
    const pending = cookieOf(responses[0]!, 'railtape_sign_in')?.value ?? '';
    const verifier = /"verifier":"([^"]+)"/.exec(decodeURIComponent(pending))?.[1] ?? '';

    secrets.set('session cookie', session);
    secrets.set('OAuth code', callback.searchParams.get('code') ?? '');
    secrets.set('OAuth state', callback.searchParams.get('state') ?? '');
    secrets.set('PKCE verifier', verifier);
    secrets.set('sign-in cookie', pending);
    secrets.set('client secret', TEST_SPOTIFY_CLIENT.clientSecret);
    secrets.set('session secret', TEST_SESSION_SECRET);
    secrets.set('token key', TEST_TOKEN_KEY);
    await storedTokens();

    // Share the trip, then press play inside it (the access token expired meanwhile: a refresh).
    const share = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      cookies: { railtape_session: session },
      payload: { text: tripLink },
    });
    expect(share.statusCode, share.body).toBe(201);
    const tripId = share.json().trip.id as string;
    t.clock.now = new Date(DEPARTURE + 30 * 60_000);
    const play = await t.app.inject({
      method: 'POST',
      url: `/api/trips/${tripId}/play`,
      cookies: { railtape_session: session },
    });
    expect(play.statusCode, play.body).toBe(200);
    await storedTokens();

    // A refused consent comes back with error, error_description and state in the query.
    const denied = await t.app.inject({
      method: 'GET',
      url: '/auth/spotify/callback?error=access_denied&error_description=DENIED-DESCRIPTION-7&state=DENIED-STATE-7',
    });
    expect(denied.statusCode).toBe(303);
    secrets.set('denied error_description', 'DENIED-DESCRIPTION-7');
    secrets.set('denied state', 'DENIED-STATE-7');

    // None of the secrets is in the log…
    const text = logged();
    for (const [what, value] of secrets) {
      expect(value.length, `${what} was found`).toBeGreaterThanOrEqual(8);
      expect(text.includes(value), `${what} is in the log`).toBe(false);
    }
    // …while the log is there and has the requests in it, paths kept.
    const records = lines.map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string } });
    const requested = records.filter((r) => r.msg === 'incoming request').map((r) => r.req?.url ?? '');
    expect(requested).toContain('/auth/spotify/callback?code=[redacted]&state=[redacted]');
    expect(requested).toContain(`/api/trips/${tripId}/play`);
    expect(requested).toContain(
      '/auth/spotify/callback?error=[redacted]&error_description=[redacted]&state=[redacted]',
    );
  });
});
