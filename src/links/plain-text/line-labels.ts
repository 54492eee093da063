/** Line labels in pasted text: `IC 1`, `IR 90 1820` (with the train number), `TGV`, `Tram 10`. */
import { NON_RAIL_CATEGORIES } from '../lines.js';
import { startsWithDirection } from './noise.js';
import { alternation, NOT_AFTER_WORD, NOT_BEFORE_WORD } from './regex.js';
import type { LineLabel } from './types.js';

/** Train categories as they appear in pasted text; the non-train ones come from `lines.ts`. */
const RAIL_CATEGORIES = ['ICE', 'ICN', 'IC', 'IRE', 'IR', 'RE', 'RJX', 'RJ', 'EC', 'EN', 'NJ', 'TGV', 'PE'];
const MORE_RAIL_CATEGORIES = ['GEX', 'BEX', 'VAE', 'CC', 'EXT', 'TER', 'RB', 'SN', 'S', 'R', 'M'];
const NUMBERED_CATEGORIES = [...RAIL_CATEGORIES, ...MORE_RAIL_CATEGORIES, ...NON_RAIL_CATEGORIES];
/** Case-sensitive on purpose: `S 12` is a line, `s 12` is not. `IR 90 1820` carries the train number. */
const NUMBERED_LINE = new RegExp(
  `${NOT_AFTER_WORD}(${alternation(NUMBERED_CATEGORIES)})\\s?(\\d{1,4})(?:\\s(\\d{3,6}))?${NOT_BEFORE_WORD}`,
  'gu',
);
/** Trains named without a number. */
const BARE_LINE = new RegExp(
  `${NOT_AFTER_WORD}(TGV|ICE|EC|EN|NJ|RJX|PE|GEX|BEX|VAE)${NOT_BEFORE_WORD}`,
  'gu',
);
const WORD_LINE = new RegExp(`${NOT_AFTER_WORD}(tram|bus)\\s+(\\d{1,3})${NOT_BEFORE_WORD}`, 'giu');

export interface FoundLabel {
  label: LineLabel;
  start: number;
  end: number;
}

export function lineLabels(text: string): FoundLabel[] {
  const found: FoundLabel[] = [];
  for (const m of text.matchAll(NUMBERED_LINE)) {
    const category = m[1] ?? '';
    found.push({
      label: { display: `${category} ${Number(m[2])}`, category, trainNumber: m[3] ?? null },
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const m of text.matchAll(BARE_LINE)) {
    const category = m[1] ?? '';
    found.push({
      label: { display: category, category, trainNumber: null },
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const m of text.matchAll(WORD_LINE)) {
    const category = (m[1] ?? '').toLowerCase() === 'tram' ? 'T' : 'B';
    found.push({
      label: { display: `${category} ${Number(m[2])}`, category, trainNumber: null },
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  // `ICE 271` also matches as the bare `ICE`: keep the longer of overlapping matches.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: FoundLabel[] = [];
  for (const f of found) {
    const previous = kept[kept.length - 1];
    if (previous === undefined || f.start >= previous.end) kept.push(f);
  }
  return kept;
}

/** A line label alone, or leading a piece (`IC 1 Richtung St. Gallen`). */
export function lineLabelAtStart(piece: string): LineLabel | null {
  const labels = lineLabels(piece);
  const first = labels[0];
  if (first === undefined || first.start !== 0) return null;
  const rest = piece.slice(first.end).trim();
  if (rest === '' || startsWithDirection(rest) || /^[·•|,\-–—(]/.test(rest)) return first.label;
  return null;
}
