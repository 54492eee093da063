import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, type Sessions } from '../auth/sessions.js';
import type { PendingSignIn, SpotifySignIn } from '../auth/spotify-sign-in.js';
import type { UserStore } from '../db/users.js';
import { AppError } from '../domain/errors.js';

const SIGN_IN_COOKIE = 'railtape_sign_in';
const loginQuery = z.object({ returnTo: z.string().max(2_000).optional() });
// What Spotify sends back (spotify-web-api.md §1.2): a code, or an error; the state either way.
const callbackQuery = z.object({
  code: z.string().max(2_000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
});
const SIGN_IN_MAX_AGE_S = 10 * 60;

export interface AuthOptions {
  /** Signs the short-lived sign-in cookie; a random per-process secret when sign-in is off. */
  sessionSecret: string | undefined;
  /** `Secure` cookies (production: https only). */
  secureCookies: boolean;
  /** Production refuses to serve without sign-in; elsewhere one local traveller is signed in. */
  isProduction: boolean;
  sessions: Sessions;
  users: UserStore;
  /** Spotify sign-in and the path its redirect URI names; absent when not configured. */
  spotify?: { signIn: SpotifySignIn; callbackPath: string } | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** An `onRequest` hook that signs the request in (`request.userId`) or refuses it. */
    authenticate: (request: FastifyRequest) => Promise<void>;
    sessions: Sessions;
    /** How travellers sign in here: `spotify`, or `local` (one traveller, no sign-in). */
    signInMode: 'spotify' | 'local';
  }
  interface FastifyRequest {
    userId: string;
    /** The session token, when the request came with a live one. */
    sessionToken: string | undefined;
  }
}

/**
 * Sessions and sign-in: server-side sessions behind an `HttpOnly`, `SameSite=Lax` cookie (only a hash
 * of its token is stored), Spotify sign-in at `/auth/spotify/login` and its callback at the path of
 * `SPOTIFY_REDIRECT_URI`. Without Spotify, outside production, the single local traveller stays.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: AuthOptions) => {
  await app.register(cookie, { secret: options.sessionSecret ?? randomBytes(32).toString('hex') });
  const cookieBase = { httpOnly: true, sameSite: 'lax' as const, secure: options.secureCookies, path: '/' };
  const signInMode = options.spotify ? 'spotify' : 'local';

  app.decorate('sessions', options.sessions);
  app.decorate('signInMode', signInMode);
  app.decorateRequest('userId', '');
  app.decorateRequest('sessionToken', undefined);

  let localUserId: string | undefined;
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const userId = await options.sessions.userOf(token);
      if (userId) {
        request.userId = userId;
        request.sessionToken = token;
        return;
      }
    }
    if (signInMode === 'local' && !options.isProduction) {
      localUserId ??= (await options.users.ensureLocalUser()).id;
      request.userId = localUserId;
      return;
    }
    throw new AppError('sign_in_required', 'Sign in to see your trips.');
  });

  const spotify = options.spotify;
  if (!spotify) return;

  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/auth/spotify/login', { schema: { querystring: loginQuery } }, async (request, reply) => {
    const { url, pending } = spotify.signIn.begin(request.query.returnTo);
    reply.setCookie(SIGN_IN_COOKIE, JSON.stringify(pending), {
      ...cookieBase,
      signed: true,
      maxAge: SIGN_IN_MAX_AGE_S,
    });
    reply.header('cache-control', 'no-store');
    return reply.redirect(url, 302);
  });

  routes.get(spotify.callbackPath, { schema: { querystring: callbackQuery } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.clearCookie(SIGN_IN_COOKIE, cookieBase);
    const pending = readPending(request);
    if (!pending) return landOn(reply, '/?signin=failed');
    const query = new URLSearchParams(
      Object.entries(request.query).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const result = await spotify.signIn.complete(query, pending, request.locale);
    if (result.outcome !== 'signed_in') {
      if (result.outcome === 'failed') request.log.warn({ reason: result.reason }, 'spotify sign-in failed');
      return landOn(reply, `/?signin=${result.outcome}`);
    }
    reply.setCookie(SESSION_COOKIE, result.session.token, {
      ...cookieBase,
      expires: result.session.expiresAt,
    });
    return landOn(reply, result.returnTo);
  });

  function readPending(request: FastifyRequest): PendingSignIn | undefined {
    const raw = request.cookies[SIGN_IN_COOKIE];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return undefined;
    try {
      const value = JSON.parse(unsigned.value) as Partial<PendingSignIn>;
      if (typeof value.state !== 'string' || typeof value.verifier !== 'string') return undefined;
      return { state: value.state, verifier: value.verifier, returnTo: value.returnTo ?? '/' };
    } catch {
      return undefined;
    }
  }
});

function landOn(reply: FastifyReply, path: string) {
  return reply.redirect(path, 303);
}

/** Signs out: the session ends on the server, and the cookie goes. */
export async function endSession(
  request: FastifyRequest,
  reply: FastifyReply,
  everywhere: boolean,
): Promise<number> {
  const { sessions } = request.server;
  let ended = 0;
  if (everywhere && request.sessionToken) ended = await sessions.endAll(request.userId);
  else if (request.sessionToken) {
    await sessions.end(request.sessionToken);
    ended = 1;
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  return ended;
}
