/**
 * A connection pasted as text, in German, French, Italian or English. SBB's own share text is not
 * published (trip-links.md §0 #4), so nothing here depends on one layout: the text is read as a stream
 * of stop events (a time, maybe `ab`/`dép.`/`part.`/`dep`, a stop, a platform), line labels, walks,
 * a date and an optional "A → B" heading, and rides are formed from departure/arrival pairs.
 *
 * Stages: each line loses its date (`dates.ts`) and is cut into items by its layout (`layouts.ts`,
 * `pieces.ts`); the items become rides (`rides.ts`) and the rides a trip (`trip.ts`).
 */
import type { TripGuess } from '../../domain/trip.js';
import { stationByName } from '../stations.js';
import type { ParseContext, ParseOutcome } from '../types.js';
import { takeDate } from './dates.js';
import { classifyLine } from './layouts.js';
import { isNoiseLine, withoutSeats } from './noise.js';
import { assembleRides, fillMissingNames } from './rides.js';
import { looksLikeStopName } from './stops.js';
import { buildTrip } from './trip.js';
import type { DateInfo, Item, Ride, StopEvent } from './types.js';

/**
 * A pasted connection is a few hundred characters; this bound (and the one on times per line) keeps
 * hostile input from costing more than a few milliseconds.
 */
const MAX_TEXT_LENGTH = 10_000;

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
    if (isNoiseLine(rawLine)) continue;
    const found = takeDate(withoutSeats(rawLine));
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
  const guessed = new Set<TripGuess>();
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
