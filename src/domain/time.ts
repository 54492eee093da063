/**
 * Europe/Zurich time, computed without I/O.
 *
 * Switzerland has followed the EU summer-time rule since 1981: CEST (+02:00) from the last Sunday of
 * March 01:00 UTC to the last Sunday of October (September until 1995) 01:00 UTC, CET (+01:00) otherwise. The rule is computed
 * directly because the link decoders convert thousands of wall times per second; Intl is only the
 * fallback for dates before 1981.
 */

export const ZURICH = 'Europe/Zurich';

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** Which instant to take when a wall time occurs twice (the repeated hour in October). */
export type Ambiguity = 'earlier' | 'later';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function lastSundayUtc(year: number, month: number): number {
  // Day 0 of the next month is the last day of `month`.
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

const intlFallback = new Intl.DateTimeFormat('en-US', {
  timeZone: ZURICH,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function intlOffsetMinutes(epochMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of intlFallback.formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((asUtc - (epochMs - (epochMs % 1000))) / MINUTE_MS);
}

/** The UTC offset of Europe/Zurich at an instant, in minutes (60 or 120 since 1981). */
export function zurichOffsetMinutes(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  if (year < 1981) return intlOffsetMinutes(epochMs);
  const start = Date.UTC(year, 2, lastSundayUtc(year, 3), 1);
  // Until 1995 summer time ended on the last Sunday of September.
  const endMonth = year < 1996 ? 9 : 10;
  const end = Date.UTC(year, endMonth - 1, lastSundayUtc(year, endMonth), 1);
  return epochMs >= start && epochMs < end ? 120 : 60;
}

/**
 * The instant of a Europe/Zurich wall time. A wall time in the spring gap (02:00-02:59 on the last
 * Sunday of March) does not exist; it is read as the instant it would be with the winter offset, which
 * is what a clock moved forward shows (02:30 → 03:30 CEST).
 */
export function zurichToEpochMs(wall: WallTime, ambiguity: Ambiguity = 'earlier'): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const summer = naive - 120 * MINUTE_MS;
  const winter = naive - 60 * MINUTE_MS;
  const summerValid = zurichOffsetMinutes(summer) === 120;
  const winterValid = zurichOffsetMinutes(winter) === 60;
  if (summerValid && winterValid) return ambiguity === 'earlier' ? summer : winter;
  if (summerValid) return summer;
  if (winterValid) return winter;
  return winter;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The wall time in Europe/Zurich at an instant. */
export function zurichWallTime(epochMs: number): WallTime {
  const d = new Date(epochMs + zurichOffsetMinutes(epochMs) * MINUTE_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** ISO 8601 with the Europe/Zurich offset, e.g. `2026-10-10T10:58:00+02:00`. */
export function formatZurichIso(epochMs: number): string {
  const offset = zurichOffsetMinutes(epochMs);
  const w = zurichWallTime(epochMs);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${w.year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second ?? 0)}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** `YYYY-MM-DDTHH:MM` in Europe/Zurich: the short local form the fixtures and the UI use. */
export function formatZurichLocalMinute(epochMs: number): string {
  return formatZurichIso(epochMs).slice(0, 16);
}

/** Parses an ISO 8601 instant with an offset or `Z` (also `+0100` without a colon). */
export function parseInstant(iso: string): number {
  const normalised = iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${iso}`);
  return ms;
}

export const durations = { HOUR_MS, MINUTE_MS };
