/**
 * transport.opendata.ch connections → canonical trips, without I/O. The quirks handled here are the
 * real API's (`timetable-apis.md` §1): `+0100` offsets without a colon, `x` = latitude and
 * `y` = longitude, walk sections whose times and duration are null, zero-padded station ids and
 * train numbers, and the line split over `category` + `number`.
 */
import { AppError } from '../domain/errors.js';
import { formatZurichIso, parseInstant, zurichToEpochMs } from '../domain/time.js';
import {
  type Leg,
  type LegMode,
  MAX_TRIP_SECONDS,
  type Stop,
  type Trip,
  type TripQuery,
  type TripSource,
} from '../domain/trip.js';
import { modeOfCategory, NON_RAIL_CATEGORIES } from '../links/lines.js';
import type { OpendataCheckpoint, OpendataConnection, OpendataSection } from './opendata-client.js';

/**
 * Train categories opendata.ch sends. A category in neither this list nor the non-rail list of
 * `links/lines.ts` is `other`, since guessing `rail` for an unknown product would put e.g. a
 * replacement taxi on the train screen.
 */
const RAIL_CATEGORIES = new Set([
  'IC',
  'ICN',
  'IR',
  'IRE',
  'RE',
  'R',
  'S',
  'SN',
  'EC',
  'EN',
  'ICE',
  'TGV',
  'RJ',
  'RJX',
  'NJ',
  'EXT',
  'PE',
  'CC',
  'D',
  'TER',
  'RB',
  'RX',
  'M',
  'GEX',
  'BEX',
  'VAE',
  'ARZ',
  'TE2',
  'EXC',
  'IRN',
  'FLX',
]);
const EXTRA_MODES: ReadonlyMap<string, LegMode> = new Map<string, LegMode>([
  ['SHIP', 'boat'],
  ['BOAT', 'boat'],
  ['CABLEWAY', 'cableway'],
  ['ASC', 'cableway'],
]);
const NON_RAIL = new Set(NON_RAIL_CATEGORIES);

export function modeOfOpendataCategory(category: string): LegMode {
  const c = category.trim().toUpperCase();
  if (c === '') return 'other';
  if (RAIL_CATEGORIES.has(c)) return 'rail';
  if (NON_RAIL.has(c)) return modeOfCategory(c);
  return EXTRA_MODES.get(c) ?? 'other';
}

/** `008501120` → `8501120`; non-numeric ids are kept as sent. */
export function stripZeros(id: string | null | undefined): string | null {
  const t = id?.trim();
  if (!t) return null;
  return /^\d+$/.test(t) ? t.replace(/^0+(?=\d)/, '') : t;
}

/** `journey.name` is the train number, zero-padded (`002480`); some answers prefix the line (`IC 1 723`). */
function trainNumberOf(name: string | null | undefined, number: string | null | undefined): string | null {
  const last = name?.trim().split(/\s+/).pop();
  if (last && /^\d+$/.test(last)) return stripZeros(last);
  // ICE and some foreign trains carry the train number in `number`, zero-padded (`000271`).
  const n = number?.trim();
  if (n && /^0\d+$/.test(n)) return stripZeros(n);
  return null;
}

function lineOf(category: string, number: string | null | undefined): string | null {
  const n = number?.trim();
  if (!category) return n ? n : null;
  return n ? `${category} ${/^\d+$/.test(n) ? stripZeros(n) : n}` : category;
}

const iso = (raw: string) => formatZurichIso(parseInstant(raw));

function instantOf(raw: string | null | undefined, timestamp: number | null | undefined): string | null {
  if (raw) return iso(raw);
  return typeof timestamp === 'number' ? formatZurichIso(timestamp * 1000) : null;
}

function stopOf(point: OpendataCheckpoint | null | undefined): Stop {
  const s = point?.station;
  const platform = point?.platform?.trim();
  // `prognosis.platform` is opendata's only platform-change field; null when nothing changed.
  const expected = point?.prognosis?.platform?.trim();
  return {
    name: s?.name ?? '',
    uic: stripZeros(s?.id),
    platform: platform ? platform : null,
    ...(expected ? { expectedPlatform: expected } : {}),
    lat: s?.coordinate?.x ?? null,
    lon: s?.coordinate?.y ?? null,
  };
}

const badAnswer = (why: string) =>
  new AppError('resolution_failed', `The timetable sent a connection without ${why}.`, {
    reason: 'bad_answer',
  });

interface Draft {
  section: OpendataSection;
  departure: string | null;
  arrival: string | null;
}

/** The connection as a canonical trip; throws `resolution_failed` (`bad_answer`) when it has no times. */
export function connectionToTrip(connection: OpendataConnection, source: TripSource): Trip {
  const sections = connection.sections ?? [];
  if (sections.length === 0) throw badAnswer('sections');
  const drafts: Draft[] = sections.map((section) => ({
    section,
    departure: instantOf(section.departure?.departure, section.departure?.departureTimestamp),
    arrival: instantOf(section.arrival?.arrival, section.arrival?.arrivalTimestamp),
  }));
  // Walks often come without times; a walk starts when the previous ride arrives and ends when the
  // next one leaves, and a walk at either end of the trip lasts no time we know of. A ride without
  // times is a broken answer, refused below rather than guessed.
  drafts.forEach((d, i) => {
    if (!d.section.journey) d.departure ??= drafts[i - 1]?.arrival ?? null;
  });
  for (let i = drafts.length - 1; i >= 0; i--) {
    const d = drafts[i] as Draft;
    if (d.section.journey) continue;
    d.arrival ??= drafts[i + 1]?.departure ?? d.departure;
    d.departure ??= d.arrival;
  }
  const legs: Leg[] = drafts.map(({ section, departure, arrival }) => {
    if (!departure || !arrival) throw badAnswer('times');
    const j = section.journey;
    const from = stopOf(section.departure);
    const to = stopOf(section.arrival);
    if (!j) {
      return {
        mode: 'walk',
        line: null,
        trainNumber: null,
        from,
        to,
        departure,
        arrival,
        expectedDeparture: null,
        expectedArrival: null,
      };
    }
    const category = (j.category ?? '').trim().toUpperCase();
    const expectedDeparture = section.departure?.prognosis?.departure;
    const expectedArrival = section.arrival?.prognosis?.arrival;
    return {
      mode: modeOfOpendataCategory(category),
      line: lineOf(category, j.number),
      trainNumber: trainNumberOf(j.name, j.number),
      from,
      to,
      departure,
      arrival,
      expectedDeparture: expectedDeparture ? iso(expectedDeparture) : null,
      expectedArrival: expectedArrival ? iso(expectedArrival) : null,
    };
  });
  const first = legs[0] as Leg;
  const last = legs[legs.length - 1] as Leg;
  const departureMs = parseInstant(first.departure);
  const arrivalMs = parseInstant(last.arrival);
  const durationSeconds = Math.round((arrivalMs - departureMs) / 1000);
  if (durationSeconds < 0) throw badAnswer('a forward arrival');
  if (durationSeconds > MAX_TRIP_SECONDS) {
    throw new AppError('trip_too_long', 'The timetable found a trip longer than Railtape takes.');
  }
  return {
    source,
    exactness: 'replanned',
    origin: connection.from?.station?.name ?? first.from.name,
    destination: connection.to?.station?.name ?? last.to.name,
    departure: first.departure,
    arrival: last.arrival,
    durationSeconds,
    legs,
  };
}

const wallMs = (local: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new AppError('incomplete_search', `The search time "${local}" is not a local time.`);
  return zurichToEpochMs({
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
  });
};

function epochOf(raw: string | null | undefined, timestamp: number | null | undefined): number | null {
  if (raw) return parseInstant(raw);
  return typeof timestamp === 'number' ? timestamp * 1000 : null;
}

const departureMs = (c: OpendataConnection) => epochOf(c.from?.departure, c.from?.departureTimestamp);
const arrivalMs = (c: OpendataConnection) => epochOf(c.to?.arrival, c.to?.arrivalTimestamp);

/**
 * The connection a query means: for `depart-at` the first leaving at or after the wanted time, for
 * `arrive-by` the latest arriving at or before it, for `leave-now` the first. Null when none fits.
 */
export function pickConnection(
  connections: readonly OpendataConnection[],
  query: Pick<TripQuery, 'time' | 'timeKind'>,
): OpendataConnection | null {
  if (query.timeKind === 'leave-now' || query.time === null) return connections[0] ?? null;
  const wanted = wallMs(query.time);
  if (query.timeKind === 'depart-at') {
    let best: { c: OpendataConnection; at: number } | null = null;
    for (const c of connections) {
      const at = departureMs(c);
      if (at !== null && at >= wanted && (best === null || at < best.at)) best = { c, at };
    }
    return best?.c ?? null;
  }
  let best: { c: OpendataConnection; at: number } | null = null;
  for (const c of connections) {
    const at = arrivalMs(c);
    // Of two arriving together, the one leaving later is the shorter ride.
    if (at === null || at > wanted) continue;
    if (
      best === null ||
      at > best.at ||
      (at === best.at && (departureMs(c) ?? 0) > (departureMs(best.c) ?? 0))
    ) {
      best = { c, at };
    }
  }
  return best?.c ?? null;
}
