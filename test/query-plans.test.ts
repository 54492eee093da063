import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsStore,
  createAnalyticsStore,
  createOpsStore,
  type OpsStore,
} from '../src/db/analytics.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import type { NewPlaylist, PlaylistFitUpdate } from '../src/db/playlists.js';
import type { ReminderRow } from '../src/db/reminders.js';
import { createStores, type Stores } from '../src/db/stores.js';
import type { Trip } from '../src/domain/trip.js';
import { createScratchPostgres, POSTGRES_URL, postgresAvailable } from './support/databases.js';

/**
 * Every query the repositories send is served by an index for the access paths the app has. Each
 * store method runs against a Postgres seeded with a few thousand users' worth of rows (analyzed,
 * `enable_seqscan` on: the planner chooses), the SQL it sent is captured at the driver, and its
 * `EXPLAIN` must not read a large table sequentially. The cases come from the store objects
 * themselves, so a new store method fails here until it has a case (or an allow-list entry).
 */

const title = postgresAvailable
  ? 'query plans: every repository query is served by an index'
  : `query plans (skipped: Postgres not reachable at ${new URL(POSTGRES_URL).host})`;

const USERS = 2_000;
const PER_USER = 5;
const SHARES = USERS * PER_USER;
const LIBRARY = 5_000;

/** Tables that grow with users or with the library: reading one of them whole is a finding. */
const LARGE_TABLES = new Set([
  'users',
  'sessions',
  'shares',
  'share_keys',
  'trips',
  'playlists',
  'reminders',
  'push_subscriptions',
  'music_accounts',
  'library_tracks',
]);

/** Store methods that read a whole table on purpose; a sequential scan there is the right plan. */
const WHOLE_TABLE: Record<string, string> = {
  'library.stamps': 'a scan compares every indexed file with the disk',
  'library.catalog': 'the local library is the pool: every track with a duration',
  'library.summary': 'count and newest scan of the whole library',
  'sessions.deleteExpired':
    'a periodic sweep over all sessions; an index on last_seen_at would make every touch a non-HOT update',
};

// Postgres' md5(text)::uuid, so the test knows the seeded ids.
const uuidOf = (seed: string) => {
  const h = createHash('md5').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const user = (i: number) => uuidOf(`user${i}`);
const share = (i: number) => uuidOf(`share${i}`);
const trip = (i: number) => uuidOf(`trip${i}`);
const playlist = (i: number) => uuidOf(`pl${i}`);
const push = (i: number) => uuidOf(`push${i}`);
const session = (i: number) => uuidOf(`sess${i}`);

// Share i (1-based) belongs to user ceil(i / PER_USER); trip i and playlist i and reminder i to share i.
const SEED_SQL = `
insert into users (id, display_name, locale, spotify_id)
  select md5('user' || i)::uuid, 'Traveller ' || i, case when i % 3 = 0 then 'de' else 'en' end, 'sp' || i
  from generate_series(1, ${USERS}) i;

insert into preferences (user_id) select md5('user' || i)::uuid from generate_series(1, ${USERS}, 2) i;

insert into sessions (id, user_id, expires_at, last_seen_at)
  select md5('sess' || i), md5('user' || ((i - 1) / 2 + 1))::uuid,
    now() + interval '30 days' - (i % 500) * interval '1 hour', now() - (i % 1000) * interval '1 minute'
  from generate_series(1, ${USERS * 2}) i;

insert into shares (id, user_id, title, text, url, content_hash, status, error_code, resolution, attempts,
    next_attempt_at, parser_version, received_at, updated_at)
  select md5('share' || i)::uuid, md5('user' || ((i - 1) / ${PER_USER} + 1))::uuid, 'Trip ' || i,
    null, 'https://www.sbb.ch/en?trip=' || i, 'hash' || i,
    case when i % 500 = 0 then 'failed' when i % 700 = 0 then 'needs_resolution' else 'parsed' end,
    case when i % 500 = 0 then 'no_connection' end,
    case when i % 700 = 0 then '{"kind":"short_link","link":"https://s.sbb.ch/x"}'::jsonb end,
    1, null, 'v1', now() - (${SHARES} - i) * interval '50 minutes', now() - (${SHARES} - i) * interval '50 minutes'
  from generate_series(1, ${SHARES}) i;

insert into share_keys (user_id, content_hash, share_id, received_at)
  select user_id, content_hash, id, received_at from shares;

insert into trips (id, user_id, share_id, trip, source, exactness, origin, destination, departure, arrival,
    duration_seconds)
  select md5('trip' || i)::uuid, md5('user' || ((i - 1) / ${PER_USER} + 1))::uuid, md5('share' || i)::uuid,
    jsonb_build_object('source', 'sbb-trip-link', 'exactness', 'exact', 'origin', 'Zürich HB',
      'destination', 'Bern', 'departure', to_json(d), 'arrival', to_json(d + interval '1 hour'),
      'durationSeconds', 3600, 'legs', '[]'::jsonb),
    'sbb-trip-link', 'exact', 'Zürich HB', 'Bern', d, d + interval '1 hour', 3600
  from (select i, now() - interval '365 days' + i * interval '57 minutes' as d
        from generate_series(1, ${SHARES}) i) s;

insert into playlists (id, trip_id, user_id, provider, external_id, external_url, tracks, fit, target_seconds,
    actual_seconds, seed, sync_status, created_at, updated_at)
  select md5('pl' || i)::uuid, md5('trip' || i)::uuid, md5('user' || ((i - 1) / ${PER_USER} + 1))::uuid,
    case when i % 3 = 0 then 'spotify' else 'demo' end,
    case when i % 3 = 0 and i % 250 <> 0 then 'sp-pl-' || i end,
    case when i % 3 = 0 and i % 250 <> 0 then 'https://open.spotify.com/playlist/' || i end,
    jsonb_build_array(jsonb_build_object('id', 'track' || (i % 300), 'title', 'Song', 'artists', '["A"]'::jsonb,
      'durationMs', 200000, 'startSeconds', 0, 'legIndex', 0)),
    '{"errorSeconds":0,"segments":[],"boundaries":[],"notes":[]}', 3600, 3600, i,
    case when i % 3 <> 0 then 'local' when i % 250 = 0 then 'pending' when i % 251 = 0 then 'failed'
      else 'synced' end,
    now() - (${SHARES} - i) * interval '50 minutes', now() - (${SHARES} - i) * interval '50 minutes'
  from generate_series(1, ${SHARES}) i;

insert into reminders (id, trip_id, user_id, due_at, status, attempts, sent_at, departs_at)
  select md5('rem' || i)::uuid, id, user_id, departure - interval '20 minutes',
    case when departure < now() then 'sent' else 'pending' end, case when departure < now() then 1 else 0 end,
    case when departure < now() then departure - interval '20 minutes' end, departure
  from (select i, md5('trip' || i)::uuid as id, t.user_id, t.departure
        from generate_series(1, ${SHARES}) i join trips t on t.id = md5('trip' || i)::uuid) s;

insert into push_subscriptions (id, user_id, endpoint, p256dh, auth)
  select md5('push' || i)::uuid, md5('user' || i)::uuid, 'https://push.example/' || i, 'p256dh' || i, 'auth' || i
  from generate_series(1, ${USERS}) i;

insert into reminder_deliveries (reminder_id, subscription_id, sent_at)
  select r.id, p.id, r.sent_at from reminders r join push_subscriptions p on p.user_id = r.user_id
  where r.status = 'sent';

insert into music_accounts (user_id, provider, account_id, access_token, refresh_token, key_id, access_expires_at,
    scopes, consented_at)
  select md5('user' || i)::uuid, 'spotify', 'acct' || i, 'sealed', 'sealed', 'k1', now() + interval '1 hour',
    '["user-top-read"]', now() - interval '10 days'
  from generate_series(1, ${USERS}, 2) i;

insert into music_pools (user_id, provider, tracks, fetched_at, expires_at, api_calls)
  select md5('user' || i)::uuid, 'spotify', '[]', now(), now() + interval '1 day', 3
  from generate_series(1, ${USERS}, 4) i;

insert into library_tracks (id, path, size, mtime_ms, title, artists, album, genre, duration_ms, explicit, scanned_at)
  select 'lt' || i, 'Artist ' || (i % 200) || '/Album/' || i || '.mp3', 4000000, 1700000000000, 'Track ' || i,
    jsonb_build_array('Artist ' || (i % 200)), 'Album', 'Rock', 180000 + i, null, now()
  from generate_series(1, ${LIBRARY}) i;

analyze;
`;

interface Captured {
  text: string;
  values: unknown[];
}

let capturing: Captured[] | undefined;

/** The pool's connections: each records the statements sent while a case runs. */
class CapturingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const original = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const [first, second] = args;
      if (capturing) {
        if (typeof first === 'string') {
          capturing.push({ text: first, values: Array.isArray(second) ? second : [] });
        } else if (first && typeof first === 'object' && 'text' in first) {
          const config = first as { text: string; values?: unknown[] };
          capturing.push({
            text: config.text,
            values: Array.isArray(second) ? second : (config.values ?? []),
          });
        }
      }
      return original(...args);
    }) as typeof this.query;
  }
}

const sampleTrip = (departure: Date): Trip => ({
  source: 'sbb-trip-link',
  exactness: 'exact',
  origin: 'Zürich HB',
  destination: 'Bern',
  departure: departure.toISOString(),
  arrival: new Date(departure.getTime() + 3600_000).toISOString(),
  durationSeconds: 3600,
  legs: [],
});

const sampleFit: PlaylistFitUpdate = {
  provider: 'demo',
  tracks: [
    { id: 'track-new', title: 'Song', artists: ['A'], durationMs: 200_000, startSeconds: 0, legIndex: 0 },
  ],
  fit: { errorSeconds: 0, segments: [], boundaries: [], notes: [] },
  targetSeconds: 3600,
  actualSeconds: 3600,
  seed: 1,
};

type Case = (s: Stores, now: Date) => Promise<unknown>;

/**
 * One call (or a few, to reach each branch) per store method, with ids of seeded rows. Rows a case
 * deletes belong to users no other case reads.
 */
const CASES: { [K in keyof Stores]: Partial<Record<keyof Stores[K], Case>> } = {
  shares: {
    insert: (s, now) =>
      s.shares.insert({
        userId: user(1),
        payload: { title: 'x', text: null, url: 'https://www.sbb.ch/en?new' },
        contentHash: 'hash-new',
        receivedAt: now,
      }),
    receive: async (s, now) => {
      const input = {
        userId: user(1),
        payload: { title: 'x', text: null, url: 'https://www.sbb.ch/en?again' },
        contentHash: 'hash-again',
        receivedAt: now,
      };
      await s.shares.receive(input, new Date(now.getTime() - 86_400_000), 60_000);
      // The duplicate's branch reads the key's share.
      await s.shares.receive(input, new Date(now.getTime() - 86_400_000), 60_000);
    },
    get: (s) => s.shares.get(user(1), share(1)),
    // The list skips dismissed shares as it reads the user's newest (shares_user_received_idx).
    list: async (s, now) => {
      await s.shares.setDismissed(user(15), share(15 * PER_USER), now);
      await s.shares.list(user(15));
      await s.shares.list(user(1));
    },
    setDismissed: async (s, now) => {
      await s.shares.setDismissed(user(16), share(16 * PER_USER), now);
      await s.shares.setDismissed(user(16), share(16 * PER_USER), null);
    },
    update: (s, now) => s.shares.update(share(2), { status: 'parsed', parserVersion: 'v2' }, now),
    claimDue: (s, now) => s.shares.claimDue(now, 25, 60_000),
    claimOne: (s, now) => s.shares.claimOne(share(3), now, 60_000),
    listFailed: (s) => s.shares.listFailed(),
  },
  trips: {
    insert: (s, now) => s.trips.insert({ userId: user(1), shareId: null, trip: sampleTrip(now) }),
    // A share that already has its trip: the insert finds the conflict, then the select reads it.
    insertForShare: (s, now) =>
      s.trips.insertForShare({ userId: user(1), shareId: share(1), trip: sampleTrip(now) }, 5),
    get: (s) => s.trips.get(user(1), trip(1)),
    getWithPlaylist: (s) => s.trips.getWithPlaylist(user(1), trip(1)),
    versionOf: (s) => s.trips.versionOf(user(1), trip(1)),
    findByShare: (s) => s.trips.findByShare(share(1)),
    list: (s) => s.trips.list(user(1)),
    delete: (s) => s.trips.delete(user(7), trip(7 * PER_USER)),
    underWay: (s, now) =>
      s.trips.underWay({
        since: new Date(now.getTime() - 6 * 3600_000),
        until: new Date(now.getTime() + 3600_000),
      }),
    updateTrip: (s, now) => s.trips.updateTrip(trip(2), sampleTrip(now)),
  },
  playlists: {
    insertOnce: (s) =>
      // Trip 1 has its playlist: the conflict's branch reads it.
      s.playlists.insertOnce({ ...sampleFit, tripId: trip(1), userId: user(1) } satisfies NewPlaylist),
    latestForTrip: (s) => s.playlists.latestForTrip(trip(1)),
    replaceFit: (s, now) => s.playlists.replaceFit(playlist(3), sampleFit, now),
    claimSync: (s, now) => s.playlists.claimSync(playlist(250), now, 60_000),
    setExternal: (s) =>
      s.playlists.setExternal(playlist(250), 'sp-pl', 'https://open.spotify.com/playlist/x'),
    listDueSyncs: (s, now) => s.playlists.listDueSyncs(now, 25),
    finishSync: async (s, now) => {
      await s.playlists.finishSync(playlist(500), { error: 'rate limited' }, now, now);
      await s.playlists.finishSync(playlist(750), { externalId: 'e', externalUrl: null }, now, now);
    },
  },
  users: {
    ensureLocalUser: (s) => s.users.ensureLocalUser(),
    find: (s) => s.users.find(user(1)),
    upsertBySpotifyId: async (s) => {
      await s.users.upsertBySpotifyId({ spotifyId: 'sp-new', displayName: 'New', locale: 'en' });
      // The existing user's branch.
      await s.users.upsertBySpotifyId({ spotifyId: 'sp1', displayName: 'Traveller 1', locale: 'en' });
    },
    preferences: async (s) => {
      await s.users.preferences(user(1));
      await s.users.preferences(user(2));
    },
    fitContext: (s) => s.users.fitContext(user(1), 5),
    updatePreferences: (s) => s.users.updatePreferences(user(1), { allowExplicit: false }),
    dataOf: (s) => s.users.dataOf(user(1)),
    deleteAccount: (s) => s.users.deleteAccount(user(9)),
  },
  reminders: {
    schedule: async (s, now) => {
      const departure = new Date(now.getTime() + 2 * 3600_000);
      const t = await s.trips.insert({ userId: user(1), shareId: null, trip: sampleTrip(departure) });
      const input = {
        tripId: t.id,
        userId: user(1),
        dueAt: new Date(departure.getTime() - 1200_000),
        departsAt: departure,
      };
      await s.reminders.schedule(input);
      // The same time: only the departure is written.
      await s.reminders.schedule(input);
      // Moved: the deliveries go, the reminder is pending again.
      await s.reminders.schedule({ ...input, dueAt: new Date(departure.getTime() - 600_000) });
    },
    cancel: (s) => s.reminders.cancel(trip(SHARES)),
    pendingForUser: (s) => s.reminders.pendingForUser(user(USERS)),
    claimDue: (s, now) => s.reminders.claimDue(now, 25, 60_000, 60_000),
    contexts: async (s) => {
      const rows: ReminderRow[] = [];
      for (const i of [1, 2, 3]) {
        const row = await s.reminders.get(trip(i));
        if (row) rows.push(row);
      }
      return s.reminders.contexts(rows);
    },
    finish: async (s, now) => {
      const row = await s.reminders.get(trip(4));
      if (!row) throw new Error('seeded reminder missing');
      await s.reminders.finish(row.id, { status: 'sent', delivered: [push(1)] }, now);
    },
    countDue: (s, now) => s.reminders.countDue(now),
    get: (s) => s.reminders.get(trip(1)),
  },
  pushSubscriptions: {
    save: (s) =>
      s.pushSubscriptions.save({
        userId: user(1),
        endpoint: 'https://push.example/1',
        p256dh: 'k',
        auth: 'a',
      }),
    remove: (s) => s.pushSubscriptions.remove(user(11), 'https://push.example/11'),
    forUsers: (s) => s.pushSubscriptions.forUsers([user(1), user(2), user(3)]),
    delete: (s) => s.pushSubscriptions.delete([push(12)]),
    countForUser: (s) => s.pushSubscriptions.countForUser(user(1)),
  },
  sessions: {
    create: (s, now) =>
      s.sessions.create({
        id: 'session-new',
        userId: user(1),
        expiresAt: new Date(now.getTime() + 86_400_000),
        now,
      }),
    findLive: (s, now) => s.sessions.findLive(session(1), now, 7 * 86_400_000),
    touch: (s, now) => s.sessions.touch(session(1), now),
    delete: (s) => s.sessions.delete(session(3)),
    deleteAllOf: (s) => s.sessions.deleteAllOf(user(13)),
    deleteAllOfReturningIds: (s) => s.sessions.deleteAllOfReturningIds(user(14)),
    deleteExpired: (s, now) => s.sessions.deleteExpired(now, 7 * 86_400_000),
  },
  musicAccounts: {
    connect: (s, now) =>
      s.musicAccounts.connect(
        {
          userId: user(3),
          provider: 'spotify',
          accountId: 'acct-new',
          accessToken: 'sealed',
          refreshToken: 'sealed',
          keyId: 'k1',
          accessExpiresAt: new Date(now.getTime() + 3600_000),
          scopes: ['user-top-read'],
          consentedAt: now,
        },
        now,
      ),
    get: (s) => s.musicAccounts.get(user(1), 'spotify'),
    updateTokens: (s, now) =>
      s.musicAccounts.updateTokens(
        user(1),
        'spotify',
        { accessToken: 'sealed2', keyId: 'k1', accessExpiresAt: new Date(now.getTime() + 3600_000) },
        now,
      ),
    markReconnectRequired: (s, now) =>
      s.musicAccounts.markReconnectRequired(user(5), 'spotify', 'revoked', now),
    poolOf: (s) => s.musicAccounts.poolOf(user(1), 'spotify'),
    storePool: (s, now) =>
      s.musicAccounts.storePool(user(1), 'spotify', {
        tracks: [],
        fetchedAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
        apiCalls: 2,
      }),
    dropPool: (s) => s.musicAccounts.dropPool(user(5), 'spotify'),
  },
  library: {
    stamps: (s) => s.library.stamps(),
    upsertMany: (s, now) =>
      s.library.upsertMany([
        {
          id: 'lt-new',
          path: 'New/track.mp3',
          size: 1,
          mtimeMs: 1,
          title: 'New',
          artists: ['A'],
          durationMs: 1000,
          scannedAt: now,
        },
      ]),
    removeMany: (s) => s.library.removeMany(['lt10', 'lt11']),
    catalog: (s) => s.library.catalog(),
    get: (s) => s.library.get('lt1'),
    getMany: (s) => s.library.getMany(['lt1', 'lt2', 'lt3']),
    summary: (s) => s.library.summary(),
  },
};

/**
 * The operator's analytics (read connection) and the ops store (primary): each bounded by a time range,
 * which an index on that time must serve. `since` a week back, as `railtape stats` asks by default.
 */
const week = (now: Date) => ({ since: new Date(now.getTime() - 7 * 86_400_000), until: now });
const ANALYTICS_CASES: Record<keyof AnalyticsStore, (a: AnalyticsStore, now: Date) => Promise<unknown>> = {
  sharesPerDay: (a, now) => a.sharesPerDay(week(now)),
  shareToPlaylist: (a, now) => a.shareToPlaylist(week(now)),
  fitErrors: (a, now) => a.fitErrors(week(now)),
  playlistsBySource: (a, now) => a.playlistsBySource(week(now)),
  reminders: (a, now) => a.reminders(week(now)),
  apiUsage: (a, now) => a.apiUsage(week(now)),
  parserAlarms: (a, now) => a.parserAlarms(week(now)),
};
const OPS_CASES: Record<keyof OpsStore, (o: OpsStore, now: Date) => Promise<unknown>> = {
  addApiUsage: (o, now) =>
    o.addApiUsage([{ hour: now, service: 'spotify', calls: 3, rateLimited: 1, errors: 0 }]),
  familyCounts: (o, now) => o.familyCounts(now),
  failedShareIds: (o, now) =>
    o.failedShareIds(['sbb_trip_link', 'sbb_app_link'], new Date(now.getTime() - 86_400_000), 40),
  raiseParserAlarm: (o, now) =>
    o.raiseParserAlarm({
      hour: now,
      family: 'sbb_app_link',
      reason: 'failure_rate',
      total: 10,
      failed: 9,
      baselineTotal: 100,
      baselineFailed: 2,
      exampleShareIds: [share(1)],
      raisedAt: now,
    }),
  parserAlarmsSince: (o, now) => o.parserAlarmsSince(new Date(now.getTime() - 3_600_000)),
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, out: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) out.push(node['Relation Name']);
  for (const child of node.Plans ?? []) seqScans(child, out);
  return out;
}

const planned = (text: string) => /^\s*(select|update|delete|with)\b/i.test(text);
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

describe.skipIf(!postgresAvailable)(title, () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let handle: DatabaseHandle;
  let explainer: pg.Client;

  beforeAll(async () => {
    scratch = await createScratchPostgres('railtape_plans');
    const setup = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 1 });
    try {
      await setup.migrate();
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        await client.query(SEED_SQL);
      } finally {
        await client.end();
      }
    } finally {
      await setup.close();
    }
    // The app's own pool, its connections made by the capturing client (none exists yet).
    handle = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 2 });
    (handle.db as unknown as { $client: { Client: typeof pg.Client } }).$client.Client = CapturingClient;
    explainer = new pg.Client({ connectionString: scratch.url });
    await explainer.connect();
  }, 60_000);

  afterAll(async () => {
    await explainer?.end();
    await handle?.close();
    await scratch?.drop();
  });

  it('has a case for every store method, and no query reads a large table sequentially', async () => {
    const stores = createStores(handle.db);
    const now = new Date();
    const missing: string[] = [];
    const findings: string[] = [];
    const silent: string[] = [];
    const allowed: string[] = [];
    for (const storeName of Object.keys(stores) as Array<keyof Stores>) {
      const cases = CASES[storeName] as Record<string, Case | undefined>;
      for (const method of Object.keys(stores[storeName])) {
        const name = `${storeName}.${method}`;
        const run = cases[method];
        if (!run) {
          missing.push(`add an EXPLAIN case for ${name}`);
          continue;
        }
        const captured: Captured[] = [];
        capturing = captured;
        try {
          await run(stores, now);
        } finally {
          capturing = undefined;
        }
        const statements = captured.filter((q) => planned(q.text));
        if (captured.length === 0)
          silent.push(`${name} sent no SQL: give it arguments that reach the database`);
        for (const q of statements) {
          const { rows } = await explainer.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
            `explain (format json) ${q.text}`,
            q.values,
          );
          const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
          if (!plan) throw new Error(`no plan for ${oneLine(q.text)}`);
          const large = seqScans(plan).filter((t) => LARGE_TABLES.has(t));
          if (large.length === 0) continue;
          if (WHOLE_TABLE[name]) allowed.push(name);
          else findings.push(`${name}: Seq Scan on ${[...new Set(large)].join(', ')} in ${oneLine(q.text)}`);
        }
      }
    }
    for (const name of Object.keys(WHOLE_TABLE)) {
      expect(
        allowed,
        `${name} is allow-listed but no longer scans a whole table: drop it from WHOLE_TABLE`,
      ).toContain(name);
    }
    expect([...missing, ...silent, ...findings], [...missing, ...silent, ...findings].join('\n')).toEqual([]);
  });

  it('serves every analytics and ops query of a time range by an index', async () => {
    const now = new Date();
    const findings: string[] = [];
    const stores: Array<[string, object, Record<string, (store: never, now: Date) => Promise<unknown>>]> = [
      ['analytics', createAnalyticsStore(handle.db), ANALYTICS_CASES],
      ['ops', createOpsStore(handle.db), OPS_CASES],
    ];
    for (const [storeName, store, cases] of stores) {
      for (const method of Object.keys(store)) {
        const run = cases[method];
        if (!run) {
          findings.push(`add an EXPLAIN case for ${storeName}.${method}`);
          continue;
        }
        const captured: Captured[] = [];
        capturing = captured;
        try {
          await run(store as never, now);
        } finally {
          capturing = undefined;
        }
        if (captured.length === 0) findings.push(`${storeName}.${method} sent no SQL`);
        for (const q of captured.filter((c) => planned(c.text))) {
          const { rows } = await explainer.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
            `explain (format json) ${q.text}`,
            q.values,
          );
          const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
          if (!plan) throw new Error(`no plan for ${oneLine(q.text)}`);
          const large = seqScans(plan).filter((t) => LARGE_TABLES.has(t));
          if (large.length > 0)
            findings.push(
              `${storeName}.${method}: Seq Scan on ${[...new Set(large)].join(', ')} in ${oneLine(q.text)}`,
            );
        }
      }
    }
    expect(findings, findings.join('\n')).toEqual([]);
  });

  it('indexes every foreign key of a large table (a cascade from its parent would read it whole)', async () => {
    const { rows } = await explainer.query<{ fk: string }>(`
      select c.conrelid::regclass::text || '(' || string_agg(a.attname, ', ' order by k.ord) || ')' as fk
      from pg_constraint c
      cross join lateral unnest(c.conkey) with ordinality k(attnum, ord)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey
        )
      group by c.oid, c.conrelid`);
    const unindexed = rows.map((r) => r.fk).filter((fk) => LARGE_TABLES.has(fk.slice(0, fk.indexOf('('))));
    expect(unindexed, `foreign keys without an index led by their columns: ${unindexed.join('; ')}`).toEqual(
      [],
    );
  });
});
