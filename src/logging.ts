/**
 * pino options shared by the server and the workers, secrets redacted, in one of two formats:
 *
 * - `json`: one JSON object per line with a string `level`. Production, log drains, anything piped.
 * - `pretty`: pino-pretty in a worker thread (a pino transport), for a person reading a terminal.
 *
 * `LOG_FORMAT=json|pretty` chooses; unset, logs are pretty only when stdout is a terminal and
 * NODE_ENV is not production, so Render, CI and every spawned process (no TTY) get JSON.
 */

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

const redact = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    '*.accessToken',
    '*.refreshToken',
  ],
  censor: '[redacted]',
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
    formatters: { level: (label: string) => ({ level: label }) },
    redact,
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
