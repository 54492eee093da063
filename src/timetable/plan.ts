/**
 * Re-planning searches and polling real-time prognosis against transport.opendata.ch. The hosted
 * service has a small daily quota shared by every user, so stop look-ups are cached for the life of
 * the planner, and identical connection queries (many travellers on the same train poll the same
 * from/to/time) share one in-flight request and its answer for a minute.
 */
import { AppError } from '../domain/errors.js';
import { formatZurichLocalMinute, parseInstant } from '../domain/time.js';
import { isRide, type Leg, type Trip, type TripQuery } from '../domain/trip.js';
import type {
  ConnectionsParams,
  OpendataClient,
  OpendataConnection,
  OpendataLocation,
} from './opendata-client.js';
import { connectionToTrip, pickConnection, stripZeros } from './opendata-trip.js';

export interface OpendataPlannerOptions {
  /** How long a connections answer is reused; prognosis changes by the minute. */
  cacheMs?: number;
  /** Clock for the answer cache only; what "now" means for a search comes with each call. */
  clock?: () => number;
}

export interface OpendataPlanner {
  planTrip(query: TripQuery, options: { now: Date }): Promise<Trip>;
  /** The trip with each leg's prognosis filled in, or null when the timetable no longer has the train. */
  expectedTimes(trip: Trip, options: { now: Date }): Promise<Trip | null>;
}

const SEARCH_LIMIT = 6;
// Bounds on the caches, so a flood of distinct names or queries cannot grow memory without end.
const MAX_LOCATIONS = 2_000;
const MAX_ANSWERS = 1_000;
// opendata.ch has prognosis for roughly today; polling outside that window spends quota for nothing.
const REALTIME_BEFORE_MS = 12 * 3_600_000;
const REALTIME_AFTER_MS = 6 * 3_600_000;

interface CachedAnswer {
  promise: Promise<OpendataConnection[]>;
  expiresAt: number;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

const localParts = (local: string) => ({ date: local.slice(0, 10), time: local.slice(11, 16) });

export function createOpendataPlanner(
  client: OpendataClient,
  options: OpendataPlannerOptions = {},
): OpendataPlanner {
  const cacheMs = options.cacheMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const locations = new Map<string, Promise<OpendataLocation | null>>();
  const answers = new Map<string, CachedAnswer>();

  function station(name: string): Promise<OpendataLocation | null> {
    const key = name.trim().toLowerCase();
    const cached = locations.get(key);
    if (cached) return cached;
    const promise = client
      .locations(name.trim())
      // Addresses and points of interest come without an id; only stations can be searched from.
      .then((found) => found.find((l) => l.id) ?? null);
    remember(locations, key, promise, MAX_LOCATIONS);
    promise.catch(() => locations.delete(key));
    return promise;
  }

  async function stopParam(stop: { name: string | null; uic: string | null }, role: string): Promise<string> {
    const uic = stripZeros(stop.uic);
    if (uic) return uic;
    const name = stop.name?.trim();
    if (!name) {
      throw new AppError('incomplete_search', `The search has no ${role}.`, { reason: 'stop_missing', role });
    }
    const found = await station(name);
    const id = stripZeros(found?.id);
    if (!id) {
      throw new AppError('incomplete_search', `No stop called "${name}" was found in the Swiss timetable.`, {
        reason: 'stop_not_found',
        stop: name,
      });
    }
    return id;
  }

  function connections(params: ConnectionsParams): Promise<OpendataConnection[]> {
    const key = JSON.stringify([
      params.from,
      params.to,
      params.date ?? null,
      params.time ?? null,
      params.isArrivalTime ?? false,
      params.transportations ?? [],
      params.limit ?? null,
    ]);
    const now = clock();
    const cached = answers.get(key);
    if (cached && cached.expiresAt > now) return cached.promise;
    if (cached) answers.delete(key);
    const entry: CachedAnswer = { promise: client.connections(params), expiresAt: Number.POSITIVE_INFINITY };
    remember(answers, key, entry, MAX_ANSWERS);
    entry.promise.then(
      () => {
        entry.expiresAt = clock() + cacheMs;
      },
      () => {
        if (answers.get(key) === entry) answers.delete(key);
      },
    );
    return entry.promise;
  }

  return {
    async planTrip(query, { now }) {
      const [from, to] = await Promise.all([
        stopParam(query.origin, 'origin'),
        stopParam(query.destination, 'destination'),
      ]);
      // A search without a time means "leave now", whatever kind it says it is.
      const timeKind = query.time === null ? 'leave-now' : query.timeKind;
      const local =
        timeKind === 'leave-now' || query.time === null ? formatZurichLocalMinute(now.getTime()) : query.time;
      const found = await connections({
        from,
        to,
        ...localParts(local),
        isArrivalTime: timeKind === 'arrive-by',
        limit: SEARCH_LIMIT,
      });
      const picked = pickConnection(found, { time: local, timeKind });
      if (!picked) {
        throw new AppError('incomplete_search', 'The Swiss timetable has no connection for this search.', {
          reason: 'no_connection',
          from,
          to,
          time: local,
        });
      }
      return connectionToTrip(picked, query.source);
    },

    async expectedTimes(trip, { now }) {
      const rides = trip.legs.filter(isRide);
      const first = rides[0];
      const last = rides[rides.length - 1];
      if (!first || !last) return null;
      const plannedDeparture = parseInstant(first.departure);
      const t = now.getTime();
      if (plannedDeparture - t > REALTIME_BEFORE_MS || t - parseInstant(last.arrival) > REALTIME_AFTER_MS)
        return null;
      const from = first.from.uic ?? first.from.name;
      const to = last.to.uic ?? last.to.name;
      if (!from || !to) return null;
      const found = await connections({
        from,
        to,
        ...localParts(formatZurichLocalMinute(plannedDeparture)),
        limit: SEARCH_LIMIT,
      });
      const match = matchConnection(found, rides, plannedDeparture);
      if (!match) return null;
      const live = connectionToTrip(match, trip.source).legs.filter(isRide);
      let ride = 0;
      const legs: Leg[] = trip.legs.map((leg) => {
        if (!isRide(leg)) return { ...leg, expectedDeparture: null, expectedArrival: null };
        const l = live[ride++];
        return {
          ...leg,
          expectedDeparture: l?.expectedDeparture ?? null,
          expectedArrival: l?.expectedArrival ?? null,
        };
      });
      return { ...trip, legs };
    },
  };
}

/** Same train numbers ride by ride when the trip knows them all; otherwise the same planned departure. */
function matchConnection(
  found: readonly OpendataConnection[],
  rides: readonly Leg[],
  plannedDeparture: number,
): OpendataConnection | null {
  const numbers = rides.map((r) => stripZeros(r.trainNumber));
  const byNumber = numbers.every((n) => n !== null);
  for (const c of found) {
    let live: Leg[];
    try {
      live = connectionToTrip(c, 'plain-text').legs.filter(isRide);
    } catch {
      continue;
    }
    if (byNumber) {
      if (live.length === numbers.length && live.every((l, i) => stripZeros(l.trainNumber) === numbers[i]))
        return c;
    } else if (live[0] && parseInstant(live[0].departure) === plannedDeparture) return c;
  }
  return null;
}
