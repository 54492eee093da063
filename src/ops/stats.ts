/**
 * The operator's report (`railtape stats`, `GET /api/admin/stats`), assembled from the analytics
 * store on the read connection. `parseSince` reads `7d`, `24h`, `90m` (at most 90 days: a range is
 * what bounds every query).
 */

import type {
  AnalyticsStore,
  ApiUsageRow,
  FitErrors,
  ParserAlarmRow,
  PlaylistsBySourceRow,
  ReminderOutcomes,
  ShareToPlaylist,
} from '../db/analytics.js';

export const MAX_SINCE_MS = 90 * 86_400_000;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `7d` → milliseconds; undefined when it is not a duration of minutes, hours or days up to 90 days. */
export function parseSince(value: string): number | undefined {
  const match = /^(\d{1,5})([mhd])$/.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 && ms <= MAX_SINCE_MS ? ms : undefined;
}

export interface ShareOutcomeCounts {
  total: number;
  parsed: number;
  needsResolution: number;
  received: number;
  failed: number;
  /** Failures by code. */
  failedBy: Record<string, number>;
}

export interface StatsReport {
  since: string;
  until: string;
  shares: {
    /** Per day (Europe/Zurich) and family. */
    perDay: Array<{ day: string; family: string } & ShareOutcomeCounts>;
    byFamily: Array<{ family: string } & ShareOutcomeCounts>;
  };
  shareToPlaylist: ShareToPlaylist;
  fitErrors: FitErrors;
  playlistsBySource: PlaylistsBySourceRow[];
  reminders: ReminderOutcomes;
  apiUsage: ApiUsageRow[];
  parserAlarms: Array<Omit<ParserAlarmRow, 'hour' | 'raisedAt'> & { hour: string; raisedAt: string }>;
}

const emptyOutcome = (): ShareOutcomeCounts => ({
  total: 0,
  parsed: 0,
  needsResolution: 0,
  received: 0,
  failed: 0,
  failedBy: {},
});

function addOutcome(into: ShareOutcomeCounts, status: string, code: string | null, n: number) {
  into.total += n;
  if (status === 'parsed') into.parsed += n;
  else if (status === 'needs_resolution') into.needsResolution += n;
  else if (status === 'failed') {
    into.failed += n;
    const key = code ?? 'unknown';
    into.failedBy[key] = (into.failedBy[key] ?? 0) + n;
  } else into.received += n;
}

export async function statsReport(
  analytics: AnalyticsStore,
  range: { since: Date; until: Date },
): Promise<StatsReport> {
  const [perDayRows, shareToPlaylist, fitErrors, playlistsBySource, reminders, apiUsage, alarms] =
    await Promise.all([
      analytics.sharesPerDay(range),
      analytics.shareToPlaylist(range),
      analytics.fitErrors(range),
      analytics.playlistsBySource(range),
      analytics.reminders(range),
      analytics.apiUsage(range),
      analytics.parserAlarms(range),
    ]);
  const perDay = new Map<string, { day: string; family: string } & ShareOutcomeCounts>();
  const byFamily = new Map<string, { family: string } & ShareOutcomeCounts>();
  const counts = <K>(map: Map<string, K & ShareOutcomeCounts>, key: string, make: () => K) => {
    let entry = map.get(key);
    if (!entry) {
      entry = { ...make(), ...emptyOutcome() };
      map.set(key, entry);
    }
    return entry;
  };
  for (const row of perDayRows) {
    const day = counts(perDay, `${row.day}|${row.family}`, () => ({ day: row.day, family: row.family }));
    addOutcome(day, row.status, row.errorCode, row.shares);
    addOutcome(
      counts(byFamily, row.family, () => ({ family: row.family })),
      row.status,
      row.errorCode,
      row.shares,
    );
  }
  return {
    since: range.since.toISOString(),
    until: range.until.toISOString(),
    shares: {
      perDay: [...perDay.values()],
      byFamily: [...byFamily.values()].sort((a, b) => b.total - a.total || a.family.localeCompare(b.family)),
    },
    shareToPlaylist,
    fitErrors,
    playlistsBySource,
    reminders,
    apiUsage,
    parserAlarms: alarms.map((a) => ({
      ...a,
      hour: a.hour.toISOString(),
      raisedAt: a.raisedAt.toISOString(),
    })),
  };
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  if (rows.length === 0) return `${line(headers)}\n(none)`;
  return [line(headers), ...cells.slice(1).map(line)].join('\n');
}

const seconds = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} s`);
const failures = (by: Record<string, number>) =>
  Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');

/** The report as text for a terminal. */
export function formatStats(report: StatsReport): string {
  const s = report.shares;
  return [
    `Railtape stats from ${report.since} to ${report.until}`,
    '',
    'Shares by family',
    table(
      ['family', 'shares', 'parsed', 'needs resolution', 'in progress', 'failed', 'failures by code'],
      s.byFamily.map((f) => [
        f.family,
        f.total,
        f.parsed,
        f.needsResolution,
        f.received,
        f.failed,
        failures(f.failedBy),
      ]),
    ),
    '',
    'Shares per day',
    table(
      ['day', 'family', 'shares', 'parsed', 'needs resolution', 'failed'],
      s.perDay.map((d) => [d.day, d.family, d.total, d.parsed, d.needsResolution, d.failed]),
    ),
    '',
    `Share → playlist: ${report.shareToPlaylist.playlists} playlists, p50 ${seconds(report.shareToPlaylist.p50Seconds)}, p95 ${seconds(report.shareToPlaylist.p95Seconds)}`,
    `Fit: ${report.fitErrors.playlists} playlists, ${report.fitErrors.offByMoreThanOneSecond} off by more than 1 s, mean |error| ${seconds(report.fitErrors.meanAbsErrorSeconds)}, max ${seconds(report.fitErrors.maxAbsErrorSeconds)}, ${report.fitErrors.withNotes} with notes`,
    '',
    'Playlists by music source',
    table(
      ['source', 'playlists', 'synced', 'sync failed'],
      report.playlistsBySource.map((p) => [p.provider, p.playlists, p.synced, p.syncFailed]),
    ),
    '',
    `Reminders: ${report.reminders.due} due, ${report.reminders.sent} sent (${report.reminders.late} late), ${report.reminders.dropped} dropped (train left), ${report.reminders.failed} failed, ${report.reminders.cancelled} cancelled, ${report.reminders.pending} pending`,
    '',
    'External API calls',
    table(
      ['service', 'calls', 'rate limited', 'errors'],
      report.apiUsage.map((u) => [u.service, u.calls, u.rateLimited, u.errors]),
    ),
    '',
    'Parser alarms',
    table(
      ['hour', 'family', 'reason', 'failed/total', 'baseline failed/total', 'example shares'],
      report.parserAlarms.map((a) => [
        a.hour,
        a.family,
        a.reason,
        `${a.failed}/${a.total}`,
        `${a.baselineFailed}/${a.baselineTotal}`,
        a.exampleShareIds.join(' '),
      ]),
    ),
  ].join('\n');
}
