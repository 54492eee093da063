import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers, worked out once. `@fastify/helmet` builds Helmet's middleware again on
 * every request (parsing the whole Content-Security-Policy each time: 5 % of a trip read's CPU, seen in
 * a profile under load); with no per-request nonces the headers are the same for every answer, so they
 * are computed at start and copied onto each reply.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return Object.freeze(headers);
}

/**
 * Railtape's headers: everything same-origin (Spotify's cover art aside), no inline scripts.
 *
 * `upgrade-insecure-requests` (Helmet adds it by default) only where the app is always behind https:
 * production (Render's TLS, `PUBLIC_URL` https). Opened over plain http from a LAN name
 * (`http://railtape.local:3000`, `http://192.168.1.20:3000`) it sends every script and stylesheet to
 * https, where nothing listens, and the page stays blank. Nothing else differs between the two.
 */
export function appSecurityHeaders(options: {
  upgradeInsecureRequests: boolean;
}): Readonly<Record<string, string>> {
  return securityHeaders({
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: options.upgradeInsecureRequests ? [] : null,
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https://i.scdn.co'],
        connectSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}
