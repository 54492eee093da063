import type { TokenCipher } from '../../auth/token-cipher.js';
import type { MusicAccountStore } from '../../db/music-accounts.js';
import { AppError } from '../../domain/errors.js';
import type { SealedAccess } from '../source.js';
import { createSpotifyClient, SpotifyApiError, type SpotifyClient } from './client.js';
import { refreshAccessToken, SpotifyAuthError, type SpotifyGrant } from './oauth.js';

export interface SpotifyAppConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accountsUrl: string;
  apiUrl: string;
}

export interface SpotifyAccountsDeps {
  app: SpotifyAppConfig;
  accounts: MusicAccountStore;
  cipher: TokenCipher;
  clock: () => Date;
  fetch?: typeof fetch;
  /** Retry-After sleeps; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  log?: { warn(obj: object, msg: string): void };
}

export type SpotifyConnection =
  | { status: 'not_connected' }
  | { status: 'connected'; accountId: string; scopes: string[]; consentedAt: Date; consentEndsAt: Date }
  | { status: 'reconnect_required'; reason: string };

/** §1.4: a refresh token dies six months after the consent, however often it was used. */
const CONSENT_LIFETIME_MS = 182 * 24 * 3_600_000;
/** Refresh a little early so a token never expires between the check and Spotify. */
const REFRESH_MARGIN_MS = 60_000;

/** Spotify's answers, in the closed list of codes, with a sentence the traveller can act on. */
export function appErrorFromSpotify(err: SpotifyApiError): AppError {
  switch (err.kind) {
    case 'rate_limited':
      return new AppError('spotify_rate_limited', 'Spotify asks us to slow down; try again in a minute.');
    case 'quota_exceeded':
      return new AppError(
        'spotify_quota_exceeded',
        'This Railtape server has used up its Spotify quota for now.',
      );
    case 'no_active_device':
      return new AppError('spotify_no_active_device', 'Open Spotify on a device, then press play again.');
    case 'premium_required':
      return new AppError('spotify_premium_required', 'Starting playback needs Spotify Premium.');
    case 'not_allow_listed':
    case 'unauthorized':
      return new AppError('spotify_reconnect_required', 'Connect Spotify again.');
    default:
      return new AppError('spotify_unavailable', `Spotify did not answer as expected (${err.kind}).`);
  }
}

/**
 * The users' Spotify connections: sealed tokens in the store, refreshed on expiry, a rotated refresh
 * token kept when one comes back (§1.4), and a dead consent (`invalid_grant`) or a user missing from
 * the app's allow-list turned into a "reconnect Spotify" state instead of an error on every trip.
 */
export function createSpotifyAccounts(deps: SpotifyAccountsDeps) {
  const { accounts, cipher, clock, app } = deps;

  async function connect(userId: string, accountId: string, grant: SpotifyGrant): Promise<void> {
    const now = clock();
    await accounts.connect(
      {
        userId,
        provider: 'spotify',
        accountId,
        accessToken: cipher.seal(grant.accessToken),
        refreshToken: cipher.seal(grant.refreshToken),
        keyId: cipher.keyId,
        accessExpiresAt: grant.expiresAt,
        scopes: grant.scope,
        consentedAt: now,
      },
      now,
    );
  }

  async function connection(userId: string): Promise<SpotifyConnection> {
    const row = await accounts.get(userId, 'spotify');
    if (!row) return { status: 'not_connected' };
    if (row.status === 'reconnect_required')
      return { status: 'reconnect_required', reason: row.statusReason ?? 'unknown' };
    return {
      status: 'connected',
      accountId: row.accountId,
      scopes: row.scopes,
      consentedAt: row.consentedAt,
      consentEndsAt: new Date(row.consentedAt.getTime() + CONSENT_LIFETIME_MS),
    };
  }

  async function markReconnect(userId: string, reason: string): Promise<never> {
    await accounts.markReconnectRequired(userId, 'spotify', reason, clock());
    throw new AppError('spotify_reconnect_required', 'Connect Spotify again.', { reason });
  }

  /** A client acting for the user; its token provider refreshes and persists as needed. */
  function clientFor(userId: string, onApiCall?: () => void, known?: SealedAccess): SpotifyClient {
    let current: { token: string; expiresAt: Date } | undefined;
    // A token the caller read moments ago (with the pool) saves reading the account again.
    if (known && known.expiresAt.getTime() - REFRESH_MARGIN_MS > clock().getTime()) {
      try {
        current = { token: cipher.open(known.sealed), expiresAt: known.expiresAt };
      } catch {
        // Sealed under a key this process no longer has: read the account as without it.
      }
    }

    async function refresh(): Promise<string> {
      const row = await accounts.get(userId, 'spotify');
      if (!row) throw new AppError('spotify_not_connected', 'Connect Spotify first.');
      if (row.status === 'reconnect_required') return markReconnect(userId, row.statusReason ?? 'unknown');
      try {
        const tokens = await refreshAccessToken({
          accountsUrl: app.accountsUrl,
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          refreshToken: cipher.open(row.refreshToken),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          now: clock,
        });
        await accounts.updateTokens(
          userId,
          'spotify',
          {
            accessToken: cipher.seal(tokens.accessToken),
            ...(tokens.refreshToken ? { refreshToken: cipher.seal(tokens.refreshToken) } : {}),
            keyId: cipher.keyId,
            accessExpiresAt: tokens.expiresAt,
          },
          clock(),
        );
        current = { token: tokens.accessToken, expiresAt: tokens.expiresAt };
        return tokens.accessToken;
      } catch (err) {
        if (err instanceof SpotifyAuthError && err.kind === 'invalid_grant')
          return markReconnect(userId, 'consent_expired');
        if (err instanceof SpotifyAuthError) {
          throw new AppError(
            'spotify_unavailable',
            `Spotify's sign-in service did not answer (${err.kind}).`,
          );
        }
        throw err;
      }
    }

    async function accessToken(): Promise<string> {
      const now = clock().getTime();
      if (current && current.expiresAt.getTime() - REFRESH_MARGIN_MS > now) return current.token;
      const row = await accounts.get(userId, 'spotify');
      if (!row) throw new AppError('spotify_not_connected', 'Connect Spotify first.');
      if (row.status === 'reconnect_required') return markReconnect(userId, row.statusReason ?? 'unknown');
      if (row.accessToken && row.accessExpiresAt && row.accessExpiresAt.getTime() - REFRESH_MARGIN_MS > now) {
        current = { token: cipher.open(row.accessToken), expiresAt: row.accessExpiresAt };
        return current.token;
      }
      return refresh();
    }

    const baseFetch = deps.fetch ?? fetch;
    return createSpotifyClient({
      apiUrl: app.apiUrl,
      getAccessToken: accessToken,
      onUnauthorized: async () => {
        await refresh();
      },
      fetch: onApiCall
        ? (input, init) => {
            onApiCall();
            return baseFetch(input, init);
          }
        : baseFetch,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
  }

  /**
   * Runs Spotify calls for the user and maps what went wrong onto the closed list; a user who is not
   * on the allow-list (or whose token is refused) is put into the reconnect state.
   */
  async function withClient<T>(
    userId: string,
    work: (client: SpotifyClient) => Promise<T>,
    options: { onApiCall?: () => void; access?: SealedAccess | undefined } = {},
  ): Promise<T> {
    try {
      return await work(clientFor(userId, options.onApiCall, options.access));
    } catch (err) {
      if (err instanceof SpotifyApiError) {
        if (err.kind === 'not_allow_listed' || err.kind === 'unauthorized') {
          return markReconnect(userId, err.kind);
        }
        throw appErrorFromSpotify(err);
      }
      throw err;
    }
  }

  return { connect, connection, clientFor, withClient };
}

export type SpotifyAccounts = ReturnType<typeof createSpotifyAccounts>;
