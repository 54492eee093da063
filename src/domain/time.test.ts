import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatZurichIso,
  parseInstant,
  zurichOffsetMinutes,
  zurichToEpochMs,
  zurichWallTime,
} from './time.js';

const intl = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Zurich', timeZoneName: 'longOffset' });
const intlOffset = (ms: number) => {
  const name = intl.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

describe('zurichOffsetMinutes', () => {
  it('agrees with the platform time-zone database for any instant 1970-2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(zurichOffsetMinutes(ms)).toBe(intlOffset(ms));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('zurichToEpochMs', () => {
  it('converts summer and winter wall times with their offsets', () => {
    expect(formatZurichIso(zurichToEpochMs({ year: 2026, month: 7, day: 5, hour: 13, minute: 2 }))).toBe(
      '2026-07-05T13:02:00+02:00',
    );
    expect(formatZurichIso(zurichToEpochMs({ year: 2026, month: 12, day: 5, hour: 13, minute: 2 }))).toBe(
      '2026-12-05T13:02:00+01:00',
    );
  });

  it('takes the earlier or later instant in the repeated October hour', () => {
    const wall = { year: 2026, month: 10, day: 25, hour: 2, minute: 30 };
    expect(formatZurichIso(zurichToEpochMs(wall, 'earlier'))).toBe('2026-10-25T02:30:00+02:00');
    expect(formatZurichIso(zurichToEpochMs(wall, 'later'))).toBe('2026-10-25T02:30:00+01:00');
  });

  it('moves a wall time in the March gap forward like the clock does', () => {
    const ms = zurichToEpochMs({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 });
    expect(formatZurichIso(ms)).toBe('2026-03-29T03:30:00+02:00');
  });

  it('round-trips every instant through its wall time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 378_691_200, max: 4_102_444_800 }), (seconds) => {
        const ms = seconds * 1000;
        const wall = zurichWallTime(ms);
        const back = [zurichToEpochMs(wall, 'earlier'), zurichToEpochMs(wall, 'later')];
        expect(back).toContain(ms);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseInstant', () => {
  it('reads offsets with and without a colon', () => {
    expect(parseInstant('2025-12-09T17:30:00+0100')).toBe(Date.UTC(2025, 11, 9, 16, 30));
    expect(parseInstant('2025-12-09T16:30:00Z')).toBe(Date.UTC(2025, 11, 9, 16, 30));
  });
  it('rejects text that is not an instant', () => {
    expect(() => parseInstant('tomorrow')).toThrow(RangeError);
  });
});
