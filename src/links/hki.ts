/**
 * The HAFAS reconstruction ("HKI") legs inside SBB trip links (trip-links.md §1.3):
 *
 *   <kind>$<from>$<to>$<dep yyyyMMddHHmm>$<arr yyyyMMddHHmm>$<line>$$1$$$$$$   legs joined by `§`
 *   location: A=1@O=<name>@X=<lon×1e6>@Y=<lat×1e6>@L=<UIC>@a=128@   (A=2: address or coordinate, no L)
 *
 * Times are Europe/Zurich wall time without an offset.
 */
import {
  formatZurichIso,
  parseInstant,
  type WallTime,
  zurichToEpochMs,
  zurichWallTime,
} from '../domain/time.js';
import type { Leg, Stop, Trip, TripSource } from '../domain/trip.js';
import { hkiLineName, modeOfCategory, parseLineName } from './lines.js';
import type { ShareErrorCode } from './types.js';

/** A share that cannot become a trip; `parseShare` turns it into a `failed` outcome. */
export class ShareDecodeError extends Error {
  override readonly name = 'ShareDecodeError';
  constructor(
    readonly code: ShareErrorCode,
    message: string,
  ) {
    super(message);
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

function readLeg(raw: string, index: number, clock: Clock): { leg: Leg; departureMs: number; arrivalMs: number } {
  const fields = raw.split('$');
  if (fields.length < 5) throw badLeg(index, 'too few fields');
  const kind = fields[0] as string;
  const walk = kind === 'W' || kind === 'G@F';
  if (!walk && kind !== 'T') throw badLeg(index, `unknown leg kind "${kind.slice(0, 8)}"`);
  const from = readLocation(fields[1] as string, index);
  const to = readLocation(fields[2] as string, index);
  const departureMs = readTime(fields[3] as string, from.uic, index, clock);
  const arrivalMs = readTime(fields[4] as string, to.uic, index, clock);
  if (arrivalMs < departureMs) throw badLeg(index, 'it arrives before it departs');
  const name = walk ? null : parseLineName(fields[5] ?? '');
  const leg: Leg = {
    mode: name === null ? 'walk' : modeOfCategory(name.category),
    line: name?.line ?? null,
    trainNumber: name?.trainNumber ?? null,
    from,
    to,
    departure: formatZurichIso(departureMs),
    arrival: formatZurichIso(arrivalMs),
  };
  return { leg, departureMs, arrivalMs };
}

function readLocation(raw: string, index: number): Stop {
  let type: string | null = null;
  let name: string | null = null;
  let uic: string | null = null;
  let x: number | null = null;
  let y: number | null = null;
  for (const part of raw.split('@')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    // HAFAS never puts `@` in a value, so a part without `=` means the location was cut or mangled.
    if (eq <= 0) throw badLeg(index, 'a stop is malformed');
    const value = part.slice(eq + 1);
    switch (part.slice(0, eq)) {
      case 'A':
        type = value;
        break;
      case 'O':
        name = value;
        break;
      case 'L':
        uic = readUic(value, index);
        break;
      case 'X':
        x = readMicroDegrees(value, index);
        break;
      case 'Y':
        y = readMicroDegrees(value, index);
        break;
    }
  }
  if (type === null || !isDigits(type)) throw badLeg(index, 'a stop has no type');
  if (name === null || name.trim() === '') throw badLeg(index, 'a stop has no name');
  // X is the longitude and Y the latitude, both ×1e6 (decoded real links: Bern X=7439131 Y=46948834).
  return { name, uic, platform: null, lat: y === null ? null : y / 1e6, lon: x === null ? null : x / 1e6 };
}

function readUic(value: string, index: number): string {
  if (!isDigits(value)) throw badLeg(index, 'a stop id is not numeric');
  // Some HAFAS exports pad the 7-digit UIC to 9 digits (`008503000`); SBB links use the short form.
  return value.length === 9 && value.startsWith('00') ? value.slice(2) : value;
}

function readMicroDegrees(value: string, index: number): number {
  const digits = value.startsWith('-') ? value.slice(1) : value;
  if (!isDigits(digits) || digits.length > 9) throw badLeg(index, 'a coordinate is not a number');
  return Number(value);
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `yyyyMMddHHmm` (Europe/Zurich wall time) → instant. */
function readTime(raw: string, uic: string | null, index: number, clock: Clock): number {
  if (raw.length !== 12 || !isDigits(raw)) throw badLeg(index, 'a time is not yyyyMMddHHmm');
  const year = Number(raw.slice(0, 4));
  const month = Number(raw.slice(4, 6));
  const day = Number(raw.slice(6, 8));
  const hour = Number(raw.slice(8, 10));
  const minute = Number(raw.slice(10, 12));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > maxDay || hour > 23 || minute > 59) {
    throw badLeg(index, 'a time is not a calendar date');
  }
  const wall: WallTime = { year, month, day, hour, minute };
  let ms = zurichToEpochMs(wall, 'earlier');
  // Only 02:00-02:59 can repeat (the October change at 03:00 CEST); skip the second lookup otherwise.
  if (hour === 2) {
    const later = zurichToEpochMs(wall, 'later');
    if (later !== ms) ms = pickRepeated(ms, later, clock.hints?.offsetFor(uic, raw), clock.previousMs);
  }
  clock.previousMs = ms;
  return ms;
}

/**
 * The repeated October hour: the 3HA stop list states the offset (`+02:00`/`+01:00`); without it take
 * the earlier instant, unless that would put this time before the previous one in the trip (a ride
 * 02:40 → 02:10 crosses the change), which the order of HKI times rules out.
 */
function pickRepeated(earlier: number, later: number, offset: number | undefined, previousMs: number): number {
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
