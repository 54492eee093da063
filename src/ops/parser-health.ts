/**
 * The parser alarm. The self-test only proves that the built-in canaries decode; live traffic tells
 * when a format changed under us (an SBB app update writes a new link, Google moves a parameter).
 * Each parse-worker run compares every share family's last hour with its own 7-day baseline and
 * raises one `parser_degraded` event per degraded family and hour: counts and share ids, never what
 * was shared. The rule is pure (`degradedFamilies`); `checkParserHealth` does the I/O around it.
 */

import type { FamilyCounts, OpsStore, ParserAlarmRow } from '../db/analytics.js';

export interface ParserHealthRule {
  /** Shares of the family in the last hour before a failure rate there means anything. */
  minRecent: number;
  /** The last hour's failure rate must be at least this… */
  minRecentRate: number;
  /** …and this much above the baseline's (absolute: 0.3 = 30 percentage points). */
  marginOverBaseline: number;
  /** A family that parsed yesterday and failed every one of at least this many shares today. */
  minTodayAllFailed: number;
}

export const DEFAULT_RULE: ParserHealthRule = {
  minRecent: 5,
  minRecentRate: 0.5,
  marginOverBaseline: 0.3,
  minTodayAllFailed: 3,
};

export type DegradedReason = 'failure_rate' | 'fails_entirely';

export interface DegradedFamily {
  family: string;
  reason: DegradedReason;
  counts: FamilyCounts;
}

/**
 * The baseline's failure rate, pulled towards one half when there is little history (Laplace's rule:
 * one failure and one success added), so a family with no baseline must fail nearly always to alarm.
 */
export const baselineRate = (c: FamilyCounts): number => (c.baselineFailed + 1) / (c.baselineTotal + 2);

export function degradedFamilies(
  counts: readonly FamilyCounts[],
  rule: ParserHealthRule = DEFAULT_RULE,
): DegradedFamily[] {
  const out: DegradedFamily[] = [];
  for (const c of counts) {
    const recentRate = c.recentTotal === 0 ? 0 : c.recentFailed / c.recentTotal;
    if (
      c.recentTotal >= rule.minRecent &&
      recentRate >= rule.minRecentRate &&
      recentRate >= baselineRate(c) + rule.marginOverBaseline
    ) {
      out.push({ family: c.family, reason: 'failure_rate', counts: c });
    } else if (
      c.yesterdayParsed > 0 &&
      c.todayTotal >= rule.minTodayAllFailed &&
      c.todayFailed === c.todayTotal
    ) {
      out.push({ family: c.family, reason: 'fails_entirely', counts: c });
    }
  }
  return out;
}

const HOUR_MS = 3_600_000;
export const MAX_EXAMPLES = 5;

export interface ParserHealthDeps {
  ops: Pick<OpsStore, 'familyCounts' | 'failedShareIds' | 'raiseParserAlarm'>;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  rule?: ParserHealthRule;
}

/**
 * Checks the families and raises the alarms of this hour not raised yet (by this or another worker:
 * the alarm's row is the lock). Returns the alarms this call raised. A failing check is logged, never
 * thrown: the parse worker's run must not fail over it.
 */
export async function checkParserHealth(deps: ParserHealthDeps, now: Date): Promise<ParserAlarmRow[]> {
  try {
    const degraded = degradedFamilies(await deps.ops.familyCounts(now), deps.rule);
    if (degraded.length === 0) return [];
    const examples = await deps.ops.failedShareIds(
      degraded.map((d) => d.family),
      new Date(now.getTime() - 24 * HOUR_MS),
      MAX_EXAMPLES * degraded.length * 4,
    );
    const hour = new Date(now.getTime() - (now.getTime() % HOUR_MS));
    const raised: ParserAlarmRow[] = [];
    for (const d of degraded) {
      const alarm: ParserAlarmRow = {
        hour,
        family: d.family,
        reason: d.reason,
        total: d.reason === 'failure_rate' ? d.counts.recentTotal : d.counts.todayTotal,
        failed: d.reason === 'failure_rate' ? d.counts.recentFailed : d.counts.todayFailed,
        baselineTotal: d.counts.baselineTotal,
        baselineFailed: d.counts.baselineFailed,
        exampleShareIds: examples
          .filter((e) => e.family === d.family)
          .slice(0, MAX_EXAMPLES)
          .map((e) => e.id),
        raisedAt: now,
      };
      if (!(await deps.ops.raiseParserAlarm(alarm))) continue;
      raised.push(alarm);
      // The line an alert rule matches on ("event":"parser_degraded", docs/operations.md).
      deps.log.warn(
        {
          event: 'parser_degraded',
          family: alarm.family,
          reason: alarm.reason,
          hour: alarm.hour.toISOString(),
          total: alarm.total,
          failed: alarm.failed,
          baselineTotal: alarm.baselineTotal,
          baselineFailed: alarm.baselineFailed,
          exampleShareIds: alarm.exampleShareIds,
        },
        `parser degraded: ${alarm.family}`,
      );
    }
    return raised;
  } catch (err) {
    deps.log.error({ err }, 'parser health check failed');
    return [];
  }
}
