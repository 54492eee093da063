import { and, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { apiUsageHourly, parserAlarms, shares } from './schema.js';

/**
 * The operator's figures (`railtape stats`, `/api/admin/stats`). Every query is bounded by a time range
 * and served by an index on that time (`shares_received_family_idx`, `playlists_created_idx`,
 * `reminders_due_at_idx`) or by a small rollup table, so its cost grows with the range asked for,
 * never with all history (`test/query-plans.test.ts`). The store is built on the READ connection
 * (`DATABASE_READ_URL` when set, see `ops/read-database.ts`): nothing here writes.
 */

export interface Range {
  since: Date;
  until: Date;
}

export interface SharesPerDayRow {
  /** The day in Europe/Zurich, YYYY-MM-DD. */
  day: string;
  /** `links/family.ts`, or `unknown` for shares stored before families were kept. */
  family: string;
  status: string;
  /** The failure's code; null unless failed (or waiting with a reason). */
  errorCode: string | null;
  shares: number;
}

export interface ShareToPlaylist {
  playlists: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface FitErrors {
  playlists: number;
  /** Playlists whose length misses the trip by more than a second. */
  offByMoreThanOneSecond: number;
  meanAbsErrorSeconds: number | null;
  maxAbsErrorSeconds: number | null;
  /** Playlists that carry at least one fitting note (pool too small, artist cap relaxed, …). */
  withNotes: number;
}

export interface PlaylistsBySourceRow {
  provider: string;
  playlists: number;
  synced: number;
  syncFailed: number;
}

export interface ReminderOutcomes {
  due: number;
  sent: number;
  /** Sent more than `LATE_AFTER_SECONDS` after they were due. */
  late: number;
  /** Not sent because the train had left (`last_error = 'departed'`). */
  dropped: number;
  /** Given up for another reason (no device, refused). */
  failed: number;
  cancelled: number;
  pending: number;
}

export interface ApiUsageRow {
  service: string;
  calls: number;
  rateLimited: number;
  errors: number;
}

export interface ParserAlarmRow {
  hour: Date;
  family: string;
  reason: string;
  total: number;
  failed: number;
  baselineTotal: number;
  baselineFailed: number;
  exampleShareIds: string[];
  raisedAt: Date;
}

/** The reminder worker runs every 15 s and claims 45 s ahead: a minute after due is late. */
export const LATE_AFTER_SECONDS = 60;

export interface AnalyticsStore {
  sharesPerDay(range: Range): Promise<SharesPerDayRow[]>;
  shareToPlaylist(range: Range): Promise<ShareToPlaylist>;
  fitErrors(range: Range): Promise<FitErrors>;
  playlistsBySource(range: Range): Promise<PlaylistsBySourceRow[]>;
  reminders(range: Range): Promise<ReminderOutcomes>;
  apiUsage(range: Range): Promise<ApiUsageRow[]>;
  parserAlarms(range: Range): Promise<ParserAlarmRow[]>;
}

// Both drivers (pg and PGlite) return `{ rows }` from execute.
async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

const iso = (d: Date) => d.toISOString();
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function createAnalyticsStore(db: Database): AnalyticsStore {
  return {
    async sharesPerDay({ since, until }) {
      const rows = await rowsOf<{
        day: string;
        family: string;
        status: string;
        error_code: string | null;
        n: number;
      }>(
        db,
        sql`select to_char(received_at at time zone 'Europe/Zurich', 'YYYY-MM-DD') as day,
              coalesce(family, 'unknown') as family, status, error_code, count(*)::int as n
            from shares
            where received_at >= ${iso(since)} and received_at < ${iso(until)}
            group by 1, 2, 3, 4
            order by 1, 2, 3, 4`,
      );
      return rows.map((r) => ({
        day: r.day,
        family: r.family,
        status: r.status,
        errorCode: r.error_code,
        shares: Number(r.n),
      }));
    },

    async shareToPlaylist({ since, until }) {
      // From the share's arrival to its playlist's first fit (what the traveller waited for), for the
      // playlists made in the range; trips and shares are looked up by their keys.
      const [row] = await rowsOf<{ n: number; p50: unknown; p95: unknown }>(
        db,
        // A correlated look-up per playlist rather than a join: the planner would hash all trips.
        sql`select count(seconds)::int as n,
              percentile_cont(0.5) within group (order by seconds) as p50,
              percentile_cont(0.95) within group (order by seconds) as p95
            from (
              select extract(epoch from p.created_at - (
                  select s.received_at from trips t join shares s on s.id = t.share_id where t.id = p.trip_id
                )) as seconds
              from playlists p
              where p.created_at >= ${iso(since)} and p.created_at < ${iso(until)}
            ) waits`,
      );
      return { playlists: Number(row?.n ?? 0), p50Seconds: num(row?.p50), p95Seconds: num(row?.p95) };
    },

    async fitErrors({ since, until }) {
      const [row] = await rowsOf<{ n: number; off: number; mean: unknown; max: unknown; notes: number }>(
        db,
        sql`select count(*)::int as n,
              count(*) filter (where abs((fit->>'errorSeconds')::float8) > 1)::int as off,
              avg(abs((fit->>'errorSeconds')::float8)) as mean,
              max(abs((fit->>'errorSeconds')::float8)) as max,
              count(*) filter (where jsonb_array_length(coalesce(fit->'notes', '[]'::jsonb)) > 0)::int as notes
            from playlists
            where created_at >= ${iso(since)} and created_at < ${iso(until)}`,
      );
      return {
        playlists: Number(row?.n ?? 0),
        offByMoreThanOneSecond: Number(row?.off ?? 0),
        meanAbsErrorSeconds: num(row?.mean),
        maxAbsErrorSeconds: num(row?.max),
        withNotes: Number(row?.notes ?? 0),
      };
    },

    async playlistsBySource({ since, until }) {
      const rows = await rowsOf<{ provider: string; n: number; synced: number; failed: number }>(
        db,
        sql`select provider, count(*)::int as n,
              count(*) filter (where sync_status = 'synced')::int as synced,
              count(*) filter (where sync_status = 'failed')::int as failed
            from playlists
            where created_at >= ${iso(since)} and created_at < ${iso(until)}
            group by provider
            order by provider`,
      );
      return rows.map((r) => ({
        provider: r.provider,
        playlists: Number(r.n),
        synced: Number(r.synced),
        syncFailed: Number(r.failed),
      }));
    },

    async reminders({ since, until }) {
      const [row] = await rowsOf<Record<keyof ReminderOutcomes, number>>(
        db,
        sql`select count(*)::int as due,
              count(*) filter (where status = 'sent')::int as sent,
              count(*) filter (where status = 'sent'
                and sent_at > due_at + make_interval(secs => ${LATE_AFTER_SECONDS}))::int as late,
              count(*) filter (where status = 'failed' and last_error = 'departed')::int as dropped,
              count(*) filter (where status = 'failed' and last_error is distinct from 'departed')::int as failed,
              count(*) filter (where status = 'cancelled')::int as cancelled,
              count(*) filter (where status = 'pending')::int as pending
            from reminders
            where due_at >= ${iso(since)} and due_at < ${iso(until)}`,
      );
      const n = (k: keyof ReminderOutcomes) => Number(row?.[k] ?? 0);
      return {
        due: n('due'),
        sent: n('sent'),
        late: n('late'),
        dropped: n('dropped'),
        failed: n('failed'),
        cancelled: n('cancelled'),
        pending: n('pending'),
      };
    },

    async apiUsage({ since, until }) {
      const rows = await db
        .select({
          service: apiUsageHourly.service,
          calls: sql<number>`sum(${apiUsageHourly.calls})::int`,
          rateLimited: sql<number>`sum(${apiUsageHourly.rateLimited})::int`,
          errors: sql<number>`sum(${apiUsageHourly.errors})::int`,
        })
        .from(apiUsageHourly)
        // Hours are whole: the hour `since` falls in counts.
        .where(
          and(
            gte(apiUsageHourly.hour, sql`date_trunc('hour', ${iso(since)}::timestamptz)`),
            lt(apiUsageHourly.hour, until),
          ),
        )
        .groupBy(apiUsageHourly.service)
        .orderBy(apiUsageHourly.service);
      return rows.map((r) => ({
        service: r.service,
        calls: Number(r.calls),
        rateLimited: Number(r.rateLimited),
        errors: Number(r.errors),
      }));
    },

    parserAlarms({ since, until }) {
      return db
        .select()
        .from(parserAlarms)
        .where(
          and(
            gte(parserAlarms.hour, sql`date_trunc('hour', ${iso(since)}::timestamptz)`),
            lt(parserAlarms.hour, until),
          ),
        )
        .orderBy(desc(parserAlarms.hour), parserAlarms.family)
        .limit(100);
    },
  };
}

/** Counts of one family's finished shares (parsed, waiting or failed) in the alarm's windows. */
export interface FamilyCounts {
  family: string;
  /** The last hour. */
  recentTotal: number;
  recentFailed: number;
  /** The 7 days before the last hour. */
  baselineTotal: number;
  baselineFailed: number;
  /** The last 24 hours. */
  todayTotal: number;
  todayFailed: number;
  /** Parsed in the 24 hours before that. */
  yesterdayParsed: number;
}

/** What the workers write and the alarm reads, on the PRIMARY: the rollup of calls and the alarms. */
export interface OpsStore {
  /** Adds counts to their hour's row (several processes flush into the same hour). */
  addApiUsage(rows: Array<ApiUsageRow & { hour: Date }>): Promise<void>;
  familyCounts(now: Date): Promise<FamilyCounts[]>;
  /** Failed shares of these families received since `since`, newest first: ids only. */
  failedShareIds(
    families: string[],
    since: Date,
    limit: number,
  ): Promise<Array<{ id: string; family: string }>>;
  /** Records the alarm unless this family's alarm of this hour exists: true when this call raised it. */
  raiseParserAlarm(alarm: ParserAlarmRow): Promise<boolean>;
  parserAlarmsSince(since: Date): Promise<ParserAlarmRow[]>;
}

export function createOpsStore(db: Database): OpsStore {
  return {
    async addApiUsage(rows) {
      if (rows.length === 0) return;
      await db
        .insert(apiUsageHourly)
        .values(rows)
        .onConflictDoUpdate({
          target: [apiUsageHourly.hour, apiUsageHourly.service],
          set: {
            calls: sql`${apiUsageHourly.calls} + excluded.calls`,
            rateLimited: sql`${apiUsageHourly.rateLimited} + excluded.rate_limited`,
            errors: sql`${apiUsageHourly.errors} + excluded.errors`,
          },
        });
    },

    async familyCounts(now) {
      const hourAgo = iso(new Date(now.getTime() - 3_600_000));
      const dayAgo = iso(new Date(now.getTime() - 86_400_000));
      const twoDaysAgo = iso(new Date(now.getTime() - 2 * 86_400_000));
      const weekAgo = iso(new Date(now.getTime() - 7 * 86_400_000 - 3_600_000));
      // Shares still `received` are being processed: neither a success nor a failure yet.
      const rows = await rowsOf<Record<string, string | number>>(
        db,
        sql`select coalesce(family, 'unknown') as family,
              count(*) filter (where received_at >= ${hourAgo})::int as recent_total,
              count(*) filter (where received_at >= ${hourAgo} and status = 'failed')::int as recent_failed,
              count(*) filter (where received_at < ${hourAgo})::int as baseline_total,
              count(*) filter (where received_at < ${hourAgo} and status = 'failed')::int as baseline_failed,
              count(*) filter (where received_at >= ${dayAgo})::int as today_total,
              count(*) filter (where received_at >= ${dayAgo} and status = 'failed')::int as today_failed,
              count(*) filter (where received_at >= ${twoDaysAgo} and received_at < ${dayAgo}
                and status = 'parsed')::int as yesterday_parsed
            from shares
            where received_at >= ${weekAgo} and received_at < ${iso(now)} and status <> 'received'
            group by 1
            order by 1`,
      );
      return rows.map((r) => ({
        family: String(r.family),
        recentTotal: Number(r.recent_total),
        recentFailed: Number(r.recent_failed),
        baselineTotal: Number(r.baseline_total),
        baselineFailed: Number(r.baseline_failed),
        todayTotal: Number(r.today_total),
        todayFailed: Number(r.today_failed),
        yesterdayParsed: Number(r.yesterday_parsed),
      }));
    },

    async failedShareIds(families, since, limit) {
      if (families.length === 0) return [];
      const rows = await db
        .select({ id: shares.id, family: shares.family })
        .from(shares)
        .where(
          and(gte(shares.receivedAt, since), eq(shares.status, 'failed'), inArray(shares.family, families)),
        )
        .orderBy(desc(shares.receivedAt))
        .limit(limit);
      return rows.map((r) => ({ id: r.id, family: r.family ?? 'unknown' }));
    },

    async raiseParserAlarm(alarm) {
      const raised = await db
        .insert(parserAlarms)
        .values(alarm)
        .onConflictDoNothing({ target: [parserAlarms.hour, parserAlarms.family] })
        .returning({ hour: parserAlarms.hour });
      return raised.length > 0;
    },

    parserAlarmsSince(since) {
      return db
        .select()
        .from(parserAlarms)
        .where(gte(parserAlarms.hour, sql`date_trunc('hour', ${iso(since)}::timestamptz)`))
        .orderBy(desc(parserAlarms.hour), parserAlarms.family)
        .limit(50);
    },
  };
}
