/**
 * Contract fake of Spotify as a brand-new Development-Mode app sees it after the Feb/Jul 2026
 * restrictions (spotify-web-api.md §0, §2.3): the accounts service (`GET /authorize`,
 * `POST /api/token`) under `${url}/accounts` and the Web API under `${url}/api/v1`, in one `node:http`
 * server on 127.0.0.1, answering the way the §7 checklist says the real service does. Rules are
 * enforced, not assumed, so a client that regresses (old `/tracks` paths, `limit=50` on search, a JSON
 * token body, reusing a code) fails here the way it would fail in production.
 *
 * Everything is deterministic except token and code values (random, as they must be unguessable by
 * construction in a real server and nothing should depend on their shape): the catalogue, users,
 * playlists and the ids of created playlists come from fixed seeds.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Public types

export type SpotifyTimeRange = 'short_term' | 'medium_term' | 'long_term';

export interface SpotifyFakeClient {
  clientId: string;
  clientSecret: string;
  /** As registered in the Dashboard; loopback ones may omit the port (§1.1). */
  redirectUris: string[];
}

export interface FakeUserSeed {
  id: string;
  displayName?: string;
  premium?: boolean;
  activeDevice?: boolean;
}

export interface SpotifyFakeOptions {
  /** Registered apps; default `[FAKE_CLIENT]`. */
  clients?: SpotifyFakeClient[];
  /** Extra users besides the seeded three; they start with no history. */
  users?: FakeUserSeed[];
  /** Dev-Mode Users Management list (max 5, §2.3); default the rider and the curator. */
  allowList?: string[];
  /** Who is signed in at `/authorize`; default `FAKE_RIDER`. */
  signedInAs?: string;
  /** Base clock in ms; `advanceTime` moves the fake's view of it. Default `Date.now`. */
  clock?: () => number;
  /** Also send the deprecated `track` alias in playlist items and `tracks` on playlists (§2.3 nuance). */
  deprecatedTrackFields?: boolean;
  /**
   * When a refresh returns a new refresh token (§1.4): `public` (default) rotates only for PKCE public
   * clients, the confidential flow keeps its token; `always`/`never` model the "may or may not".
   */
  rotateRefreshTokens?: 'public' | 'always' | 'never';
}

export interface FakeCall {
  service: 'accounts' | 'api';
  method: string;
  /** Path under the service root, e.g. `/me/tracks` or `/api/token`; no query. */
  path: string;
  /** The query string as received (`?offset=50&limit=50`), or ''. */
  query: string;
  /** 0 while pending or when the connection was dropped. */
  status: number;
}

export interface FakeTrack {
  id: string;
  uri: string;
  name: string;
  artists: string[];
  album: string;
  /** Genres of the track's artists, what `genre:` search matches. */
  genres: string[];
  durationMs: number;
  explicit: boolean;
  isrc: string;
  releaseYear: number;
}

export interface FakePlaylistView {
  id: string;
  uri: string;
  name: string;
  description: string | null;
  public: boolean;
  collaborative: boolean;
  ownerId: string;
  snapshotId: string;
  /** One entry per playlist item, in order; `null` for an item whose track is gone. */
  uris: (string | null)[];
}

export interface FakePlayRequest {
  userId: string;
  deviceId: string | null;
  contextUri?: string;
  uris?: string[];
  offset?: { position?: number; uri?: string };
  positionMs?: number;
  /** The JSON body as sent. */
  body: unknown;
}

export interface FakeTokens {
  accessToken: string;
  refreshToken: string;
  scope: string[];
}

export interface SpotifyFake {
  url: string;
  /** Stands in for `https://accounts.spotify.com`. */
  accountsUrl: string;
  /** Stands in for `https://api.spotify.com/v1`. */
  apiUrl: string;
  clients: readonly SpotifyFakeClient[];
  catalog: readonly FakeTrack[];
  /** Every request in arrival order. */
  calls: FakeCall[];
  /** API calls only, optionally filtered by method and exact path. */
  apiCalls(method?: string, path?: string): FakeCall[];
  playRequests: FakePlayRequest[];
  lastPlayRequest(): FakePlayRequest | undefined;

  now(): number;
  advanceTime(ms: number): void;

  /** The Spotify account whose browser session `/authorize` sees; `deny` makes the user press Cancel. */
  signInAs(userId: string, options?: { deny?: boolean; grantOnly?: readonly string[] }): void;
  /** Tokens as if the user had just consented, skipping the browser (client tests). */
  issueTokens(
    userId: string,
    options?: { scopes?: readonly string[]; clientId?: string; flow?: 'confidential' | 'public' },
  ): FakeTokens;
  /** The user removed the app in their account settings: refresh → invalid_grant, API → 401. */
  revoke(userId: string): void;
  /** "Token expiry mid-run" (§7): current access tokens stop working, refresh tokens still do. */
  expireAccessTokens(userId?: string): void;
  allowUser(userId: string): void;
  disallowUser(userId: string): void;

  setPlayer(userId: string, state: { activeDevice?: boolean; premium?: boolean }): void;
  /** The id of the user's one (possibly idle) Connect device. */
  deviceOf(userId: string): string;
  playlistsOf(userId: string): FakePlaylistView[];
  playlist(id: string): FakePlaylistView | undefined;
  topTrackIds(userId: string, timeRange: SpotifyTimeRange): string[];
  savedTrackIds(userId: string): string[];

  /** The next `n` API requests get `429` with `Retry-After: retryAfterSeconds` (§4). */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
  /** While on, every API request gets the July 2026 quota 429 (`reason: QUOTA_EXCEEDED`). */
  quotaExceeded(on: boolean): void;
  /** The next `n` API requests get a 5xx (default 503). */
  failNext(n: number, status?: number): void;
  /** The next `n` API requests are answered only after `ms` (client timeout tests). */
  stallNext(n: number, ms: number): void;
  /** The next `n` API requests have their connection destroyed without an answer. */
  dropNext(n: number): void;

  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Seeds and constants

export const FAKE_RIDER = 'anna.kuenzli';
export const FAKE_CURATOR = 'luca.bernasconi';
/** Can sign in but is not on the allow-list (§0.6). */
export const FAKE_OUTSIDER = 'nora.vetter';

export const FAKE_CLIENT: SpotifyFakeClient = {
  clientId: '5f1c0a7e9b2d4c6e8a0b1d3f5e7a9c2b',
  clientSecret: 'c3d5e7f9a1b2c4d6e8f0a2b4c6d8e0f1',
  redirectUris: ['http://127.0.0.1/callback', 'https://railtape.example/auth/spotify/callback'],
};

/** What `issueTokens` grants by default: the suggested request of §1.5 plus the player scopes. */
export const FAKE_DEFAULT_SCOPES = [
  'user-read-private',
  'user-top-read',
  'user-library-read',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-private',
  'playlist-modify-public',
  'user-read-playback-state',
  'user-modify-playback-state',
] as const;

const KNOWN_SCOPES = new Set<string>([
  ...FAKE_DEFAULT_SCOPES,
  'ugc-image-upload',
  'user-read-email',
  'user-read-currently-playing',
  'user-read-recently-played',
  'user-read-playback-position',
  'user-library-modify',
  'user-follow-read',
  'user-follow-modify',
  'app-remote-control',
  'streaming',
]);

export const FAKE_SEARCH_GENRES = [
  'swiss indie',
  'alpine folk',
  'synthpop',
  'jazz',
  'techno',
  'classical',
  'hip hop',
  'chanson',
  'ambient',
  'rock',
  'indie pop',
  'drum and bass',
] as const;

const ARTIST_NAMES = [
  'Gleis Sieben',
  'The Viaduct Club',
  'Mira Aebischer',
  'Rhône Static',
  'Nachtzug Orchester',
  'Lina Brunner',
  'Pantograph',
  'Quai des Brumes',
  'Matteo Rossi Trio',
  'Stellwerk',
  'Bahnhofbuffet',
  'Yannick Favre',
  'Kleine Scheidegg',
  'Seebahn Sound',
  'Chloé Rochat',
  'Zahnradbahn',
  'Binario Nove',
  'Sofia Tami',
  'The Funiculars',
  'Reto Caflisch',
  'Perron 4',
  'Glacier Lights',
  'Anouk Meier',
  'Voie Libre',
  'Tunnel Vision',
  'Elena Pedrazzini',
  'Fahrplan',
  'Léman Echoes',
  'Jonas Graf',
  'Weiche',
  'Ticino Sun',
  'Schienenbus',
  'Alpine Static',
  'Nora Keller',
  'The Conductors',
  'Rack Railway',
  'Signal Box',
  'Gotthard Line',
  'Quartier Gare',
  'Lukas Imhof',
];
const WORDS_A = [
  'Golden',
  'Quiet',
  'Late',
  'Northern',
  'Silver',
  'Slow',
  'Electric',
  'Blue',
  'Distant',
  'Morning',
  'Paper',
  'Velvet',
  'Winter',
  'Open',
  'Hidden',
  'Last',
];
const WORDS_B = [
  'Valley',
  'Platform',
  'Tunnel',
  'Lake',
  'Window',
  'Signal',
  'Bridge',
  'Meadow',
  'Engine',
  'Timetable',
  'Summit',
  'Crossing',
  'Station',
  'River',
  'Horizon',
  'Carriage',
];

const ACCESS_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_MONTHS = 6;
/** RFC 6749 §4.1.2 recommends at most ten minutes for an authorization code. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;
const MAX_ALLOW_LISTED = 5;
const MAX_URIS_PER_REQUEST = 100;
const SEARCH_MAX_OFFSET = 1000;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE62_ID = /^[0-9A-Za-z]{22}$/;
const SEARCH_TYPES = new Set(['album', 'artist', 'playlist', 'track', 'show', 'episode', 'audiobook']);

// ---------------------------------------------------------------------------------------------
// Internal state

type Random = () => number;

/** mulberry32, inlined so the fake does not depend on app code: fixed seeds, no `Math.random`. */
function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const base62Id = (random: Random): string =>
  Array.from({ length: 22 }, () => BASE62[Math.floor(random() * 62)]).join('');

interface ArtistRecord {
  id: string;
  name: string;
  genres: string[];
}
interface AlbumRecord {
  id: string;
  name: string;
  artistId: string;
  releaseDate: string;
  albumType: 'album' | 'single';
  trackIds: string[];
}
interface TrackRecord {
  id: string;
  name: string;
  albumId: string;
  artistIds: string[];
  durationMs: number;
  explicit: boolean;
  isrc: string;
  trackNumber: number;
}
interface EpisodeRecord {
  id: string;
  name: string;
  durationMs: number;
  show: string;
}
interface Catalogue {
  artists: Map<string, ArtistRecord>;
  albums: Map<string, AlbumRecord>;
  tracks: Map<string, TrackRecord>;
  episodes: Map<string, EpisodeRecord>;
  order: TrackRecord[];
}

type Entry =
  | { kind: 'track'; trackId: string; addedAt: string; addedBy: string }
  | { kind: 'episode'; episodeId: string; addedAt: string; addedBy: string }
  | {
      kind: 'local';
      name: string;
      artist: string;
      album: string;
      durationMs: number;
      addedAt: string;
      addedBy: string;
    }
  | { kind: 'gone'; addedAt: string; addedBy: string };

interface PlaylistRecord {
  id: string;
  name: string;
  description: string | null;
  public: boolean;
  collaborative: boolean;
  ownerId: string;
  collaborators: Set<string>;
  snapshotId: string;
  entries: Entry[];
}

interface UserRecord {
  id: string;
  accountId: string;
  displayName: string;
  premium: boolean;
  activeDevice: boolean;
  deviceId: string;
  top: Record<SpotifyTimeRange, string[]>;
  saved: { trackId: string; addedAt: string }[];
  /** Own and followed, in the order `/me/playlists` lists them. */
  playlists: string[];
  playing: { contextUri: string | null; uris: string[]; positionMs: number; isPlaying: boolean } | null;
}

interface AccessTokenRecord {
  userId: string;
  clientId: string;
  scopes: Set<string>;
  expiresAt: number;
  revoked: boolean;
}
interface RefreshTokenRecord {
  userId: string;
  clientId: string;
  scopes: string[];
  /** The hard cut-off: six months after consent, never extended by refreshing (§1.4). */
  expiresAt: number;
  flow: 'confidential' | 'public';
  state: 'live' | 'rotated' | 'revoked';
}
interface CodeRecord {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  codeChallenge: string | null;
  issuedAt: number;
  used: boolean;
}

function buildCatalogue(): Catalogue {
  const random = seeded(0x5907);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const artists = new Map<string, ArtistRecord>();
  const albums = new Map<string, AlbumRecord>();
  const tracks = new Map<string, TrackRecord>();
  const order: TrackRecord[] = [];
  const artistList: ArtistRecord[] = ARTIST_NAMES.map((name, i) => {
    const first = FAKE_SEARCH_GENRES[i % FAKE_SEARCH_GENRES.length] as string;
    const second = pick(FAKE_SEARCH_GENRES);
    const record = { id: base62Id(random), name, genres: second === first ? [first] : [first, second] };
    artists.set(record.id, record);
    return record;
  });
  let isrcSerial = 100;
  for (const artist of artistList) {
    for (let a = 0; a < 3; a++) {
      const year = 1998 + Math.floor(random() * 28);
      const albumType = a === 2 ? 'single' : 'album';
      const album: AlbumRecord = {
        id: base62Id(random),
        name: `${pick(WORDS_A)} ${pick(WORDS_B)}`,
        artistId: artist.id,
        releaseDate: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
        albumType,
        trackIds: [],
      };
      albums.set(album.id, album);
      const count = albumType === 'single' ? 1 : 2 + Math.floor(random() * 4);
      for (let n = 0; n < count; n++) {
        // Log-normal around 3:35 like a real library, clamped to 1:30-10:00; a few long-form pieces.
        const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        const seconds = random() < 0.04 ? 420 + random() * 180 : Math.exp(5.37 + 0.3 * normal);
        const featuring = random() < 0.12 ? pick(artistList) : undefined;
        const track: TrackRecord = {
          id: base62Id(random),
          name: `${pick(WORDS_A)} ${pick(WORDS_B)}`,
          albumId: album.id,
          artistIds: featuring && featuring.id !== artist.id ? [artist.id, featuring.id] : [artist.id],
          durationMs: Math.min(600_000, Math.max(90_000, Math.round(seconds * 1000))),
          explicit: random() < 0.1,
          // CC + 3-character registrant + year + 5-digit designation, as a real ISRC.
          isrc: `CHRT${String.fromCharCode(65 + (isrcSerial % 26))}${String(year % 100).padStart(2, '0')}${String(isrcSerial).padStart(5, '0')}`,
          trackNumber: n + 1,
        };
        isrcSerial += 1;
        album.trackIds.push(track.id);
        tracks.set(track.id, track);
        order.push(track);
      }
    }
  }
  const episodes = new Map<string, EpisodeRecord>();
  for (const name of ['Rail Talk #42: Night Trains', 'Rail Talk #43: The Gotthard']) {
    const id = base62Id(random);
    episodes.set(id, { id, name, durationMs: 1_800_000 + Math.round(random() * 600_000), show: 'Rail Talk' });
  }
  return { artists, albums, tracks, episodes, order };
}

let cachedCatalogue: Catalogue | undefined;
const catalogue = (): Catalogue => {
  cachedCatalogue ??= buildCatalogue();
  return cachedCatalogue;
};

const trackUri = (id: string) => `spotify:track:${id}`;
const addMonths = (ms: number, months: number): number => {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
};
const token = (bytes: number) => randomBytes(bytes).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

// Redirect-URI rules of §1.1: https, or http only on a loopback IP literal; `localhost` never.
const LOOPBACK_REDIRECT = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(\/[^?#]*)?(\?[^#]*)?$/;

function isAcceptableRedirect(uri: string): boolean {
  if (uri.includes('#')) return false;
  if (LOOPBACK_REDIRECT.test(uri)) return true;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' && parsed.hostname !== 'localhost' && !parsed.hostname.endsWith('.localhost')
  );
}

/** Exact, case-sensitive, trailing slash significant; only a loopback literal's port may differ (§1.1). */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (!isAcceptableRedirect(requested)) return false;
  if (registered === requested) return true;
  const a = LOOPBACK_REDIRECT.exec(registered);
  const b = LOOPBACK_REDIRECT.exec(requested);
  if (!a || !b) return false;
  return a[1] === b[1] && (a[3] ?? '') === (b[3] ?? '') && (a[4] ?? '') === (b[4] ?? '');
}

// ---------------------------------------------------------------------------------------------
// The server

export async function startSpotifyFake(options: SpotifyFakeOptions = {}): Promise<SpotifyFake> {
  const cat = catalogue();
  const clients = new Map<string, SpotifyFakeClient>();
  for (const client of options.clients ?? [FAKE_CLIENT]) {
    for (const uri of client.redirectUris) {
      // The Dashboard refuses to save these since Nov 2025 (§1.1), so a test cannot register them either.
      if (!isAcceptableRedirect(uri)) throw new Error(`Spotify would not accept the redirect URI ${uri}`);
    }
    clients.set(client.clientId, client);
  }
  const rotation = options.rotateRefreshTokens ?? 'public';
  const aliases = options.deprecatedTrackFields ?? false;
  const baseClock = options.clock ?? Date.now;
  let offsetMs = 0;
  const now = () => baseClock() + offsetMs;

  const idRandom = seeded(0x9a11);
  const users = new Map<string, UserRecord>();
  const playlists = new Map<string, PlaylistRecord>();
  let snapshotSerial = 0;
  const nextSnapshot = (playlistId: string) =>
    Buffer.from(`${String(++snapshotSerial).padStart(8, '0')}:${playlistId}`).toString('base64');

  const addUser = (seed: FakeUserSeed): UserRecord => {
    if (users.has(seed.id)) throw new Error(`duplicate fake user ${seed.id}`);
    const user: UserRecord = {
      id: seed.id,
      accountId: base62Id(idRandom),
      displayName: seed.displayName ?? seed.id,
      premium: seed.premium ?? true,
      activeDevice: seed.activeDevice ?? false,
      deviceId: createHash('sha1').update(`device:${seed.id}`).digest('hex'),
      top: { short_term: [], medium_term: [], long_term: [] },
      saved: [],
      playlists: [],
      playing: null,
    };
    users.set(user.id, user);
    return user;
  };
  const addPlaylist = (
    owner: UserRecord,
    fields: { name: string; description?: string | null; public: boolean; collaborative?: boolean },
    entries: Entry[] = [],
  ): PlaylistRecord => {
    const id = base62Id(idRandom);
    const playlist: PlaylistRecord = {
      id,
      name: fields.name,
      description: fields.description ?? null,
      public: fields.public,
      collaborative: fields.collaborative ?? false,
      ownerId: owner.id,
      collaborators: new Set(),
      snapshotId: nextSnapshot(id),
      entries,
    };
    playlists.set(id, playlist);
    owner.playlists.unshift(id);
    return playlist;
  };

  seedUsers(cat, addUser, addPlaylist);
  for (const seed of options.users ?? []) addUser(seed);

  const allowList = new Set<string>();
  const allow = (userId: string) => {
    if (!users.has(userId)) throw new Error(`unknown fake user ${userId}`);
    if (!allowList.has(userId) && allowList.size >= MAX_ALLOW_LISTED)
      throw new Error(`Development Mode allows at most ${MAX_ALLOW_LISTED} users (§2.3)`);
    allowList.add(userId);
  };
  for (const id of options.allowList ?? [FAKE_RIDER, FAKE_CURATOR]) allow(id);

  let session: { userId: string; deny: boolean; grantOnly: readonly string[] | null } = {
    userId: options.signedInAs ?? FAKE_RIDER,
    deny: false,
    grantOnly: null,
  };
  const codes = new Map<string, CodeRecord>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();

  const calls: FakeCall[] = [];
  const playRequests: FakePlayRequest[] = [];
  let rateLimited = { remaining: 0, retryAfter: 1 };
  let quota = false;
  let failing = { remaining: 0, status: 503 };
  let stalling = { remaining: 0, ms: 0 };
  let dropping = 0;
  const timers = new Set<NodeJS.Timeout>();

  let apiUrl = '';
  let accountsUrl = '';

  const issueAccess = (userId: string, clientId: string, scopes: readonly string[]): string => {
    const value = `BQ${token(48)}`;
    accessTokens.set(value, {
      userId,
      clientId,
      scopes: new Set(scopes),
      expiresAt: now() + ACCESS_TOKEN_SECONDS * 1000,
      revoked: false,
    });
    return value;
  };
  const issueRefresh = (record: Omit<RefreshTokenRecord, 'state'>): string => {
    const value = `AQ${token(96)}`;
    refreshTokens.set(value, { ...record, state: 'live' });
    return value;
  };

  // ----- accounts.spotify.com

  const authorize = (url: URL, res: ServerResponse, call: FakeCall) => {
    const q = url.searchParams;
    const client = clients.get(q.get('client_id') ?? '');
    // §1.2: Spotify never redirects to an unregistered URI; a bad client or URI ends on an error page.
    if (!client) return htmlPage(res, call, 400, 'INVALID_CLIENT: Invalid client');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client.redirectUris.some((registered) => redirectUriMatches(registered, redirectUri)))
      return htmlPage(res, call, 400, 'INVALID_CLIENT: Invalid redirect URI');
    const state = q.get('state');
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      if (state !== null) target.searchParams.set('state', state);
      call.status = 302;
      res.writeHead(302, { location: target.toString() });
      res.end();
    };
    // The implicit grant is gone since 27 Nov 2025 (§1.1).
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method');
    if (challenge !== null || method !== null) {
      if (method !== 'S256' || challenge === null || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
        return back({ error: 'invalid_request' });
    }
    const requested = [...new Set((q.get('scope') ?? '').split(' ').filter((s) => s !== ''))];
    if (requested.some((s) => !KNOWN_SCOPES.has(s))) return back({ error: 'invalid_scope' });
    if (session.deny) return back({ error: 'access_denied' });
    const granted = session.grantOnly ? requested.filter((s) => session.grantOnly?.includes(s)) : requested;
    const code = token(96);
    codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      userId: session.userId,
      scopes: granted,
      codeChallenge: challenge,
      issuedAt: now(),
      used: false,
    });
    back({ code });
  };

  const tokenEndpoint = async (req: IncomingMessage, res: ServerResponse, call: FakeCall): Promise<void> => {
    const raw = await readBody(req);
    const oauthError = (error: string, description?: string) =>
      json(res, call, 400, description === undefined ? { error } : { error, error_description: description });
    // §1.3: a JSON body is the classic bug and fails exactly like this.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded'))
      return oauthError('unsupported_grant_type', 'grant_type parameter is missing');
    const form = new URLSearchParams(raw);
    const grantType = form.get('grant_type');
    if (grantType === null) return oauthError('unsupported_grant_type', 'grant_type parameter is missing');

    let client: SpotifyFakeClient | undefined;
    let authenticated: 'confidential' | 'public';
    const basic = parseBasic(req.headers.authorization);
    if (basic === 'malformed') return oauthError('invalid_client', 'Invalid client');
    if (basic) {
      client = clients.get(basic.id);
      if (!client || client.clientSecret !== basic.secret)
        return oauthError('invalid_client', 'Invalid client');
      authenticated = 'confidential';
    } else {
      const id = form.get('client_id');
      if (id === null) return oauthError('invalid_client');
      client = clients.get(id);
      if (!client) return oauthError('invalid_client', 'Invalid client');
      authenticated = 'public';
    }

    if (grantType === 'authorization_code') {
      const code = form.get('code');
      const redirectUri = form.get('redirect_uri');
      if (code === null || redirectUri === null)
        return oauthError('invalid_request', 'code and redirect_uri are required');
      const record = codes.get(code);
      if (!record || record.clientId !== client.clientId || record.used)
        return oauthError('invalid_grant', 'Invalid authorization code');
      // RFC 6749 §4.1.2: a code is good for one attempt, whatever its outcome.
      record.used = true;
      if (now() - record.issuedAt > CODE_LIFETIME_MS)
        return oauthError('invalid_grant', 'Authorization code expired');
      if (record.redirectUri !== redirectUri) return oauthError('invalid_grant', 'Invalid redirect URI');
      if (record.codeChallenge !== null) {
        const verifier = form.get('code_verifier');
        if (
          verifier === null ||
          !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
          s256(verifier) !== record.codeChallenge
        )
          return oauthError('invalid_grant', 'code_verifier was incorrect');
      } else if (authenticated === 'public') {
        // A public client proves nothing without PKCE (§1.3).
        return oauthError('invalid_request', 'code_verifier required');
      }
      const accessToken = issueAccess(record.userId, client.clientId, record.scopes);
      const refreshToken = issueRefresh({
        userId: record.userId,
        clientId: client.clientId,
        scopes: record.scopes,
        expiresAt: addMonths(record.issuedAt, REFRESH_TOKEN_MONTHS),
        flow: authenticated,
      });
      return json(res, call, 200, {
        access_token: accessToken,
        token_type: 'Bearer',
        scope: record.scopes.join(' '),
        expires_in: ACCESS_TOKEN_SECONDS,
        refresh_token: refreshToken,
      });
    }

    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token');
      if (presented === null) return oauthError('invalid_request', 'refresh_token must be supplied');
      const record = refreshTokens.get(presented);
      if (!record || record.clientId !== client.clientId || record.state === 'rotated')
        return oauthError('invalid_grant', 'Invalid refresh token');
      if (record.state === 'revoked') return oauthError('invalid_grant', 'Refresh token revoked');
      // §1.4: six months after consent, full stop; refreshing never extended it.
      if (now() >= record.expiresAt) return oauthError('invalid_grant', 'Refresh token expired');
      if (record.flow === 'confidential' && authenticated === 'public')
        return oauthError('invalid_client', 'Invalid client');
      const rotate = rotation === 'always' || (rotation === 'public' && record.flow === 'public');
      const body: Record<string, unknown> = {
        access_token: issueAccess(record.userId, client.clientId, record.scopes),
        token_type: 'Bearer',
        scope: record.scopes.join(' '),
        expires_in: ACCESS_TOKEN_SECONDS,
      };
      if (rotate) {
        record.state = 'rotated';
        body.refresh_token = issueRefresh({
          userId: record.userId,
          clientId: record.clientId,
          scopes: record.scopes,
          expiresAt: record.expiresAt,
          flow: record.flow,
        });
      }
      return json(res, call, 200, body);
    }
    return oauthError(
      'unsupported_grant_type',
      'grant_type must be client_credentials, authorization_code or refresh_token',
    );
  };

  // ----- api.spotify.com/v1

  interface Ctx {
    req: IncomingMessage;
    res: ServerResponse;
    call: FakeCall;
    url: URL;
    /** Path under `/v1`, e.g. `/me/tracks`. */
    path: string;
    method: string;
    user: UserRecord;
    scopes: Set<string>;
  }

  const apiError = (
    ctx: { res: ServerResponse; call: FakeCall },
    status: number,
    message: string,
    extra = {},
  ) => json(ctx.res, ctx.call, status, { error: { status, message, ...extra } });

  /** Spotify's "Insufficient client scope" 403 unless the token holds one of `anyOf` (§1.5, §4). */
  const hasScope = (ctx: Ctx, ...anyOf: string[]): boolean => {
    if (anyOf.some((s) => ctx.scopes.has(s))) return true;
    apiError(ctx, 403, 'Insufficient client scope');
    return false;
  };

  const parseRange = (
    ctx: Ctx,
    name: string,
    fallback: number,
    min: number,
    max: number,
  ): number | undefined => {
    const raw = ctx.url.searchParams.get(name);
    if (raw === null) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    apiError(ctx, 400, `Invalid ${name}`);
    return undefined;
  };

  /** A Paging object (§3.1) whose `next`/`previous` are absolute URLs on this fake's own base. */
  const paging = <T>(ctx: Ctx, all: readonly T[], opts: { limit: number; offset: number; cap?: number }) => {
    const { limit, offset } = opts;
    const reachable = Math.min(all.length, opts.cap ?? Number.POSITIVE_INFINITY);
    const link = (o: number) => {
      const u = new URL(`${apiUrl}${ctx.path}`);
      for (const [k, v] of ctx.url.searchParams) u.searchParams.append(k, v);
      u.searchParams.set('offset', String(o));
      u.searchParams.set('limit', String(limit));
      return u.toString();
    };
    return {
      href: link(offset),
      items: all.slice(offset, offset + limit),
      limit,
      next: limit > 0 && offset + limit < reachable ? link(offset + limit) : null,
      offset,
      previous: offset > 0 && limit > 0 ? link(Math.max(0, offset - limit)) : null,
      total: all.length,
    };
  };

  const ext = (type: string, id: string) => ({ spotify: `https://open.spotify.com/${type}/${id}` });
  const userRef = (id: string) => ({
    display_name: users.get(id)?.displayName ?? id,
    external_urls: ext('user', id),
    href: `${apiUrl}/users/${id}`,
    id,
    type: 'user',
    uri: `spotify:user:${id}`,
  });
  const artistRef = (a: ArtistRecord) => ({
    external_urls: ext('artist', a.id),
    href: `${apiUrl}/artists/${a.id}`,
    id: a.id,
    name: a.name,
    type: 'artist',
    uri: `spotify:artist:${a.id}`,
  });
  // Dev-Mode field set (§2.3): no popularity, available_markets or linked_from; external_ids is back.
  const trackObject = (t: TrackRecord) => {
    const album = cat.albums.get(t.albumId) as AlbumRecord;
    const albumArtist = cat.artists.get(album.artistId) as ArtistRecord;
    return {
      album: {
        album_type: album.albumType,
        artists: [artistRef(albumArtist)],
        external_urls: ext('album', album.id),
        href: `${apiUrl}/albums/${album.id}`,
        id: album.id,
        images: [{ url: `https://i.scdn.co/image/ab67616d0000b273${album.id}`, height: 640, width: 640 }],
        name: album.name,
        release_date: album.releaseDate,
        release_date_precision: 'day',
        total_tracks: album.trackIds.length,
        type: 'album',
        uri: `spotify:album:${album.id}`,
      },
      artists: t.artistIds.map((id) => artistRef(cat.artists.get(id) as ArtistRecord)),
      disc_number: 1,
      duration_ms: t.durationMs,
      explicit: t.explicit,
      external_ids: { isrc: t.isrc },
      external_urls: ext('track', t.id),
      href: `${apiUrl}/tracks/${t.id}`,
      id: t.id,
      is_local: false,
      name: t.name,
      preview_url: null,
      track_number: t.trackNumber,
      type: 'track',
      uri: trackUri(t.id),
    };
  };
  const entryItem = (entry: Entry): unknown => {
    switch (entry.kind) {
      case 'track':
        return trackObject(cat.tracks.get(entry.trackId) as TrackRecord);
      case 'episode': {
        const e = cat.episodes.get(entry.episodeId) as EpisodeRecord;
        return {
          duration_ms: e.durationMs,
          explicit: false,
          external_urls: ext('episode', e.id),
          href: `${apiUrl}/episodes/${e.id}`,
          id: e.id,
          name: e.name,
          show: { name: e.show, type: 'show' },
          type: 'episode',
          uri: `spotify:episode:${e.id}`,
        };
      }
      case 'local':
        return {
          album: { name: entry.album, id: null, type: 'album', uri: null, artists: [], images: [] },
          artists: [{ name: entry.artist, id: null, type: 'artist', uri: null }],
          duration_ms: entry.durationMs,
          explicit: false,
          external_urls: {},
          href: null,
          id: null,
          is_local: true,
          name: entry.name,
          type: 'track',
          uri: localUri(entry),
        };
      case 'gone':
        return null;
    }
  };
  const playlistItem = (entry: Entry) => {
    const item = entryItem(entry);
    return {
      added_at: entry.addedAt,
      added_by: userRef(entry.addedBy),
      is_local: entry.kind === 'local',
      item,
      ...(aliases ? { track: item } : {}),
    };
  };
  const playlistObject = (p: PlaylistRecord) => {
    const items = { href: `${apiUrl}/playlists/${p.id}/items`, total: p.entries.length };
    return {
      collaborative: p.collaborative,
      description: p.description,
      external_urls: ext('playlist', p.id),
      href: `${apiUrl}/playlists/${p.id}`,
      id: p.id,
      images: [],
      name: p.name,
      owner: userRef(p.ownerId),
      public: p.public,
      snapshot_id: p.snapshotId,
      items,
      ...(aliases ? { tracks: items } : {}),
      type: 'playlist',
      uri: `spotify:playlist:${p.id}`,
    };
  };

  const canRead = (p: PlaylistRecord, user: UserRecord) =>
    p.ownerId === user.id || (p.collaborative && p.collaborators.has(user.id));
  /** Read scope for a playlist's contents: private ones need the private scope, collaborative ones either. */
  const readScopes = (p: PlaylistRecord) =>
    p.collaborative
      ? ['playlist-read-collaborative', 'playlist-read-private']
      : p.public
        ? []
        : ['playlist-read-private'];
  const modifyScope = (p: PlaylistRecord) =>
    p.public ? 'playlist-modify-public' : 'playlist-modify-private';

  const findPlaylist = (ctx: Ctx, id: string): PlaylistRecord | undefined => {
    if (!BASE62_ID.test(id)) {
      apiError(ctx, 400, 'Invalid base62 id');
      return undefined;
    }
    const p = playlists.get(id);
    if (!p) apiError(ctx, 404, 'Resource not found');
    return p;
  };

  /** `uris`, from the query (which wins over the body, §3.2) or the JSON body; each must name a known item. */
  const entriesFrom = (ctx: Ctx, body: Record<string, unknown>): Entry[] | undefined => {
    const fromQuery = ctx.url.searchParams.get('uris');
    const uris: unknown = fromQuery !== null ? fromQuery.split(',') : body.uris;
    if (!Array.isArray(uris) || !uris.every((u) => typeof u === 'string')) {
      apiError(ctx, 400, 'Missing or invalid uris');
      return undefined;
    }
    if (uris.length > MAX_URIS_PER_REQUEST) {
      apiError(ctx, 400, `You can add a maximum of ${MAX_URIS_PER_REQUEST} tracks per request.`);
      return undefined;
    }
    const addedAt = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const entries: Entry[] = [];
    for (const uri of uris as string[]) {
      const track = /^spotify:track:([0-9A-Za-z]{22})$/.exec(uri)?.[1];
      const episode = /^spotify:episode:([0-9A-Za-z]{22})$/.exec(uri)?.[1];
      if (track !== undefined && cat.tracks.has(track))
        entries.push({ kind: 'track', trackId: track, addedAt, addedBy: ctx.user.id });
      else if (episode !== undefined && cat.episodes.has(episode))
        entries.push({ kind: 'episode', episodeId: episode, addedAt, addedBy: ctx.user.id });
      else {
        apiError(ctx, 400, `Invalid track uri: ${uri}`);
        return undefined;
      }
    }
    return entries;
  };

  const readJson = async (ctx: Ctx): Promise<Record<string, unknown> | undefined> => {
    const raw = await readBody(ctx.req);
    if (raw.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // answered below
    }
    apiError(ctx, 400, 'Error parsing JSON.');
    return undefined;
  };

  const routes: [
    method: string,
    pattern: RegExp,
    handler: (ctx: Ctx, m: RegExpExecArray) => Promise<void> | void,
  ][] = [];
  const route = (
    method: string,
    pattern: RegExp,
    handler: (ctx: Ctx, m: RegExpExecArray) => Promise<void> | void,
  ) => routes.push([method, pattern, handler]);

  route('GET', /^\/me$/, (ctx) => {
    // §3.1: Dev Mode dropped email, country, product, followers and explicit_content; any token reads it.
    json(ctx.res, ctx.call, 200, {
      account_id: ctx.user.accountId,
      display_name: ctx.user.displayName,
      external_urls: ext('user', ctx.user.id),
      href: `${apiUrl}/users/${ctx.user.id}`,
      id: ctx.user.id,
      images: [],
      type: 'user',
      uri: `spotify:user:${ctx.user.id}`,
    });
  });

  route('GET', /^\/me\/top\/(tracks|artists)$/, (ctx, m) => {
    if (!hasScope(ctx, 'user-top-read')) return;
    const range = ctx.url.searchParams.get('time_range') ?? 'medium_term';
    if (range !== 'short_term' && range !== 'medium_term' && range !== 'long_term')
      return apiError(ctx, 400, 'Invalid time range');
    const limit = parseRange(ctx, 'limit', 20, 1, 50);
    const offset = limit === undefined ? undefined : parseRange(ctx, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    if (limit === undefined || offset === undefined) return;
    const ids = ctx.user.top[range];
    if (m[1] === 'tracks') {
      const tracks = ids.map((id) => trackObject(cat.tracks.get(id) as TrackRecord));
      return json(ctx.res, ctx.call, 200, paging(ctx, tracks, { limit, offset }));
    }
    const seen = [...new Set(ids.flatMap((id) => (cat.tracks.get(id) as TrackRecord).artistIds))];
    const artists = seen.map((id) => {
      const a = cat.artists.get(id) as ArtistRecord;
      return { ...artistRef(a), genres: a.genres, images: [] };
    });
    return json(ctx.res, ctx.call, 200, paging(ctx, artists, { limit, offset }));
  });

  route('GET', /^\/me\/tracks$/, (ctx) => {
    if (!hasScope(ctx, 'user-library-read')) return;
    const limit = parseRange(ctx, 'limit', 20, 1, 50);
    const offset = limit === undefined ? undefined : parseRange(ctx, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    if (limit === undefined || offset === undefined) return;
    // §0.2: saved tracks keep the `track` key; only playlist items were renamed.
    const saved = ctx.user.saved.map((s) => ({
      added_at: s.addedAt,
      track: trackObject(cat.tracks.get(s.trackId) as TrackRecord),
    }));
    json(ctx.res, ctx.call, 200, paging(ctx, saved, { limit, offset }));
  });

  route('GET', /^\/me\/playlists$/, (ctx) => {
    if (!hasScope(ctx, 'playlist-read-private')) return;
    const limit = parseRange(ctx, 'limit', 20, 1, 50);
    const offset = limit === undefined ? undefined : parseRange(ctx, 'offset', 0, 0, 100_000);
    if (limit === undefined || offset === undefined) return;
    const list = ctx.user.playlists.flatMap((id) => {
      const p = playlists.get(id);
      return p ? [playlistObject(p)] : [];
    });
    json(ctx.res, ctx.call, 200, paging(ctx, list, { limit, offset }));
  });

  route('POST', /^\/me\/playlists$/, async (ctx) => {
    const body = await readJson(ctx);
    if (!body) return;
    if (typeof body.name !== 'string' || body.name.trim() === '')
      return apiError(ctx, 400, 'Missing required field: name');
    // §3.2: `public` defaults to true, so a client that forgets it publishes the playlist.
    const isPublic = body.public === undefined ? true : body.public;
    const collaborative = body.collaborative === undefined ? false : body.collaborative;
    if (typeof isPublic !== 'boolean' || typeof collaborative !== 'boolean')
      return apiError(ctx, 400, 'Invalid public or collaborative value');
    if (collaborative && isPublic) return apiError(ctx, 400, 'Collaborative playlists can only be private.');
    if (body.description !== undefined && typeof body.description !== 'string')
      return apiError(ctx, 400, 'Invalid description');
    if (!hasScope(ctx, isPublic ? 'playlist-modify-public' : 'playlist-modify-private')) return;
    const created = addPlaylist(ctx.user, {
      name: body.name,
      description: typeof body.description === 'string' && body.description !== '' ? body.description : null,
      public: isPublic,
      collaborative,
    });
    json(ctx.res, ctx.call, 201, {
      ...playlistObject(created),
      items: paging({ ...ctx, path: `/playlists/${created.id}/items` }, [], { limit: 100, offset: 0 }),
    });
  });

  route('GET', /^\/playlists\/([^/]+)$/, (ctx, m) => {
    const p = findPlaylist(ctx, m[1] as string);
    if (!p) return;
    const body: Record<string, unknown> = playlistObject(p);
    // §2.3: contents only for the owner or a collaborator; `items` is absent otherwise.
    if (canRead(p, ctx.user)) {
      const items = paging({ ...ctx, path: `/playlists/${p.id}/items` }, p.entries.map(playlistItem), {
        limit: 100,
        offset: 0,
      });
      body.items = items;
      if (aliases) body.tracks = items;
    } else {
      delete body.items;
      delete body.tracks;
    }
    json(ctx.res, ctx.call, 200, body);
  });

  route('PUT', /^\/playlists\/([^/]+)$/, async (ctx, m) => {
    const p = findPlaylist(ctx, m[1] as string);
    if (!p) return;
    const body = await readJson(ctx);
    if (!body) return;
    if (p.ownerId !== ctx.user.id)
      return apiError(ctx, 403, 'You cannot change details of playlists you do not own.');
    if (!hasScope(ctx, modifyScope(p))) return;
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === ''))
      return apiError(ctx, 400, 'Invalid name');
    if (body.public !== undefined && typeof body.public !== 'boolean')
      return apiError(ctx, 400, 'Invalid public value');
    if (body.collaborative !== undefined && typeof body.collaborative !== 'boolean')
      return apiError(ctx, 400, 'Invalid collaborative value');
    if (body.description !== undefined && typeof body.description !== 'string')
      return apiError(ctx, 400, 'Invalid description');
    const nextPublic = (body.public as boolean | undefined) ?? p.public;
    const nextCollaborative = (body.collaborative as boolean | undefined) ?? p.collaborative;
    if (nextCollaborative && nextPublic)
      return apiError(ctx, 400, 'Collaborative playlists can only be private.');
    if (typeof body.name === 'string') p.name = body.name;
    if (typeof body.description === 'string')
      p.description = body.description === '' ? null : body.description;
    p.public = nextPublic;
    p.collaborative = nextCollaborative;
    p.snapshotId = nextSnapshot(p.id);
    ctx.call.status = 200;
    ctx.res.writeHead(200, { 'content-length': 0 });
    ctx.res.end();
  });

  route('GET', /^\/playlists\/([^/]+)\/items$/, (ctx, m) => {
    const p = findPlaylist(ctx, m[1] as string);
    if (!p) return;
    // §2.3: 403 for a playlist the user merely follows.
    if (!canRead(p, ctx.user)) return apiError(ctx, 403, 'Forbidden');
    const scopes = readScopes(p);
    if (scopes.length > 0 && !hasScope(ctx, ...scopes)) return;
    const limit = parseRange(ctx, 'limit', 20, 1, 50);
    const offset = limit === undefined ? undefined : parseRange(ctx, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    if (limit === undefined || offset === undefined) return;
    json(ctx.res, ctx.call, 200, paging(ctx, p.entries.map(playlistItem), { limit, offset }));
  });

  const writableItems = (ctx: Ctx, id: string): PlaylistRecord | undefined => {
    const p = findPlaylist(ctx, id);
    if (!p) return undefined;
    if (!canRead(p, ctx.user)) {
      apiError(ctx, 403, 'Forbidden');
      return undefined;
    }
    return hasScope(ctx, modifyScope(p)) ? p : undefined;
  };

  route('POST', /^\/playlists\/([^/]+)\/items$/, async (ctx, m) => {
    const body = await readJson(ctx);
    if (!body) return;
    const p = writableItems(ctx, m[1] as string);
    if (!p) return;
    const entries = entriesFrom(ctx, body);
    if (!entries) return;
    const rawPosition = ctx.url.searchParams.get('position') ?? body.position;
    let position = p.entries.length;
    if (rawPosition !== undefined && rawPosition !== null) {
      const n = Number(rawPosition);
      if (!Number.isInteger(n) || n < 0 || n > p.entries.length)
        return apiError(ctx, 400, 'Index out of bounds');
      position = n;
    }
    p.entries.splice(position, 0, ...entries);
    p.snapshotId = nextSnapshot(p.id);
    json(ctx.res, ctx.call, 201, { snapshot_id: p.snapshotId });
  });

  route('PUT', /^\/playlists\/([^/]+)\/items$/, async (ctx, m) => {
    const body = await readJson(ctx);
    if (!body) return;
    const p = writableItems(ctx, m[1] as string);
    if (!p) return;
    const replacing = ctx.url.searchParams.has('uris') || body.uris !== undefined;
    const reordering = body.range_start !== undefined || body.insert_before !== undefined;
    // §3.2: replace and reorder are mutually exclusive forms of the same PUT.
    if (replacing === reordering)
      return apiError(ctx, 400, 'Either uris or range_start and insert_before are required');
    if (replacing) {
      const entries = entriesFrom(ctx, body);
      if (!entries) return;
      p.entries = entries;
    } else {
      if (body.snapshot_id !== undefined && body.snapshot_id !== p.snapshotId)
        return apiError(ctx, 400, 'Invalid snapshot id');
      const start = Number(body.range_start);
      const before = Number(body.insert_before);
      const length = body.range_length === undefined ? 1 : Number(body.range_length);
      const size = p.entries.length;
      if (
        ![start, before, length].every(Number.isInteger) ||
        start < 0 ||
        length < 1 ||
        start + length > size
      )
        return apiError(ctx, 400, 'Index out of bounds');
      if (before < 0 || before > size) return apiError(ctx, 400, 'Index out of bounds');
      const moved = p.entries.splice(start, length);
      p.entries.splice(before > start ? before - length : before, 0, ...moved);
    }
    p.snapshotId = nextSnapshot(p.id);
    json(ctx.res, ctx.call, 200, { snapshot_id: p.snapshotId });
  });

  route('DELETE', /^\/playlists\/([^/]+)\/items$/, async (ctx, m) => {
    const body = await readJson(ctx);
    if (!body) return;
    const p = writableItems(ctx, m[1] as string);
    if (!p) return;
    // Feb 2026 renamed the body field `tracks` to `items` (§2.3).
    const items = body.items;
    if (!Array.isArray(items) || items.length > MAX_URIS_PER_REQUEST)
      return apiError(ctx, 400, 'Missing or invalid items');
    const doomed = new Set(
      items.map((i: unknown) =>
        i !== null && typeof i === 'object' ? (i as { uri?: unknown }).uri : undefined,
      ),
    );
    p.entries = p.entries.filter((e) => e.kind !== 'track' || !doomed.has(trackUri(e.trackId)));
    p.snapshotId = nextSnapshot(p.id);
    json(ctx.res, ctx.call, 200, { snapshot_id: p.snapshotId });
  });

  route('GET', /^\/search$/, (ctx) => {
    const q = ctx.url.searchParams.get('q');
    if (q === null || q.trim() === '') return apiError(ctx, 400, 'No search query');
    const types = (ctx.url.searchParams.get('type') ?? '').split(',').filter((t) => t !== '');
    if (types.length === 0 || !types.every((t) => SEARCH_TYPES.has(t)))
      return apiError(ctx, 400, 'Bad search type field');
    // §0.3: Feb 2026 cut the limit to 10 (default 5); 11+ is a 400, not a silent clamp.
    const limit = parseRange(ctx, 'limit', 5, 0, 10);
    const offset = limit === undefined ? undefined : parseRange(ctx, 'offset', 0, 0, SEARCH_MAX_OFFSET);
    if (limit === undefined || offset === undefined) return;
    const body: Record<string, unknown> = {};
    for (const type of types) {
      const found = type === 'track' ? searchTracks(cat, q).map(trackObject) : [];
      body[`${type}s`] = paging(ctx, found, { limit, offset, cap: SEARCH_MAX_OFFSET });
    }
    json(ctx.res, ctx.call, 200, body);
  });

  route('GET', /^\/tracks\/([^/]+)$/, (ctx, m) => {
    const id = m[1] as string;
    if (!BASE62_ID.test(id)) return apiError(ctx, 400, 'Invalid base62 id');
    const t = cat.tracks.get(id);
    if (!t) return apiError(ctx, 404, 'Resource not found');
    json(ctx.res, ctx.call, 200, trackObject(t));
  });

  route('GET', /^\/me\/player$/, (ctx) => {
    if (!hasScope(ctx, 'user-read-playback-state')) return;
    // No active device: 204 and no body, as the live API answers.
    if (!ctx.user.activeDevice) {
      ctx.call.status = 204;
      ctx.res.writeHead(204);
      ctx.res.end();
      return;
    }
    const playing = ctx.user.playing;
    json(ctx.res, ctx.call, 200, {
      device: {
        id: ctx.user.deviceId,
        is_active: true,
        is_private_session: false,
        is_restricted: false,
        name: `${ctx.user.displayName}'s phone`,
        type: 'Smartphone',
        volume_percent: 70,
      },
      shuffle_state: false,
      repeat_state: 'off',
      timestamp: now(),
      context: playing?.contextUri ? { type: 'playlist', uri: playing.contextUri } : null,
      progress_ms: playing?.positionMs ?? 0,
      is_playing: playing?.isPlaying ?? false,
      currently_playing_type: 'track',
    });
  });

  route('PUT', /^\/me\/player\/play$/, async (ctx) => {
    const body = await readJson(ctx);
    if (!body) return;
    if (!hasScope(ctx, 'user-modify-playback-state')) return;
    // Player errors carry a `reason` (reported: ShyykoSerhiy/vscode-spotify#136, andrehaveman/spotify-node-applescript#45).
    if (!ctx.user.premium)
      return apiError(ctx, 403, 'Player command failed: Premium required', { reason: 'PREMIUM_REQUIRED' });
    const deviceId = ctx.url.searchParams.get('device_id');
    if (deviceId !== null && deviceId !== ctx.user.deviceId) return apiError(ctx, 404, 'Device not found');
    // Naming the device wakes an idle one; without it an idle account 404s (reported: LargeModGames/spotatui#464).
    if (deviceId === null && !ctx.user.activeDevice)
      return apiError(ctx, 404, 'Player command failed: No active device found', {
        reason: 'NO_ACTIVE_DEVICE',
      });
    const contextUri = typeof body.context_uri === 'string' ? body.context_uri : undefined;
    const uris = Array.isArray(body.uris)
      ? body.uris.filter((u): u is string => typeof u === 'string')
      : undefined;
    if (contextUri !== undefined && uris !== undefined)
      return apiError(ctx, 400, 'Only one of context_uri and uris may be given');
    const offset =
      body.offset !== null && typeof body.offset === 'object'
        ? (body.offset as { position?: number; uri?: string })
        : undefined;
    const positionMs = typeof body.position_ms === 'number' ? body.position_ms : undefined;
    const playlistId =
      contextUri !== undefined ? /^spotify:playlist:([0-9A-Za-z]{22})$/.exec(contextUri)?.[1] : undefined;
    if (playlistId !== undefined) {
      const p = playlists.get(playlistId);
      if (!p) return apiError(ctx, 404, 'Context not found');
      if (offset?.position !== undefined && (offset.position < 0 || offset.position >= p.entries.length))
        return apiError(ctx, 400, 'Offset out of bounds');
    }
    playRequests.push({
      userId: ctx.user.id,
      deviceId,
      ...(contextUri !== undefined ? { contextUri } : {}),
      ...(uris !== undefined ? { uris } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(positionMs !== undefined ? { positionMs } : {}),
      body,
    });
    ctx.user.activeDevice = true;
    ctx.user.playing = {
      contextUri: contextUri ?? null,
      uris: uris ?? [],
      positionMs: positionMs ?? 0,
      isPlaying: true,
    };
    ctx.call.status = 204;
    ctx.res.writeHead(204);
    ctx.res.end();
  });

  const answerApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    call: FakeCall,
    url: URL,
  ): Promise<void> => {
    const path = call.path;
    const method = call.method;
    const bare = { res, call };
    if (quota) return apiError(bare, 429, 'Too many requests', { reason: 'QUOTA_EXCEEDED' });
    if (rateLimited.remaining > 0) {
      rateLimited.remaining -= 1;
      return json(
        res,
        call,
        429,
        { error: { status: 429, message: 'API rate limit exceeded' } },
        {
          'retry-after': String(rateLimited.retryAfter),
        },
      );
    }
    if (failing.remaining > 0) {
      failing.remaining -= 1;
      return apiError(bare, failing.status, failing.status === 502 ? 'Bad gateway' : 'Service unavailable');
    }

    // §4: the live 401 body plus a WWW-Authenticate challenge, whatever is wrong with the token.
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const unauthorized = (error: 'missing_token' | 'invalid_token') =>
      json(
        res,
        call,
        401,
        { error: { status: 401, message: 'Missing/invalid/expired access token' } },
        {
          'www-authenticate': `Bearer realm="spotify", error="${error}"`,
        },
      );
    if (bearer === undefined || bearer === '') return unauthorized('missing_token');
    const grant = accessTokens.get(bearer);
    if (!grant || grant.revoked || now() >= grant.expiresAt) return unauthorized('invalid_token');
    const user = users.get(grant.userId) as UserRecord;
    // §0.6: a user missing from Users Management signs in fine, then every API call is 403.
    if (!allowList.has(user.id))
      return apiError(
        bare,
        403,
        'The user is not registered for this application. Please check your settings on https://developer.spotify.com/dashboard.',
      );
    if (isRemovedEndpoint(method, path)) return apiError(bare, 403, 'Forbidden');

    const ctx: Ctx = { req, res, call, url, path, method, user, scopes: grant.scopes };
    let pathKnown = false;
    for (const [routeMethod, pattern, handler] of routes) {
      const m = pattern.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (routeMethod === method) return handler(ctx, m);
    }
    if (pathKnown) return apiError(bare, 405, 'Method not allowed');
    return apiError(bare, 404, 'Service not found');
  };

  const server = createServer((req, res) => {
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const service = url.pathname.startsWith('/accounts/')
      ? 'accounts'
      : url.pathname.startsWith('/api/v1/')
        ? 'api'
        : null;
    const call: FakeCall = {
      service: service ?? 'api',
      method,
      path:
        service === 'accounts'
          ? url.pathname.slice('/accounts'.length)
          : service === 'api'
            ? url.pathname.slice('/api/v1'.length)
            : url.pathname,
      query: url.search,
      status: 0,
    };
    calls.push(call);
    const run = async () => {
      if (res.destroyed) return;
      if (service === 'accounts') {
        if (call.path === '/authorize' && method === 'GET') return authorize(url, res, call);
        if (call.path === '/api/token' && method === 'POST') return tokenEndpoint(req, res, call);
        return htmlPage(res, call, 404, 'Not found');
      }
      if (service === 'api') return answerApi(req, res, call, url);
      return htmlPage(res, call, 404, 'Not found');
    };
    const fail = () => {
      if (!res.headersSent) json(res, call, 500, { error: { status: 500, message: 'Fake failed' } });
      else res.destroy();
    };
    if (service === 'api' && dropping > 0) {
      dropping -= 1;
      req.socket.destroy();
      return;
    }
    if (service === 'api' && stalling.remaining > 0) {
      stalling.remaining -= 1;
      const timer = setTimeout(() => {
        timers.delete(timer);
        run().catch(fail);
      }, stalling.ms);
      timers.add(timer);
      return;
    }
    run().catch(fail);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  apiUrl = `${url}/api/v1`;
  accountsUrl = `${url}/accounts`;

  const requireUser = (userId: string): UserRecord => {
    const user = users.get(userId);
    if (!user) throw new Error(`unknown fake user ${userId}`);
    return user;
  };
  const view = (p: PlaylistRecord): FakePlaylistView => ({
    id: p.id,
    uri: `spotify:playlist:${p.id}`,
    name: p.name,
    description: p.description,
    public: p.public,
    collaborative: p.collaborative,
    ownerId: p.ownerId,
    snapshotId: p.snapshotId,
    uris: p.entries.map((e) =>
      e.kind === 'track'
        ? trackUri(e.trackId)
        : e.kind === 'episode'
          ? `spotify:episode:${e.episodeId}`
          : e.kind === 'local'
            ? localUri(e)
            : null,
    ),
  });

  return {
    url,
    accountsUrl,
    apiUrl,
    clients: [...clients.values()],
    catalog: cat.order.map((t) => publicTrack(cat, t)),
    calls,
    apiCalls: (method, path) =>
      calls.filter(
        (c) =>
          c.service === 'api' &&
          (method === undefined || c.method === method) &&
          (path === undefined || c.path === path),
      ),
    playRequests,
    lastPlayRequest: () => playRequests.at(-1),
    now,
    advanceTime: (ms) => {
      offsetMs += ms;
    },
    signInAs: (userId, opts = {}) => {
      requireUser(userId);
      session = { userId, deny: opts.deny ?? false, grantOnly: opts.grantOnly ?? null };
    },
    issueTokens: (userId, opts = {}) => {
      requireUser(userId);
      const clientId = opts.clientId ?? [...clients.keys()][0] ?? FAKE_CLIENT.clientId;
      const scopes = [...(opts.scopes ?? FAKE_DEFAULT_SCOPES)];
      return {
        accessToken: issueAccess(userId, clientId, scopes),
        refreshToken: issueRefresh({
          userId,
          clientId,
          scopes,
          expiresAt: addMonths(now(), REFRESH_TOKEN_MONTHS),
          flow: opts.flow ?? 'confidential',
        }),
        scope: scopes,
      };
    },
    revoke: (userId) => {
      requireUser(userId);
      for (const record of refreshTokens.values()) if (record.userId === userId) record.state = 'revoked';
      for (const record of accessTokens.values()) if (record.userId === userId) record.revoked = true;
    },
    expireAccessTokens: (userId) => {
      const at = now();
      for (const record of accessTokens.values())
        if (userId === undefined || record.userId === userId)
          record.expiresAt = Math.min(record.expiresAt, at);
    },
    allowUser: allow,
    disallowUser: (userId) => {
      allowList.delete(userId);
    },
    setPlayer: (userId, state) => {
      const user = requireUser(userId);
      if (state.activeDevice !== undefined) user.activeDevice = state.activeDevice;
      if (state.premium !== undefined) user.premium = state.premium;
    },
    deviceOf: (userId) => requireUser(userId).deviceId,
    playlistsOf: (userId) =>
      requireUser(userId).playlists.flatMap((id) => {
        const p = playlists.get(id);
        return p ? [view(p)] : [];
      }),
    playlist: (id) => {
      const p = playlists.get(id);
      return p ? view(p) : undefined;
    },
    topTrackIds: (userId, range) => [...requireUser(userId).top[range]],
    savedTrackIds: (userId) => requireUser(userId).saved.map((s) => s.trackId),
    rateLimitNext: (n, retryAfterSeconds) => {
      rateLimited = { remaining: n, retryAfter: retryAfterSeconds };
    },
    quotaExceeded: (on) => {
      quota = on;
    },
    failNext: (n, status = 503) => {
      failing = { remaining: n, status };
    },
    stallNext: (n, ms) => {
      stalling = { remaining: n, ms };
    },
    dropNext: (n) => {
      dropping = n;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Seed users: a rider with history, a curator whose playlist the rider follows, an outsider.

function seedUsers(
  cat: Catalogue,
  addUser: (seed: FakeUserSeed) => UserRecord,
  addPlaylist: (
    owner: UserRecord,
    fields: { name: string; description?: string | null; public: boolean; collaborative?: boolean },
    entries?: Entry[],
  ) => PlaylistRecord,
): void {
  const random = seeded(0x71de);
  const all = cat.order.map((t) => t.id);
  const sample = (n: number): string[] => {
    const pool = [...all];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
    }
    return pool.slice(0, n);
  };
  const stamp = (i: number) =>
    new Date(Date.UTC(2026, 0, 5, 7, 12) + i * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entries = (ids: string[], by: string, from = 0): Entry[] =>
    ids.map((trackId, i) => ({ kind: 'track', trackId, addedAt: stamp(from + i), addedBy: by }));

  const rider = addUser({ id: FAKE_RIDER, displayName: 'Anna Künzli', premium: true, activeDevice: true });
  const curator = addUser({
    id: FAKE_CURATOR,
    displayName: 'Luca Bernasconi',
    premium: false,
    activeDevice: false,
  });
  addUser({ id: FAKE_OUTSIDER, displayName: 'Nora Vetter', premium: true, activeDevice: true });

  // Sizes chosen so that reading them at limit=50 takes several pages.
  rider.top = { short_term: sample(20), medium_term: sample(50), long_term: sample(99) };
  rider.saved = sample(130).map((trackId, i) => ({ trackId, addedAt: stamp(1000 - i) }));
  curator.saved = sample(10).map((trackId, i) => ({ trackId, addedAt: stamp(500 - i) }));

  const classics = addPlaylist(
    curator,
    { name: 'Swiss Rail Classics', public: true },
    entries(sample(30), FAKE_CURATOR),
  );
  addPlaylist(curator, { name: 'Drafts', public: false }, entries(sample(5), FAKE_CURATOR));
  const jazz = addPlaylist(
    rider,
    { name: 'Jazz for Night Trains', public: false, collaborative: true },
    entries(sample(12), FAKE_RIDER),
  );
  jazz.collaborators.add(FAKE_CURATOR);
  curator.playlists.push(jazz.id);
  addPlaylist(
    rider,
    { name: 'Gotthard Base Tunnel', description: '57 km, 57 songs', public: true },
    entries(sample(57), FAKE_RIDER),
  );
  const [firstEpisode] = cat.episodes.keys();
  // Items a client must skip: a local file, a podcast episode and a track that is no longer available.
  addPlaylist(rider, { name: 'Morning Commute Zürich–Bern', public: false }, [
    ...entries(sample(12), FAKE_RIDER),
    {
      kind: 'local',
      name: 'Voice Memo Platform 7',
      artist: 'Anna',
      album: 'Recordings',
      durationMs: 95_000,
      addedAt: stamp(40),
      addedBy: FAKE_RIDER,
    },
    { kind: 'episode', episodeId: firstEpisode as string, addedAt: stamp(41), addedBy: FAKE_RIDER },
    { kind: 'gone', addedAt: stamp(42), addedBy: FAKE_RIDER },
    ...entries(sample(12), FAKE_RIDER, 43),
  ]);
  // The followed, non-owned playlist: listed by /me/playlists, 403 on /items (§7 seed data).
  rider.playlists.push(classics.id);
}

function localUri(entry: { artist: string; album: string; name: string; durationMs: number }): string {
  const part = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `spotify:local:${part(entry.artist)}:${part(entry.album)}:${part(entry.name)}:${Math.round(entry.durationMs / 1000)}`;
}

function publicTrack(cat: Catalogue, t: TrackRecord): FakeTrack {
  const album = cat.albums.get(t.albumId) as AlbumRecord;
  const artists = t.artistIds.map((id) => cat.artists.get(id) as ArtistRecord);
  return {
    id: t.id,
    uri: trackUri(t.id),
    name: t.name,
    artists: artists.map((a) => a.name),
    album: album.name,
    genres: [...new Set(artists.flatMap((a) => a.genres))],
    durationMs: t.durationMs,
    explicit: t.explicit,
    isrc: t.isrc,
    releaseYear: Number(album.releaseDate.slice(0, 4)),
  };
}

/** Search `q` with the field filters of §3.2 (`genre:` matches the track's artists' genres). */
function searchTracks(cat: Catalogue, q: string): TrackRecord[] {
  const filters: [key: string, value: string][] = [];
  const words: string[] = [];
  for (const m of q.matchAll(/(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g)) {
    const key = (m[1] ?? m[3])?.toLowerCase();
    const value = (m[2] ?? m[4] ?? m[5] ?? m[6] ?? '').toLowerCase();
    if (key !== undefined && ['album', 'artist', 'track', 'year', 'genre', 'isrc'].includes(key))
      filters.push([key, value]);
    else if (key !== undefined && ['upc', 'tag'].includes(key)) {
      // album-only filters: no effect on a track search
    } else words.push(key !== undefined ? `${key}:${value}` : value);
  }
  return cat.order.filter((t) => {
    const track = publicTrack(cat, t);
    const haystack = `${track.name} ${track.artists.join(' ')} ${track.album}`.toLowerCase();
    if (!words.every((w) => haystack.includes(w))) return false;
    return filters.every(([key, value]) => {
      switch (key) {
        case 'genre':
          return track.genres.includes(value);
        case 'artist':
          return track.artists.some((a) => a.toLowerCase().includes(value));
        case 'track':
          return track.name.toLowerCase().includes(value);
        case 'album':
          return track.album.toLowerCase().includes(value);
        case 'isrc':
          return track.isrc.toLowerCase() === value;
        case 'year': {
          const [from, to] = value.split('-').map(Number);
          return track.releaseYear >= (from ?? 0) && track.releaseYear <= (to ?? from ?? 0);
        }
        default:
          return true;
      }
    });
  });
}

/**
 * Paths a new Development-Mode app may no longer call (§2.1, §2.3); Spotify answers them with a plain
 * 403 (reported: bjarneo/cliamp#54), which lets tests catch a regression to the old paths.
 */
function isRemovedEndpoint(method: string, path: string): boolean {
  if (/^\/playlists\/[^/]+\/(tracks|followers)(\/.*)?$/.test(path)) return true;
  if (/^\/users\/[^/]+(\/playlists)?$/.test(path)) return true;
  if (/^\/(tracks|albums|artists|episodes|shows|audiobooks|chapters)$/.test(path)) return true;
  if (/^\/(recommendations|audio-features|audio-analysis|browse|markets)(\/.*)?$/.test(path)) return true;
  if (/^\/artists\/[^/]+\/(related-artists|top-tracks)$/.test(path)) return true;
  if (
    /^\/me\/(tracks|albums|episodes|shows|audiobooks|following)$/.test(path) &&
    (method === 'PUT' || method === 'DELETE')
  )
    return true;
  if (/\/contains$/.test(path) && path !== '/me/library/contains') return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

function json(
  res: ServerResponse,
  call: FakeCall,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  // Set before the bytes leave, so a test reading `calls` right after its response sees the status.
  call.status = status;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.byteLength,
    ...headers,
  });
  res.end(bytes);
}

function htmlPage(res: ServerResponse, call: FakeCall, status: number, text: string): void {
  const bytes = Buffer.from(`<!DOCTYPE html><html><body><h1>${text}</h1></body></html>`, 'utf8');
  call.status = status;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': bytes.byteLength });
  res.end(bytes);
}

function parseBasic(header: string | undefined): { id: string; secret: string } | 'malformed' | null {
  if (header === undefined) return null;
  const encoded = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim())?.[1];
  if (encoded === undefined) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > 1024 * 1024) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
