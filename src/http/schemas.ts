/**
 * The API's request and response shapes, once: routes validate with them (fastify-type-provider-zod),
 * responses are checked against them, and the PWA imports the inferred types (`web/src/api.ts`).
 */
import { z } from 'zod';
import { ERROR_CODES } from '../domain/errors.js';
import { MUSIC_PROVIDERS } from '../domain/music.js';

// Requests

// Generous for a share sheet (a pasted itinerary is a few hundred characters, a 3HA link ~2 kB).
export const MAX_SHARE_FIELD = 20_000;
const shareField = z
  .string()
  .max(MAX_SHARE_FIELD, `must be at most ${MAX_SHARE_FIELD} characters`)
  // Postgres text cannot hold U+0000, so such a share could not be stored verbatim: refuse it instead.
  .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
  // A lone UTF-16 surrogate (JSON `"\ud800"`) is not text: UTF-8 cannot encode it, so a driver either
  // swaps it for U+FFFD (text columns) or the insert fails (jsonb: 22P02), and PGlite was seen cutting
  // such text short. Refused, not repaired: the client sent broken text, and a share is stored
  // verbatim or not at all. (The share target repairs instead: a share sheet's charset made those.)
  .refine((v) => v.isWellFormed(), 'must be well-formed text (no lone UTF-16 surrogates)')
  .nullish();
export const shareBody = z.object({ title: shareField, text: shareField, url: shareField });

/**
 * `POST /api/shares/:id/origin`: where the traveller starts when a map link said "My location" —
 * their position (WGS84) or a stop they name.
 */
export const shareOriginBody = z.union([
  z
    .object({
      position: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict(),
    })
    .strict(),
  z.object({ stop: z.string().trim().min(1).max(200) }).strict(),
]);
export type ShareOriginBody = z.output<typeof shareOriginBody>;

export const idParams = z.object({ id: z.uuid({ message: 'must be an id' }) });

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url')
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `must be ${bytes} bytes`);

/** What `PushSubscription.toJSON()` gives in the browser; which endpoints are accepted: `push/endpoints.ts`. */
export const pushSubscriptionBody = z.object({
  endpoint: z.url({ message: 'must be a URL' }).max(2048),
  expirationTime: z.number().nullish(),
  keys: z.object({
    /** An uncompressed P-256 point. */
    p256dh: base64url(65),
    auth: base64url(16),
  }),
});
export const pushUnsubscribeBody = z.object({ endpoint: z.string().max(2048) });

export const preferencesBody = z
  .object({
    maxTracksPerArtistPerHour: z.number().int().min(1).max(30),
    allowExplicit: z.boolean(),
    musicSource: z.enum(MUSIC_PROVIDERS),
    reminderMinutesBefore: z.number().int().min(0).max(240),
    crossfadeSeconds: z.number().int().min(0).max(12),
    leadInMinutes: z.number().int().min(0).max(30),
    spotify: z
      .object({
        topTracks: z.boolean(),
        savedTracks: z.boolean(),
        playlistIds: z.array(z.string().regex(/^[0-9A-Za-z]{22}$/, 'must be a Spotify playlist id')).max(20),
        genres: z.array(z.string().trim().min(1).max(40)).max(10),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

// Responses

export const errorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [string, ...string[]]),
    message: z.string(),
    /** Quote it to support; the same id is in the `x-request-id` header and the server's logs. */
    requestId: z.string(),
    fields: z.array(z.string()).optional(),
  }),
});

const stop = z.object({
  name: z.string(),
  uic: z.string().nullable(),
  platform: z.string().nullable(),
  /** The platform real-time expects (a change when it differs from `platform`); absent: no real-time. */
  expectedPlatform: z.string().nullish(),
  lat: z.number().nullable().optional(),
  lon: z.number().nullable().optional(),
});

const leg = z.object({
  mode: z.enum(['rail', 'bus', 'tram', 'boat', 'cableway', 'walk', 'other']),
  line: z.string().nullable(),
  trainNumber: z.string().nullable(),
  from: stop,
  to: stop,
  departure: z.string(),
  arrival: z.string(),
  /** Real-time prognosis when known; absent or null: none (planned times only). */
  expectedDeparture: z.string().nullish(),
  expectedArrival: z.string().nullish(),
  /** Real-time says this ride will not run. */
  cancelled: z.boolean().optional(),
});

export const tripView = z.object({
  id: z.string(),
  shareId: z.string().nullable(),
  source: z.enum([
    'sbb-trip-link',
    'sbb-app-link',
    'sbb-search-link',
    'google-maps',
    'apple-maps',
    'bahn-de-link',
    'search-ch-link',
    'ojp-link',
    'plain-text',
  ]),
  exactness: z.enum(['exact', 'replanned', 'approximate']),
  origin: z.string(),
  destination: z.string(),
  departure: z.string(),
  arrival: z.string(),
  durationSeconds: z.number(),
  legs: z.array(leg),
  /** Fields inferred, not read (`domain/trip.ts` `TripGuess`): the PWA marks them "guessed". */
  guessed: z.array(z.enum(['year', 'date', 'stop', 'origin', 'destination'])).optional(),
  /** Rides (indices into `legs`) whose connection the real-time data says will break. */
  brokenTransfers: z.array(z.number()).optional(),
});

const playlistTrack = z.object({
  id: z.string(),
  title: z.string(),
  artists: z.array(z.string()),
  durationMs: z.number(),
  startSeconds: z.number(),
  legIndex: z.number(),
  explicit: z.boolean().optional(),
});

const segment = z.object({
  index: z.number(),
  legIndex: z.number(),
  startSeconds: z.number(),
  targetSeconds: z.number(),
  totalSeconds: z.number(),
  errorSeconds: z.number(),
  merged: z.boolean().optional(),
});

const boundary = z.object({
  legIndex: z.number(),
  targetSeconds: z.number(),
  actualSeconds: z.number(),
  errorSeconds: z.number(),
  merged: z.boolean().optional(),
});

export const playlistView = z.object({
  id: z.string(),
  tripId: z.string(),
  provider: z.enum(MUSIC_PROVIDERS),
  externalUrl: z.string().nullable(),
  targetSeconds: z.number(),
  totalSeconds: z.number(),
  errorSeconds: z.number(),
  segments: z.array(segment),
  boundaries: z.array(boundary),
  /** Why the playlist is not better, in the request's language. */
  notes: z.array(z.object({ code: z.string(), message: z.string() })),
  seed: z.number(),
  tracks: z.array(playlistTrack),
  /**
   * How the playlist is heard (#18): tracks overlap by `crossfadeSeconds` (their `startSeconds`
   * already say so), and its second 0 is `leadInSeconds` before the departure. 0 when absent.
   */
  crossfadeSeconds: z.number().optional(),
  leadInSeconds: z.number().optional(),
  /** Its copy in the music service (`local`: none). */
  sync: z.object({
    status: z.enum(['local', 'pending', 'synced', 'failed']),
    error: z.string().nullable(),
  }),
});

export const shareView = z.object({
  id: z.string(),
  status: z.enum(['received', 'parsed', 'needs_resolution', 'failed']),
  receivedAt: z.string(),
  payload: z.object({
    title: z.string().nullable(),
    text: z.string().nullable(),
    url: z.string().nullable(),
  }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  attempts: z.number(),
  resolution: z.record(z.string(), z.unknown()).nullable(),
});

export const shareResult = z.object({
  share: shareView,
  trip: tripView.nullable(),
  playlist: playlistView.nullable(),
  /** The same content was shared within a day: this is the earlier share. */
  duplicate: z.boolean(),
});

export const shareList = z.object({ shares: z.array(shareView) });
export const tripList = z.object({ trips: z.array(tripView) });
export const tripWithPlaylist = z.object({ trip: tripView, playlist: playlistView.nullable() });
/** A 304: the answer the client holds (by its ETag) is still the current one; there is no body. */
export const notModified = z.null();
/** `DELETE /api/trips/:id`: the trip, its share, playlist and reminder are gone. */
export const tripDeletedView = z.object({ deleted: z.literal(true) });

export const preferencesView = z.object({
  maxTracksPerArtistPerHour: z.number(),
  allowExplicit: z.boolean(),
  musicSource: z.enum(MUSIC_PROVIDERS),
  reminderMinutesBefore: z.number(),
  /** Seconds each song overlaps the next in the player; the fit counts what is heard. */
  crossfadeSeconds: z.number(),
  /** Minutes of music before departure, on the platform. */
  leadInMinutes: z.number(),
  spotify: z.object({
    topTracks: z.boolean(),
    savedTracks: z.boolean(),
    playlistIds: z.array(z.string()),
    genres: z.array(z.string()),
  }),
});

/** `GET /api/music/sources`: the sources this server offers, and the one the traveller chose. */
export const musicSourcesView = z.object({
  chosen: z.enum(MUSIC_PROVIDERS),
  /** Always has `demo`; the others when configured (`SPOTIFY_*`, `SUBSONIC_*`, `MUSIC_DIR`). */
  available: z.array(z.enum(MUSIC_PROVIDERS)),
});

/** `GET /api/push/key`: the VAPID public key for `pushManager.subscribe`, or null without Web Push. */
export const pushKeyView = z.object({ publicKey: z.string().nullable() });
export const pushSubscriptionView = z.object({
  subscription: z.object({ id: z.string(), endpoint: z.string(), createdAt: z.string() }),
});
export const pushUnsubscribedView = z.object({ removed: z.number() });
/** `POST /api/push/test`: a test notification to each of the traveller's devices. */
export const pushTestView = z.object({ sent: z.number().int(), failed: z.number().int() });
/** `DELETE /api/shares/:id`: the share is hidden from the traveller's list (kept, never deleted). */
export const shareDismissedView = z.object({ id: z.string(), dismissed: z.literal(true) });

/**
 * What a departure reminder's push message carries (JSON, encrypted for the device): the service
 * worker shows `title` and `body` and opens `url`; `play` says what its "Play" action starts.
 */
export const reminderPayload = z.object({
  /** `connection`: a transfer the real-time data says will break. */
  type: z.enum(['departure', 'connection']),
  tripId: z.string(),
  title: z.string(),
  body: z.string(),
  url: z.string(),
  departure: z.string(),
  platform: z.string().nullable(),
  playlistSeconds: z.number().nullable(),
  /** `spotify`: POST /api/trips/:id/play; `local`: the in-app player; null: no Play action. */
  play: z.enum(['spotify', 'local']).nullable(),
  /** The action button's label, in the traveller's language. */
  playLabel: z.string(),
});

export const accountView = z.object({
  user: z.object({ id: z.string(), displayName: z.string() }),
  signIn: z.enum(['spotify', 'local']),
  /** Null when this server has no Spotify sign-in. */
  spotify: z
    .discriminatedUnion('status', [
      z.object({ status: z.literal('connected'), accountId: z.string(), consentEndsAt: z.string() }),
      z.object({ status: z.literal('reconnect_required'), reason: z.string() }),
      z.object({ status: z.literal('not_connected') }),
    ])
    .nullable(),
});
export const signedOutView = z.object({ sessionsEnded: z.number() });

/** `DELETE /api/me`: what went, and what stays in the user's music service (theirs, not Railtape's). */
export const accountDeletedView = z.object({
  deleted: z.object({
    users: z.number(),
    shares: z.number(),
    shareKeys: z.number(),
    trips: z.number(),
    playlists: z.number(),
    musicAccounts: z.number(),
    cachedPools: z.number(),
    sessions: z.number(),
    preferences: z.number(),
    pushSubscriptions: z.number(),
    reminders: z.number(),
  }),
  keptInMusicService: z.array(z.object({ provider: z.literal('spotify'), playlists: z.array(z.string()) })),
  message: z.string(),
});

const exportedShare = z.object({
  id: z.string(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  /** Exactly as the share sheet sent it. */
  payload: z.object({
    title: z.string().nullable(),
    text: z.string().nullable(),
    url: z.string().nullable(),
  }),
  status: z.enum(['received', 'parsed', 'needs_resolution', 'failed']),
  error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  resolution: z.record(z.string(), z.unknown()).nullable(),
  attempts: z.number(),
  parserVersion: z.string().nullable(),
});

/** `GET /api/me/export`: everything Railtape keeps about the user, as one JSON file; never a token. */
export const accountExport = z.object({
  format: z.literal('railtape-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  user: z.object({
    id: z.string(),
    displayName: z.string(),
    locale: z.string(),
    spotifyId: z.string().nullable(),
    createdAt: z.string(),
  }),
  /** Null: never changed, the defaults apply. */
  preferences: preferencesView.nullable(),
  shares: z.array(exportedShare),
  trips: z.array(tripView.extend({ createdAt: z.string() })),
  playlists: z.array(
    playlistView.extend({
      externalId: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
      syncedAt: z.string().nullable(),
    }),
  ),
  /** The connection to the music service, without its tokens. */
  musicConnections: z.array(
    z.object({
      provider: z.enum(['spotify']),
      accountId: z.string(),
      scopes: z.array(z.string()),
      consentedAt: z.string(),
      status: z.enum(['connected', 'reconnect_required']),
      statusReason: z.string().nullable(),
      updatedAt: z.string(),
    }),
  ),
  reminders: z.array(
    z.object({
      id: z.string(),
      tripId: z.string(),
      kind: z.string(),
      dueAt: z.string(),
      status: z.enum(['pending', 'sent', 'failed', 'cancelled']),
      sentAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});

export const playView = z.object({
  /** The track playing now (0-based, in playlist order) and where in it. */
  trackIndex: z.number(),
  positionMs: z.number(),
  track: z.object({ id: z.string(), title: z.string(), artists: z.array(z.string()) }),
});

const check = z.object({ ok: z.boolean(), detail: z.string().optional() });

/** A `parser_degraded` alarm (`ops/parser-health.ts`): counts and share ids, never what was shared. */
export const parserAlarmView = z.object({
  hour: z.string(),
  family: z.string(),
  reason: z.string(),
  total: z.number(),
  failed: z.number(),
  baselineTotal: z.number(),
  baselineFailed: z.number(),
  exampleShareIds: z.array(z.string()),
  raisedAt: z.string(),
});

export const healthView = z.object({
  status: z.enum(['ok', 'failing']),
  checks: z.record(z.string(), check),
  elapsedMs: z.number(),
  /**
   * Parser alarms of the last hour: live traffic of a share family failing. Reported, not a failing
   * check: the instance is healthy, and taking it out of rotation would not parse one more share.
   */
  alarms: z
    .array(parserAlarmView.pick({ family: true, reason: true, hour: true, failed: true, total: true }))
    .optional(),
});
export const readyView = z.object({ status: z.enum(['ready', 'shutting_down', 'database_unavailable']) });

export type ErrorBody = z.output<typeof errorBody>;
export type TripView = z.output<typeof tripView>;
export type PlaylistView = z.output<typeof playlistView>;
export type ShareView = z.output<typeof shareView>;
export type ShareResultView = z.output<typeof shareResult>;
export type PreferencesView = z.output<typeof preferencesView>;
export type MusicSourcesView = z.output<typeof musicSourcesView>;
export type PushKeyView = z.output<typeof pushKeyView>;
export type PushTestView = z.output<typeof pushTestView>;
export type ShareDismissedView = z.output<typeof shareDismissedView>;
export type PushSubscriptionBody = z.input<typeof pushSubscriptionBody>;
export type ReminderPayload = z.output<typeof reminderPayload>;
export type AccountView = z.output<typeof accountView>;
export type PlayView = z.output<typeof playView>;
export type AccountDeletedView = z.output<typeof accountDeletedView>;
export type AccountExport = z.output<typeof accountExport>;
export type ShareBody = z.input<typeof shareBody>;
export type PreferencesBody = z.input<typeof preferencesBody>;

/** `GET /api/trips/:id/playlist.m3u8`: library files relative to the library (default) or absolute. */
export const m3u8Query = z.object({ paths: z.enum(['relative', 'absolute']).default('relative') });

export const libraryScanSummary = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  seconds: z.number(),
});

export const libraryView = z.object({
  configured: z.boolean(),
  count: z.number().int(),
  lastScan: libraryScanSummary.extend({ finishedAt: z.string() }).nullable(),
  scanning: z.boolean(),
});

export const libraryTrackParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be a track id') });

/** `?since=7d`: minutes, hours or days, at most 90 days (`ops/stats.ts`). */
export const adminStatsQuery = z.object({
  since: z
    .string()
    .regex(/^\d{1,5}[mhd]$/, 'must be a duration like 90m, 24h or 7d')
    .refine((v) => {
      const n =
        Number(v.slice(0, -1)) *
        ({ m: 60_000, h: 3_600_000, d: 86_400_000 } as const)[v.slice(-1) as 'm' | 'h' | 'd'];
      return n > 0 && n <= 90 * 86_400_000;
    }, 'must be more than 0 and at most 90d')
    .default('7d'),
});

const outcomeCounts = z.object({
  total: z.number(),
  parsed: z.number(),
  needsResolution: z.number(),
  received: z.number(),
  failed: z.number(),
  failedBy: z.record(z.string(), z.number()),
});

export const adminStatsView = z.object({
  since: z.string(),
  until: z.string(),
  shares: z.object({
    perDay: z.array(outcomeCounts.extend({ day: z.string(), family: z.string() })),
    byFamily: z.array(outcomeCounts.extend({ family: z.string() })),
  }),
  shareToPlaylist: z.object({
    playlists: z.number(),
    p50Seconds: z.number().nullable(),
    p95Seconds: z.number().nullable(),
  }),
  fitErrors: z.object({
    playlists: z.number(),
    offByMoreThanOneSecond: z.number(),
    meanAbsErrorSeconds: z.number().nullable(),
    maxAbsErrorSeconds: z.number().nullable(),
    withNotes: z.number(),
  }),
  playlistsBySource: z.array(
    z.object({ provider: z.string(), playlists: z.number(), synced: z.number(), syncFailed: z.number() }),
  ),
  reminders: z.object({
    due: z.number(),
    sent: z.number(),
    late: z.number(),
    dropped: z.number(),
    failed: z.number(),
    cancelled: z.number(),
    pending: z.number(),
  }),
  apiUsage: z.array(
    z.object({ service: z.string(), calls: z.number(), rateLimited: z.number(), errors: z.number() }),
  ),
  parserAlarms: z.array(parserAlarmView),
});

export const adminMeView = z.object({ admin: z.boolean() });

export type AdminStatsView = z.output<typeof adminStatsView>;
export type ParserAlarmView = z.output<typeof parserAlarmView>;
