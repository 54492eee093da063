/**
 * The operator's report as tables, one per figure, in the order an operator reads them (alarms
 * first): the one layout behind `railtape stats` (as text, `formatStats`) and the operator page
 * (`web/src/components/operator-tables.tsx`). Pure, so the PWA imports it as it is. Captions and
 * columns stay in English: a tool for whoever runs Railtape, not a traveller's screen.
 */
import type { StatsReport } from './stats.js';

/** A cell; null: nothing to show (printed as –). Numbers are right-aligned by both renderings. */
export type StatsCell = string | number | null;

export interface StatsTable {
  caption: string;
  headers: string[];
  rows: StatsCell[][];
}

const seconds = (v: number | null) => (v === null ? null : `${v.toFixed(1)} s`);
const failures = (by: Record<string, number>) =>
  Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
/** `2026-11-24T09:00:00.000Z` → `2026-11-24 09:00` (the page says the times are UTC). */
export const utcMinute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function statsTables(report: StatsReport): StatsTable[] {
  const { shares, shareToPlaylist, fitErrors, reminders: r } = report;
  return [
    {
      caption: 'Parser alarms',
      headers: ['hour (UTC)', 'family', 'reason', 'failed / total', 'baseline', 'example shares'],
      rows: report.parserAlarms.map((a) => [
        utcMinute(a.hour),
        a.family,
        a.reason,
        `${a.failed} / ${a.total}`,
        `${a.baselineFailed} / ${a.baselineTotal}`,
        a.exampleShareIds.join(' '),
      ]),
    },
    {
      caption: 'Shares by family',
      headers: [
        'family',
        'shares',
        'parsed',
        'needs resolution',
        'in progress',
        'failed',
        'failures by code',
      ],
      rows: shares.byFamily.map((f) => [
        f.family,
        f.total,
        f.parsed,
        f.needsResolution,
        f.received,
        f.failed,
        failures(f.failedBy),
      ]),
    },
    {
      caption: 'Shares per day',
      headers: ['day', 'family', 'shares', 'parsed', 'needs resolution', 'failed'],
      rows: shares.perDay.map((d) => [d.day, d.family, d.total, d.parsed, d.needsResolution, d.failed]),
    },
    {
      caption: 'Share → playlist',
      headers: ['playlists', 'p50', 'p95'],
      rows: [
        [shareToPlaylist.playlists, seconds(shareToPlaylist.p50Seconds), seconds(shareToPlaylist.p95Seconds)],
      ],
    },
    {
      caption: 'Fit',
      headers: ['playlists', 'off by > 1 s', 'mean |error|', 'max |error|', 'with notes'],
      rows: [
        [
          fitErrors.playlists,
          fitErrors.offByMoreThanOneSecond,
          seconds(fitErrors.meanAbsErrorSeconds),
          seconds(fitErrors.maxAbsErrorSeconds),
          fitErrors.withNotes,
        ],
      ],
    },
    {
      caption: 'Playlists by music source',
      headers: ['source', 'playlists', 'synced', 'sync failed'],
      rows: report.playlistsBySource.map((p) => [p.provider, p.playlists, p.synced, p.syncFailed]),
    },
    {
      caption: 'Reminders',
      headers: ['due', 'sent', 'late', 'dropped (train left)', 'failed', 'cancelled', 'pending'],
      rows: [[r.due, r.sent, r.late, r.dropped, r.failed, r.cancelled, r.pending]],
    },
    {
      caption: 'External API calls',
      headers: ['service', 'calls', 'rate limited', 'errors'],
      rows: report.apiUsage.map((u) => [u.service, u.calls, u.rateLimited, u.errors]),
    },
  ];
}
