import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors.js';

export interface RequestSafetyOptions {
  /** `config.publicUrl`: the address travellers open, which a proxy may not pass on as the host. */
  publicUrl: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * An `onRequest` hook refusing a state-changing request another site made the browser send
     * (`cross_site_request`). Registered by the `/api` plugin and the share target.
     */
    sameSiteOnly: (request: FastifyRequest) => Promise<void>;
    /**
     * An `onRequest` hook refusing a state-changing request whose body is not JSON
     * (`unsupported_media_type`): what a cross-site HTML form could send. Registered by `/api`.
     */
    jsonBodiesOnly: (request: FastifyRequest) => Promise<void>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** POST, PUT, PATCH, DELETE and anything else that is not a read. */
export const changesState = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase());

/** `Sec-Fetch-Site` values that mean this site (or the traveller typing the address) sent it. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    // Opaque origins (`null`, `file:`, `data:`) are never this site.
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Whether the browser says this request came from another site.
 *
 * `Sec-Fetch-Site` is the browser's own word and wins when present: only `same-origin` (the PWA,
 * its service worker's share target) and `none` (typed, bookmarked) pass; `same-site` does not, since
 * a sibling subdomain is another app. Without it, an `Origin` must name this server: the request's
 * own origin (`request.protocol` + `request.host`) or `publicUrl`'s.
 *
 * A request with neither header is allowed: cross-site request forgery needs a victim's browser to
 * carry their cookie, and every browser that carries it on a state-changing request also sends
 * `Origin` (and current ones `Sec-Fetch-Site`). A request without both comes from curl, a script or
 * another server, which holds no traveller's cookie unless the traveller gave it to them (and tests'
 * `inject` sends neither).
 */
export function isCrossSite(request: FastifyRequest, publicOrigin: string | undefined): boolean {
  const site = single(request.headers['sec-fetch-site']);
  if (site !== undefined) return !OWN_FETCH_SITES.has(site.trim().toLowerCase());
  const origin = single(request.headers.origin);
  if (origin === undefined) return false;
  const claimed = originOf(origin.trim());
  if (claimed === undefined) return true;
  const own = originOf(`${request.protocol}://${request.host}`);
  return claimed !== own && claimed !== publicOrigin;
}

/** Whether the request carries a body: a declared non-zero length, or a chunked one. */
function hasBody(request: FastifyRequest): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = single(request.headers['content-length']);
  if (length === undefined) return false;
  const declared = Number(length);
  return !Number.isFinite(declared) || declared > 0;
}

/** The media type of a `Content-Type`, without parameters, lower-cased. */
const mediaType = (value: string | undefined) => value?.split(';')[0]?.trim().toLowerCase();

/** Decorates the app with the `sameSiteOnly` and `jsonBodiesOnly` hooks. */
export const requestSafetyPlugin = fp(async (app: FastifyInstance, options: RequestSafetyOptions) => {
  const publicOrigin = options.publicUrl ? originOf(options.publicUrl) : undefined;

  app.decorate('sameSiteOnly', async (request: FastifyRequest) => {
    if (!changesState(request.method)) return;
    if (isCrossSite(request, publicOrigin)) {
      throw new AppError('cross_site_request', 'This request came from another site and was refused.');
    }
  });

  app.decorate('jsonBodiesOnly', async (request: FastifyRequest) => {
    // A bodiless POST (`/api/shares/:id/retry`) has nothing to parse and stays allowed.
    if (!changesState(request.method) || !hasBody(request)) return;
    const type = mediaType(single(request.headers['content-type']));
    if (type !== 'application/json') {
      throw new AppError(
        'unsupported_media_type',
        `The body must be application/json, not ${type ?? 'untyped'}.`,
      );
    }
  });
});
