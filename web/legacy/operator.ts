/**
 * The operator's page (`#/operator`): `GET /api/admin/stats` as plain tables, for the accounts in
 * `ADMIN_ACCOUNTS` only (the server decides; the link shows only when `/api/admin/me` says so). Column
 * names stay in English: it is a tool for whoever runs Railtape, not a traveller's screen.
 */
import type { AdminStatsView } from '../../src/http/schemas.js';
import type { Strings } from '../src/i18n/strings.js';

type Cell = string | number | null;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

function table(caption: string, headers: string[], rows: Cell[][]): HTMLElement {
  return h(
    'table',
    { class: 'operator-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
    h(
      'tbody',
      {},
      ...(rows.length === 0
        ? [h('tr', {}, h('td', { colspan: String(headers.length) }, '–'))]
        : rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c === null ? '–' : String(c)))))),
    ),
  );
}

const secs = (v: number | null) => (v === null ? null : `${v.toFixed(1)} s`);
const codes = (by: Record<string, number>) =>
  Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');

/** The tables of one report (exported for the test). */
export function operatorTables(stats: AdminStatsView): HTMLElement[] {
  const r = stats.reminders;
  return [
    table(
      'Parser alarms',
      ['hour (UTC)', 'family', 'reason', 'failed / total', 'baseline', 'example shares'],
      stats.parserAlarms.map((a) => [
        a.hour.slice(0, 16).replace('T', ' '),
        a.family,
        a.reason,
        `${a.failed} / ${a.total}`,
        `${a.baselineFailed} / ${a.baselineTotal}`,
        a.exampleShareIds.join(' '),
      ]),
    ),
    table(
      'Shares by family',
      ['family', 'shares', 'parsed', 'needs resolution', 'in progress', 'failed', 'failures by code'],
      stats.shares.byFamily.map((f) => [
        f.family,
        f.total,
        f.parsed,
        f.needsResolution,
        f.received,
        f.failed,
        codes(f.failedBy),
      ]),
    ),
    table(
      'Shares per day',
      ['day', 'family', 'shares', 'parsed', 'needs resolution', 'failed'],
      stats.shares.perDay.map((d) => [d.day, d.family, d.total, d.parsed, d.needsResolution, d.failed]),
    ),
    table(
      'Share → playlist',
      ['playlists', 'p50', 'p95'],
      [
        [
          stats.shareToPlaylist.playlists,
          secs(stats.shareToPlaylist.p50Seconds),
          secs(stats.shareToPlaylist.p95Seconds),
        ],
      ],
    ),
    table(
      'Fit',
      ['playlists', 'off by > 1 s', 'mean |error|', 'max |error|', 'with notes'],
      [
        [
          stats.fitErrors.playlists,
          stats.fitErrors.offByMoreThanOneSecond,
          secs(stats.fitErrors.meanAbsErrorSeconds),
          secs(stats.fitErrors.maxAbsErrorSeconds),
          stats.fitErrors.withNotes,
        ],
      ],
    ),
    table(
      'Playlists by music source',
      ['source', 'playlists', 'synced', 'sync failed'],
      stats.playlistsBySource.map((p) => [p.provider, p.playlists, p.synced, p.syncFailed]),
    ),
    table(
      'Reminders',
      ['due', 'sent', 'late', 'dropped (train left)', 'failed', 'cancelled', 'pending'],
      [[r.due, r.sent, r.late, r.dropped, r.failed, r.cancelled, r.pending]],
    ),
    table(
      'External API calls',
      ['service', 'calls', 'rate limited', 'errors'],
      stats.apiUsage.map((u) => [u.service, u.calls, u.rateLimited, u.errors]),
    ),
  ];
}

export async function operatorScreen(t: Strings, since = '7d'): Promise<HTMLElement[]> {
  const heading = h('h1', {}, t.operatorHeading);
  try {
    const stats = await getJson<AdminStatsView>(`/api/admin/stats?since=${encodeURIComponent(since)}`);
    return [
      h(
        'section',
        { class: 'card operator', 'data-testid': 'operator' },
        heading,
        h(
          'p',
          {},
          `${stats.since.slice(0, 16).replace('T', ' ')} – ${stats.until.slice(0, 16).replace('T', ' ')} UTC`,
        ),
        ...operatorTables(stats),
      ),
    ];
  } catch (err) {
    return [
      h('section', { class: 'card operator' }, heading, h('p', { class: 'error' }, (err as Error).message)),
    ];
  }
}

/** A link to the page, for operators only; null for everyone else. */
export async function operatorLink(t: Strings): Promise<HTMLElement | null> {
  const me = await getJson<{ admin: boolean }>('/api/admin/me').catch(() => null);
  return me?.admin ? h('a', { href: '#/operator', class: 'operator-link' }, t.operatorLink) : null;
}
