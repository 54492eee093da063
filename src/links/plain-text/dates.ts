/** The travel date of a pasted connection: numeric, spelled-out and relative dates, any weekday dropped. */
import { alternation, NOT_AFTER_WORD, NOT_BEFORE_WORD } from './regex.js';
import type { DateInfo } from './types.js';

const WEEKDAYS = [
  // Italian and French three-letter forms (`mar 1.12.`) besides the two-letter ones of trip-links.md §5.
  'lun',
  'mar',
  'mer',
  'gio',
  'jeu',
  'ven',
  'sab',
  'sam',
  'dom',
  'dim',
  'mo',
  'di',
  'mi',
  'do',
  'fr',
  'sa',
  'so',
  'lu',
  'ma',
  'me',
  'je',
  've',
  'gi',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'montag',
  'dienstag',
  'mittwoch',
  'donnerstag',
  'freitag',
  'samstag',
  'sonntag',
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
  'lunedì',
  'lunedi',
  'martedì',
  'martedi',
  'mercoledì',
  'mercoledi',
  'giovedì',
  'giovedi',
  'venerdì',
  'venerdi',
  'sabato',
  'domenica',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];
/** A weekday before a date is dropped, never checked: real links carry wrong ones (trip-links.md §5). */
const WEEKDAY_PREFIX = `(?:${NOT_AFTER_WORD}(?:${alternation(WEEKDAYS)})\\.?,?\\s*)?`;
export const WEEKDAY_ONLY = new RegExp(`^(?:${alternation(WEEKDAYS)})\\.?,?$`, 'iu');
const WEEKDAY_AT_START = new RegExp(`^(${alternation(WEEKDAYS)})(?!\\p{L})`, 'iu');

/**
 * The days of the week (0 = Sunday) a weekday word may mean. Two-letter forms clash across languages:
 * German `Di` is Tuesday, French `di` Sunday; German `Do` Thursday, Italian `do` Sunday.
 */
const WEEKDAY_NUMBERS: ReadonlyMap<string, readonly number[]> = new Map(
  (
    [
      [[0], 'so sun sonntag dom dimanche domenica sunday'],
      [[1], 'mo lu lun mon montag lundi lunedì lunedi monday'],
      [[2], 'ma mar tue tues dienstag mardi martedì martedi tuesday'],
      [[3], 'mi me mer wed mittwoch mercredi mercoledì mercoledi wednesday'],
      [[4], 'je gi gio jeu thu thur thurs donnerstag jeudi giovedì giovedi thursday'],
      [[5], 'fr ve ven fri freitag vendredi venerdì venerdi friday'],
      [[6], 'sa sab sam sat samstag samedi sabato saturday'],
      [[2, 0], 'di'],
      [[4, 0], 'do'],
    ] as const
  ).flatMap(([days, names]) => names.split(' ').map((name) => [name, days] as const)),
);

const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, 'januar jan jänner janvier janv gennaio genn gen january'],
      [2, 'februar feb février févr fevrier fevr febbraio february'],
      [3, 'märz mär maerz mars marzo mar march'],
      [4, 'april apr avril aprile'],
      [5, 'mai maggio mag may'],
      [6, 'juni jun juin giugno giu june'],
      [7, 'juli jul juillet juil luglio lug july'],
      [8, 'august aug août aout agosto ago'],
      [9, 'september sept sep septembre settembre set'],
      [10, 'oktober okt octobre oct ottobre ott october'],
      [11, 'november nov novembre'],
      [12, 'dezember dez décembre déc decembre dec dicembre dic december'],
    ] as const
  ).flatMap(([month, names]) => names.split(' ').map((name) => [name, month] as const)),
);
const MONTH = `(${alternation([...MONTHS.keys()])})\\.?`;

const DATE_PATTERNS: readonly { re: RegExp; read: (m: RegExpExecArray) => DateInfo | null }[] = [
  {
    // ISO, as in URLs.
    re: new RegExp(`${WEEKDAY_PREFIX}(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)`, 'iu'),
    read: (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }),
  },
  {
    // `30.11.2026`, `1.12.26`, `1.12.` (the trailing dot tells a date from the time `08.02`).
    re: new RegExp(
      `${WEEKDAY_PREFIX}(?<![\\d.:])(\\d{1,2})\\.\\s?(\\d{1,2})\\.(?:\\s?(\\d{4}|\\d{2})(?!\\d))?`,
      'iu',
    ),
    read: (m) => ({ year: readYear(m[3]), month: Number(m[2]), day: Number(m[1]) }),
  },
  {
    re: new RegExp(`${WEEKDAY_PREFIX}(?<![\\d.:])(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})(?!\\d)`, 'iu'),
    read: (m) => ({ year: readYear(m[3]), month: Number(m[2]), day: Number(m[1]) }),
  },
  {
    // `1. Dezember 2026`, `1 décembre`, `1 dicembre 2026`, `1 December 2026`.
    re: new RegExp(
      `${WEEKDAY_PREFIX}(?<![\\d.:])(\\d{1,2})(?:\\.|er|st|nd|rd|th)?\\s+${MONTH}(?!\\p{L})(?:\\s+(\\d{4}))?`,
      'iu',
    ),
    read: (m) => ({
      year: readYear(m[3]),
      month: MONTHS.get((m[2] ?? '').toLowerCase()) ?? 0,
      day: Number(m[1]),
    }),
  },
  {
    // `December 1, 2026`, `Dec 1`.
    re: new RegExp(
      `${WEEKDAY_PREFIX}${NOT_AFTER_WORD}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4}))?`,
      'iu',
    ),
    read: (m) => ({
      year: readYear(m[3]),
      month: MONTHS.get((m[1] ?? '').toLowerCase()) ?? 0,
      day: Number(m[2]),
    }),
  },
  {
    re: new RegExp(`${NOT_AFTER_WORD}(?:heute|today|aujourd'hui|aujourd’hui|oggi)${NOT_BEFORE_WORD}`, 'iu'),
    read: () => ({ daysFromNow: 0 }),
  },
  {
    re: new RegExp(`${NOT_AFTER_WORD}(?:morgen|tomorrow|demain|domani)${NOT_BEFORE_WORD}`, 'iu'),
    read: () => ({ daysFromNow: 1 }),
  },
];

function readYear(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const year = Number(raw);
  return raw.length === 2 ? 2000 + year : year;
}

/** The first date of a line, and the line without it (so its digits are not read as a time). */
export function takeDate(line: string): { date: DateInfo | null; rest: string } {
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.re.exec(line);
    if (match === null) continue;
    // `ab 12.06.` is a time with a full stop, not the 12th of June.
    if (/(?:^|\s)(?:ab|an|dep\.?|arr\.?|dép\.|part\.)\s*$/i.test(line.slice(0, match.index))) continue;
    const date = pattern.read(match);
    // Only a date without a year needs its weekday: it tells which year the traveller meant.
    if (date !== null && 'month' in date && date.year === null) {
      const word = WEEKDAY_AT_START.exec(match[0])?.[1]?.toLowerCase();
      const days = word === undefined ? undefined : WEEKDAY_NUMBERS.get(word);
      if (days !== undefined) date.weekdays = days;
    }
    // Without a year, 29 February is possible: check against a leap year.
    if (date !== null && 'month' in date && !isValidDay(date.year ?? 2024, date.month, date.day)) continue;
    return { date, rest: `${line.slice(0, match.index)} ${line.slice(match.index + match[0].length)}` };
  }
  return { date: null, rest: line };
}

export function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
