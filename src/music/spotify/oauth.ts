/**
 * Spotify sign-in: the Authorization Code flow with PKCE, sent by a confidential server that also
 * authenticates with its client secret (spotify-web-api.md §1). Hand-written rather than a library
 * (§6: `arctic` is deprecated, and against the local fake a transparent ~100 lines beat a
 * configurable client), over an injected `fetch` and `accountsUrl` so tests talk to the fake.
 *
 * Nothing here stores anything: callers persist the refresh token, the granted scopes and the consent
 * time (the 6-month cut-off of §1.4 counts from consent, not from the last refresh).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What Railtape asks for: the §1.5 suggestion plus the player scope that `play()` needs. */
export const SPOTIFY_SCOPES = [
  'user-read-private',
  'user-top-read',
  'user-library-read',
  'playlist-read-private',
  'playlist-modify-private',
  'playlist-modify-public',
  'user-modify-playback-state',
] as const;

export type SpotifyAuthErrorKind = 'invalid_grant' | 'invalid_client' | 'network' | 'other';

/**
 * `invalid_grant`: the code or refresh token is dead (used, expired after six months, revoked); only a
 * new consent helps. `invalid_client`: our id/secret are wrong (an operator problem). `network`: no
 * usable answer (connection, timeout, 429, 5xx); try again later. `other`: anything else, including a
 * denied consent (`oauthError: 'access_denied'`) or a state mismatch.
 *
 * Messages never contain a code, verifier, token or secret.
 */
export class SpotifyAuthError extends Error {
  override readonly name = 'SpotifyAuthError';

  constructor(
    readonly kind: SpotifyAuthErrorKind,
    message: string,
    readonly details: {
      /** HTTP status of the token endpoint, or null when none arrived. */
      status: number | null;
      /** The RFC 6749 `error` code (`invalid_grant`, `access_denied`, …) when Spotify sent one. */
      oauthError: string | null;
    } = { status: null, oauthError: null },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.kind === 'network';
  }
}

export interface PkcePair {
  /** Keep server-side (in the sign-in session) until the callback. */
  codeVerifier: string;
  /** base64url(SHA-256(verifier)), no padding, sent to `/authorize` (§1.2). */
  codeChallenge: string;
}

/** §1.2: 43–128 characters of `[A-Za-z0-9-._~]`; 64 random bytes give 86 base64url characters. */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomBytes(64).toString('base64url');
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/** A CSRF `state` value (§1.2 "strongly recommended"). */
export function createOAuthState(): string {
  return randomBytes(24).toString('base64url');
}

export interface AuthorizeUrlInput {
  accountsUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
  /** Force the consent screen even for a user who approved before (e.g. to add scopes). */
  showDialog?: boolean;
}

export function authorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(`${trimSlash(input.accountsUrl)}/authorize`);
  const params: Record<string, string> = {
    client_id: input.clientId,
    response_type: 'code',
    redirect_uri: input.redirectUri,
    state: input.state,
    // §1.2: space-separated, which URLSearchParams encodes as `+`.
    scope: input.scopes.join(' '),
    code_challenge_method: 'S256',
    code_challenge: input.codeChallenge,
  };
  if (input.showDialog) params.show_dialog = 'true';
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * The `code` from the callback query, after checking `state` (constant-time) and the
 * `error=access_denied` branch of §1.2.
 */
export function readCallback(query: URLSearchParams, expectedState: string): string {
  const state = query.get('state') ?? '';
  const a = Buffer.from(state);
  const b = Buffer.from(expectedState);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new SpotifyAuthError('other', 'Spotify sign-in returned a state that does not match this session', {
      status: null,
      oauthError: 'state_mismatch',
    });
  const error = query.get('error');
  if (error !== null)
    throw new SpotifyAuthError('other', `Spotify sign-in was not completed (${safeCode(error)})`, {
      status: null,
      oauthError: safeCode(error),
    });
  const code = query.get('code');
  if (code === null || code === '')
    throw new SpotifyAuthError('other', 'Spotify sign-in returned no code', {
      status: null,
      oauthError: null,
    });
  return code;
}

export interface TokenEndpointOptions {
  accountsUrl: string;
  clientId: string;
  /** Present for the confidential server (Basic auth, §1.3); absent makes this a public PKCE client. */
  clientSecret?: string;
  fetch?: typeof fetch;
  /** Whole request including the body; default 10 s. */
  timeoutMs?: number;
  /** Clock for `expiresAt`; default `new Date()`. */
  now?: () => Date;
}

export interface SpotifyTokens {
  accessToken: string;
  /** `now + expires_in` (3600 s, §1.4); refresh a little before it. */
  expiresAt: Date;
  /** Only when Spotify sent one: store it, else keep the old one (§0.9, §1.4). */
  refreshToken?: string;
  /** The scopes actually granted, which may be fewer than requested (§1.3). Empty if Spotify omitted them. */
  scope: string[];
}

/** A code exchange always yields a refresh token. */
export interface SpotifyGrant extends SpotifyTokens {
  refreshToken: string;
}

export async function exchangeCode(
  input: TokenEndpointOptions & { redirectUri: string; code: string; codeVerifier: string },
): Promise<SpotifyGrant> {
  const tokens = await tokenRequest(
    input,
    {
      grant_type: 'authorization_code',
      code: input.code,
      // §1.3: must be byte-for-byte the URI sent to /authorize.
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
    },
    [input.code, input.codeVerifier],
  );
  if (tokens.refreshToken === undefined)
    throw new SpotifyAuthError('other', 'Spotify token endpoint returned no refresh token for a code', {
      status: 200,
      oauthError: null,
    });
  return { ...tokens, refreshToken: tokens.refreshToken };
}

/**
 * One refresh, never retried here: with rotation (§1.4) a retry after a lost answer would present a
 * token the server already replaced, so the caller decides (and must persist a returned refresh token).
 */
export function refreshAccessToken(
  input: TokenEndpointOptions & { refreshToken: string },
): Promise<SpotifyTokens> {
  return tokenRequest(input, { grant_type: 'refresh_token', refresh_token: input.refreshToken }, [
    input.refreshToken,
  ]);
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer'),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
});

const errorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

async function tokenRequest(
  options: TokenEndpointOptions,
  form: Record<string, string>,
  sensitive: string[],
): Promise<SpotifyTokens> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const secrets = [...sensitive, options.clientSecret ?? ''];
  const headers: Record<string, string> = {
    // §1.3: form-encoded or Spotify answers `unsupported_grant_type`.
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const body = new URLSearchParams(form);
  if (options.clientSecret !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
  } else {
    // §1.4: `client_id` in the body only for the public PKCE client.
    body.set('client_id', options.clientId);
  }

  let status: number;
  let text: string;
  try {
    const response = await fetchImpl(`${trimSlash(options.accountsUrl)}/api/token`, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new SpotifyAuthError(
      'network',
      'Spotify token endpoint could not be reached',
      { status: null, oauthError: null },
      {
        cause: error,
      },
    );
  }

  if (status === 429 || status >= 500)
    throw new SpotifyAuthError('network', `Spotify token endpoint is unavailable (HTTP ${status})`, {
      status,
      oauthError: null,
    });

  const parsed = parseJson(text);
  if (status >= 200 && status < 300) {
    const ok = tokenResponse.safeParse(parsed);
    if (!ok.success)
      throw new SpotifyAuthError('other', 'Spotify token endpoint answered with an unexpected shape', {
        status,
        oauthError: null,
      });
    const now = options.now?.() ?? new Date();
    const tokens: SpotifyTokens = {
      accessToken: ok.data.access_token,
      expiresAt: new Date(now.getTime() + ok.data.expires_in * 1000),
      scope: (ok.data.scope ?? '').split(/\s+/).filter((s) => s !== ''),
    };
    if (ok.data.refresh_token !== undefined) tokens.refreshToken = ok.data.refresh_token;
    return tokens;
  }

  // RFC 6749 §5.2 error body (§1.3); the description is Spotify's text with our secrets scrubbed out.
  const failure = errorResponse.safeParse(parsed);
  const code = failure.success ? safeCode(failure.data.error) : null;
  const description = failure.success ? failure.data.error_description : undefined;
  const kind: SpotifyAuthErrorKind =
    code === 'invalid_grant' ? 'invalid_grant' : code === 'invalid_client' ? 'invalid_client' : 'other';
  const detail = description === undefined ? '' : `: ${scrub(description, secrets)}`;
  throw new SpotifyAuthError(
    kind,
    `Spotify token endpoint refused the request (HTTP ${status} ${code ?? 'unknown'}${detail})`,
    {
      status,
      oauthError: code,
    },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** RFC 6749 error codes are short ASCII words; anything else is not echoed. */
const safeCode = (code: string): string => (/^[a-z_]{1,40}$/.test(code) ? code : 'unknown');

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out.slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');
