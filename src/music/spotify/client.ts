/**
 * A small typed client for the Spotify Web API as a new Development-Mode app has it
 * (spotify-web-api.md §0, §3, §5): only the endpoints that still work, responses validated at the edge
 * with zod and kept lenient where Dev Mode removed fields, tracks mapped to a plain type.
 *
 * It owns no tokens: `getAccessToken()` supplies one per request and `onUnauthorized()` is the hook to
 * refresh after a 401, so storage and the OAuth flow (`oauth.ts`) stay elsewhere. One `request()`
 * carries the whole policy of §4: Retry-After on a rate limit, stop at once on a quota, refresh once on
 * a 401, jittered back-off on 5xx/network/timeouts, typed errors for everything else.
 */
import { z } from 'zod';

export const SPOTIFY_API_URL = 'https://api.spotify.com/v1';

export type SpotifyTimeRange = 'short_term' | 'medium_term' | 'long_term';

export interface SpotifyTrack {
  id: string;
  uri: string;
  title: string;
  artists: string[];
  album: string;
  durationMs: number;
  explicit: boolean;
  /** From `external_ids`, restored in March 2026 (§2.3); absent when Spotify omits it. */
  isrc?: string;
}

export interface SpotifyUser {
  id: string;
  /** May 2026's immutable id; key stored accounts on it when present (§2.4). */
  accountId: string | null;
  displayName: string | null;
  uri: string;
}

export interface SpotifyPlaylistSummary {
  id: string;
  uri: string;
  name: string;
  ownerId: string;
  public: boolean | null;
  collaborative: boolean;
  snapshotId: string;
  /** `items.total` (or the deprecated `tracks.total`); null when neither is sent. */
  itemCount: number | null;
  url: string | null;
}

export interface SpotifyCreatedPlaylist {
  id: string;
  uri: string;
  snapshotId: string;
  url: string | null;
}

export interface SpotifyPlayback {
  deviceId: string | null;
  isPlaying: boolean;
  contextUri: string | null;
  progressMs: number | null;
}

export type SpotifyApiErrorKind =
  | 'rate_limited'
  | 'quota_exceeded'
  | 'unauthorized'
  | 'forbidden'
  | 'not_allow_listed'
  | 'premium_required'
  | 'no_active_device'
  | 'not_found'
  | 'bad_request'
  | 'unavailable';

/** One error for every failed call. `status` is null when no HTTP answer arrived (network, timeout). */
export class SpotifyApiError extends Error {
  override readonly name = 'SpotifyApiError';

  constructor(
    readonly kind: SpotifyApiErrorKind,
    readonly status: number | null,
    message: string,
    readonly details: {
      /** Method and path under the API root, e.g. `GET /me/tracks`; never a query or a token. */
      endpoint: string;
      /** `error.reason` from Spotify (`QUOTA_EXCEEDED`, `NO_ACTIVE_DEVICE`, `PREMIUM_REQUIRED`, …). */
      reason?: string;
      /** For `rate_limited`: what Spotify asked us to wait. */
      retryAfterSeconds?: number;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SpotifyClientOptions {
  /** Default `https://api.spotify.com/v1`; the fake's `apiUrl` in tests. */
  apiUrl?: string;
  getAccessToken(): Promise<string>;
  /** Called once after a 401, before the single retry; refresh (and persist) the token here. */
  onUnauthorized(): Promise<void>;
  fetch?: typeof fetch;
  /** Per attempt, body included; default 10 s. */
  timeoutMs?: number;
  /** Retries per kind of trouble (rate limit, transient); default 3. */
  maxRetries?: number;
  /** A longer Retry-After is not slept through but thrown as `rate_limited`; default 10 s. */
  maxRetryAfterSeconds?: number;
  /** Pages read per listing before stopping; default 20. */
  maxPages?: number;
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1, for back-off jitter; default `Math.random`. */
  random?: () => number;
}

export interface SpotifyClient {
  me(): Promise<SpotifyUser>;
  topTracks(timeRange?: SpotifyTimeRange): Promise<SpotifyTrack[]>;
  savedTracks(): Promise<SpotifyTrack[]>;
  myPlaylists(): Promise<SpotifyPlaylistSummary[]>;
  /** Tracks only: episodes, local files and unavailable items are skipped. */
  playlistItems(playlistId: string): Promise<SpotifyTrack[]>;
  /** `genre` becomes a `genre:"…"` filter (§3.2); pages of at most 10 (§0.3), deduplicated. */
  searchTracks(query: string, options: { genre?: string; maxResults: number }): Promise<SpotifyTrack[]>;
  createPlaylist(input: {
    name: string;
    description?: string;
    public?: boolean;
  }): Promise<SpotifyCreatedPlaylist>;
  /** Makes the playlist hold exactly `uris`, in order (§3.2: PUT the first 100, POST the rest). */
  replacePlaylistItems(playlistId: string, uris: readonly string[]): Promise<{ snapshotId: string }>;
  updatePlaylistDetails(
    playlistId: string,
    details: { name?: string; description?: string; public?: boolean; collaborative?: boolean },
  ): Promise<void>;
  play(input: {
    contextUri: string;
    position?: number;
    positionMs?: number;
    deviceId?: string;
  }): Promise<void>;
  /** Null when no device is active (Spotify answers 204). */
  playback(): Promise<SpotifyPlayback | null>;
}

const PAGE_LIMIT = 50;
const SEARCH_PAGE_LIMIT = 10;
const SEARCH_MAX_OFFSET = 1000;
const MAX_URIS_PER_REQUEST = 100;
const DEFAULT_RETRY_AFTER_SECONDS = 2;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 4000;
const PLAYLIST_ITEM_URI = /^spotify:(track|episode):[0-9A-Za-z]{22}$/;

// ----- Response schemas: only what Railtape reads, so removed Dev-Mode fields cannot break parsing.

const pagingSchema = z.object({ items: z.array(z.unknown()), next: z.string().nullable() });

const trackSchema = z.object({
  id: z.string().min(1),
  uri: z.string().startsWith('spotify:track:'),
  name: z.string(),
  duration_ms: z.number().int().nonnegative(),
  explicit: z.boolean().optional(),
  artists: z.array(z.object({ name: z.string() })),
  album: z.object({ name: z.string() }).optional(),
  external_ids: z.object({ isrc: z.string().optional() }).optional(),
});

const userSchema = z.object({
  id: z.string(),
  account_id: z.string().optional(),
  display_name: z.string().nullable().optional(),
  uri: z.string(),
});

const totalSchema = z.object({ total: z.number() }).optional();
const playlistSummarySchema = z.object({
  id: z.string(),
  uri: z.string(),
  name: z.string(),
  owner: z.object({ id: z.string() }),
  public: z.boolean().nullable().optional(),
  collaborative: z.boolean().optional(),
  snapshot_id: z.string(),
  items: totalSchema,
  tracks: totalSchema,
  external_urls: z.object({ spotify: z.string().optional() }).optional(),
});

const createdSchema = z.object({
  id: z.string(),
  uri: z.string(),
  snapshot_id: z.string(),
  external_urls: z.object({ spotify: z.string().optional() }).optional(),
});
const snapshotSchema = z.object({ snapshot_id: z.string() });
const searchSchema = z.object({ tracks: pagingSchema.extend({ total: z.number().optional() }) });
const playbackSchema = z.object({
  device: z.object({ id: z.string().nullable() }).optional(),
  is_playing: z.boolean(),
  progress_ms: z.number().nullable().optional(),
  context: z.object({ uri: z.string() }).nullable().optional(),
});
const errorSchema = z.object({
  error: z.object({
    status: z.number().optional(),
    message: z.string().optional(),
    reason: z.string().optional(),
  }),
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Reply {
  status: number;
  body: unknown;
}

export function createSpotifyClient(options: SpotifyClientOptions): SpotifyClient {
  const apiUrl = (options.apiUrl ?? SPOTIFY_API_URL).replace(/\/+$/, '');
  const apiOrigin = new URL(apiUrl).origin;
  const apiPath = new URL(apiUrl).pathname.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 10;
  const maxPages = options.maxPages ?? 20;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  const endpointOf = (method: Method, url: string): string => {
    const path = new URL(url).pathname;
    return `${method} ${path.startsWith(apiPath) ? path.slice(apiPath.length) || '/' : path}`;
  };
  const backoff = (attempt: number): number =>
    Math.round(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + random() * 0.5));

  /**
   * One call under the §4 policy. A POST is not repeated after a 5xx or a lost answer: Spotify may have
   * applied it, and a second "add items" would lengthen a playlist that must match the trip exactly.
   */
  async function request(
    method: Method,
    url: string,
    body?: unknown,
    idempotent = method !== 'POST',
  ): Promise<Reply> {
    const endpoint = endpointOf(method, url);
    let refreshed = false;
    let rateLimitRetries = 0;
    let transientRetries = 0;
    for (;;) {
      const token = await options.getAccessToken();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        if (idempotent && transientRetries < maxRetries) {
          await sleep(backoff(transientRetries++));
          continue;
        }
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new SpotifyApiError(
          'unavailable',
          null,
          `Spotify ${endpoint} ${timedOut ? 'timed out' : 'could not be reached'}`,
          { endpoint },
          { cause: error },
        );
      }

      const status = response.status;
      if (status >= 200 && status < 300)
        return { status, body: text === '' ? undefined : parseJson(text, endpoint) };

      const parsed = errorSchema.safeParse(parseJsonLenient(text));
      const reason = parsed.success ? parsed.data.error.reason : undefined;
      const spotifyMessage = parsed.success ? parsed.data.error.message : undefined;
      const fail = (kind: SpotifyApiErrorKind, extra: { retryAfterSeconds?: number } = {}) =>
        new SpotifyApiError(kind, status, describe(endpoint, status, spotifyMessage), {
          endpoint,
          ...(reason !== undefined ? { reason } : {}),
          ...extra,
        });

      if (status === 401) {
        // §4: refresh once, retry once, then the user has to reconnect.
        if (refreshed) throw fail('unauthorized');
        refreshed = true;
        await options.onUnauthorized();
        continue;
      }
      if (status === 429) {
        // §0.10: a quota 429 does not lift within seconds; retrying only burns the shared bucket.
        if (reason === 'QUOTA_EXCEEDED') throw fail('quota_exceeded');
        const retryAfter =
          parseRetryAfter(response.headers.get('retry-after')) ?? DEFAULT_RETRY_AFTER_SECONDS;
        if (rateLimitRetries < maxRetries && retryAfter <= maxRetryAfter) {
          rateLimitRetries += 1;
          await sleep(retryAfter * 1000);
          continue;
        }
        throw fail('rate_limited', { retryAfterSeconds: retryAfter });
      }
      if (status >= 500) {
        if (idempotent && transientRetries < maxRetries) {
          await sleep(backoff(transientRetries++));
          continue;
        }
        throw fail('unavailable');
      }
      throw fail(classify(status, reason, spotifyMessage, endpoint));
    }
  }

  async function requestJson<S extends z.ZodType>(schema: S, method: Method, url: string, body?: unknown) {
    const reply = await request(method, url, body);
    return validate(schema, reply.body, endpointOf(method, url));
  }

  /** Follows `next` exactly as sent (§3.1), only on the API's own origin, at most `maxPages` pages. */
  async function collect<T>(
    firstUrl: string,
    pick: (raw: unknown, endpoint: string) => T | undefined,
  ): Promise<T[]> {
    const out: T[] = [];
    let url: string | null = firstUrl;
    for (let pages = 0; url !== null && pages < maxPages; pages++) {
      const endpoint = endpointOf('GET', url);
      const page: z.infer<typeof pagingSchema> = await requestJson(pagingSchema, 'GET', url);
      for (const raw of page.items) {
        const value = pick(raw, endpoint);
        if (value !== undefined) out.push(value);
      }
      url = page.next;
      // The bearer token goes wherever `next` points; never let a response send it elsewhere.
      if (url !== null && new URL(url).origin !== apiOrigin)
        throw new SpotifyApiError('unavailable', null, `Spotify ${endpoint} paged to another origin`, {
          endpoint,
        });
    }
    return out;
  }

  const listUrl = (path: string, params: Record<string, string | number> = {}): string => {
    const url = new URL(`${apiUrl}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    return url.toString();
  };
  const playlistPath = (id: string) => `/playlists/${encodeURIComponent(id)}`;

  async function setItems(
    method: 'PUT' | 'POST',
    playlistId: string,
    uris: readonly string[],
  ): Promise<string> {
    const url = `${apiUrl}${playlistPath(playlistId)}/items`;
    const reply = await request(method, url, { uris });
    return validate(snapshotSchema, reply.body, endpointOf(method, url)).snapshot_id;
  }

  return {
    async me() {
      const user = await requestJson(userSchema, 'GET', `${apiUrl}/me`);
      return {
        id: user.id,
        accountId: user.account_id ?? null,
        displayName: user.display_name ?? null,
        uri: user.uri,
      };
    },

    topTracks(timeRange = 'medium_term') {
      return collect(listUrl('/me/top/tracks', { time_range: timeRange, limit: PAGE_LIMIT }), toTrack);
    },

    savedTracks() {
      // §0.2: saved tracks keep `track`; only playlist items moved to `item`.
      return collect(listUrl('/me/tracks', { limit: PAGE_LIMIT }), (raw, endpoint) =>
        isRecord(raw) ? toTrack(raw.track, endpoint) : undefined,
      );
    },

    myPlaylists() {
      return collect(listUrl('/me/playlists', { limit: PAGE_LIMIT }), (raw, endpoint) => {
        if (raw === null) return undefined;
        const p = validate(playlistSummarySchema, raw, endpoint);
        return {
          id: p.id,
          uri: p.uri,
          name: p.name,
          ownerId: p.owner.id,
          public: p.public ?? null,
          collaborative: p.collaborative ?? false,
          snapshotId: p.snapshot_id,
          itemCount: p.items?.total ?? p.tracks?.total ?? null,
          url: p.external_urls?.spotify ?? null,
        };
      });
    },

    playlistItems(playlistId) {
      return collect(listUrl(`${playlistPath(playlistId)}/items`, { limit: PAGE_LIMIT }), (raw, endpoint) => {
        if (!isRecord(raw) || raw.is_local === true) return undefined;
        // §0.2: `item` since Feb 2026, `track` from older or Extended-Quota answers.
        return toTrack(raw.item ?? raw.track, endpoint);
      });
    },

    async searchTracks(query, { genre, maxResults }) {
      const q = [query.trim(), genre ? `genre:"${genre.replace(/"/g, '').trim()}"` : '']
        .filter((s) => s !== '')
        .join(' ');
      const wanted = Math.max(0, Math.floor(maxResults));
      if (wanted === 0) return [];
      if (q === '')
        throw new SpotifyApiError('bad_request', null, 'Spotify search needs a query', {
          endpoint: 'GET /search',
        });
      const found = new Map<string, SpotifyTrack>();
      let offset = 0;
      for (let pages = 0; found.size < wanted && offset <= SEARCH_MAX_OFFSET && pages < maxPages; pages++) {
        // §0.3: never more than 10 per page, or Spotify answers 400 "Invalid limit".
        const limit = Math.min(SEARCH_PAGE_LIMIT, wanted - found.size);
        const url = listUrl('/search', { q, type: 'track', limit, offset });
        const { tracks } = await requestJson(searchSchema, 'GET', url);
        for (const raw of tracks.items) {
          const track = toTrack(raw, 'GET /search');
          if (track && !found.has(track.id) && found.size < wanted) found.set(track.id, track);
        }
        if (tracks.items.length === 0 || tracks.next === null) break;
        offset += tracks.items.length;
      }
      return [...found.values()];
    },

    async createPlaylist(input) {
      const body: Record<string, unknown> = {
        name: input.name,
        // §3.2: `public` defaults to true on Spotify's side, so always send it.
        public: input.public ?? false,
      };
      if (input.description !== undefined) body.description = input.description;
      const created = await requestJson(createdSchema, 'POST', `${apiUrl}/me/playlists`, body);
      return {
        id: created.id,
        uri: created.uri,
        snapshotId: created.snapshot_id,
        url: created.external_urls?.spotify ?? null,
      };
    },

    async replacePlaylistItems(playlistId, uris) {
      const invalid = uris.find((u) => !PLAYLIST_ITEM_URI.test(u));
      if (invalid !== undefined)
        throw new SpotifyApiError('bad_request', null, 'Not a Spotify track or episode URI', {
          endpoint: `PUT ${playlistPath(playlistId)}/items`,
        });
      const chunks: string[][] = [];
      for (let i = 0; i < uris.length; i += MAX_URIS_PER_REQUEST)
        chunks.push(uris.slice(i, i + MAX_URIS_PER_REQUEST));
      const [first = [], ...rest] = chunks;
      // The PUT resets the playlist, so the whole sequence can be repeated safely where a lone POST cannot.
      for (let attempt = 0; ; attempt++) {
        let snapshotId = await setItems('PUT', playlistId, first);
        try {
          for (const chunk of rest) snapshotId = await setItems('POST', playlistId, chunk);
          return { snapshotId };
        } catch (error) {
          if (!(error instanceof SpotifyApiError) || error.kind !== 'unavailable' || attempt >= maxRetries)
            throw error;
          await sleep(backoff(attempt));
        }
      }
    },

    async updatePlaylistDetails(playlistId, details) {
      const body: Record<string, unknown> = {};
      for (const key of ['name', 'description', 'public', 'collaborative'] as const)
        if (details[key] !== undefined) body[key] = details[key];
      await request('PUT', `${apiUrl}${playlistPath(playlistId)}`, body);
    },

    async play({ contextUri, position, positionMs, deviceId }) {
      const body: Record<string, unknown> = { context_uri: contextUri };
      if (position !== undefined) body.offset = { position };
      if (positionMs !== undefined) body.position_ms = positionMs;
      // Naming the device wakes an idle one (reported: LargeModGames/spotatui#464).
      await request(
        'PUT',
        listUrl('/me/player/play', deviceId === undefined ? {} : { device_id: deviceId }),
        body,
      );
    },

    async playback() {
      const reply = await request('GET', `${apiUrl}/me/player`);
      if (reply.status === 204 || reply.body === undefined) return null;
      const state = validate(playbackSchema, reply.body, 'GET /me/player');
      return {
        deviceId: state.device?.id ?? null,
        isPlaying: state.is_playing,
        contextUri: state.context?.uri ?? null,
        progressMs: state.progress_ms ?? null,
      };
    },
  };
}

/** A playable Spotify track, or undefined for what a pool cannot use: null, episodes, local files. */
function toTrack(raw: unknown, endpoint: string): SpotifyTrack | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type !== undefined && raw.type !== 'track') return undefined;
  if (raw.is_local === true || raw.id === null) return undefined;
  const t = validate(trackSchema, raw, endpoint);
  const track: SpotifyTrack = {
    id: t.id,
    uri: t.uri,
    title: t.name,
    artists: t.artists.map((a) => a.name),
    album: t.album?.name ?? '',
    durationMs: t.duration_ms,
    explicit: t.explicit ?? false,
  };
  if (t.external_ids?.isrc !== undefined) track.isrc = t.external_ids.isrc;
  return track;
}

/**
 * 403 covers very different causes (§4). Player commands carry a `reason`; the allow-list refusal only
 * has a message, and `GET /me` needs no scope or ownership, so a 403 there can only be the allow-list.
 */
function classify(status: number, reason: string | undefined, message: string | undefined, endpoint: string) {
  if (status === 403) {
    if (reason === 'PREMIUM_REQUIRED') return 'premium_required';
    if (/not (be )?registered|not approved|allow.?list/i.test(message ?? '') || endpoint === 'GET /me')
      return 'not_allow_listed';
    return 'forbidden';
  }
  if (status === 404) return reason === 'NO_ACTIVE_DEVICE' ? 'no_active_device' : 'not_found';
  return 'bad_request';
}

function describe(endpoint: string, status: number, message: string | undefined): string {
  const text = message === undefined ? '' : `: ${message.slice(0, 200).replace(/[^\x20-\x7e]/g, '?')}`;
  return `Spotify ${endpoint} answered ${status}${text}`;
}

/** Seconds, or an HTTP-date; null when absent or unreadable. */
function parseRetryAfter(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function validate<S extends z.ZodType>(schema: S, value: unknown, endpoint: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join('.') ?? '';
  throw new SpotifyApiError(
    'unavailable',
    null,
    `Spotify ${endpoint} answered with an unexpected shape at "${where}"`,
    {
      endpoint,
    },
  );
}

function parseJson(text: string, endpoint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SpotifyApiError(
      'unavailable',
      null,
      `Spotify ${endpoint} answered with invalid JSON`,
      { endpoint },
      {
        cause: error,
      },
    );
  }
}

function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
