/**
 * A connection pasted as text, in German, French, Italian or English. SBB's own share text is not
 * published (trip-links.md §0 #4), so nothing here depends on one layout: the text is read as a stream
 * of stop events (a time, maybe `ab`/`dép.`/`part.`/`dep`, a stop, a platform), line labels, walks,
 * a date and an optional "A → B" heading, and rides are formed from departure/arrival pairs.
 */
import { formatZurichIso, zurichToEpochMs, zurichWallTime } from '../domain/time.js';
import type { Leg, Stop, Trip } from '../domain/trip.js';
import { modeOfCategory, NON_RAIL_CATEGORIES } from './lines.js';
import { stationByName } from './stations.js';
import type { ParseContext, ParseOutcome } from './types.js';

type Kind = 'dep' | 'arr';

interface LineLabel {
  /** Display form, `IC 1`, `T 10`, `TGV`. */
  display: string;
  category: string;
  trainNumber: string | null;
}

interface StopEvent {
  /** Minutes after midnight, local time. */
  minuteOfDay: number;
  kind: Kind | null;
  name: string | null;
  platform: string | null;
  line: LineLabel | null;
}

type Item =
  | { type: 'event'; event: StopEvent }
  | { type: 'line'; line: LineLabel }
  | { type: 'walk'; minutes: number | null }
  | { type: 'text'; text: string }
  | { type: 'platform'; platform: string }
  /** `A → B`: on its own line the trip's ends; inside a line with times the stops of those times. */
  | { type: 'header'; from: string; to: string; arrow: boolean; inline: boolean };

interface Ride {
  dep: StopEvent;
  arr: StopEvent | null;
  line: LineLabel | null;
  /** A stated walk between the previous ride and this one, in minutes (null when no duration was given). */
  walkBefore: { minutes: number | null } | null;
}

type DateInfo = { year: number | null; month: number; day: number } | { daysFromNow: number };

// ---------------------------------------------------------------------------------------------------
// Vocabulary (trip-links.md §5)

const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}])';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');

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
const KIND = `(?:${alternation([...DEPARTURE_WORDS, ...ARRIVAL_WORDS])})(?!\\p{L})`;
const isDepartureWord = (word: string): boolean => DEPARTURE_WORDS.includes(word.toLowerCase());

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

const PLATFORM = new RegExp(
  `\\(?\\s*${NOT_AFTER_WORD}(?:gleis|gl\\.|gl(?=\\s)|voie|quai|binario|bin\\.|platform|pl\\.|track|kante|perron|steig|corsia|bay)` +
    `\\s*:?\\s*(\\d{1,2}[A-Z]{0,2}(?:\\s?[/-]\\s?\\d{1,2}[A-Z]{0,2})?|[A-Z]${NOT_BEFORE_WORD})\\s*\\)?`,
  'giu',
);

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

const WALK = /(?:fu(?:ss|ß)weg|zu fu(?:ss|ß)|à pied|a piedi|percorso a piedi|\bwalk(?:ing)?\b|on foot)/i;
const WALK_MINUTES = /(\d{1,3})\s*(?:min(?:\.|utes?|uten|uti|s)?|')(?!\p{L})/iu;
/** Summary lines repeat the duration (`Reisedauer 1 Std. 9 Min.`, `Durée 48 min, direct`) and would read as times. */
const SUMMARY =
  /^(?:reisedauer|dauer|fahrzeit|reisezeit|durée|duree|durata|duration|travel time|journey time|temps de (?:parcours|trajet)|tempo di (?:viaggio|percorrenza))\b|\b\d+\s*(?:umstiege?|changements?|cambi(?:o)?|changes?|transfers?)\b/iu;
/** The line's terminus ("IC 1 Richtung St. Gallen") is no stop of the trip. */
const DIRECTION = /^(?:richtung|direction|direzione|dir\.|towards)\s/i;
const TRANSFER_ONLY = /^(?:umsteigen|umstieg|changement|changer|cambiare|cambio|change|transfer)\.?$/i;

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
const WEEKDAY_ONLY = new RegExp(`^(?:${alternation(WEEKDAYS)})\\.?,?$`, 'iu');

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

const ARROW = /\s*(?:→|->|=>|⇒|➔|➜|⟶)\s*/u;
const DASH = /\s+(?:–|—|-)\s+/u;
/** Separators between the stops of a one-line connection, kept so an arrow can count as structure. */
const SEPARATOR = /(\s*(?:→|->|=>|⇒|➔|➜|⟶)\s*|\s+(?:–|—|-|\||>)\s+|\s*;\s*)/u;

// ---------------------------------------------------------------------------------------------------

/**
 * A pasted connection is a few hundred characters; these bounds keep hostile input (a long paste, a
 * line of hundreds of times) from costing more than a few milliseconds.
 */
const MAX_TEXT_LENGTH = 10_000;
const MAX_TIMES_PER_LINE = 12;

export function parsePlainText(text: string, ctx: ParseContext): ParseOutcome | null {
  if (text.length > MAX_TEXT_LENGTH) return null;
  const lines = text
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .split(/\r?\n|\r/);
  let date: DateInfo | null = null;
  const items: Item[] = [];
  let arrowSeparated = false;
  for (const rawLine of lines) {
    const found = takeDate(rawLine);
    date ??= found.date;
    const line = found.rest.replace(/\s+/g, ' ').trim();
    if (line === '') continue;
    const classified = classifyLine(line);
    if (classified.arrowSeparated) arrowSeparated = true;
    items.push(...classified.items);
  }
  const assembled = assembleRides(items);
  if (assembled === null) return null;
  const { rides, header } = assembled;
  const guessed = new Set<string>();
  if (!fillMissingNames(rides, header, guessed)) return null;
  const complete = rides as (Ride & { arr: StopEvent })[];
  const events = complete.flatMap((r) => [r.dep, r.arr]);
  if (events.some((e) => e.name === null || !looksLikeStopName(e.name))) return null;
  const structured =
    arrowSeparated ||
    header?.arrow === true ||
    events.some((e) => e.kind !== null || e.platform !== null) ||
    complete.some((r) => r.line !== null) ||
    events.every((e) => stationByName(e.name ?? '') !== undefined);
  if (!structured) return null;
  const trip = buildTrip(complete, date, ctx, guessed);
  return trip === null ? null : { status: 'parsed', trip };
}

// ---------------------------------------------------------------------------------------------------
// Lines → items

function takeDate(line: string): { date: DateInfo | null; rest: string } {
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.re.exec(line);
    if (match === null) continue;
    // `ab 12.06.` is a time with a full stop, not the 12th of June.
    if (/(?:^|\s)(?:ab|an|dep\.?|arr\.?|dép\.|part\.)\s*$/i.test(line.slice(0, match.index))) continue;
    const date = pattern.read(match);
    // Without a year, 29 February is possible: check against a leap year.
    if (date !== null && 'month' in date && !isValidDay(date.year ?? 2024, date.month, date.day)) continue;
    return { date, rest: `${line.slice(0, match.index)} ${line.slice(match.index + match[0].length)}` };
  }
  return { date: null, rest: line };
}

interface TimeGroup {
  start: number;
  end: number;
  minuteOfDay: number;
  kind: Kind | null;
}

function timeGroups(text: string): TimeGroup[] {
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

function classifyLine(line: string): { items: Item[]; arrowSeparated: boolean } {
  if (SUMMARY.test(line)) return { items: [], arrowSeparated: false };
  if (WALK.test(line)) {
    const minutes = WALK_MINUTES.exec(line);
    return {
      items: [{ type: 'walk', minutes: minutes === null ? null : Number(minutes[1]) }],
      arrowSeparated: false,
    };
  }
  const groups = timeGroups(line);
  if (groups.length > MAX_TIMES_PER_LINE) return { items: [], arrowSeparated: false };
  if (groups.length === 0) return { items: untimedItems(line, true), arrowSeparated: false };
  if (groups.length === 1) return { items: [eventItem(line, groups[0] as TimeGroup)], arrowSeparated: false };
  return timedLine(line, groups);
}

/** A piece of text without a time: a heading, a line label, a platform, or perhaps a stop name. */
function untimedItems(text: string, mayBeHeader: boolean): Item[] {
  const piece = text.trim();
  if (piece === '' || WEEKDAY_ONLY.test(piece) || TRANSFER_ONLY.test(piece) || DIRECTION.test(piece))
    return [];
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
function headerOf(piece: string): Item | null {
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

/** A line label alone, or leading a piece (`IC 1 Richtung St. Gallen`). */
function lineLabelAtStart(piece: string): LineLabel | null {
  const labels = lineLabels(piece);
  const first = labels[0];
  if (first === undefined || first.start !== 0) return null;
  const rest = piece.slice(first.end).trim();
  if (rest === '' || DIRECTION.test(rest) || /^[·•|,\-–—(]/.test(rest)) return first.label;
  return null;
}

interface FoundLabel {
  label: LineLabel;
  start: number;
  end: number;
}

function lineLabels(text: string): FoundLabel[] {
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

/** One stop event from a chunk holding exactly one time: whatever is not time, platform or line is the stop. */
function eventItem(chunk: string, group: TimeGroup): Item {
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

/**
 * A line with several times (`IC 1 Zürich HB 8:02 (Gl. 31) – Bern 8:58 (Gl. 7)`). It is cut into
 * one chunk per time: at the separators when they do that, otherwise with the stop names before the
 * times or after them, whichever reading yields the more plausible stops.
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
      if (header !== null && header.type === 'header') {
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

function normalisePlatform(raw: string): string {
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

function cleanName(raw: string): string | null {
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

function looksLikeStopName(name: string): boolean {
  if (name.length > 60 || /[!?@|→⇒➔➜⟶]|->|https?:|www\./i.test(name)) return false;
  return name.split(' ').length <= 6;
}

// ---------------------------------------------------------------------------------------------------
// Items → rides

function assembleRides(
  items: Item[],
): { rides: Ride[]; header: Extract<Item, { type: 'header' }> | null } | null {
  const rides: Ride[] = [];
  let header: Extract<Item, { type: 'header' }> | null = null;
  let open: Ride | null = null;
  let lastEvent: StopEvent | null = null;
  let textsSinceEvent: string[] = [];
  let pendingLine: LineLabel | null = null;
  let pendingPlatform: string | null = null;
  let pendingWalk: { minutes: number | null } | null = null;
  let routeNames: string[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'header':
        if (item.inline) routeNames = [item.from, item.to];
        else if (header === null && lastEvent === null) header = item;
        break;
      case 'line':
        if (open !== null && open.line === null) open.line = item.line;
        else pendingLine = item.line;
        break;
      case 'walk':
        if (open === null && rides.length > 0) pendingWalk = { minutes: item.minutes };
        break;
      case 'platform':
        if (lastEvent !== null && lastEvent.platform === null && textsSinceEvent.length === 0) {
          lastEvent.platform = item.platform;
        } else pendingPlatform = item.platform;
        break;
      case 'text':
        // A stop name on its own line belongs to the time above it when that one has none…
        if (lastEvent !== null && lastEvent.name === null) lastEvent.name = item.text;
        else textsSinceEvent.push(item.text);
        break;
      case 'event': {
        const event = item.event;
        // A named stop ends a `Zürich HB → Bern | 08:02 – 08:58` route; unnamed ones take its names in turn.
        if (event.name !== null) routeNames = [];
        event.name ??= routeNames.shift() ?? null;
        // …otherwise to the time below it.
        event.name ??= textsSinceEvent.pop() ?? null;
        event.platform ??= pendingPlatform;
        pendingPlatform = null;
        textsSinceEvent = [];
        const kind = event.kind ?? (open === null ? 'dep' : 'arr');
        if (kind === 'dep') {
          // A departure while a ride is still open, or an arrival without one: not a connection.
          if (open !== null) return null;
          open = { dep: event, arr: null, line: event.line ?? pendingLine, walkBefore: pendingWalk };
          pendingLine = null;
          pendingWalk = null;
        } else {
          if (open === null) return null;
          open.arr = event;
          open.line ??= event.line ?? pendingLine;
          pendingLine = null;
          rides.push(open);
          open = null;
        }
        lastEvent = event;
        break;
      }
    }
  }
  if (open !== null || rides.length === 0) return null;
  // A label after the last arrival (`arr. 08:33 …` then `IR 90`) can only belong to the last ride.
  const last = rides[rides.length - 1];
  if (last !== undefined && last.line === null) last.line = pendingLine;
  return { rides, header };
}

/**
 * Stops the text left unnamed: the heading names the trip's ends (`dep 23:35 Pl. 13` under
 * `Zürich HB → Luzern`); a change without a name is taken to be at the neighbouring ride's stop.
 */
function fillMissingNames(
  rides: Ride[],
  header: Extract<Item, { type: 'header' }> | null,
  guessed: Set<string>,
): boolean {
  rides.forEach((ride, i) => {
    if (ride.dep.name === null && i === 0) ride.dep.name = header?.from ?? null;
    if (ride.arr !== null && ride.arr.name === null && i === rides.length - 1)
      ride.arr.name = header?.to ?? null;
  });
  rides.forEach((ride, i) => {
    const previous = rides[i - 1];
    const next = rides[i + 1];
    if (ride.dep.name === null && previous?.arr?.name != null && ride.walkBefore === null) {
      ride.dep.name = previous.arr.name;
      guessed.add('stop');
    }
    if (
      ride.arr !== null &&
      ride.arr.name === null &&
      next !== undefined &&
      next.dep.name !== null &&
      next.walkBefore === null
    ) {
      ride.arr.name = next.dep.name;
      guessed.add('stop');
    }
  });
  return rides.every((r) => r.dep.name !== null && r.arr !== null && r.arr.name !== null);
}

// ---------------------------------------------------------------------------------------------------
// Rides → trip

interface Day {
  year: number;
  month: number;
  day: number;
}

const MAX_DAYS_SPANNED = 1;

function buildTrip(
  rides: (Ride & { arr: StopEvent })[],
  date: DateInfo | null,
  ctx: ParseContext,
  guessed: Set<string>,
): Trip | null {
  const events = rides.flatMap((r) => [r.dep, r.arr]);
  // Times only move forward: a smaller one is on the next day (22:40 → 06:10, trip-links.md §5).
  const dayOffsets: number[] = [];
  let offset = 0;
  events.forEach((event, i) => {
    const previous = events[i - 1];
    if (previous !== undefined && event.minuteOfDay < previous.minuteOfDay) offset++;
    dayOffsets.push(offset);
  });
  if (offset > MAX_DAYS_SPANNED) return null;
  const firstDay = tripDay(date, events, dayOffsets, ctx, guessed);
  if (firstDay === null) return null;
  const instants = events.map((event, i) => instantOf(firstDay, dayOffsets[i] ?? 0, event.minuteOfDay));

  const legs: Leg[] = [];
  rides.forEach((ride, i) => {
    const depAt = instants[2 * i] ?? 0;
    const arrAt = instants[2 * i + 1] ?? 0;
    const previous = rides[i - 1];
    if (ride.walkBefore !== null && previous !== undefined) {
      const walkStart = instants[2 * i - 1] ?? depAt;
      const stated = ride.walkBefore.minutes;
      const walkEnd = stated === null ? depAt : Math.min(depAt, walkStart + stated * 60_000);
      legs.push({
        mode: 'walk',
        line: null,
        trainNumber: null,
        from: stopOf(previous.arr),
        to: stopOf(ride.dep),
        departure: formatZurichIso(walkStart),
        arrival: formatZurichIso(walkEnd),
      });
    }
    legs.push({
      mode: ride.line === null ? 'other' : modeOfCategory(ride.line.category),
      line: ride.line?.display ?? null,
      trainNumber: ride.line?.trainNumber ?? null,
      from: stopOf(ride.dep),
      to: stopOf(ride.arr),
      departure: formatZurichIso(depAt),
      arrival: formatZurichIso(arrAt),
    });
  });
  const first = legs[0];
  const last = legs[legs.length - 1];
  const start = instants[0];
  const end = instants[instants.length - 1];
  if (first === undefined || last === undefined || start === undefined || end === undefined) return null;
  const trip: Trip = {
    source: 'plain-text',
    exactness: guessed.size > 0 ? 'approximate' : 'exact',
    origin: first.from.name,
    destination: last.to.name,
    departure: first.departure,
    arrival: last.arrival,
    durationSeconds: Math.round((end - start) / 1000),
    legs,
  };
  if (guessed.size > 0) trip.guessed = [...guessed];
  return trip;
}

/**
 * The day of the first departure. Without a year, the next occurrence on or after the day the text was
 * shared; without any date, today unless the trip would already be over, then tomorrow.
 */
function tripDay(
  date: DateInfo | null,
  events: StopEvent[],
  dayOffsets: number[],
  ctx: ParseContext,
  guessed: Set<string>,
): Day | null {
  const now = zurichWallTime(ctx.now);
  const today: Day = { year: now.year, month: now.month, day: now.day };
  if (date === null) {
    guessed.add('date');
    const lastIndex = events.length - 1;
    const arrival = instantOf(today, dayOffsets[lastIndex] ?? 0, events[lastIndex]?.minuteOfDay ?? 0);
    return arrival >= ctx.now ? today : addDays(today, 1);
  }
  if ('daysFromNow' in date) return addDays(today, date.daysFromNow);
  if (date.year !== null)
    return isValidDay(date.year, date.month, date.day) ? { ...date, year: date.year } : null;
  guessed.add('year');
  const beforeToday = date.month < today.month || (date.month === today.month && date.day < today.day);
  let year = beforeToday ? today.year + 1 : today.year;
  // 29 February without a year: the next year that has one.
  while (!isValidDay(year, date.month, date.day) && year < today.year + 8) year++;
  return isValidDay(year, date.month, date.day) ? { year, month: date.month, day: date.day } : null;
}

function instantOf(day: Day, offset: number, minuteOfDay: number): number {
  const d = addDays(day, offset);
  return zurichToEpochMs({
    year: d.year,
    month: d.month,
    day: d.day,
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
  });
}

function addDays(day: Day, days: number): Day {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function stopOf(event: StopEvent): Stop {
  const typed = event.name ?? '';
  const station = stationByName(typed);
  const stop: Stop = { name: station?.name ?? typed, uic: station?.uic ?? null, platform: event.platform };
  if (station?.lat !== undefined) stop.lat = station.lat;
  if (station?.lon !== undefined) stop.lon = station.lon;
  return stop;
}
