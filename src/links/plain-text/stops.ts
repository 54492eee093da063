/** Stop names and platforms as they are written around the times. */
import { NOT_AFTER_WORD, NOT_BEFORE_WORD } from './regex.js';

export const PLATFORM = new RegExp(
  `\\(?\\s*${NOT_AFTER_WORD}(?:gleis|gl\\.|gl(?=\\s)|voie|quai|binario|bin\\.|platform|plat\\.|plat(?=\\s)|pl\\.|track|kante|perron|steig|corsia|bay)` +
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
  // `• von Basel SBB, Abfahrt 09:47 Uhr Gl. 2 mit ICE 271` (DB Navigator): the word before the train.
  'mit',
  'avec',
  'con',
  'with',
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
  // A price (`CHF 33.00`, `17,20 €`) or an unclosed parenthesis is left-over noise, not a stop.
  if (/\d[.,]\d{2}(?!\d)|(?:CHF|EUR|€|£|\$)/.test(name)) return false;
  if ((name.match(/\(/g)?.length ?? 0) !== (name.match(/\)/g)?.length ?? 0)) return false;
  return name.split(' ').length <= 6;
}
