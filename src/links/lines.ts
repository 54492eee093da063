import type { LegMode } from '../domain/trip.js';

/** A HAFAS line name split the way the trip screen shows it. */
export interface LineName {
  /** Category as written, upper case (`IR`, `T`, `BAT`); empty when there is no line. */
  category: string;
  /** Display form: category and line, e.g. `IR 90`, `T 6`, `BAT 3600`; null when there is no line. */
  line: string | null;
  /** The third token, e.g. `1820` in `IR 90 1820`; null when absent. */
  trainNumber: string | null;
}

const NO_LINE: LineName = { category: '', line: null, trainNumber: null };

/**
 * Splits a HKI line field. HAFAS writes `<category> <line> <train number>` (`IR 90 1820`, `IC 3 10104`),
 * trams and buses may stop after the line (`T 6`, `B 604`, `BAT 3600`), and old links pad with
 * spaces (`S 7     `, bookingAPI sample). JIT-Pack shows the first two tokens, so do we.
 */
export function parseLineName(raw: string): LineName {
  const tokens = tokenize(raw);
  const first = tokens[0];
  if (first === undefined) return NO_LINE;
  const line = tokens.length === 1 ? first : `${first} ${tokens[1]}`;
  const trainNumber = tokens.length > 2 ? tokens.slice(2).join(' ') : null;
  return { category: categoryOf(first), line, trainNumber };
}

/** Whitespace split without a regex: the field is short, and this runs for every leg of every share. */
function tokenize(raw: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 32;
    const space = c === 32 || c === 9 || c === 160;
    if (space) {
      if (start >= 0) tokens.push(raw.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return tokens;
}

/** `RE24` is written without a space in texts; its category is the leading letters. */
function categoryOf(token: string): string {
  let end = 0;
  while (end < token.length && !isDigit(token.charCodeAt(end))) end++;
  return (end === 0 ? token : token.slice(0, end)).toUpperCase();
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Categories that are not trains. Sources: trip-links.md §5 (JIT-Pack's boat/bus lists) and the HAFAS
 * category codes SBB uses for trams, cable cars and funiculars. Anything else with a line is a train.
 */
const MODES: ReadonlyMap<string, LegMode> = new Map<string, LegMode>([
  ['BAT', 'boat'],
  ['FAE', 'boat'],
  ['B', 'bus'],
  ['BUS', 'bus'],
  ['NFB', 'bus'],
  ['EV', 'bus'],
  ['BN', 'bus'],
  ['KB', 'bus'],
  ['CAR', 'bus'],
  ['T', 'tram'],
  ['TRAM', 'tram'],
  ['NFT', 'tram'],
  ['PB', 'cableway'],
  ['SL', 'cableway'],
  ['GB', 'cableway'],
  ['LB', 'cableway'],
  ['FUN', 'cableway'],
]);

/** Categories whose rides are not trains (for parsers that must recognise line names in text). */
export const NON_RAIL_CATEGORIES: readonly string[] = [...MODES.keys()];

/** The leg mode of a ride's category; a ride without a line is `other`. */
export function modeOfCategory(category: string): LegMode {
  if (category === '') return 'other';
  return MODES.get(category) ?? 'rail';
}

/** The HKI line field for a ride: the inverse of `parseLineName`. */
export function hkiLineName(line: string | null, trainNumber: string | null): string {
  if (line === null) return '';
  return trainNumber === null ? line : `${line} ${trainNumber}`;
}
