import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../test/support/memory-stores.js';
import type { FamilyCounts, ParserAlarmRow } from '../db/analytics.js';
import { runParseWorker } from '../jobs/parse-worker.js';
import { checkParserHealth, degradedFamilies } from './parser-health.js';

const counts = (family: string, c: Partial<FamilyCounts>): FamilyCounts => ({
  family,
  recentTotal: 0,
  recentFailed: 0,
  baselineTotal: 0,
  baselineFailed: 0,
  todayTotal: 0,
  todayFailed: 0,
  yesterdayParsed: 0,
  ...c,
});

describe('degradedFamilies', () => {
  it('flags a family whose last hour fails well above its baseline', () => {
    const degraded = degradedFamilies([
      counts('sbb_app_link', { recentTotal: 20, recentFailed: 15, baselineTotal: 2000, baselineFailed: 40 }),
      counts('sbb_trip_link', { recentTotal: 50, recentFailed: 2, baselineTotal: 5000, baselineFailed: 100 }),
    ]);
    expect(degraded.map((d) => [d.family, d.reason])).toEqual([['sbb_app_link', 'failure_rate']]);
  });

  it('needs a minimum count: four failures of four is not yet an alarm', () => {
    expect(
      degradedFamilies([counts('google_maps', { recentTotal: 4, recentFailed: 4, baselineTotal: 900 })]),
    ).toEqual([]);
  });

  it('compares with the family own baseline: pasted text that often fails is not degraded at its usual rate', () => {
    const text = counts('text', {
      recentTotal: 30,
      recentFailed: 18,
      baselineTotal: 3000,
      baselineFailed: 1500,
    });
    expect(degradedFamilies([text])).toEqual([]);
    expect(degradedFamilies([{ ...text, recentFailed: 27 }]).map((d) => d.family)).toEqual(['text']);
  });

  it('flags a family that parsed yesterday and fails entirely today, even when rare', () => {
    const rare = counts('apple_maps', {
      todayTotal: 3,
      todayFailed: 3,
      yesterdayParsed: 2,
      baselineTotal: 20,
    });
    expect(degradedFamilies([rare]).map((d) => d.reason)).toEqual(['fails_entirely']);
    expect(degradedFamilies([{ ...rare, yesterdayParsed: 0 }])).toEqual([]);
    expect(degradedFamilies([{ ...rare, todayFailed: 2 }])).toEqual([]);
  });
});

describe('checkParserHealth', () => {
  const now = new Date('2026-11-24T09:40:00Z');
  const setup = () => {
    const alarms: ParserAlarmRow[] = [];
    const warnings: Array<Record<string, unknown>> = [];
    const ops = {
      familyCounts: async () => [
        counts('sbb_app_link', { recentTotal: 10, recentFailed: 10, baselineTotal: 500, baselineFailed: 5 }),
        counts('sbb_trip_link', { recentTotal: 10, recentFailed: 0, baselineTotal: 500 }),
      ],
      failedShareIds: async () =>
        Array.from({ length: 8 }, (_, i) => ({ id: `share-${i}`, family: 'sbb_app_link' })),
      raiseParserAlarm: async (alarm: ParserAlarmRow) => {
        if (alarms.some((a) => a.family === alarm.family && a.hour.getTime() === alarm.hour.getTime()))
          return false;
        alarms.push(alarm);
        return true;
      },
    };
    const log = {
      warn: (obj: object) => warnings.push(obj as Record<string, unknown>),
      error: () => {
        throw new Error('unexpected error log');
      },
    };
    return { alarms, warnings, deps: { ops, log } };
  };

  it('logs one parser_degraded event per family and hour, with at most five share ids', async () => {
    const { alarms, warnings, deps } = setup();
    await checkParserHealth(deps, now);
    await checkParserHealth(deps, new Date('2026-11-24T09:55:00Z'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      event: 'parser_degraded',
      family: 'sbb_app_link',
      total: 10,
      failed: 10,
      hour: '2026-11-24T09:00:00.000Z',
    });
    expect(warnings[0]?.exampleShareIds).toEqual(['share-0', 'share-1', 'share-2', 'share-3', 'share-4']);
    expect(alarms).toHaveLength(1);
    // The next hour is a new alarm.
    await checkParserHealth(deps, new Date('2026-11-24T10:05:00Z'));
    expect(warnings).toHaveLength(2);
  });

  it('logs a failing check and returns nothing instead of failing the worker run', async () => {
    const errors: unknown[] = [];
    const raised = await checkParserHealth(
      {
        ops: {
          familyCounts: async () => {
            throw new Error('connection refused');
          },
          failedShareIds: async () => [],
          raiseParserAlarm: async () => true,
        },
        log: { warn: () => {}, error: (obj) => errors.push(obj) },
      },
      now,
    );
    expect(raised).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});

describe('the parse worker runs the check', () => {
  it('once at the end of each run, and reports the families it raised', async () => {
    const stores = createMemoryStores();
    const checked: Date[] = [];
    const now = new Date('2026-11-24T09:40:00Z');
    const summary = await runParseWorker({
      store: stores.shares,
      shares: { processShare: async () => ({}) } as never,
      clock: () => now,
      checkParserHealth: async (at) => {
        checked.push(at);
        return [{ family: 'sbb_app_link' }];
      },
    });
    expect(checked).toEqual([now]);
    expect(summary).toMatchObject({ claimed: 0, degraded: ['sbb_app_link'] });
  });
});
