/** Clock times and the departure/arrival words around them, in German, French, Italian and English. */
import { alternation, NOT_AFTER_WORD, NOT_BEFORE_WORD } from './regex.js';
import type { Kind } from './types.js';

const DEPARTURE_WORDS = [
  'ab',
  'abf.',
  'abfahrt',
  'dép.',
  'dép',
  'départ',
  'depart',
  'dep.',
  'dep',
  'departure',
  'departs',
  'part.',
  'part',
  'partenza',
  'parte',
];
const ARRIVAL_WORDS = [
  'an',
  'ank.',
  'ankunft',
  'arr.',
  'arr',
  'arrivée',
  'arrivee',
  'arrival',
  'arrives',
  'arrivo',
  'arriva',
];
export const KIND = `(?:${alternation([...DEPARTURE_WORDS, ...ARRIVAL_WORDS])})(?!\\p{L})`;
export const isDepartureWord = (word: string): boolean => DEPARTURE_WORDS.includes(word.toLowerCase());

/** `8:02`, `08:02`, `08.02`, `8h02`, optionally `Uhr`/`h` after. */
const TIME = `(?<![\\p{L}\\p{N}.:,/])([01]?\\d|2[0-3])[:.h]([0-5]\\d)(?!\\d)(?!\\.\\d)(?:\\s?(?:Uhr|h)${NOT_BEFORE_WORD})?`;
/**
 * A time with the departure/arrival word before it (`dép. 07:45`) or after it (`08:02 ab`); a word after
 * the time is not taken when another time follows (`dep 08:02 arr 08:58`).
 */
const TIME_GROUP = new RegExp(
  `(?:${NOT_AFTER_WORD}(${KIND})\\s*:?\\s*)?${TIME}(?:\\s*(${KIND})(?!\\s*:?\\s*\\d))?`,
  'dgiu',
);
const CURRENCY_BEFORE = /(?:CHF|Fr\.|EUR|€|\$|USD|GBP|£)\s*$/i;

export interface TimeGroup {
  start: number;
  end: number;
  minuteOfDay: number;
  kind: Kind | null;
}

export function timeGroups(text: string): TimeGroup[] {
  const groups: TimeGroup[] = [];
  for (const m of text.matchAll(TIME_GROUP)) {
    const timeStart = m.indices?.[2]?.[0] ?? m.index;
    if (CURRENCY_BEFORE.test(text.slice(0, timeStart))) continue;
    const word = m[1] ?? m[4];
    groups.push({
      start: m.index,
      end: m.index + m[0].length,
      minuteOfDay: Number(m[2]) * 60 + Number(m[3]),
      kind: word === undefined ? null : isDepartureWord(word) ? 'dep' : 'arr',
    });
  }
  return groups;
}
