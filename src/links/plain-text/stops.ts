/** Stop names and platforms as they are written around the times. */
import { NOT_AFTER_WORD, NOT_BEFORE_WORD } from './regex.js';

export const PLATFORM = new RegExp(
  `\\(?\\s*${NOT_AFTER_WORD}(?:gleis|gl\\.|gl(?=\\s)|voie|quai|binario|bin\\.|platform|pl\\.|track|kante|perron|steig|corsia|bay)` +
    `\\s*:?\\s*(\\d{1,2}[A-Z]{0,2}(?:\\s?[/-]\\s?\\d{1,2}[A-Z]{0,2})?|[A-Z]${NOT_BEFORE_WORD})\\s*\\)?`,
  'giu',
);

export function normalisePlatform(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

const EDGE_PUNCTUATION = /^[\s,;:·•|()[\]\-–—>→=*"'«»]+|[\s,;:·•|()[\]\-–—>→=*"'«»]+$/gu;
/** Words around a stop name in running text (`um`, `in`, `à`): never part of a Swiss station name's edge. */
const FILLERS = new Set([
  'um',
  'in',
  'at',
  'à',
  'a',
  'en',
  'nach',
  'von',
  'from',
  'to',
  'de',
  'da',
  'bei',
  'via',
  'vers',
  'per',
  'für',
  'for',
  'ab',
  'an',
]);

export function cleanName(raw: string): string | null {
  let name = raw
    .replace(/\(\s*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(EDGE_PUNCTUATION, '');
  for (;;) {
    const words = name.split(' ');
    if (words.length < 2) break;
    if (FILLERS.has((words[0] ?? '').toLowerCase())) words.shift();
    else if (FILLERS.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
    else break;
    name = words.join(' ').replace(EDGE_PUNCTUATION, '');
  }
  return name === '' || !/\p{L}/u.test(name) ? null : name;
}

export function looksLikeStopName(name: string): boolean {
  if (name.length > 60 || /[!?@|→⇒➔➜⟶]|->|https?:|www\./i.test(name)) return false;
  return name.split(' ').length <= 6;
}
