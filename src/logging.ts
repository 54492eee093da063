/**
 * pino options shared by the server and the workers, secrets redacted, in one of two formats:
 *
 * - `json`: one JSON object per line with a string `level`. Production, log drains, anything piped.
 * - `pretty`: pino-pretty in a worker thread (a pino transport), for a person reading a terminal.
 *
 * `LOG_FORMAT=json|pretty` chooses; unset, logs are pretty only when stdout is a terminal and
 * NODE_ENV is not production, so Render, CI and every spawned process (no TTY) get JSON.
 *
 * Secrets never reach a line, in either format: request lines carry the URL with the values of
 * sensitive query parameters masked (`sanitizeUrl`: OAuth `code`/`state`/`error…`, tokens) and no
 * headers (so no cookie or authorization); any logged object is masked by key at any depth (`scrub`:
 * tokens, verifiers, client and session secrets, token keys, push keys, credentials in connection
 * URLs); errors and messages go through the same. `src/logging.test.ts` and
 * `test/log-redaction.test.ts` (a whole sign-in → share → play flow) hold it to that.
 */

import pino from 'pino';

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const isLogFormat = (value: string | undefined): value is LogFormat =>
  (LOG_FORMATS as readonly string[]).includes(value ?? '');

/** The format to use: the explicit choice, else pretty on a development terminal, else JSON. */
export function resolveLogFormat(
  requested: LogFormat | undefined = undefined,
  env: Record<string, string | undefined> = process.env,
  isTTY: boolean = process.stdout.isTTY === true,
): LogFormat {
  if (requested) return requested;
  // Callers without a Config (e.g. the runtime's logger) read the variable; loadConfig validates it.
  const fromEnv = env.LOG_FORMAT?.trim();
  if (isLogFormat(fromEnv)) return fromEnv;
  return isTTY && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

/** Masks a secret in place; the key stays, so a reader sees that something was there. */
export const REDACTED = '[redacted]';

/**
 * Query parameters whose values are secrets or one-time credentials: OAuth's `code`, `state` and
 * errors (RFC 6749 §4.1.2), tokens in any spelling, PKCE verifiers, Web Push subscription keys.
 * Compared lowercase, `-` read as `_`.
 */
const SENSITIVE_QUERY_PARAMS = new Set([
  'code',
  'state',
  'error',
  'error_description',
  'error_uri',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  'code_challenge',
  'client_secret',
  'password',
  'secret',
  'session',
  'sig',
  'signature',
  'key',
  'api_key',
  'auth',
  'p256dh',
  'endpoint',
]);
const SENSITIVE_NAME_PATTERN = /token|secret|passw|verifier|signature|api_?key|session|cookie/i;

const isSensitiveParam = (name: string): boolean => {
  const normal = name.toLowerCase().replaceAll('-', '_');
  return SENSITIVE_QUERY_PARAMS.has(normal) || SENSITIVE_NAME_PATTERN.test(normal);
};

const decodeParamName = (raw: string): string => {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
};

/**
 * The URL as logged: the path as it came, each sensitive query parameter's value replaced by
 * `[redacted]` (names and order kept), a fragment dropped. Works on a path (`/x?code=…`) and on an
 * absolute URL alike; plain string work, so it never throws, even on a malformed URL.
 */
export function sanitizeUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutHash = hash === -1 ? url : url.slice(0, hash);
  const question = withoutHash.indexOf('?');
  if (question === -1) return withoutHash;
  const path = withoutHash.slice(0, question);
  const query = withoutHash.slice(question + 1);
  if (query === '') return withoutHash;
  const parts = query.split(/([&;])/);
  const masked = parts.map((part, i) => {
    if (i % 2 === 1 || part === '') return part; // a separator, or an empty pair
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    if (!isSensitiveParam(decodeParamName(name))) return part;
    return `${name}=${REDACTED}`;
  });
  return `${path}?${masked.join('')}`;
}

/**
 * Keys (any depth) whose values never reach a log line, compared lowercase without `_`/`-`. Not
 * `code` or `state`: an error's `code` (`ECONNREFUSED`, `FST_ERR_…`) is what a reader needs; OAuth's
 * code and state travel in the query and are masked there.
 */
const SENSITIVE_KEYS = new Set(
  [
    'authorization',
    'proxy-authorization',
    'cookie',
    'cookies',
    'set-cookie',
    'accessToken',
    'refreshToken',
    'idToken',
    'token',
    'access_token',
    'refresh_token',
    'codeVerifier',
    'verifier',
    'code_verifier',
    'clientSecret',
    'client_secret',
    'sessionSecret',
    'SESSION_SECRET',
    'tokenEncryptionKey',
    'TOKEN_ENCRYPTION_KEY',
    'previousTokenEncryptionKeys',
    'TOKEN_ENCRYPTION_PREVIOUS_KEYS',
    'SPOTIFY_CLIENT_SECRET',
    'privateKey',
    'VAPID_PRIVATE_KEY',
    'googleRoutesApiKey',
    'GOOGLE_ROUTES_API_KEY',
    'password',
    'p256dh',
    'auth',
  ].map((key) => key.toLowerCase().replaceAll(/[-_]/g, '')),
);
const isSensitiveKey = (key: string): boolean =>
  SENSITIVE_KEYS.has(key.toLowerCase().replaceAll(/[-_]/g, ''));
/** Keys whose values are URLs: logged, but through `sanitizeUrl`. Database and Redis URLs carry passwords. */
const URL_KEYS = new Set(['url', 'location', 'href', 'redirecturl', 'returnto']);
const CONNECTION_URL_KEYS = new Set(['databaseurl', 'readurl', 'redisurl', 'connectionstring']);

/** An URL with a user or password in it (`postgres://user:pw@host/db`) loses the credentials. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, `$1${REDACTED}@`);
}

/**
 * A Web Push subscription's endpoint is a capability URL (`https://fcm.googleapis.com/fcm/send/<id>`):
 * only its origin is logged. Anything else called `endpoint` (`GET /me/tracks`) is not a URL and stays.
 */
function endpointOrigin(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  try {
    return `${new URL(value).origin}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of `value` with secrets masked by key at any depth (bounded), URLs sanitized. Only plain
 * objects and arrays are walked: a request, a reply or an Error goes to its serializer as it is.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase().replaceAll(/[-_]/g, '');
    let next: unknown = item;
    if (isSensitiveKey(key)) next = item === undefined || item === null ? item : REDACTED;
    else if (typeof item === 'string' && URL_KEYS.has(lower)) next = withoutCredentials(sanitizeUrl(item));
    else if (typeof item === 'string' && CONNECTION_URL_KEYS.has(lower)) next = withoutCredentials(item);
    else if (typeof item === 'string' && lower === 'endpoint') next = endpointOrigin(item);
    else if (typeof item === 'object' && item !== null) next = scrub(item, depth + 1);
    if (next !== item) {
      copy ??= { ...value };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

/**
 * Fastify's request serializer with a sanitized URL (Fastify logs `req.url` with its query, and the
 * Spotify callback's query is a one-time code and the CSRF state). Nothing else of the request:
 * no headers, so no cookie and no authorization.
 */
export function serializeRequest(req: {
  method?: string | undefined;
  url?: string | undefined;
  headers?: Record<string, unknown> | undefined;
  host?: string | undefined;
  ip?: string | undefined;
  socket?: { remotePort?: number | undefined } | undefined;
}) {
  const version = req.headers?.['accept-version'];
  return {
    method: req.method,
    url: typeof req.url === 'string' ? sanitizeUrl(req.url) : req.url,
    version: typeof version === 'string' ? version : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Only the status: a reply's headers include `set-cookie` (the session). */
export function serializeReply(reply: { statusCode?: number | undefined }) {
  return { statusCode: reply.statusCode };
}

/** pino's error serializer, then the same masking as any other field (an error's `details`, `cause`). */
export function serializeError(err: Error) {
  const serialized = pino.stdSerializers.err(err);
  if (serialized === null || typeof serialized !== 'object') return serialized;
  // Not a plain object (pino's error prototype): copy what it would print, then mask that.
  const plain: Record<string, unknown> = {};
  for (const key in serialized) plain[key] = (serialized as unknown as Record<string, unknown>)[key];
  if (typeof plain.message === 'string') plain.message = sanitizeText(plain.message);
  if (typeof plain.stack === 'string') plain.stack = sanitizeText(plain.stack);
  return scrub(plain) as typeof serialized;
}

/** Query strings in free text (`Route GET:/auth/spotify/callback?code=… not found`). */
const URL_IN_TEXT = /(?:[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]{0,2048}|\/[^\s"'<>?]{0,2048})\?[^\s"'<>]{1,4096}/gi;
export const sanitizeText = (text: string): string =>
  text.includes('?') ? text.replace(URL_IN_TEXT, (url) => sanitizeUrl(url)) : text;

/**
 * Paths pino censors after the serializers ran: what a custom serializer or a future
 * `log.info({ req: { headers } })` might still emit. Values at any depth are masked by `scrub`
 * before that; these are the belt to its braces for the shapes Fastify and pino produce.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'accessToken',
  'refreshToken',
  'codeVerifier',
  'verifier',
  'clientSecret',
  'sessionSecret',
  'tokenEncryptionKey',
  '*.accessToken',
  '*.refreshToken',
  '*.codeVerifier',
  '*.verifier',
  '*.clientSecret',
  '*.sessionSecret',
  '*.tokenEncryptionKey',
  '*.p256dh',
  '*.auth',
  'keys.p256dh',
  'keys.auth',
  '*.keys.p256dh',
  '*.keys.auth',
  'err.config.headers.authorization',
];

const redact = { paths: REDACT_PATHS, censor: REDACTED };

// `msg` too: pino runs the message (after printf-style interpolation) through it, so a URL written
// into a message (Fastify's 404 text, a hand-written `url=${…}`) is sanitized as well.
const serializers = {
  req: serializeRequest,
  res: serializeReply,
  err: serializeError,
  msg: (msg: unknown) => (typeof msg === 'string' ? sanitizeText(msg) : msg),
};

const formatters = {
  log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown>,
};

// Fastify's request lines as `incoming request GET /x` / `request completed 200`; the request id stays so
// the two lines of one request can be matched. Any other field follows the message on the same line.
const PRETTY_MESSAGE =
  '{if reqId}[{reqId}] {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}';

export function loggerOptions(level: string, format: LogFormat = resolveLogFormat()) {
  if (format === 'pretty') {
    return {
      level,
      redact,
      serializers,
      formatters,
      transport: {
        target: 'pino-pretty',
        options: {
          colorize: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,reqId,req,res,responseTime',
          messageFormat: PRETTY_MESSAGE,
          singleLine: true,
        },
      },
    };
  }
  return {
    level,
    formatters: { ...formatters, level: (label: string) => ({ level: label }) },
    redact,
    serializers,
  };
}

/** The address a person can open: `localhost` for the wildcard hosts, IPv6 literals in brackets. */
export function localUrl(host: string, port: number): string {
  const shown = ['0.0.0.0', '::', '', '[::]'].includes(host)
    ? 'localhost'
    : host.includes(':')
      ? `[${host}]`
      : host;
  return `http://${shown}:${port}`;
}

/**
 * Resolves once the logger has written what it was given so far: a transport writes from a worker
 * thread, so a line printed straight to stdout would otherwise overtake it. Waits at most 250 ms.
 */
export function flushed(log: object): Promise<void> {
  // pino has flush(cb); Fastify's logger type does not declare it.
  const { flush } = log as { flush?: (cb: () => void) => void };
  return new Promise((resolve) => {
    setTimeout(resolve, 250).unref();
    flush?.call(log, () => resolve());
  });
}
