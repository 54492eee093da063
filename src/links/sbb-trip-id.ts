/**
 * SBB's `tripId=3HA.<context>.<search>` (trip-links.md §1.3; undocumented, verified on two real links):
 * each segment is zlib-compressed base64url. `<context>` is a protobuf whose field 1 → field 2 is the
 * HAFAS reconstruction string `¶HKI¶…` (every leg) and whose repeated field 2 lists each journey's stops
 * with ISO times that carry an offset. `<search>` is the JSON of the original search.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { formatZurichIso, parseInstant } from '../domain/time.js';
import type { Leg, Trip, TripSource } from '../domain/trip.js';
import {
  type HkiLegs,
  hkiSection,
  hkiTime,
  type OffsetHints,
  readHkiLegs,
  ShareDecodeError,
  tripFromLegs,
  writeHkiLegs,
} from './hki.js';
import { parseLineName } from './lines.js';
import { findLenField, ProtobufError, ProtoReader, ProtoWriter, WIRE_LEN } from './protobuf.js';

export const TRIP_ID_VERSION = '3HA';

/**
 * A real context segment inflates to ~2 KB. The cap keeps a crafted link (a zlib bomb) from taking
 * the worker's memory; 256 KB is a hundred times the longest trip seen.
 */
const MAX_INFLATED_BYTES = 256 * 1024;
/** A tripId is at most a few KB; anything far longer is not one. */
const MAX_SEGMENT_CHARS = 64 * 1024;

const badLink = (why: string) => new ShareDecodeError('bad_link', `The trip link is damaged (${why}).`);

/** Decodes the legs of a tripId (`3HA.<a>.<b>`, also the `recon=` value of `sbbmobile://trip`). */
export function decodeTripId(tripId: string): HkiLegs {
  const firstDot = tripId.indexOf('.');
  const version = firstDot < 0 ? tripId : tripId.slice(0, firstDot);
  if (version !== TRIP_ID_VERSION) {
    if (firstDot > 0 && firstDot <= 8 && isBase64Url(version)) {
      throw new ShareDecodeError(
        'unsupported_version',
        'This SBB trip link uses a format we do not know yet.',
      );
    }
    throw badLink('no version tag');
  }
  const secondDot = tripId.indexOf('.', firstDot + 1);
  const context = secondDot < 0 ? tripId.slice(firstDot + 1) : tripId.slice(firstDot + 1, secondDot);
  const bytes = inflateSegment(context);
  const { recon, hints } = readContext(bytes);
  const hki = hkiSection(recon);
  if (hki === null) throw badLink('no HKI section');
  return readHkiLegs(hki, hints);
}

/** The trip of a tripId; `source` is `sbb-app-link` when it came from the app's `recon=`. */
export function parseTripId(tripId: string, source: TripSource = 'sbb-trip-link'): Trip {
  return tripFromLegs(decodeTripId(tripId), source);
}

function inflateSegment(segment: string): Buffer {
  if (segment.length === 0 || segment.length > MAX_SEGMENT_CHARS || !isBase64Url(segment)) {
    throw badLink('not base64url');
  }
  try {
    return inflateSync(Buffer.from(segment, 'base64url'), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    throw badLink('not zlib data');
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const isBase64Url = (s: string) => BASE64URL.test(s);

function readContext(bytes: Buffer): { recon: string; hints: StopListHints } {
  let recon: string | null = null;
  const journeys: Array<[number, number]> = [];
  try {
    const top = new ProtoReader(bytes);
    while (top.next()) {
      if (top.wire !== WIRE_LEN) continue;
      if (top.field === 1 && recon === null) {
        const inner = findLenField(top.message(), 2);
        if (inner !== null) recon = readUtf8(bytes, inner);
      } else if (top.field === 2) {
        journeys.push([top.start, top.end]);
      }
    }
  } catch (err) {
    if (err instanceof ProtobufError) throw badLink('not a protobuf message');
    throw err;
  }
  if (recon === null) throw badLink('no reconstruction string');
  return { recon, hints: new StopListHints(bytes, journeys) };
}

/** Bytes as UTF-8; a replacement character means the bytes were corrupt. */
function readUtf8(bytes: Buffer, range: { start: number; end: number }): string {
  const text = bytes.toString('utf8', range.start, range.end);
  if (text.includes('\uFFFD')) throw badLink('the reconstruction is not UTF-8');
  return text;
}

/**
 * Offsets from the stop lists (field 2 → field 2: 1 = UIC, 2 = departure, 3 = arrival, ISO with offset).
 * Built on first use, which is only for a time in the repeated October hour. Per stop and wall time the
 * offsets are kept in trip order, so a stop visited twice in that hour gets each visit's own offset; a
 * walk that continues from a ride's arrival (real links give walks no stop list) reuses the last one.
 */
class StopListHints implements OffsetHints {
  private table: Map<string, { offsets: number[]; next: number }> | null = null;

  constructor(
    private readonly bytes: Buffer,
    private readonly journeys: ReadonlyArray<readonly [number, number]>,
  ) {}

  offsetFor(uic: string | null, wall: string): number | undefined {
    this.table ??= this.build();
    const entry = this.table.get(`${uic ?? ''}|${wall}`);
    if (entry === undefined) return undefined;
    const offset = entry.offsets[Math.min(entry.next, entry.offsets.length - 1)];
    entry.next++;
    return offset;
  }

  private build(): Map<string, { offsets: number[]; next: number }> {
    const table = new Map<string, { offsets: number[]; next: number }>();
    const add = (uic: string, iso: string | null) => {
      const stamp = iso === null ? null : readIsoStamp(iso);
      if (stamp === null) return;
      const key = `${uic}|${stamp.wall}`;
      const entry = table.get(key);
      if (entry === undefined) table.set(key, { offsets: [stamp.offset], next: 0 });
      else entry.offsets.push(stamp.offset);
    };
    try {
      for (const [start, end] of this.journeys) {
        const journey = new ProtoReader(this.bytes, start, end);
        while (journey.next()) {
          if (journey.field !== 2 || journey.wire !== WIRE_LEN) continue;
          const stop = journey.message();
          let uic = '';
          let departure: string | null = null;
          let arrival: string | null = null;
          while (stop.next()) {
            if (stop.wire !== WIRE_LEN) continue;
            const value = this.bytes.toString('utf8', stop.start, stop.end);
            if (stop.field === 1) uic = value;
            else if (stop.field === 2) departure = value;
            else if (stop.field === 3) arrival = value;
          }
          // At a stop the train arrives before it departs, and HKI asks in that order.
          add(uic, arrival);
          add(uic, departure);
        }
      }
    } catch (err) {
      // The stop list only refines the repeated hour; if it is damaged, fall back to the HKI order rule.
      if (!(err instanceof ProtobufError)) throw err;
    }
    return table;
  }
}

const ISO_STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function readIsoStamp(iso: string): { wall: string; offset: number } | null {
  const m = ISO_STAMP.exec(iso);
  if (m === null) return null;
  const zone = m[6] as string;
  const offset =
    zone === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return { wall: `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}`, offset };
}

/* ------------------------------------------------------------------ the search segment */

/** The original search (segment 3). `time` is when the traveller searched from, not the departure. */
export interface TripSearch {
  /** UIC, or a coordinate `[lon,lat]` when the search started at a position. */
  origin: string | null;
  destination: string | null;
  /** `YYYY-MM-DD` */
  day: string | null;
  /** `HH:MM` */
  time: string | null;
}

/** The search segment of a tripId, or null when it is absent or unreadable (the legs do not need it). */
export function decodeTripSearch(tripId: string): TripSearch | null {
  const parts = tripId.split('.');
  const segment = parts[2];
  if (parts[0] !== TRIP_ID_VERSION || segment === undefined) return null;
  try {
    const json: unknown = JSON.parse(inflateSegment(segment).toString('utf8'));
    if (typeof json !== 'object' || json === null) return null;
    const field = (key: string): string | null => {
      const value = (json as Record<string, unknown>)[key];
      return typeof value === 'string' ? value : null;
    };
    return { origin: field('O'), destination: field('D'), day: field('d'), time: field('t') };
  } catch {
    return null;
  }
}

/* ------------------------------------------------------------------ encoding (tests, canaries) */

const toBase64Url = (bytes: Uint8Array) => deflateSync(bytes).toString('base64url');

const normaliseIso = (iso: string) => formatZurichIso(parseInstant(iso));

/**
 * Builds a `3HA.<a>.<b>` tripId from legs, shaped like SBB's: the HKI string plus one stop list per leg
 * with ISO times and offsets (so a trip in the repeated October hour survives a round trip). Stop names
 * and lines must not contain HKI's separators `@ $ § ¶`.
 */
export function encodeTripId(legs: readonly Leg[], search: Partial<TripSearch> = {}): string {
  if (legs.length === 0) throw new RangeError('a trip needs at least one leg');
  const context = new ProtoWriter().message(1, (w) => w.string(2, `¶HKI¶${writeHkiLegs(legs)}¶`));
  for (const leg of legs) {
    context.message(2, (journey) => {
      if (leg.mode === 'walk') journey.string(1, 'AccessLeg');
      journey.message(2, (stop) => stop.string(1, leg.from.uic ?? '').string(2, normaliseIso(leg.departure)));
      journey.message(2, (stop) => stop.string(1, leg.to.uic ?? '').string(3, normaliseIso(leg.arrival)));
      if (leg.mode !== 'walk' && leg.line !== null) {
        const { category } = parseLineName(leg.line);
        const lineNumber = leg.line.slice(leg.line.indexOf(' ') + 1);
        journey.message(3, (train) => {
          train.string(1, category).string(2, lineNumber);
          if (leg.trainNumber !== null) train.string(3, leg.trainNumber);
        });
      }
    });
  }
  const first = legs[0] as Leg;
  const last = legs[legs.length - 1] as Leg;
  const departure = hkiTime(first.departure);
  const place = (stop: Leg['from']) =>
    stop.uic ?? (stop.lat != null && stop.lon != null ? `[${stop.lon},${stop.lat}]` : stop.name);
  const searchJson = JSON.stringify({
    O: search.origin ?? place(first.from),
    D: search.destination ?? place(last.to),
    d: search.day ?? `${departure.slice(0, 4)}-${departure.slice(4, 6)}-${departure.slice(6, 8)}`,
    t: search.time ?? `${departure.slice(8, 10)}:${departure.slice(10, 12)}`,
    a: 'N',
    l: 'A',
    m: [],
    n: null,
    vias: [],
    viasNot: [],
    viasNoTransfer: [],
    excludeDatedVehicleJourneys: [],
  });
  return `${TRIP_ID_VERSION}.${toBase64Url(context.finish())}.${toBase64Url(Buffer.from(searchJson, 'utf8'))}`;
}
