import type { UserStore } from '../db/users.js';
import type { Locale } from '../domain/messages.js';
import type { SpotifyAccounts, SpotifyAppConfig } from '../music/spotify/account.js';
import { createSpotifyClient, SpotifyApiError } from '../music/spotify/client.js';
import {
  authorizeUrl,
  createOAuthState,
  createPkcePair,
  exchangeCode,
  readCallback,
  SPOTIFY_SCOPES,
  SpotifyAuthError,
} from '../music/spotify/oauth.js';
import type { Sessions } from './sessions.js';

/** What the sign-in keeps between the redirect to Spotify and the callback (a signed, short cookie). */
export interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

export type SignInOutcome =
  | { outcome: 'signed_in'; userId: string; session: { token: string; expiresAt: Date }; returnTo: string }
  /** The traveller said no on Spotify's consent page. */
  | { outcome: 'denied' }
  /** The Spotify app is in Development Mode and this account is not on its allow-list. */
  | { outcome: 'not_allowed' }
  | { outcome: 'failed'; reason: string };

/** Only paths of this app: `//evil.example` or `https://…` would make the sign-in an open redirect. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

/**
 * Sign in with Spotify (Railtape's account system): Authorization Code with PKCE plus the client
 * secret, users keyed on the Spotify account id, a new server-side session at every sign-in.
 */
export function createSpotifySignIn(deps: {
  app: SpotifyAppConfig;
  users: UserStore;
  spotify: SpotifyAccounts;
  sessions: Sessions;
  clock: () => Date;
  fetch?: typeof fetch;
}) {
  const { app } = deps;

  function begin(returnTo: unknown): { url: string; pending: PendingSignIn } {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const state = createOAuthState();
    return {
      url: authorizeUrl({
        accountsUrl: app.accountsUrl,
        clientId: app.clientId,
        redirectUri: app.redirectUri,
        scopes: SPOTIFY_SCOPES,
        state,
        codeChallenge,
      }),
      pending: { state, verifier: codeVerifier, returnTo: safeReturnTo(returnTo) },
    };
  }

  async function complete(
    query: URLSearchParams,
    pending: PendingSignIn,
    locale: Locale,
  ): Promise<SignInOutcome> {
    try {
      const code = readCallback(query, pending.state);
      const grant = await exchangeCode({
        accountsUrl: app.accountsUrl,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        redirectUri: app.redirectUri,
        code,
        codeVerifier: pending.verifier,
        now: deps.clock,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      const me = await createSpotifyClient({
        apiUrl: app.apiUrl,
        getAccessToken: async () => grant.accessToken,
        onUnauthorized: async () => {},
        maxRetries: 1,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      }).me();
      const { user, created } = await deps.users.upsertBySpotifyId({
        spotifyId: me.id,
        displayName: me.displayName ?? me.id,
        locale,
      });
      await deps.spotify.connect(user.id, me.id, grant);
      // A new traveller's playlists come from their own music from the first trip on.
      if (created) await deps.users.updatePreferences(user.id, { musicSource: 'spotify' });
      const session = await deps.sessions.start(user.id);
      return { outcome: 'signed_in', userId: user.id, session, returnTo: pending.returnTo };
    } catch (err) {
      if (err instanceof SpotifyAuthError && err.details.oauthError === 'access_denied')
        return { outcome: 'denied' };
      if (err instanceof SpotifyApiError && err.kind === 'not_allow_listed')
        return { outcome: 'not_allowed' };
      if (err instanceof SpotifyAuthError)
        return { outcome: 'failed', reason: err.details.oauthError ?? err.kind };
      if (err instanceof SpotifyApiError) return { outcome: 'failed', reason: `api_${err.kind}` };
      throw err;
    }
  }

  return { begin, complete };
}

export type SpotifySignIn = ReturnType<typeof createSpotifySignIn>;
