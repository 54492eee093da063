/**
 * Google Routes `computeRoutes` (TRANSIT) answers → canonical trips, without I/O
 * (`timetable-apis.md` §4). Google sends times only on transit steps (`stopDetails`, UTC `Z`), walks
 * as runs of `WALK` steps with a `staticDuration` ("300s"), the line in `transitLine.nameShort`
 * (`IC1`, `TGV`) and the train number, when there is one, in `tripShortText`. It has no real-time
 * fields and no platforms, so expected times and platforms stay empty.
 */
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { formatZurichIso, parseInstant } from '../domain/time.js';
import {
  type Leg,
  type LegMode,
  MAX_TRIP_SECONDS,
  type Stop,
  type Trip,
  type TripQuery,
  type TripSource,
} from '../domain/trip.js';
import { localMinuteMs } from './ojp-trip.js';

const latLng = z.looseObject({ latitude: z.number().nullish(), longitude: z.number().nullish() }).nullish();
const googleStop = z
  .looseObject({ name: z.string().nullish(), location: z.looseObject({ latLng }).nullish() })
  .nullish();
const step = z.looseObject({
  travelMode: z.string().nullish(),
  staticDuration: z.string().nullish(),
  transitDetails: z
    .looseObject({
      stopDetails: z
        .looseObject({
          departureStop: googleStop,
          departureTime: z.string().nullish(),
          arrivalStop: googleStop,
          arrivalTime: z.string().nullish(),
        })
        .nullish(),
      headsign: z.string().nullish(),
      transitLine: z
        .looseObject({
          name: z.string().nullish(),
          nameShort: z.string().nullish(),
          vehicle: z.looseObject({ type: z.string().nullish() }).nullish(),
        })
        .nullish(),
      tripShortText: z.string().nullish(),
    })
    .nullish(),
});
const route = z.looseObject({
  duration: z.string().nullish(),
  legs: z.array(z.looseObject({ steps: z.array(step).nullish() })).nullish(),
});
export const computeRoutesAnswer = z.looseObject({ routes: z.array(route).nullish() });

export type GoogleRoute = z.infer<typeof route>;
type GoogleStep = z.infer<typeof step>;

/** `"300s"`, `"12.5s"` → seconds; null otherwise. */
export function googleDurationSeconds(raw: string | null | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(raw?.trim() ?? '');
  return m ? Math.round(Number(m[1])) : null;
}

const VEHICLE_MODES: ReadonlyMap<string, LegMode> = new Map<string, LegMode>([
  ['RAIL', 'rail'],
  ['HEAVY_RAIL', 'rail'],
  ['COMMUTER_TRAIN', 'rail'],
  ['HIGH_SPEED_TRAIN', 'rail'],
  ['LONG_DISTANCE_TRAIN', 'rail'],
  ['METRO_RAIL', 'rail'],
  ['SUBWAY', 'rail'],
  ['MONORAIL', 'rail'],
  ['TRAM', 'tram'],
  ['LIGHT_RAIL', 'tram'],
  ['BUS', 'bus'],
  ['INTERCITY_BUS', 'bus'],
  ['TROLLEYBUS', 'bus'],
  ['FERRY', 'boat'],
  ['CABLE_CAR', 'cableway'],
  ['GONDOLA_LIFT', 'cableway'],
  ['FUNICULAR', 'cableway'],
]);

function stopOf(s: z.infer<typeof googleStop>): Stop {
  return {
    name: s?.name?.trim() ?? '',
    uic: null,
    platform: null,
    lat: s?.location?.latLng?.latitude ?? null,
    lon: s?.location?.latLng?.longitude ?? null,
  };
}

/** `IC1` → `IC 1`; `TGV`, `RE 7` as sent. */
function lineOf(nameShort: string | null | undefined, name: string | null | undefined): string | null {
  const raw = (nameShort ?? name)?.trim();
  if (!raw) return null;
  const m = /^([A-Za-z]+)(\d\w*)$/.exec(raw);
  return m ? `${(m[1] as string).toUpperCase()} ${m[2]}` : raw;
}

const badAnswer = (why: string) =>
  new AppError('resolution_failed', `Google sent a route without ${why}.`, { reason: 'bad_answer' });

interface Draft {
  leg: Omit<Leg, 'departure' | 'arrival'>;
  departure: number | null;
  arrival: number | null;
  seconds: number;
}

/** One route as a trip; a route without a transit step is not a transit trip (`not_transit`). */
export function routeToTrip(r: GoogleRoute, source: TripSource): Trip {
  const steps: GoogleStep[] = (r.legs ?? []).flatMap((l) => l.steps ?? []);
  const drafts: Draft[] = [];
  for (const s of steps) {
    const seconds = googleDurationSeconds(s.staticDuration) ?? 0;
    const t = s.transitDetails;
    if (s.travelMode === 'TRANSIT' && t) {
      const stops = t.stopDetails;
      if (!stops?.departureTime || !stops.arrivalTime) throw badAnswer('times');
      const number = t.tripShortText?.trim();
      drafts.push({
        leg: {
          mode: VEHICLE_MODES.get(t.transitLine?.vehicle?.type ?? '') ?? 'other',
          line: lineOf(t.transitLine?.nameShort, t.transitLine?.name),
          trainNumber: number && /^\d+$/.test(number) ? number.replace(/^0+(?=\d)/, '') : null,
          from: stopOf(stops.departureStop),
          to: stopOf(stops.arrivalStop),
          expectedDeparture: null,
          expectedArrival: null,
        },
        departure: parseInstant(stops.departureTime),
        arrival: parseInstant(stops.arrivalTime),
        seconds,
      });
      continue;
    }
    // Google splits a walk into one step per street; the traveller sees one walk.
    const previous = drafts.at(-1);
    if (previous && previous.leg.mode === 'walk') {
      previous.seconds += seconds;
      continue;
    }
    drafts.push({
      leg: {
        mode: 'walk',
        line: null,
        trainNumber: null,
        from: previous ? { ...previous.leg.to } : { name: '', uic: null, platform: null },
        to: { name: '', uic: null, platform: null },
        expectedDeparture: null,
        expectedArrival: null,
      },
      departure: null,
      arrival: null,
      seconds,
    });
  }
  if (!drafts.some((d) => d.leg.mode !== 'walk')) {
    throw new AppError('not_transit', 'Google found no public transport for this route.');
  }
  // Walks take their times from the rides around them: after the ride before, or ending at the next one.
  drafts.forEach((d, i) => {
    if (d.leg.mode !== 'walk') return;
    const next = drafts[i + 1];
    if (next && next.leg.mode !== 'walk') d.leg = { ...d.leg, to: { ...next.leg.from } };
    const before = drafts[i - 1];
    if (before?.arrival != null) {
      d.departure = before.arrival;
      d.arrival =
        next?.departure != null
          ? Math.max(before.arrival, Math.min(next.departure, before.arrival + d.seconds * 1000))
          : before.arrival + d.seconds * 1000;
    } else if (next?.departure != null) {
      d.arrival = next.departure;
      d.departure = next.departure - d.seconds * 1000;
    }
  });
  const legs: Leg[] = drafts.map((d) => {
    if (d.departure === null || d.arrival === null) throw badAnswer('times');
    return { ...d.leg, departure: formatZurichIso(d.departure), arrival: formatZurichIso(d.arrival) };
  });
  const first = legs[0] as Leg;
  const last = legs[legs.length - 1] as Leg;
  const durationSeconds = Math.round((parseInstant(last.arrival) - parseInstant(first.departure)) / 1000);
  if (durationSeconds < 0) throw badAnswer('a forward arrival');
  if (durationSeconds > MAX_TRIP_SECONDS)
    throw new AppError('trip_too_long', 'Google found a trip longer than Railtape takes.');
  const rides = legs.filter((l) => l.mode !== 'walk');
  return {
    source,
    exactness: 'replanned',
    origin: (rides[0] as Leg).from.name || first.from.name,
    destination: (rides.at(-1) as Leg).to.name || last.to.name,
    departure: first.departure,
    arrival: last.arrival,
    durationSeconds,
    legs,
  };
}

/**
 * The route the search means, as a trip: for `depart-at` the earliest leaving at or after the wanted
 * time, for `arrive-by` the latest arriving by it, for `leave-now` Google's first. Routes that
 * cannot be read are skipped; none left → `no_connection`.
 */
export function pickRouteTrip(
  routes: readonly GoogleRoute[],
  query: Pick<TripQuery, 'time' | 'timeKind' | 'source'>,
): Trip {
  const trips: Trip[] = [];
  let lastError: unknown = null;
  for (const r of routes) {
    try {
      trips.push(routeToTrip(r, query.source));
    } catch (err) {
      lastError = err;
    }
  }
  if (trips.length === 0 && lastError) throw lastError;
  let picked: Trip | undefined;
  if (query.timeKind === 'leave-now' || query.time === null) picked = trips[0];
  else {
    const wanted = localMinuteMs(query.time);
    if (query.timeKind === 'depart-at') {
      picked = trips
        .filter((t) => parseInstant(t.departure) >= wanted)
        .sort((a, b) => parseInstant(a.departure) - parseInstant(b.departure))[0];
    } else {
      picked = trips
        .filter((t) => parseInstant(t.arrival) <= wanted)
        .sort((a, b) => parseInstant(b.arrival) - parseInstant(a.arrival))[0];
    }
  }
  if (!picked) {
    throw new AppError('incomplete_search', 'Google has no public transport connection for this search.', {
      reason: 'no_connection',
    });
  }
  return picked;
}
