import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsStore } from '../src/db/analytics.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { createUserStore } from '../src/db/users.js';
import { checkParserHealth } from '../src/ops/parser-health.js';
import { testDatabases } from './support/databases.js';

/**
 * The parser alarm against a replayed day of traffic: a week of ordinary shares as the baseline, then
 * a day replayed in 5-minute steps (shares arrive, the parse worker runs and checks). At 13:30 an "app
 * update" makes every SBB app link fail. The alarm must fire for that family within the hour, once per
 * hour, and never for the healthy families, pasted text with its usual high failure rate included.
 * Figures: docs/benchmarks.md, "#17".
 */

const target = testDatabases[0]!;
const DAY = Date.parse('2026-11-24T00:00:00Z');
const HOUR = 3_600_000;
const STEP = 5 * 60_000;
const BREAKS_AT = DAY + 13.5 * HOUR;

/** Shares an hour at daytime (night: a quarter) and the usual failure rate, per family. */
const TRAFFIC: Record<string, { perHour: number; failPct: number }> = {
  sbb_trip_link: { perHour: 24, failPct: 2 },
  sbb_short_link: { perHour: 10, failPct: 4 },
  sbb_app_link: { perHour: 8, failPct: 2 },
  sbb_search: { perHour: 5, failPct: 10 },
  google_maps: { perHour: 4, failPct: 5 },
  text: { perHour: 4, failPct: 40 },
};

const shape = (at: number) => {
  const hour = new Date(at).getUTCHours();
  return hour >= 5 && hour < 22 ? 1 : 0.25;
};

interface ReplayShare {
  n: number;
  family: string;
  status: 'parsed' | 'failed';
  code: string | null;
  at: string;
}

/** Shares received in [from, to): evenly spread in each hour, failures spread evenly by a counter. */
function sharesBetween(
  from: number,
  to: number,
  counters: Map<string, number>,
  broken: (family: string, at: number) => boolean,
) {
  const out: ReplayShare[] = [];
  for (let hour = from - (from % HOUR); hour < to; hour += HOUR) {
    for (const [family, { perHour, failPct }] of Object.entries(TRAFFIC)) {
      const count = Math.round(perHour * shape(hour));
      for (let j = 0; j < count; j++) {
        const at = hour + ((j + 0.5) / count) * HOUR;
        if (at < from || at >= to) continue;
        const n = (counters.get(family) ?? 0) + 1;
        counters.set(family, n);
        const failed = broken(family, at) || (n * 37) % 100 < failPct;
        out.push({
          n: out.length,
          family,
          status: failed ? 'failed' : 'parsed',
          code: failed ? 'bad_link' : null,
          at: new Date(at).toISOString(),
        });
      }
    }
  }
  return out;
}

let seq = 0;
async function insertShares(handle: DatabaseHandle, userId: string, rows: ReplayShare[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => ({ ...r, n: seq++ }));
    await handle.db.execute(sql`
      insert into shares (user_id, content_hash, status, error_code, family, received_at, updated_at)
      select ${userId}, 'replay' || r.n, r.status, r.code, r.family, r.at::timestamptz, r.at::timestamptz
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(n int, status text, code text, family text, at text)`);
  }
}

describe(`the parser alarm over a replayed day on ${target.name}`, () => {
  let handle: DatabaseHandle;
  let userId: string;
  const warnings: Array<Record<string, unknown>> = [];
  const stepsRaised: Array<{ at: string; family: string }> = [];

  beforeAll(async () => {
    handle = await target.open();
    userId = (await createUserStore(handle.db).ensureLocalUser()).id;
    const counters = new Map<string, number>();
    await insertShares(
      handle,
      userId,
      sharesBetween(DAY - 7 * 86_400_000 - HOUR, DAY, counters, () => false),
    );
    const ops = createOpsStore(handle.db);
    const log = {
      warn: (obj: object) => warnings.push(obj as Record<string, unknown>),
      error: (obj: object) => {
        throw new Error(`parser health check failed: ${JSON.stringify(obj)}`);
      },
    };
    const broken = (family: string, at: number) => family === 'sbb_app_link' && at >= BREAKS_AT;
    for (let now = DAY + STEP; now <= DAY + 24 * HOUR; now += STEP) {
      await insertShares(handle, userId, sharesBetween(now - STEP, now, counters, broken));
      for (const alarm of await checkParserHealth({ ops, log }, new Date(now))) {
        stepsRaised.push({ at: new Date(now).toISOString(), family: alarm.family });
      }
    }
  }, 120_000);

  afterAll(() => handle?.close());

  it('fires for the failing family within the hour, then once an hour', () => {
    const first = stepsRaised[0];
    expect(first?.family).toBe('sbb_app_link');
    const firstAt = Date.parse(first?.at ?? '');
    expect(firstAt).toBeGreaterThan(BREAKS_AT);
    expect(firstAt - BREAKS_AT).toBeLessThanOrEqual(HOUR);
    // From then on, every busy hour has exactly one alarm for it; at night (2 shares an hour, below the
    // minimum of 5 an hour) it stays silent, and the day is not yet one of failures only.
    const hours = stepsRaised.filter((s) => s.family === 'sbb_app_link').map((s) => s.at.slice(0, 13));
    expect(new Set(hours).size).toBe(hours.length);
    expect(hours.map((h) => Number(h.slice(11)))).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22]);
    console.log(
      `parser alarm replay: app links break at 13:30 UTC, first alarm at ${first?.at.slice(11, 16)} UTC ` +
        `(${Math.round((firstAt - BREAKS_AT) / 60_000)} min later), ${hours.length} hourly alarms for sbb_app_link, ` +
        `${stepsRaised.length - hours.length} for other families, ${warnings.length} log events`,
    );
  });

  it('never fires for the healthy families, pasted text at its usual 40 % failures included', () => {
    expect(stepsRaised.filter((s) => s.family !== 'sbb_app_link')).toEqual([]);
  });

  it('logs one structured event per alarm: family, counts and at most five share ids, never content', () => {
    expect(warnings).toHaveLength(stepsRaised.length);
    const event = warnings[0]!;
    expect(event).toMatchObject({ event: 'parser_degraded', family: 'sbb_app_link', reason: 'failure_rate' });
    expect(event.failed).toBeGreaterThanOrEqual(3);
    const ids = event.exampleShareIds as string[];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(5);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(event).sort()).toEqual(
      [
        'baselineFailed',
        'baselineTotal',
        'event',
        'exampleShareIds',
        'failed',
        'family',
        'hour',
        'reason',
        'total',
      ].sort(),
    );
  });
});
