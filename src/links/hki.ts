/**
 * The HAFAS reconstruction ("HKI") legs inside SBB trip links (trip-links.md §1.3):
 *
 *   <kind>$<from>$<to>$<dep yyyyMMddHHmm>$<arr yyyyMMddHHmm>$<line>$$1$$$$$$   legs joined by `§`
 *   location: A=1@O=<name>@X=<lon×1e6>@Y=<lat×1e6>@L=<UIC>@a=128@   (A=2: address or coordinate, no L)
 *
 * Times are Europe/Zurich wall time without an offset.
 */

import { AppError } from '../domain/errors.js';
import {
  formatZurichIso,
  parseInstant,
  type WallTime,
  zurichOffsetMinutes,
  zurichToEpochMs,
  zurichWallTime,
} from '../domain/time.js';
import { type Leg, MAX_TRIP_LEGS, type Stop, type Trip, type TripSource } from '../domain/trip.js';
import { hkiLineName, modeOfCategory, parseLineName } from './lines.js';
import type { ShareErrorCode } from './types.js';

/** A share that cannot become a trip; `parseShare` turns it into a `failed` outcome. */
export class ShareDecodeError extends AppError {
  declare readonly code: ShareErrorCode;

  constructor(code: ShareErrorCode, message: string) {
    super(code, message);
    this.name = 'ShareDecodeError';
  }
}

const badLeg = (index: number, why: string) =>
  new ShareDecodeError('bad_leg', `Leg ${index + 1} of the trip could not be read (${why}).`);

/**
 * UTC offsets the link states elsewhere for a wall time (the 3HA stop list carries ISO times with
 * offsets). Only consulted for wall times in the repeated October hour.
 */
export interface OffsetHints {
  /** Offset in minutes for this stop (`uic` null for an address) at this `yyyyMMddHHmm`, if known. */
  offsetFor(uic: string | null, wall: string): number | undefined;
}

export interface HkiLegs {
  legs: Leg[];
  departureMs: number;
  arrivalMs: number;
}

const SECTION = '¶';
const HKI_SECTION = '¶HKI¶';
const LEG_SEPARATOR = '§';

/** The HKI value of a reconstruction string `¶HKI¶…¶GP¶…`, or null when it has none. */
export function hkiSection(recon: string): string | null {
  const at = recon.indexOf(HKI_SECTION);
  if (at < 0) return null;
  const start = at + HKI_SECTION.length;
  const end = recon.indexOf(SECTION, start);
  return end < 0 ? recon.slice(start) : recon.slice(start, end);
}

/** Reads every leg; one unreadable leg fails the whole trip (no partial journeys, trip-links.md §1.3). */
export function readHkiLegs(hki: string, hints?: OffsetHints): HkiLegs {
  const parts = hki.split(LEG_SEPARATOR);
  // A trailing `§` leaves an empty last part; an empty part in the middle is a damaged link.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') {
    throw new ShareDecodeError('bad_link', 'The trip link holds no legs.');
  }
  // `parseShare` checks every trip's bounds; refusing here first spares reading thousands of legs.
  if (parts.length > MAX_TRIP_LEGS) {
    throw new ShareDecodeError(
      'trip_too_long',
      `The trip is longer than Railtape takes (${parts.length} legs, at most ${MAX_TRIP_LEGS}).`,
    );
  }
  const legs: Leg[] = [];
  const clock = { previousMs: Number.NEGATIVE_INFINITY, hints };
  let departureMs = 0;
  let arrivalMs = 0;
  for (let i = 0; i < parts.length; i++) {
    const leg = readLeg(parts[i] as string, i, clock);
    if (i === 0) departureMs = leg.departureMs;
    arrivalMs = leg.arrivalMs;
    legs.push(leg.leg);
  }
  if (arrivalMs < departureMs) throw badLeg(parts.length - 1, 'the trip ends before it starts');
  return { legs, departureMs, arrivalMs };
}

interface Clock {
  previousMs: number;
  hints: OffsetHints | undefined;
}

function readLeg(
  raw: string,
  index: number,
  clock: Clock,
): { leg: Leg; departureMs: number; arrivalMs: number } {
  const fields = leadingFields(raw);
  if (fields.length < 5) throw badLeg(index, 'too few fields');
  const kind = fields[0] as string;
  const walk = kind === 'W' || kind === 'G@F';
  if (!walk && kind !== 'T') throw badLeg(index, `unknown leg kind "${kind.slice(0, 8)}"`);
  const from = readLocation(fields[1] as string, index);
  const to = readLocation(fields[2] as string, index);
  const departure = readTime(fields[3] as string, from.uic, index, clock);
  const arrival = readTime(fields[4] as string, to.uic, index, clock);
  if (arrival.ms < departure.ms) throw badLeg(index, 'it arrives before it departs');
  const name = walk ? null : parseLineName(fields[5] ?? '');
  const leg: Leg = {
    mode: name === null ? 'walk' : modeOfCategory(name.category),
    line: name === null ? null : name.line,
    trainNumber: name === null ? null : name.trainNumber,
    from,
    to,
    departure: departure.iso,
    arrival: arrival.iso,
  };
  return { leg, departureMs: departure.ms, arrivalMs: arrival.ms };
}

/** The first six `$` fields (kind, from, to, dep, arr, line); the trailing `$$1$$$$$$` is not used. */
function leadingFields(raw: string): string[] {
  const fields: string[] = [];
  let start = 0;
  while (fields.length < 6) {
    const end = raw.indexOf('$', start);
    if (end < 0) {
      fields.push(raw.slice(start));
      break;
    }
    fields.push(raw.slice(start, end));
    start = end + 1;
  }
  return fields;
}

const NOT_BLANK = /\S/;

/**
 * `A=1@O=Bern@X=7439131@Y=46948834@L=8507000@a=128@`: walked with indexOf rather than split, since it
 * runs twice per leg of every share.
 */
function readLocation(raw: string, index: number): Stop {
  let type = false;
  let name: string | null = null;
  let uic: string | null = null;
  let x: number | null = null;
  let y: number | null = null;
  let pos = 0;
  while (pos < raw.length) {
    let at = raw.indexOf('@', pos);
    if (at < 0) at = raw.length;
    if (at > pos) {
      const eq = raw.indexOf('=', pos);
      // HAFAS never puts `@` in a value, so a part without `=` means the location was cut or mangled.
      if (eq <= pos || eq > at) throw badLeg(index, 'a stop is malformed');
      if (eq === pos + 1) {
        switch (raw.charCodeAt(pos)) {
          case 65: // A: 1 = stop, 2 = address or coordinate, 4 = point of interest
            if (!isDigitRun(raw, eq + 1, at)) throw badLeg(index, 'a stop has no type');
            type = true;
            break;
          case 79: // O
            name = raw.slice(eq + 1, at);
            break;
          case 76: // L
            uic = readUic(raw, eq + 1, at, index);
            break;
          case 88: // X
            x = readMicroDegrees(raw, eq + 1, at, index);
            break;
          case 89: // Y
            y = readMicroDegrees(raw, eq + 1, at, index);
            break;
        }
      }
    }
    pos = at + 1;
  }
  if (!type) throw badLeg(index, 'a stop has no type');
  if (name === null || !NOT_BLANK.test(name)) throw badLeg(index, 'a stop has no name');
  // X is the longitude and Y the latitude, both ×1e6 (decoded real links: Bern X=7439131 Y=46948834).
  return { name, uic, platform: null, lat: y === null ? null : y / 1e6, lon: x === null ? null : x / 1e6 };
}

function readUic(raw: string, start: number, end: number, index: number): string {
  if (!isDigitRun(raw, start, end)) throw badLeg(index, 'a stop id is not numeric');
  // Some HAFAS exports pad the 7-digit UIC to 9 digits (`008503000`); SBB links use the short form.
  const padded = end - start === 9 && raw.charCodeAt(start) === 48 && raw.charCodeAt(start + 1) === 48;
  return raw.slice(padded ? start + 2 : start, end);
}

function readMicroDegrees(raw: string, start: number, end: number, index: number): number {
  const negative = raw.charCodeAt(start) === 45;
  const first = negative ? start + 1 : start;
  if (!isDigitRun(raw, first, end) || end - first > 9) throw badLeg(index, 'a coordinate is not a number');
  let value = 0;
  for (let i = first; i < end; i++) value = value * 10 + (raw.charCodeAt(i) - 48);
  return negative ? -value : value;
}

function isDigitRun(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MINUTE_MS = 60_000;

/** `count` digits of `raw` from `i` as a number, or NaN. */
function digits(raw: string, i: number, count: number): number {
  let value = 0;
  for (let k = i; k < i + count; k++) {
    const c = raw.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    value = value * 10 + c;
  }
  return value;
}

/** `yyyyMMddHHmm` (Europe/Zurich wall time) → the instant and its ISO form with the offset. */
function readTime(raw: string, uic: string | null, index: number, clock: Clock): { ms: number; iso: string } {
  if (raw.length !== 12) throw badLeg(index, 'a time is not yyyyMMddHHmm');
  const year = digits(raw, 0, 4);
  const month = digits(raw, 4, 2);
  const day = digits(raw, 6, 2);
  const hour = digits(raw, 8, 2);
  const minute = digits(raw, 10, 2);
  if (Number.isNaN(year + month + day + hour + minute)) {
    throw badLeg(index, 'a time is not yyyyMMddHHmm');
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > maxDay || hour > 23 || minute > 59) {
    throw badLeg(index, 'a time is not a calendar date');
  }
  const rule = summerTimeOf(year);
  let ms: number;
  if (rule === null) {
    // No summer time that year, or before 1981 where time.ts asks Intl: take its answer as it is.
    const wall: WallTime = { year, month, day, hour, minute };
    ms = zurichToEpochMs(wall, 'earlier');
    const later = hour === 2 ? zurichToEpochMs(wall, 'later') : ms;
    if (later !== ms) ms = pickRepeated(ms, later, clock.hints?.offsetFor(uic, raw), clock.previousMs);
    clock.previousMs = ms;
    return { ms, iso: formatZurichIso(ms) };
  }
  // The same rule as zurichToEpochMs, with the year's changes looked up once instead of per call.
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const summer = naive - 120 * MINUTE_MS;
  const winter = naive - 60 * MINUTE_MS;
  const summerValid = summer >= rule.start && summer < rule.end;
  const winterValid = winter < rule.start || winter >= rule.end;
  if (summerValid && winterValid) {
    ms = pickRepeated(summer, winter, clock.hints?.offsetFor(uic, raw), clock.previousMs);
  } else {
    // Neither: the spring gap, read with the winter offset (what a clock moved forward shows).
    ms = summerValid ? summer : winter;
  }
  clock.previousMs = ms;
  if (!summerValid && !winterValid) return { ms, iso: formatZurichIso(ms) };
  const offset = ms === summer ? '+02:00' : '+01:00';
  const iso = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}T${raw.slice(8, 10)}:${raw.slice(10, 12)}:00${offset}`;
  return { ms, iso };
}

/** The instants summer time starts and ends in a year (UTC ms), or null when the year has none. */
interface SummerTime {
  start: number;
  end: number;
}

const summerTimes = new Map<number, SummerTime | null>();

/**
 * Found once per year by bisecting time.ts's `zurichOffsetMinutes`, so the rule lives in one place.
 * Years before 1981 are left to time.ts entirely (its Intl fallback knows the older rules).
 */
function summerTimeOf(year: number): SummerTime | null {
  const known = summerTimes.get(year);
  if (known !== undefined) return known;
  let rule: SummerTime | null = null;
  if (year >= 1981) {
    const january = Date.UTC(year, 0, 1);
    const july = Date.UTC(year, 6, 1);
    const december = Date.UTC(year, 11, 31);
    if (
      zurichOffsetMinutes(january) === 60 &&
      zurichOffsetMinutes(july) === 120 &&
      zurichOffsetMinutes(december) === 60
    ) {
      rule = { start: firstMinuteWith(january, july, 120), end: firstMinuteWith(july, december, 60) };
    }
  }
  if (summerTimes.size >= 400) summerTimes.clear();
  summerTimes.set(year, rule);
  return rule;
}

/** The first whole minute in (lo, hi] whose offset is `offset`, given lo's is not and hi's is. */
function firstMinuteWith(lo: number, hi: number, offset: number): number {
  let low = lo;
  let high = hi;
  while (high - low > MINUTE_MS) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zurichOffsetMinutes(mid) === offset) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * The repeated October hour: the 3HA stop list states the offset (`+02:00`/`+01:00`); without it take
 * the earlier instant, unless that would put this time before the previous one in the trip (a ride
 * 02:40 → 02:10 crosses the change), which the order of HKI times rules out.
 */
function pickRepeated(
  earlier: number,
  later: number,
  offset: number | undefined,
  previousMs: number,
): number {
  if (offset === 120) return earlier;
  if (offset === 60) return later;
  return earlier < previousMs && later >= previousMs ? later : earlier;
}

export function tripFromLegs(decoded: HkiLegs, source: TripSource): Trip {
  const first = decoded.legs[0] as Leg;
  const last = decoded.legs[decoded.legs.length - 1] as Leg;
  return {
    source,
    exactness: 'exact',
    origin: first.from.name,
    destination: last.to.name,
    departure: first.departure,
    arrival: last.arrival,
    durationSeconds: Math.round((decoded.arrivalMs - decoded.departureMs) / 1000),
    legs: decoded.legs,
  };
}

/* ------------------------------------------------------------------ writing (tests, canaries) */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `yyyyMMddHHmm` of an ISO instant, in Europe/Zurich. */
export function hkiTime(iso: string): string {
  const w = zurichWallTime(parseInstant(iso));
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}${pad(w.hour)}${pad(w.minute)}`;
}

const RESERVED = /[@$§¶]/;

function writeLocation(stop: Stop): string {
  if (RESERVED.test(stop.name)) throw new RangeError(`stop name cannot hold @ $ § ¶: ${stop.name}`);
  const coords =
    stop.lat != null && stop.lon != null
      ? `X=${Math.round(stop.lon * 1e6)}@Y=${Math.round(stop.lat * 1e6)}@`
      : '';
  return stop.uic === null
    ? `A=2@O=${stop.name}@${coords}a=128@`
    : `A=1@O=${stop.name}@${coords}L=${stop.uic}@a=128@`;
}

/** The HKI string for legs: the inverse of `readHkiLegs` (a walk to or from an address is `G@F`). */
export function writeHkiLegs(legs: readonly Leg[]): string {
  return legs
    .map((leg) => {
      const walk = leg.mode === 'walk';
      const kind = !walk ? 'T' : leg.from.uic !== null && leg.to.uic !== null ? 'W' : 'G@F';
      const line = walk ? '' : hkiLineName(leg.line, leg.trainNumber);
      if (RESERVED.test(line)) throw new RangeError(`line cannot hold @ $ § ¶: ${line}`);
      const dep = hkiTime(leg.departure);
      const arr = hkiTime(leg.arrival);
      return `${kind}$${writeLocation(leg.from)}$${writeLocation(leg.to)}$${dep}$${arr}$${line}$$1$$$$$$`;
    })
    .join(LEG_SEPARATOR);
}
