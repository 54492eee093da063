/**
 * The operator page's tables, one per figure of `GET /api/admin/stats` (the same as `railtape stats`).
 * Captions and column names stay in English: a tool for whoever runs Railtape, not a traveller's screen.
 */
import type { AdminStats } from '../api.js';
import './operator.css';

type Cell = string | number | null;

const secs = (v: number | null) => (v === null ? null : `${v.toFixed(1)} s`);
const codes = (by: Record<string, number>) =>
  Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
export const utcMinute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function Table(props: { caption: string; headers: string[]; rows: Cell[][] }) {
  return (
    // A table wider than the phone scrolls here; keyboards must reach it (axe scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is operable, so it takes focus
    <section class="operator-scroll" aria-label={props.caption} tabIndex={0}>
      <table class="operator-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.headers.map((x) => (
              <th scope="col" key={x}>
                {x}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.headers.length}>–</td>
            </tr>
          ) : (
            props.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j} class={typeof c === 'number' ? 'numeric' : undefined}>
                    {c === null ? '–' : String(c)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

export function OperatorTables({ stats }: { stats: AdminStats }) {
  const r = stats.reminders;
  return (
    <>
      <Table
        caption="Parser alarms"
        headers={['hour (UTC)', 'family', 'reason', 'failed / total', 'baseline', 'example shares']}
        rows={stats.parserAlarms.map((a) => [
          utcMinute(a.hour),
          a.family,
          a.reason,
          `${a.failed} / ${a.total}`,
          `${a.baselineFailed} / ${a.baselineTotal}`,
          a.exampleShareIds.join(' '),
        ])}
      />
      <Table
        caption="Shares by family"
        headers={[
          'family',
          'shares',
          'parsed',
          'needs resolution',
          'in progress',
          'failed',
          'failures by code',
        ]}
        rows={stats.shares.byFamily.map((f) => [
          f.family,
          f.total,
          f.parsed,
          f.needsResolution,
          f.received,
          f.failed,
          codes(f.failedBy),
        ])}
      />
      <Table
        caption="Shares per day"
        headers={['day', 'family', 'shares', 'parsed', 'needs resolution', 'failed']}
        rows={stats.shares.perDay.map((d) => [
          d.day,
          d.family,
          d.total,
          d.parsed,
          d.needsResolution,
          d.failed,
        ])}
      />
      <Table
        caption="Share → playlist"
        headers={['playlists', 'p50', 'p95']}
        rows={[
          [
            stats.shareToPlaylist.playlists,
            secs(stats.shareToPlaylist.p50Seconds),
            secs(stats.shareToPlaylist.p95Seconds),
          ],
        ]}
      />
      <Table
        caption="Fit"
        headers={['playlists', 'off by > 1 s', 'mean |error|', 'max |error|', 'with notes']}
        rows={[
          [
            stats.fitErrors.playlists,
            stats.fitErrors.offByMoreThanOneSecond,
            secs(stats.fitErrors.meanAbsErrorSeconds),
            secs(stats.fitErrors.maxAbsErrorSeconds),
            stats.fitErrors.withNotes,
          ],
        ]}
      />
      <Table
        caption="Playlists by music source"
        headers={['source', 'playlists', 'synced', 'sync failed']}
        rows={stats.playlistsBySource.map((p) => [p.provider, p.playlists, p.synced, p.syncFailed])}
      />
      <Table
        caption="Reminders"
        headers={['due', 'sent', 'late', 'dropped (train left)', 'failed', 'cancelled', 'pending']}
        rows={[[r.due, r.sent, r.late, r.dropped, r.failed, r.cancelled, r.pending]]}
      />
      <Table
        caption="External API calls"
        headers={['service', 'calls', 'rate limited', 'errors']}
        rows={stats.apiUsage.map((u) => [u.service, u.calls, u.rateLimited, u.errors])}
      />
    </>
  );
}
