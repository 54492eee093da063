/**
 * Times, days and durations as every screen shows them: Europe/Zurich wall-clock times in the
 * traveller's locale, and one duration format everywhere ("3 min", "1 h 05 min"; seconds only where a
 * figure is about seconds, see `seconds`).
 */
import { locale } from './i18n/index.js';

const cache = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(kind: 'clock' | 'day' | 'dayShort'): Intl.DateTimeFormat {
  const key = `${locale.value}|${kind}`;
  let fmt = cache.get(key);
  if (!fmt) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'clock'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
          : { weekday: 'short', day: 'numeric', month: 'short' };
    fmt = new Intl.DateTimeFormat(locale.value, { timeZone: 'Europe/Zurich', ...options });
    cache.set(key, fmt);
  }
  return fmt;
}

/** "13:56": the Zurich wall-clock time of an instant. */
export const clock = (at: string | Date): string => dateTimeFormat('clock').format(new Date(at));
/** "Thu, 3 Dec 2026". */
export const day = (at: string | Date): string => dateTimeFormat('day').format(new Date(at));
/** "Thu, 3 Dec": for lists within the year. */
export const dayShort = (at: string | Date): string => dateTimeFormat('dayShort').format(new Date(at));

/**
 * A span of time, rounded to the minute: "45 s" under a minute, "12 min", "1 h 05 min".
 * Songs, legs, waits and trips all use this one format.
 */
export function duration(exactSeconds: number): string {
  const seconds = Math.max(0, Math.round(exactSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

const signedCache = new Map<string, Intl.NumberFormat>();
/** A signed deviation in seconds ("+0.042 s", "−1.8 s"), for how close a fit came. */
export function seconds(value: number): string {
  const digits = Math.abs(value) < 0.1 ? 3 : 1;
  const key = `${locale.value}|${digits}`;
  let fmt = signedCache.get(key);
  if (!fmt) {
    // Building a NumberFormat is costly (tens of ms over a long list on a slow phone): one per locale.
    fmt = new Intl.NumberFormat(locale.value, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay: 'always',
    });
    signedCache.set(key, fmt);
  }
  return `${fmt.format(value).replace('-', '−')} s`;
}
