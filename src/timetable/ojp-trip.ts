/**
 * OJP 2.0 `TripRequest` without I/O: the request XML for a search, and the response XML → canonical
 * trips (`timetable-apis.md` §2). The quirks handled here are OJP's: times in UTC (`Z`) rendered in
 * Europe/Zurich, ISO 8601 durations (`PT55M54S`), `TimetabledTime` (the plan) beside `EstimatedTime`
 * (real-time), `PlannedQuay` beside `EstimatedQuay` (a platform change), SLOIDs
 * (`ch:1:sloid:7000:4:8`) where the rest of Railtape keeps UIC numbers, walks as `TransferLeg` or
 * `ContinuousLeg`, `Infeasible` / `Cancelled` trips, and problems reported inside a 200 answer
 * (`ErrorCondition`) or as a `<Problem>` body.
 */
import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../domain/errors.js';
import { formatZurichIso, parseInstant, zurichToEpochMs } from '../domain/time.js';
import {
  type Leg,
  type LegMode,
  MAX_TRIP_SECONDS,
  type Stop,
  type Trip,
  type TripSource,
} from '../domain/trip.js';

export interface OjpTripQuery {
  /** UIC numbers (`8503000`) or SLOIDs. */
  from: string;
  to: string;
  /** The wanted instant, epoch ms. */
  at: number;
  arriveBy: boolean;
  numberOfResults: number;
  /** The request's own timestamp, epoch ms. */
  now: number;
  requestorRef: string;
}

/** A trip as OJP found it: the canonical trip plus what only OJP says about it. */
export interface OjpTrip {
  trip: Trip;
  /** `Infeasible` or `Cancelled` on the trip, or a ride cancelled: this connection will not run. */
  infeasible: boolean;
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The TripRequest body: the ojp-js defaults (§2), `DepArrTime` on the destination for arrive-by. */
export function tripRequestXml(q: OjpTripQuery): string {
  const place = (ref: string) =>
    `<PlaceRef>${ref.startsWith('ch:') ? `<siri:StopPointRef>${escapeXml(ref)}</siri:StopPointRef>` : `<StopPlaceRef>${escapeXml(ref)}</StopPlaceRef>`}<Name><Text>${escapeXml(ref)}</Text></Name></PlaceRef>`;
  const time = `<DepArrTime>${utc(q.at)}</DepArrTime>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<OJP xmlns="http://www.vdv.de/ojp" xmlns:siri="http://www.siri.org.uk/siri" version="2.0">
  <OJPRequest><siri:ServiceRequest>
    <siri:ServiceRequestContext><siri:Language>de</siri:Language></siri:ServiceRequestContext>
    <siri:RequestTimestamp>${utc(q.now)}</siri:RequestTimestamp>
    <siri:RequestorRef>${escapeXml(q.requestorRef)}</siri:RequestorRef>
    <OJPTripRequest>
      <siri:RequestTimestamp>${utc(q.now)}</siri:RequestTimestamp>
      <Origin>${place(q.from)}${q.arriveBy ? '' : time}</Origin>
      <Destination>${place(q.to)}${q.arriveBy ? time : ''}</Destination>
      <Params><NumberOfResults>${Math.max(1, Math.min(16, Math.round(q.numberOfResults)))}</NumberOfResults><IncludeIntermediateStops>false</IncludeIntermediateStops><UseRealtimeData>explanatory</UseRealtimeData></Params>
    </OJPTripRequest>
  </siri:ServiceRequest></OJPRequest>
</OJP>`;
}

// Elements that repeat; fast-xml-parser otherwise turns a single occurrence into an object.
const REPEATED = new Set(['TripResult', 'Leg', 'Place', 'Text', 'PtSituation']);
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Platforms ("8"), train numbers ("711") and ids stay strings: "007" must not become 7.
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
const list = (v: unknown): Node[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(obj).filter((n): n is Node => n !== undefined);
const str = (v: unknown): string | null => {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  return null;
};
/** `<X><Text xml:lang="en">8</Text></X>` → `8`. */
const textOf = (v: unknown): string | null => {
  const n = obj(v);
  if (!n) return str(v);
  for (const t of Array.isArray(n.Text) ? n.Text : [n.Text]) {
    const s = str(obj(t)?.['#text'] ?? t);
    if (s) return s;
  }
  return null;
};
const truthy = (v: unknown) => str(v)?.toLowerCase() === 'true';

/** ISO 8601 duration (`PT55M54S`, `P1DT2H`) → seconds; null when it is not one. */
export function isoDurationSeconds(raw: string | null | undefined): number | null {
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      raw?.trim() ?? '',
    );
  if (!m || (m[1] ?? m[2] ?? m[3] ?? m[4]) === undefined) return null;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return Math.round(d * 86_400 + h * 3_600 + min * 60 + s);
}

/**
 * A SLOID's UIC number: Swiss SLOIDs carry the DiDok number, and a Swiss UIC is `85` + that number
 * in five digits (`ch:1:sloid:7000:4:8` → `8507000`, Bern). UIC numbers pass through.
 */
export function uicOfStopRef(ref: string | null): string | null {
  if (!ref) return null;
  if (/^\d+$/.test(ref)) return ref.replace(/^0+(?=\d)/, '');
  const m = /^ch:\d+:sloid:(\d{1,5})(?::|$)/.exec(ref);
  return m ? `85${(m[1] as string).padStart(5, '0')}` : null;
}

const unavailable = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('resolution_failed', message, { reason: 'unavailable', ...details });

/**
 * What an `ErrorCondition` means for the traveller. OJP 2.0 names the problem in `Description`
 * (`TRIP_NOTRIPFOUND`, `LOCATION_NORESULTS`, …); the exact wording is not documented (§2,
 * unverified), so the reading is by keyword: a search that cannot be answered is the search's
 * fault (422), anything else is the service's (502).
 */
export function errorConditionToError(condition: Node): AppError {
  const description =
    str(condition.Description) ?? textOf(condition.Description) ?? Object.keys(condition).join(' ');
  const upper = description.toUpperCase();
  if (/LOCATION|ORIGIN|DESTINATION|STOP/.test(upper) && /NO|UNKNOWN|INVALID|NOT/.test(upper)) {
    return new AppError('incomplete_search', 'The Swiss timetable does not know one of the stops.', {
      reason: 'stop_not_found',
    });
  }
  if (/NOTRIP|NO_TRIP|NORESULT|NO_RESULT|NOT_FOUND/.test(upper)) {
    return new AppError('incomplete_search', 'The Swiss timetable has no connection for this search.', {
      reason: 'no_connection',
    });
  }
  return unavailable('The timetable reported a problem.', { reason: 'upstream_error' });
}

function modeOf(service: Node): LegMode {
  const mode = obj(service.Mode);
  switch (str(mode?.PtMode)?.toLowerCase()) {
    case 'rail':
    case 'metro':
    case 'urbanrail':
      return 'rail';
    case 'bus':
    case 'coach':
    case 'trolleybus':
      return 'bus';
    case 'tram':
      return 'tram';
    case 'water':
    case 'ferry':
      return 'boat';
    case 'telecabin':
    case 'funicular':
    case 'cableway':
      return 'cableway';
    default:
      return 'other';
  }
}

/** `IC1` → `IC 1`, `S12` → `S 12`, `B 604` kept: the display form of the rest of Railtape. */
function lineOf(service: Node): string | null {
  const published = textOf(service.PublishedServiceName) ?? textOf(obj(service.Mode)?.ShortName);
  if (!published) return null;
  const m = /^([A-Za-z]+)\s*(\d[\w]*)$/.exec(published);
  return m ? `${(m[1] as string).toUpperCase()} ${m[2]}` : published;
}

const zurich = (raw: string | null): string | null => (raw ? formatZurichIso(parseInstant(raw)) : null);

function stopOf(point: Node, places: ReadonlyMap<string, { uic: string | null; name: string | null }>): Stop {
  const ref = str(point.StopPointRef) ?? str(point.StopPlaceRef);
  const known = ref ? places.get(ref) : undefined;
  const planned = textOf(point.PlannedQuay);
  return {
    name:
      textOf(point.StopPointName) ?? textOf(point.Name) ?? textOf(point.StopPlaceName) ?? known?.name ?? '',
    uic: known?.uic ?? uicOfStopRef(ref),
    platform: planned,
    expectedPlatform: textOf(point.EstimatedQuay) ?? planned,
  };
}

function placesOf(delivery: Node): Map<string, { uic: string | null; name: string | null }> {
  const map = new Map<string, { uic: string | null; name: string | null }>();
  const context = obj(delivery.TripResponseContext);
  for (const place of list(obj(context?.Places)?.Place)) {
    const name = textOf(place.Name);
    const stopPlace = obj(place.StopPlace);
    const stopPoint = obj(place.StopPoint);
    if (stopPlace) {
      const ref = str(stopPlace.StopPlaceRef);
      if (ref) map.set(ref, { uic: uicOfStopRef(ref), name: textOf(stopPlace.StopPlaceName) ?? name });
    }
    if (stopPoint) {
      const ref = str(stopPoint.StopPointRef);
      const parent = str(stopPoint.ParentRef);
      if (ref)
        map.set(ref, {
          uic: uicOfStopRef(parent) ?? uicOfStopRef(ref),
          name: textOf(stopPoint.StopPointName) ?? name,
        });
    }
  }
  return map;
}

interface Draft {
  leg: Omit<Leg, 'departure' | 'arrival'>;
  departure: string | null;
  arrival: string | null;
  /** Walk duration in seconds, for walks OJP gives no times for. */
  seconds: number | null;
  cancelled: boolean;
}

function draftOf(
  leg: Node,
  places: ReadonlyMap<string, { uic: string | null; name: string | null }>,
): Draft | null {
  const timed = obj(leg.TimedLeg);
  if (timed) {
    const board = obj(timed.LegBoard) ?? {};
    const alight = obj(timed.LegAlight) ?? {};
    const service = obj(timed.Service) ?? {};
    const dep = obj(board.ServiceDeparture) ?? {};
    const arr = obj(alight.ServiceArrival) ?? {};
    const cancelled =
      truthy(service.Cancelled) || truthy(board.NotServicedStop) || truthy(alight.NotServicedStop);
    return {
      leg: {
        mode: modeOf(service),
        line: lineOf(service),
        trainNumber: str(service.TrainNumber)?.replace(/^0+(?=\d)/, '') ?? null,
        from: stopOf(board, places),
        to: stopOf(alight, places),
        expectedDeparture: zurich(str(dep.EstimatedTime)),
        expectedArrival: zurich(str(arr.EstimatedTime)),
        ...(cancelled ? { cancelled: true } : {}),
      },
      departure: zurich(str(dep.TimetabledTime)),
      arrival: zurich(str(arr.TimetabledTime)),
      seconds: null,
      cancelled,
    };
  }
  const walk = obj(leg.TransferLeg) ?? obj(leg.ContinuousLeg);
  if (!walk) return null;
  const start = obj(walk.LegStart) ?? {};
  const end = obj(walk.LegEnd) ?? {};
  const stop = (p: Node): Stop => {
    const s = stopOf(p, places);
    return { name: s.name, uic: s.uic, platform: null };
  };
  return {
    leg: {
      mode: 'walk',
      line: null,
      trainNumber: null,
      from: stop(start),
      to: stop(end),
      expectedDeparture: null,
      expectedArrival: null,
    },
    departure: zurich(str(walk.TimeWindowStart)),
    arrival: zurich(str(walk.TimeWindowEnd)),
    seconds: isoDurationSeconds(str(walk.Duration) ?? str(leg.Duration)),
    cancelled: false,
  };
}

const badAnswer = (why: string) =>
  new AppError('resolution_failed', `The timetable sent a trip without ${why}.`, { reason: 'bad_answer' });

function tripOf(
  node: Node,
  places: ReadonlyMap<string, { uic: string | null; name: string | null }>,
  source: TripSource,
): OjpTrip {
  const drafts = list(node.Leg)
    .map((l) => draftOf(l, places))
    .filter((d): d is Draft => d !== null);
  if (drafts.length === 0) throw badAnswer('legs');
  // A walk between rides runs from the arrival before it for its duration; a walk at the start ends
  // when the first ride leaves. Times OJP gives win.
  drafts.forEach((d, i) => {
    if (d.leg.mode !== 'walk') return;
    d.departure ??= drafts[i - 1]?.arrival ?? null;
    if (d.departure && d.seconds !== null)
      d.arrival ??= formatZurichIso(parseInstant(d.departure) + d.seconds * 1000);
  });
  for (let i = drafts.length - 1; i >= 0; i--) {
    const d = drafts[i] as Draft;
    if (d.leg.mode !== 'walk') continue;
    d.arrival ??= drafts[i + 1]?.departure ?? d.departure;
    if (d.arrival && d.seconds !== null)
      d.departure ??= formatZurichIso(parseInstant(d.arrival) - d.seconds * 1000);
    d.departure ??= d.arrival;
  }
  const legs: Leg[] = drafts.map((d) => {
    if (!d.departure || !d.arrival) throw badAnswer('times');
    return { ...d.leg, departure: d.departure, arrival: d.arrival };
  });
  const first = legs[0] as Leg;
  const last = legs[legs.length - 1] as Leg;
  const durationSeconds = Math.round((parseInstant(last.arrival) - parseInstant(first.departure)) / 1000);
  if (durationSeconds < 0) throw badAnswer('a forward arrival');
  if (durationSeconds > MAX_TRIP_SECONDS)
    throw new AppError('trip_too_long', 'The timetable found a trip longer than Railtape takes.');
  return {
    trip: {
      source,
      exactness: 'replanned',
      origin: first.from.name,
      destination: last.to.name,
      departure: first.departure,
      arrival: last.arrival,
      durationSeconds,
      legs,
    },
    infeasible: truthy(node.Infeasible) || truthy(node.Cancelled) || drafts.some((d) => d.cancelled),
  };
}

/**
 * The trips of a TripRequest answer, in OJP's order. Throws `incomplete_search` or
 * `resolution_failed` for an `ErrorCondition`, and `resolution_failed` (`bad_answer`) for XML that is
 * not an OJP trip delivery. A trip that cannot be read is left out rather than failing the others.
 */
export function parseTripResponse(xml: string, source: TripSource): OjpTrip[] {
  let doc: Node;
  try {
    doc = obj(parser.parse(xml)) ?? {};
  } catch {
    throw unavailable('The timetable sent unreadable XML.', { reason: 'bad_answer' });
  }
  const delivery = obj(obj(obj(obj(doc.OJP)?.OJPResponse)?.ServiceDelivery)?.OJPTripDelivery);
  if (!delivery) {
    const problem = str(doc.Problem) ?? textOf(doc.Problem);
    if (problem) throw unavailable('The timetable refused the request.', { reason: 'bad_request' });
    throw unavailable('The timetable sent an unexpected answer.', { reason: 'bad_answer' });
  }
  const condition = obj(delivery.ErrorCondition);
  if (condition) throw errorConditionToError(condition);
  const places = placesOf(delivery);
  const trips: OjpTrip[] = [];
  let lastError: unknown = null;
  for (const result of list(delivery.TripResult)) {
    const trip = obj(result.Trip);
    if (!trip) continue;
    try {
      trips.push(tripOf(trip, places, source));
    } catch (err) {
      lastError = err;
    }
  }
  if (trips.length === 0 && lastError) throw lastError;
  return trips;
}

/** `YYYY-MM-DDTHH:MM` Zurich wall time → epoch ms. */
export function localMinuteMs(local: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new AppError('incomplete_search', `The search time "${local}" is not a local time.`);
  return zurichToEpochMs({
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
  });
}
