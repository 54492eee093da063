/**
 * The operator's analytics queries on a Postgres of a million shares: a year of traffic seeded with
 * generate_series in SQL into a scratch database (not through the API), a quarter of the shares with a
 * trip, playlist and reminder, and a year of the hourly API rollup. Each query runs for the last 7 and
 * 30 days, warm, 5 times; the median is printed, with the plan's top node. Run alone:
 * `npx tsx bench/analytics.ts [shares]`.
 */
import pg from 'pg';
import { createAnalyticsStore, createOpsStore } from '../src/db/analytics.js';
import { openDatabase } from '../src/db/client.js';
import { createScratchPostgres, postgresAvailable } from '../test/support/databases.js';

const FAMILIES = [
  'sbb_trip_link',
  'sbb_short_link',
  'sbb_app_link',
  'sbb_search',
  'google_maps',
  'google_short_link',
  'text',
  'apple_maps',
];

const seedSql = (shares: number) => `
insert into users (id, display_name, spotify_id)
  select md5('user' || i)::uuid, 'Traveller ' || i, 'sp' || i from generate_series(1, ${Math.ceil(shares / 20)}) i;

-- A year of shares, evenly spread, newest now; 3 % failed, 2 % waiting for a short link.
insert into shares (id, user_id, title, url, content_hash, status, error_code, family, parser_version,
    received_at, updated_at)
  select md5('share' || i)::uuid, md5('user' || ((i - 1) / 20 + 1))::uuid, 'Trip ' || i,
    'https://www.sbb.ch/en?trip=' || i, 'hash' || i,
    case when i % 33 = 0 then 'failed' when i % 50 = 0 then 'needs_resolution' else 'parsed' end,
    case when i % 33 = 0 then (array['bad_link', 'no_link_found', 'stop_not_found'])[1 + i % 3] end,
    (array[${FAMILIES.map((f) => `'${f}'`).join(', ')}])[1 + (i * 7) % ${FAMILIES.length}],
    'links-2', now() - (${shares} - i) * (interval '365 days' / ${shares}),
    now() - (${shares} - i) * (interval '365 days' / ${shares})
  from generate_series(1, ${shares}) i;

insert into trips (id, user_id, share_id, trip, source, exactness, origin, destination, departure, arrival,
    duration_seconds)
  select md5('trip' || i)::uuid, s.user_id, s.id, '{"legs":[]}'::jsonb, 'sbb-trip-link', 'exact', 'Zürich HB',
    'Bern', s.received_at + interval '2 hours', s.received_at + interval '3 hours', 3600
  from generate_series(4, ${shares}, 4) i join shares s on s.id = md5('share' || i)::uuid;

insert into playlists (id, trip_id, user_id, provider, tracks, fit, target_seconds, actual_seconds, seed,
    sync_status, created_at, updated_at)
  select md5('pl' || t.id)::uuid, t.id, t.user_id, case when random() < 0.6 then 'spotify' else 'demo' end,
    '[]', jsonb_build_object('errorSeconds', (random() - 0.5) * 2, 'segments', '[]'::jsonb,
      'boundaries', '[]'::jsonb, 'notes', case when random() < 0.1 then '[{"code":"pool_small"}]'::jsonb else '[]'::jsonb end),
    3600, 3600, 1, 'local', t.departure - interval '2 hours' + random() * interval '3 seconds',
    t.departure - interval '2 hours'
  from trips t;

insert into reminders (id, trip_id, user_id, due_at, status, sent_at, last_error, departs_at)
  select md5('rem' || t.id)::uuid, t.id, t.user_id, t.departure - interval '20 minutes',
    case when t.departure > now() then 'pending' when random() < 0.03 then 'failed' else 'sent' end,
    case when t.departure <= now() then t.departure - interval '20 minutes' + random() * interval '90 seconds' end,
    case when t.departure <= now() and random() < 0.03 then 'departed' end, t.departure
  from trips t;

insert into api_usage_hourly (hour, service, calls, rate_limited, errors)
  select date_trunc('hour', now()) - h * interval '1 hour', s, 100 + h % 50, h % 3, h % 7
  from generate_series(0, 24 * 365) h, unnest(array['spotify', 'subsonic', 'opendata', 'push']) s;
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function benchAnalytics(shares = 1_000_000): Promise<string[]> {
  if (!postgresAvailable) return ['skipped: Postgres not reachable'];
  const scratch = await createScratchPostgres('railtape_bench_analytics');
  const lines: string[] = [];
  try {
    const setup = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 1 });
    await setup.migrate();
    await setup.close();
    const client = new pg.Client({ connectionString: scratch.url });
    client.on('error', () => {});
    await client.connect();
    const seedStarted = performance.now();
    await client.query(seedSql(shares));
    // Not inside the seed's implicit transaction: VACUUM refuses to run in one.
    await client.query('vacuum analyze');
    const seeded = (performance.now() - seedStarted) / 1000;
    const counts = await client.query<{ shares: number; playlists: number; reminders: number }>(
      'select (select count(*) from shares)::int as shares, (select count(*) from playlists)::int as playlists, (select count(*) from reminders)::int as reminders',
    );
    const c = counts.rows[0];
    lines.push(
      `Seeded ${c?.shares} shares, ${c?.playlists} playlists, ${c?.reminders} reminders over 365 days in ${seeded.toFixed(0)} s.`,
      '',
      '| query | last 7 days | last 30 days |',
      '|---|---|---|',
    );
    const handle = await openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 2 });
    const analytics = createAnalyticsStore(handle.db);
    const ops = createOpsStore(handle.db);
    const now = new Date();
    const range = (days: number) => ({ since: new Date(now.getTime() - days * 86_400_000), until: now });
    const queries: Array<[string, (days: number) => Promise<unknown>]> = [
      ['shares per day by family and outcome', (d) => analytics.sharesPerDay(range(d))],
      ['share → playlist p50/p95', (d) => analytics.shareToPlaylist(range(d))],
      ['fit errors', (d) => analytics.fitErrors(range(d))],
      ['playlists by music source', (d) => analytics.playlistsBySource(range(d))],
      ['reminders sent / late / dropped', (d) => analytics.reminders(range(d))],
      ['API calls by service (rollup)', (d) => analytics.apiUsage(range(d))],
      ['parser alarms', (d) => analytics.parserAlarms(range(d))],
    ];
    for (const [name, run] of queries) {
      const cells: string[] = [];
      for (const days of [7, 30]) {
        await run(days); // warm
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          await run(days);
          times.push(performance.now() - started);
        }
        cells.push(`${median(times).toFixed(1)} ms`);
      }
      lines.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    const alarmTimes: number[] = [];
    await ops.familyCounts(now);
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await ops.familyCounts(now);
      alarmTimes.push(performance.now() - started);
    }
    lines.push(
      `| parser alarm's family counts (hour vs 7 days, each worker run) | ${median(alarmTimes).toFixed(1)} ms | – |`,
    );
    await handle.close();
    await client.end();
  } finally {
    await scratch.drop();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const shares = Number(process.argv[2] ?? 1_000_000);
  for (const line of await benchAnalytics(shares)) process.stdout.write(`${line}\n`);
}
