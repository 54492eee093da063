/**
 * One piece of a line, cut out by a layout, becomes items: a stop event when it holds one time,
 * otherwise a heading, a line label, a platform or perhaps a stop name.
 */
import { lineLabelAtStart, lineLabels } from './line-labels.js';
import { isNoisePiece } from './noise.js';
import { cleanName, looksLikeStopName, normalisePlatform, PLATFORM } from './stops.js';
import { isDepartureWord, type TimeGroup } from './times.js';
import type { HeaderItem, Item } from './types.js';

export const ARROW = /\s*(?:→|->|=>|⇒|➔|➜|⟶)\s*/u;
const DASH = /\s+(?:–|—|-)\s+/u;

/** A piece of text without a time: a heading, a line label, a platform, or perhaps a stop name. */
export function untimedItems(text: string, mayBeHeader: boolean): Item[] {
  const piece = text.trim();
  if (piece === '' || isNoisePiece(piece)) return [];
  const label = lineLabelAtStart(piece);
  if (label !== null) return [{ type: 'line', line: label }];
  const platformOnly = new RegExp(`^${PLATFORM.source}$`, 'iu').exec(piece);
  if (platformOnly !== null)
    return [{ type: 'platform', platform: normalisePlatform(platformOnly[1] ?? '') }];
  if (mayBeHeader) {
    const header = headerOf(piece);
    if (header !== null) return [header];
  }
  const name = cleanName(piece);
  return name === null ? [] : [{ type: 'text', text: name }];
}

/** `Bern → Zürich, ETH/Universitätsspital`, `Zürich HB – Bern`. */
export function headerOf(piece: string): HeaderItem | null {
  for (const [separator, arrow] of [
    [ARROW, true],
    [DASH, false],
  ] as const) {
    const parts = piece.split(separator);
    if (parts.length !== 2) continue;
    const from = cleanName(parts[0] ?? '');
    const to = cleanName(parts[1] ?? '');
    if (from !== null && to !== null && looksLikeStopName(from) && looksLikeStopName(to)) {
      return { type: 'header', from, to, arrow, inline: false };
    }
  }
  return null;
}

/** One stop event from a chunk holding exactly one time: whatever is not time, platform or line is the stop. */
export function eventItem(chunk: string, group: TimeGroup): Item {
  let rest = `${chunk.slice(0, group.start)} ${chunk.slice(group.end)}`;
  let platform: string | null = null;
  rest = rest.replace(PLATFORM, (_all, value: string) => {
    platform ??= normalisePlatform(value);
    return ' ';
  });
  const labels = lineLabels(rest);
  for (const found of [...labels].reverse()) {
    rest = `${rest.slice(0, found.start)} ${rest.slice(found.end)}`;
  }
  const line = labels[0]?.label ?? null;
  let kind = group.kind;
  let name = cleanName(rest);
  // `ab Zürich HB 8:02`: the word may sit at the far end of the stop name instead of beside the time.
  if (kind === null && name !== null) {
    const edge = /^(ab|an|dep\.?|arr\.?|dép\.|part\.)\s+(.+)$/iu.exec(name);
    if (edge !== null) {
      kind = isDepartureWord(edge[1] ?? '') ? 'dep' : 'arr';
      name = cleanName(edge[2] ?? '');
    }
  }
  return { type: 'event', event: { minuteOfDay: group.minuteOfDay, kind, name, platform, line } };
}
