/**
 * The layouts a line may have: a summary or a walk, no time, one time, or several times on one line
 * (`IC 1 Zürich HB 8:02 (Gl. 31) – Bern 8:58 (Gl. 7)`), which is cut into one piece per time.
 */
import { stationByName } from '../stations.js';
import { lineLabels } from './line-labels.js';
import { isSummaryLine, walkOf } from './noise.js';
import { ARROW, eventItem, headerOf, untimedItems } from './pieces.js';
import { NOT_AFTER_WORD } from './regex.js';
import { looksLikeStopName, PLATFORM } from './stops.js';
import { KIND, type TimeGroup, timeGroups } from './times.js';
import type { Item } from './types.js';

/** Keeps hostile input (a line of hundreds of times) to a few milliseconds; a real line has far fewer. */
const MAX_TIMES_PER_LINE = 12;

/** Separators between the stops of a one-line connection, kept so an arrow can count as structure. */
const SEPARATOR = /(\s*(?:→|->|=>|⇒|➔|➜|⟶)\s*|\s+(?:–|—|-|\||>)\s+|\s*;\s*)/u;

export function classifyLine(line: string): { items: Item[]; arrowSeparated: boolean } {
  if (isSummaryLine(line)) return { items: [], arrowSeparated: false };
  const walk = walkOf(line);
  if (walk !== null) return { items: [{ type: 'walk', minutes: walk.minutes }], arrowSeparated: false };
  const groups = timeGroups(line);
  if (groups.length > MAX_TIMES_PER_LINE) return { items: [], arrowSeparated: false };
  if (groups.length === 0) return { items: untimedItems(line, true), arrowSeparated: false };
  if (groups.length === 1) return { items: [eventItem(line, groups[0] as TimeGroup)], arrowSeparated: false };
  return timedLine(line, groups);
}

/**
 * A line with several times is cut into one chunk per time: at the separators when they do that,
 * otherwise with the stop names before the times or after them, whichever reading yields the more
 * plausible stops.
 */
function timedLine(line: string, groups: TimeGroup[]): { items: Item[]; arrowSeparated: boolean } {
  const candidates: { items: Item[]; score: number; arrow: boolean }[] = [];
  const bySeparator = separatorSplit(line);
  if (bySeparator !== null) candidates.push({ ...bySeparator, score: scoreItems(bySeparator.items) + 1 });
  const namesBefore = splitAt(line, groups, 'names-before');
  const namesAfter = splitAt(line, groups, 'names-after');
  const prefersBefore = /\p{L}/u.test(stripLabels(line.slice(0, groups[0]?.start ?? 0)));
  candidates.push({
    items: namesBefore,
    score: scoreItems(namesBefore) + (prefersBefore ? 0.5 : 0),
    arrow: false,
  });
  candidates.push({
    items: namesAfter,
    score: scoreItems(namesAfter) + (prefersBefore ? 0 : 0.5),
    arrow: false,
  });
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  return { items: best.items, arrowSeparated: best.arrow };
}

function separatorSplit(line: string): { items: Item[]; arrow: boolean } | null {
  const parts = line.split(SEPARATOR);
  const pieces: string[] = [];
  const separators: string[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) pieces.push(part);
    else separators.push(part);
  });
  const timed = pieces.map((p) => timeGroups(p));
  if (timed.some((g) => g.length > 1) || timed.filter((g) => g.length === 1).length < 2) return null;
  const items: Item[] = [];
  let arrow = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    const group = timed[i]?.[0];
    if (group !== undefined) {
      items.push(eventItem(piece, group));
      if (i > 0 && ARROW.test(separators[i - 1] ?? '')) arrow = true;
      continue;
    }
    // `Zürich HB → Bern | 08:02 – 08:58`: two untimed pieces joined by an arrow are the heading.
    const next = pieces[i + 1];
    if (next !== undefined && timed[i + 1]?.length === 0 && ARROW.test(separators[i] ?? '')) {
      const header = headerOf(`${piece} → ${next}`);
      if (header !== null) {
        items.push({ ...header, inline: true });
        i++;
        continue;
      }
    }
    items.push(...untimedItems(piece, false));
  }
  return { items, arrow };
}

function splitAt(line: string, groups: TimeGroup[], names: 'names-before' | 'names-after'): Item[] {
  const items: Item[] = [];
  if (names === 'names-after') {
    items.push(...untimedItems(line.slice(0, groups[0]?.start ?? 0), false));
    groups.forEach((group, i) => {
      const end = groups[i + 1]?.start ?? line.length;
      items.push(
        eventItem(line.slice(group.start, end), { ...group, start: 0, end: group.end - group.start }),
      );
    });
    return items;
  }
  let from = 0;
  groups.forEach((group, i) => {
    let end = i === groups.length - 1 ? line.length : group.end;
    // A platform right after the time belongs to that stop: `Zürich HB 8:02 (Gl. 31) Bern 8:58`.
    const trailing = new RegExp(`^\\s*,?\\s*${PLATFORM.source}`, 'iu').exec(line.slice(end));
    if (i < groups.length - 1 && trailing !== null) end += trailing[0].length;
    items.push(
      eventItem(line.slice(from, end), { ...group, start: group.start - from, end: group.end - from }),
    );
    from = end;
  });
  return items;
}

function scoreItems(items: Item[]): number {
  const names = items.flatMap((item) => {
    if (item.type === 'event') return item.event.name === null ? [] : [item.event.name];
    return item.type === 'header' ? [item.from, item.to] : [];
  });
  let score = 0;
  for (const name of names) {
    if (!looksLikeStopName(name)) score -= 2;
    else score += stationByName(name) !== undefined ? 4 : 1;
  }
  return score;
}

function stripLabels(text: string): string {
  let rest = text.replace(PLATFORM, ' ');
  for (const found of lineLabels(rest).reverse())
    rest = `${rest.slice(0, found.start)} ${rest.slice(found.end)}`;
  return rest.replace(new RegExp(`${NOT_AFTER_WORD}${KIND}`, 'giu'), ' ');
}
