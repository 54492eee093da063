import { describe, expect, it } from 'vitest';
import type { AnalyticsStore } from '../db/analytics.js';
import { formatStats, parseSince, statsReport } from './stats.js';

const analytics: AnalyticsStore = {
  sharesPerDay: async () => [
    { day: '2026-11-23', family: 'sbb_trip_link', status: 'parsed', errorCode: null, shares: 40 },
    { day: '2026-11-23', family: 'sbb_trip_link', status: 'failed', errorCode: 'bad_link', shares: 2 },
    { day: '2026-11-24', family: 'sbb_trip_link', status: 'parsed', errorCode: null, shares: 30 },
    { day: '2026-11-24', family: 'text', status: 'failed', errorCode: 'no_link_found', shares: 3 },
    { day: '2026-11-24', family: 'text', status: 'failed', errorCode: 'date_unclear', shares: 1 },
    {
      day: '2026-11-24',
      family: 'google_maps',
      status: 'needs_resolution',
      errorCode: 'awaiting_timetable',
      shares: 5,
    },
  ],
  shareToPlaylist: async () => ({ playlists: 70, p50Seconds: 1.2, p95Seconds: 3.4 }),
  fitErrors: async () => ({
    playlists: 70,
    offByMoreThanOneSecond: 1,
    meanAbsErrorSeconds: 0.2,
    maxAbsErrorSeconds: 1.5,
    withNotes: 4,
  }),
  playlistsBySource: async () => [{ provider: 'spotify', playlists: 70, synced: 68, syncFailed: 2 }],
  reminders: async () => ({ due: 50, sent: 45, late: 2, dropped: 3, failed: 1, cancelled: 1, pending: 0 }),
  apiUsage: async () => [{ service: 'spotify', calls: 900, rateLimited: 4, errors: 1 }],
  parserAlarms: async () => [],
};

describe('parseSince', () => {
  it('reads minutes, hours and days up to 90 days, and nothing else', () => {
    expect(parseSince('90m')).toBe(90 * 60_000);
    expect(parseSince('24h')).toBe(86_400_000);
    expect(parseSince('7d')).toBe(7 * 86_400_000);
    expect(parseSince('90d')).toBe(90 * 86_400_000);
    for (const bad of ['91d', '0d', '7', 'd', '1w', '-1d', '7 d', ''])
      expect(parseSince(bad), bad).toBeUndefined();
  });
});

describe('statsReport', () => {
  const range = { since: new Date('2026-11-17T09:00:00Z'), until: new Date('2026-11-24T09:00:00Z') };

  it('adds the outcomes up per day and per family, failures by code', async () => {
    const report = await statsReport(analytics, range);
    expect(
      report.shares.byFamily.map((f) => [f.family, f.total, f.parsed, f.failed, f.needsResolution]),
    ).toEqual([
      ['sbb_trip_link', 72, 70, 2, 0],
      ['google_maps', 5, 0, 0, 5],
      ['text', 4, 0, 4, 0],
    ]);
    expect(report.shares.byFamily[2]?.failedBy).toEqual({ no_link_found: 3, date_unclear: 1 });
    expect(report.shares.perDay.map((d) => `${d.day} ${d.family} ${d.total}`)).toEqual([
      '2026-11-23 sbb_trip_link 42',
      '2026-11-24 sbb_trip_link 30',
      '2026-11-24 text 4',
      '2026-11-24 google_maps 5',
    ]);
  });

  it('prints every table of the operator page, aligned, in its order', async () => {
    const text = formatStats(await statsReport(analytics, range));
    const captions = text
      .split('\n\n')
      .slice(1)
      .map((block) => block.split('\n')[0]);
    expect(captions).toEqual([
      'Parser alarms',
      'Shares by family',
      'Shares per day',
      'Share → playlist',
      'Fit',
      'Playlists by music source',
      'Reminders',
      'External API calls',
    ]);
    expect(text).toMatch(/Share → playlist\nplaylists\s+p50\s+p95\n\d+\s+1\.2 s\s+3\.4 s/);
    expect(text).toMatch(/dropped \(train left\).*\n\d+\s+45\s+2\s+3\s/);
    expect(text).toMatch(/text\s+4\s+0\s+0\s+0\s+4\s+no_link_found 3, date_unclear 1/);
  });
});
