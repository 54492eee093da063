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
import { type StatsTable, statsTables } from './stats-tables.js';

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

/** A table as aligned text: the first column left, the others right; none: `(none)`. */
function textTable({ caption, headers, rows }: StatsTable): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '–' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [caption, line(headers), ...(rows.length === 0 ? ['(none)'] : cells.slice(1).map(line))].join('\n');
}

/** The report as text for a terminal: the operator page's tables (`stats-tables.ts`), aligned. */
export function formatStats(report: StatsReport): string {
  return [
    `Railtape stats from ${report.since} to ${report.until}`,
    ...statsTables(report).map(textTable),
  ].join('\n\n');
}
