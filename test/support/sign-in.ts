import { expect } from 'vitest';
import type { TestApp } from './app.js';

type Injected = Awaited<ReturnType<TestApp['app']['inject']>>;
export const cookieOf = (res: Injected, name: string) => res.cookies.find((c) => c.name === name);

/**
 * Signs `spotifyUser` in through the whole Spotify flow against the contract fake (the test app must
 * run with `spotify: true`): login, the fake's consent over real HTTP, the callback. Returns the
 * session cookie's value and where the callback landed.
 */
export async function signIn(t: TestApp, spotifyUser: string): Promise<{ session: string; landing: string }> {
  t.spotify!.signInAs(spotifyUser);
  const login = await t.app.inject({ method: 'GET', url: '/auth/spotify/login?returnTo=/trips' });
  expect(login.statusCode).toBe(302);
  const pending = cookieOf(login, 'railtape_sign_in');
  expect(pending?.httpOnly).toBe(true);
  // The traveller's browser at Spotify: real HTTP to the fake's /authorize.
  const consent = await fetch(login.headers.location as string, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location') ?? '');
  expect(back.pathname).toBe('/auth/spotify/callback');
  const callback = await t.app.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    cookies: { railtape_sign_in: pending?.value ?? '' },
  });
  expect(callback.statusCode).toBe(303);
  const session = cookieOf(callback, 'railtape_session');
  return { session: session?.value ?? '', landing: callback.headers.location as string };
}
