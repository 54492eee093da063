import { z } from 'zod';
import { LOG_FORMATS, type LogFormat } from './logging.js';

/**
 * The environment, read and validated once. In production every missing or invalid variable is
 * reported together in one message so a deploy fails at start with the whole list, not one at a time.
 */

const commaList = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url().optional());
const urlWithDefault = (fallback: string) =>
  optionalString.transform((v) => v ?? fallback).pipe(z.url({ message: 'must be a URL' }));

const KEY_PATTERN = /^[A-Za-z0-9+/_-]{43}=?$|^[0-9a-fA-F]{64}$/;

/**
 * Spotify accepts https redirects, and http only for loopback IP literals; `localhost` is refused
 * (spotify-web-api.md §1.1), so the mistake is named at start instead of at the first sign-in.
 */
const spotifyRedirectUri = optionalUrl.refine((v) => {
  if (v === undefined) return true;
  const url = new URL(v);
  return (
    url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', '[::1]'].includes(url.hostname))
  );
}, 'must be https, or http://127.0.0.1:PORT/… / http://[::1]:PORT/… for local use (Spotify refuses localhost)');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: optionalString.pipe(z.enum(LOG_FORMATS).optional()),
  /**
   * How many reverse proxies in front of the app append to X-Forwarded-For: the client is that many
   * entries from the right, and anything further left is whatever the client sent. 0 (the default)
   * trusts no proxy and keys rate limits on the socket's address. Empty counts as 0.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
  /** Requests a minute per client address, and per signed-in traveller on the API (shared via Redis). */
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .default(120),
  RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .default(120),

  DATABASE_URL: optionalUrl,
  DATABASE_READ_URL: optionalUrl,
  /** Who may see the operator's page: Spotify user ids or Railtape user ids, comma-separated. */
  ADMIN_ACCOUNTS: optionalString,
  /** Connections per process to the Postgres server: instances × this must stay under the plan's limit. */
  DATABASE_POOL_SIZE: z.coerce.number().int('must be a whole number').min(1).max(100).default(5),
  /** `false` behind a pooler in transaction mode that cannot keep named prepared statements. */
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  DATA_DIR: z.string().default('./.data'),
  REDIS_URL: optionalUrl,

  SESSION_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  TOKEN_ENCRYPTION_KEY: optionalString.pipe(
    z.string().regex(KEY_PATTERN, 'must be 32 bytes as base64 or hex').optional(),
  ),
  /** Keys a rotation retired, comma-separated: tokens sealed with them still open. */
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: optionalString.pipe(
    z
      .string()
      .refine(
        (v) => v.split(',').every((k) => KEY_PATTERN.test(k.trim())),
        'must be 32-byte keys, comma-separated',
      )
      .optional(),
  ),

  SPOTIFY_CLIENT_ID: optionalString,
  SPOTIFY_CLIENT_SECRET: optionalString,
  SPOTIFY_REDIRECT_URI: spotifyRedirectUri,
  SPOTIFY_ACCOUNTS_URL: urlWithDefault('https://accounts.spotify.com'),
  SPOTIFY_API_URL: urlWithDefault('https://api.spotify.com/v1'),

  OJP_TOKEN: optionalString,
  OJP_URL: urlWithDefault('https://api.opentransportdata.swiss/ojp20'),
  TRANSPORT_API_URL: urlWithDefault('https://transport.opendata.ch/v1'),
  GOOGLE_ROUTES_API_KEY: optionalString,
  GOOGLE_ROUTES_URL: urlWithDefault('https://routes.googleapis.com'),
  SBB_SHORT_LINK_URL: urlWithDefault('https://a.sbbmobile.ch'),
  GOOGLE_SHORT_LINK_URL: urlWithDefault('https://maps.app.goo.gl'),

  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  VAPID_SUBJECT: optionalString.pipe(
    z
      .string()
      .regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://')
      .optional(),
  ),

  /** Comma-separated origins besides the known push services (tests, a self-hosted push server). */
  PUSH_ALLOWED_ORIGINS: optionalString.pipe(
    z
      .string()
      .refine(
        (v) => commaList(v).every((o) => /^https?:\/\/[^/?#]+$/.test(o)),
        'must be comma-separated origins like https://push.example.org',
      )
      .optional(),
  ),

  MUSIC_DIR: optionalString,

  /** A Subsonic-API server (Navidrome, Gonic, Airsonic): its base URL, user and password. */
  SUBSONIC_URL: optionalUrl,
  SUBSONIC_USER: optionalString,
  SUBSONIC_PASSWORD: optionalString,
  /** Playlist names or ids whose songs join the pool, comma-separated. */
  SUBSONIC_PLAYLISTS: optionalString,
  /** Genres for random songs, comma-separated; absent: random songs of any genre. */
  SUBSONIC_GENRES: optionalString,
});

type Env = z.infer<typeof schema>;

/** Variables a production deploy cannot run without (the Blueprint must provide each of them). */
export const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'SESSION_SECRET',
  'TOKEN_ENCRYPTION_KEY',
] as const satisfies ReadonlyArray<keyof Env>;

/** Variables that only make sense together: set all of them or none. */
const GROUPS: ReadonlyArray<{ feature: string; keys: ReadonlyArray<keyof Env> }> = [
  { feature: 'Spotify', keys: ['SPOTIFY_CLIENT_ID', 'SPOTIFY_CLIENT_SECRET', 'SPOTIFY_REDIRECT_URI'] },
  { feature: 'Web Push', keys: ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] },
  { feature: 'Subsonic', keys: ['SUBSONIC_URL', 'SUBSONIC_USER', 'SUBSONIC_PASSWORD'] },
];

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  publicUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  /** `json` or `pretty`; undefined: pretty on a terminal outside production, JSON otherwise. */
  logFormat: LogFormat | undefined;
  /** Proxy hops whose X-Forwarded-For entries are believed (Fastify `trustProxy`); 0 = none. */
  trustProxyHops: number;
  rateLimit: { perMinute: number; perUserPerMinute: number };
  database: {
    url: string | undefined;
    readUrl: string | undefined;
    dataDir: string;
    preparedStatements: boolean;
    /** Connections per process to the Postgres server. */
    poolSize: number;
  };
  redisUrl: string | undefined;
  /** Spotify user ids or Railtape user ids allowed on the operator's page (`/api/admin/stats`). */
  adminAccounts: string[];
  sessionSecret: string | undefined;
  tokenEncryptionKey: string | undefined;
  /** Retired keys, newest first; tokens they sealed still open. */
  previousTokenEncryptionKeys: string[];
  spotify: { clientId: string; clientSecret: string; redirectUri: string } | undefined;
  spotifyAccountsUrl: string;
  spotifyApiUrl: string;
  timetable: {
    transportApiUrl: string;
    ojpUrl: string;
    ojpToken: string | undefined;
    googleRoutesUrl: string;
    googleRoutesApiKey: string | undefined;
  };
  shortLinks: { sbbUrl: string; googleUrl: string };
  vapid: { publicKey: string; privateKey: string; subject: string } | undefined;
  /** Push endpoints' origins accepted besides FCM, Mozilla, Apple and Windows. */
  pushAllowedOrigins: string[];
  musicDir: string | undefined;
  /** A Subsonic-API music server; `password` is a secret, never logged. */
  subsonic:
    | { url: string; user: string; password: string; playlists: string[]; genres: string[] }
    | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Only the variable name and the rule: values may be secrets.
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  const env = parsed.success ? parsed.data : undefined;
  const nodeEnv = source.NODE_ENV === 'production' ? 'production' : (env?.NODE_ENV ?? 'development');
  if (nodeEnv === 'production') {
    for (const key of REQUIRED_IN_PRODUCTION) {
      if (!source[key]?.trim()) problems.push(`${key}: required in production`);
    }
  }
  if (env) {
    for (const group of GROUPS) {
      const set = group.keys.filter((k) => env[k] !== undefined);
      if (set.length > 0 && set.length < group.keys.length) {
        const missing = group.keys.filter((k) => env[k] === undefined);
        problems.push(`${missing.join(', ')}: required when any ${group.feature} variable is set`);
      }
    }
  }
  // Sign-in keeps sessions (signed cookies) and sealed tokens: both need their secret everywhere.
  if (env?.SPOTIFY_CLIENT_ID) {
    for (const key of ['SESSION_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const) {
      if (!env[key] && nodeEnv !== 'production')
        problems.push(`${key}: required when Spotify sign-in is configured`);
    }
  }
  if (problems.length > 0 || !env) throw new ConfigError(problems);

  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    // A Render preview environment inherits the production PUBLIC_URL from the group; its own address
    // is RENDER_EXTERNAL_URL, so OAuth redirects and reminder links stay inside the preview.
    publicUrl:
      source.IS_PULL_REQUEST === 'true' && source.RENDER_EXTERNAL_URL
        ? source.RENDER_EXTERNAL_URL
        : env.PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    trustProxyHops: env.TRUST_PROXY_HOPS,
    rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, perUserPerMinute: env.RATE_LIMIT_PER_USER_PER_MINUTE },
    database: {
      url: env.DATABASE_URL,
      readUrl: env.DATABASE_READ_URL,
      dataDir: env.DATA_DIR,
      preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'true',
      poolSize: env.DATABASE_POOL_SIZE,
    },
    redisUrl: env.REDIS_URL,
    adminAccounts: commaList(env.ADMIN_ACCOUNTS),
    sessionSecret: env.SESSION_SECRET,
    tokenEncryptionKey: env.TOKEN_ENCRYPTION_KEY,
    previousTokenEncryptionKeys: (env.TOKEN_ENCRYPTION_PREVIOUS_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    spotify:
      env.SPOTIFY_CLIENT_ID && env.SPOTIFY_CLIENT_SECRET && env.SPOTIFY_REDIRECT_URI
        ? {
            clientId: env.SPOTIFY_CLIENT_ID,
            clientSecret: env.SPOTIFY_CLIENT_SECRET,
            redirectUri: env.SPOTIFY_REDIRECT_URI,
          }
        : undefined,
    spotifyAccountsUrl: env.SPOTIFY_ACCOUNTS_URL,
    spotifyApiUrl: env.SPOTIFY_API_URL,
    timetable: {
      transportApiUrl: env.TRANSPORT_API_URL,
      ojpUrl: env.OJP_URL,
      ojpToken: env.OJP_TOKEN,
      googleRoutesUrl: env.GOOGLE_ROUTES_URL,
      googleRoutesApiKey: env.GOOGLE_ROUTES_API_KEY,
    },
    shortLinks: { sbbUrl: env.SBB_SHORT_LINK_URL, googleUrl: env.GOOGLE_SHORT_LINK_URL },
    vapid:
      env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT
        ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT }
        : undefined,
    pushAllowedOrigins: commaList(env.PUSH_ALLOWED_ORIGINS),
    musicDir: env.MUSIC_DIR,
    subsonic:
      env.SUBSONIC_URL && env.SUBSONIC_USER && env.SUBSONIC_PASSWORD
        ? {
            url: env.SUBSONIC_URL,
            user: env.SUBSONIC_USER,
            password: env.SUBSONIC_PASSWORD,
            playlists: commaList(env.SUBSONIC_PLAYLISTS),
            genres: commaList(env.SUBSONIC_GENRES),
          }
        : undefined,
  };
}
