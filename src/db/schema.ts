import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { MUSIC_PROVIDERS } from '../domain/music.js';
import type { CatalogTrack } from '../domain/playlist.js';
import type { Trip } from '../domain/trip.js';
import type { PlaylistFit, StoredPlaylistTrack } from './types.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    displayName: text('display_name').notNull(),
    locale: text('locale').notNull().default('en'),
    /** The Spotify account a user signs in with (Railtape's account system); null for the local user. */
    spotifyId: text('spotify_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_spotify_id_idx').on(t.spotifyId)],
);

/** The owning user: deleting a user deletes everything of theirs. */
const ownerId = () =>
  uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

export const sessions = pgTable(
  'sessions',
  {
    /** hex(sha256(token)): the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: ownerId(),
    /** Absolute expiry; the idle expiry counts from `last_seen_at`. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const SHARE_STATUSES = ['received', 'parsed', 'needs_resolution', 'failed'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];

export const shares = pgTable(
  'shares',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: ownerId(),
    // The payload exactly as the share sheet sent it: never normalised, never trimmed.
    title: text('title'),
    text: text('text'),
    url: text('url'),
    contentHash: text('content_hash').notNull(),
    status: text('status', { enum: SHARE_STATUSES }).notNull().default('received'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** What the worker still has to do: `{ "link": … }` for a short link, `{ "query": … }` for a search. */
    resolution: jsonb('resolution').$type<Record<string, unknown>>(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    parserVersion: text('parser_version'),
    /**
     * Which kind of share it is (`links/family.ts`), judged when received; null for shares stored
     * before 0009 (reported as `unknown`).
     */
    family: text('family'),
    /**
     * The traveller took it off their list (`DELETE /api/shares/:id`): hidden, never deleted, so the
     * export, analytics and a retry still have it; sharing the same content again brings it back.
     */
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shares_user_received_idx').on(t.userId, t.receivedAt),
    index('shares_user_hash_idx').on(t.userId, t.contentHash),
    index('shares_due_idx').on(t.status, t.nextAttemptAt),
    // Analytics and the parser alarm count shares of a time range by family and outcome: an
    // index-only scan of the range, never a read of all history (`db/analytics.ts`).
    index('shares_received_family_idx').on(t.receivedAt, t.family, t.status, t.errorCode),
  ],
);

/**
 * The current share of each content per user: the 24-hour de-duplication, held by the database.
 * A separate table rather than a unique index on `shares` because the rule is a time window (a
 * share older than 24 h must not block a new one, and every share stays stored), which no unique
 * index can express; one row per (user, content) whose `received_at` says when its window started
 * can. `receiveShare` takes the key with `insert … on conflict do update … where received_at <
 * window start` in the same transaction that stores the share, so of any number of concurrent
 * identical shares exactly one wins.
 */
export const shareKeys = pgTable(
  'share_keys',
  {
    userId: ownerId(),
    contentHash: text('content_hash').notNull(),
    shareId: uuid('share_id')
      .notNull()
      .references(() => shares.id, { onDelete: 'cascade' }),
    /** The `received_at` of `share_id`: the window runs 24 h from here. */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.contentHash] }),
    // Deleting a share (a deleted trip takes its share along) cascades here.
    index('share_keys_share_idx').on(t.shareId),
  ],
);

export const trips = pgTable(
  'trips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: ownerId(),
    shareId: uuid('share_id').references(() => shares.id, { onDelete: 'set null' }),
    trip: jsonb('trip').$type<Trip>().notNull(),
    source: text('source').notNull(),
    exactness: text('exactness').notNull(),
    origin: text('origin').notNull(),
    destination: text('destination').notNull(),
    departure: timestamp('departure', { withTimezone: true }).notNull(),
    arrival: timestamp('arrival', { withTimezone: true }).notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    createdAt: createdAt(),
    /** Moves whenever `trip` changes (real-time expected times): the trip read's cache checks it. */
    updatedAt: updatedAt(),
  },
  (t) => [
    index('trips_user_departure_idx').on(t.userId, t.departure),
    // The parse worker's delay check reads every user's trips about to leave or under way.
    index('trips_departure_idx').on(t.departure),
    uniqueIndex('trips_share_idx').on(t.shareId),
  ],
);

const tripId = () =>
  uuid('trip_id')
    .notNull()
    .references(() => trips.id, { onDelete: 'cascade' });

export const playlists = pgTable(
  'playlists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tripId: tripId(),
    userId: ownerId(),
    provider: text('provider', { enum: MUSIC_PROVIDERS }).notNull(),
    externalId: text('external_id'),
    externalUrl: text('external_url'),
    tracks: jsonb('tracks').$type<StoredPlaylistTrack[]>().notNull(),
    fit: jsonb('fit').$type<PlaylistFit>().notNull(),
    targetSeconds: doublePrecision('target_seconds').notNull(),
    actualSeconds: doublePrecision('actual_seconds').notNull(),
    seed: integer('seed').notNull(),
    /** Its copy in the music service: `local` (none), `pending` (to write), `synced`, `failed`. */
    syncStatus: text('sync_status', { enum: ['local', 'pending', 'synced', 'failed'] })
      .notNull()
      .default('local'),
    syncError: text('sync_error'),
    /** A lease, so two processes never write (or create) the service's playlist at once. */
    syncLockedUntil: timestamp('sync_locked_until', { withTimezone: true }),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // One current playlist per trip: a re-fit replaces it in place.
  (t) => [
    uniqueIndex('playlists_trip_idx').on(t.tripId),
    index('playlists_user_created_idx').on(t.userId, t.createdAt),
    // Analytics: playlists of a time range (fit errors, music sources).
    index('playlists_created_idx').on(t.createdAt),
    // The parse worker's retry of copies still to write: few rows among every playlist ever made.
    index('playlists_sync_due_idx').on(t.updatedAt).where(sql`sync_status in ('pending', 'failed')`),
  ],
);

export const preferences = pgTable('preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  maxTracksPerArtistPerHour: integer('max_tracks_per_artist_per_hour').notNull().default(2),
  allowExplicit: boolean('allow_explicit').notNull().default(true),
  musicSource: text('music_source', { enum: MUSIC_PROVIDERS }).notNull().default('demo'),
  reminderMinutesBefore: integer('reminder_minutes_before').notNull().default(20),
  /** The player's crossfade (Spotify: Settings → Playback → Crossfade): the fit overlaps songs by it. */
  crossfadeSeconds: integer('crossfade_seconds').notNull().default(0),
  /** Minutes of music on the platform before departure (0: none); a song change at the departure. */
  leadInMinutes: integer('lead_in_minutes').notNull().default(0),
  /** What makes a Spotify pool: top tracks, saved tracks, chosen own playlists, genres. */
  spotifyTopTracks: boolean('spotify_top_tracks').notNull().default(true),
  spotifySavedTracks: boolean('spotify_saved_tracks').notNull().default(true),
  spotifyPlaylistIds: jsonb('spotify_playlist_ids').$type<string[]>().notNull().default([]),
  spotifyGenres: jsonb('spotify_genres').$type<string[]>().notNull().default([]),
  updatedAt: updatedAt(),
});

export const MUSIC_ACCOUNT_PROVIDERS = ['spotify'] as const;

/** A user's connection to a music service; tokens sealed by `auth/token-cipher.ts`. */
export const musicAccounts = pgTable(
  'music_accounts',
  {
    userId: ownerId(),
    provider: text('provider', { enum: MUSIC_ACCOUNT_PROVIDERS }).notNull(),
    accountId: text('account_id').notNull(),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token').notNull(),
    /** Which key sealed the tokens, so the key can rotate. */
    keyId: text('key_id').notNull(),
    accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    /** Spotify refresh tokens die six months after consent, however often they are used. */
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['connected', 'reconnect_required'] })
      .notNull()
      .default('connected'),
    statusReason: text('status_reason'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.provider] }),
    uniqueIndex('music_accounts_provider_account_idx').on(t.provider, t.accountId),
  ],
);

/** The pool of a user's tracks, cached so that a trip costs few calls to the music service. */
export const musicPools = pgTable(
  'music_pools',
  {
    userId: ownerId(),
    provider: text('provider', { enum: MUSIC_ACCOUNT_PROVIDERS }).notNull(),
    tracks: jsonb('tracks').$type<CatalogTrack[]>().notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Calls the music service cost to build it (reported in docs/benchmarks.md). */
    apiCalls: integer('api_calls').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.provider] })],
);

export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: ownerId(),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    failureCount: integer('failure_count').notNull().default(0),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_idx').on(t.endpoint),
    // The reminder worker reads each user's devices.
    index('push_subscriptions_user_idx').on(t.userId),
  ],
);

export const REMINDER_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;

export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tripId: tripId(),
    userId: ownerId(),
    kind: text('kind').notNull().default('departure'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: REMINDER_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** The trip's departure when scheduled: the push TTL runs out then, and so do retries. */
    departsAt: timestamp('departs_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // One reminder of a kind per trip: re-scheduling updates it instead of sending twice.
    uniqueIndex('reminders_trip_kind_idx').on(t.tripId, t.kind),
    index('reminders_due_idx').on(t.status, t.dueAt).where(sql`status = 'pending'`),
    // A user's reminders: the export, the account deletion (and its cascade), a new lead time.
    index('reminders_user_idx').on(t.userId),
    // Analytics: reminders due in a time range, sent, late or dropped.
    index('reminders_due_at_idx').on(t.dueAt),
  ],
);

/**
 * Which device got which reminder: written in the same transaction as the reminder's outcome, so a
 * retry (a 429 from one push service) goes only to the devices that have not had it.
 */
export const reminderDeliveries = pgTable(
  'reminder_deliveries',
  {
    reminderId: uuid('reminder_id')
      .notNull()
      .references(() => reminders.id, { onDelete: 'cascade' }),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => pushSubscriptions.id, { onDelete: 'cascade' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reminderId, t.subscriptionId] }),
    // Deleting a gone subscription cascades here.
    index('reminder_deliveries_subscription_idx').on(t.subscriptionId),
  ],
);

/**
 * The local music library's index (`MUSIC_DIR`): one row per audio file, keyed on a hash of its path
 * relative to the library, so ids stay stable across scans and the audio route never reads a path
 * from a request. `size` + `mtime_ms` decide whether a re-scan reads a file's tags again.
 */
export const libraryTracks = pgTable('library_tracks', {
  id: text('id').primaryKey(),
  path: text('path').notNull(),
  size: doublePrecision('size').notNull(),
  mtimeMs: doublePrecision('mtime_ms').notNull(),
  title: text('title').notNull(),
  artists: jsonb('artists').$type<string[]>().notNull(),
  album: text('album'),
  genre: text('genre'),
  durationMs: integer('duration_ms').notNull(),
  explicit: boolean('explicit'),
  scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
});

/**
 * Calls to external services per hour and service (`ops/api-usage.ts`): each process counts in memory
 * and adds its counts here when a worker run ends or every minute in the web process, so the table
 * grows by a few rows an hour however many calls there are.
 */
export const apiUsageHourly = pgTable(
  'api_usage_hourly',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    service: text('service').notNull(),
    calls: integer('calls').notNull().default(0),
    rateLimited: integer('rate_limited').notNull().default(0),
    errors: integer('errors').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hour, t.service] })],
);

/**
 * The parser alarm (`ops/parser-health.ts`): one row per degraded family and hour, so of several
 * workers exactly one logs the `parser_degraded` event, and `/healthz` and the operator page show it.
 * Counts and share ids only, never what was shared.
 */
export const parserAlarms = pgTable(
  'parser_alarms',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    family: text('family').notNull(),
    reason: text('reason').notNull(),
    total: integer('total').notNull(),
    failed: integer('failed').notNull(),
    baselineTotal: integer('baseline_total').notNull(),
    baselineFailed: integer('baseline_failed').notNull(),
    exampleShareIds: jsonb('example_share_ids').$type<string[]>().notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.family] })],
);
