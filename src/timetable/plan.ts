/**
 * Re-planning searches, polling real-time and enriching exact trips: the one resolver the share
 * service (inline and in the parse worker) and the delay check both use. transport.opendata.ch is
 * the default and always finds the stops; with an OJP token, OJP 2.0 plans the trips and reads
 * real-time (it has estimated quays and cancellations, which opendata has not); with a Google Routes
 * key, Google and Apple shares whose stops are outside Switzerland are planned by Google (inside
 * Switzerland the Swiss timetable stays first). The hosted opendata service has a small daily quota
 * shared by every user, so stop look-ups are cached for the life of the planner, and identical
 * queries (many travellers on the same train poll the same from/to/time) share one in-flight request
 * and its answer for a minute, whichever service answers them.
 */
import { AppError, isAppError } from '../domain/errors.js';
import { greatCircleMetres } from '../domain/geo.js';
import { formatZurichLocalMinute, parseInstant } from '../domain/time.js';
import { isRide, type Leg, type Stop, type Trip, type TripQuery } from '../domain/trip.js';
import { createGoogleRoutesClient, type GoogleRoutesClient } from './google-routes-client.js';
import { type GoogleRoute, pickRouteTrip } from './google-routes-trip.js';
import { createOjpClient, type OjpClient } from './ojp-client.js';
import { localMinuteMs, type OjpTrip } from './ojp-trip.js';
import type {
  ConnectionsParams,
  OpendataClient,
  OpendataConnection,
  OpendataLocation,
} from './opendata-client.js';
import { createOpendataClient } from './opendata-client.js';
import { connectionToTrip, pickConnection, stripZeros } from './opendata-trip.js';
import type { ApiUsageRecorder } from './usage.js';

export interface OpendataPlannerOptions {
  /** How long a connections answer is reused; prognosis changes by the minute. */
  cacheMs?: number;
  /** Clock for the answer cache only; what "now" means for a search comes with each call. */
  clock?: () => number;
  /** OJP 2.0 (when `OJP_TOKEN` is set): plans Swiss trips and reads their real-time instead of opendata. */
  ojp?: OjpClient | undefined;
  /** Google Routes (when `GOOGLE_ROUTES_API_KEY` is set): Google and Apple shares outside Switzerland. */
  googleRoutes?: GoogleRoutesClient | undefined;
}

export interface OpendataPlanner {
  planTrip(query: TripQuery, options: { now: Date }): Promise<Trip>;
  /**
   * The trip with each leg's prognosis filled in (and platforms it lacked, and OJP's estimated
   * quays and cancellations), or null when the timetable no longer has the train or it is too far
   * off for real-time.
   */
  expectedTimes(trip: Trip, options: { now: Date }): Promise<Trip | null>;
  /**
   * An exact trip (decoded from an SBB trip id, which has no platforms) with the platforms and any
   * real-time of the matching connection (same departure, same trains); the trip unchanged when the
   * timetable has no match. Any day, not only within the real-time window.
   */
  enrichTrip(trip: Trip, options: { now: Date }): Promise<Trip>;
  /**
   * The timetable's station nearest to a position, if one is within `maxMetres` (for a search from
   * the device's position). Look-ups are cached on a ~100 m grid, so a traveller's retries cost one call.
   */
  nearestStop(position: { lat: number; lon: number }, maxMetres: number): Promise<NearbyStop | null>;
}

export interface NearbyStop {
  name: string;
  uic: string;
  metres: number;
}

/** The one planner's name for what it is: opendata, OJP and Google behind one resolver. */
export type TimetablePlanner = OpendataPlanner;

/** Which timetable services this server may use (`config.timetable`). */
export interface TimetableConfig {
  opendataUrl: string;
  ojp?: { url: string; token: string } | undefined;
  googleRoutes?: { url: string; apiKey: string } | undefined;
}

/**
 * The timetable of a server: its clients from the configuration and the one planner over them, with
 * the calls made so far (all services, retries included) for the cost figures.
 */
export function createTimetable(
  config: TimetableConfig,
  deps: {
    clock: () => Date;
    fetch?: typeof fetch | undefined;
    sleep?: ((ms: number) => Promise<void>) | undefined;
    usage?: ApiUsageRecorder | undefined;
  },
): { planner: TimetablePlanner; calls(): number } {
  const shared = {
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.usage ? { usage: deps.usage } : {}),
  };
  const opendata = createOpendataClient({ baseUrl: config.opendataUrl, ...shared });
  const ojp = config.ojp
    ? createOjpClient({ baseUrl: config.ojp.url, token: config.ojp.token, ...shared })
    : undefined;
  const googleRoutes = config.googleRoutes
    ? createGoogleRoutesClient({
        baseUrl: config.googleRoutes.url,
        apiKey: config.googleRoutes.apiKey,
        ...shared,
      })
    : undefined;
  const planner = createOpendataPlanner(opendata, {
    clock: () => deps.clock().getTime(),
    ojp,
    googleRoutes,
  });
  return {
    planner,
    calls: () => opendata.calls() + (ojp?.calls() ?? 0) + (googleRoutes?.calls() ?? 0),
  };
}

const SEARCH_LIMIT = 6;
// Bounds on the caches, so a flood of distinct names or queries cannot grow memory without end.
const MAX_LOCATIONS = 2_000;
const MAX_ANSWERS = 1_000;
// opendata.ch has prognosis for roughly today; polling outside that window spends quota for nothing.
const REALTIME_BEFORE_MS = 12 * 3_600_000;
const REALTIME_AFTER_MS = 6 * 3_600_000;

interface CachedAnswer<T> {
  promise: Promise<T>;
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
  const { ojp, googleRoutes } = options;
  const locations = new Map<string, Promise<OpendataLocation | null>>();
  const answers = new Map<string, CachedAnswer<unknown>>();
  const nearby = new Map<string, Promise<NearbyStop[]>>();

  function stopsNear(lat: number, lon: number): Promise<NearbyStop[]> {
    const key = `${lat.toFixed(3)},${lon.toFixed(3)}`;
    const cached = nearby.get(key);
    if (cached) return cached;
    const promise = client.locationsNear(lat, lon).then((found) =>
      found
        .flatMap((l) => {
          const uic = stripZeros(l.id);
          if (!uic || !l.name) return [];
          // The hosted service fills `distance` for coordinate queries; compute it when it does not.
          const metres =
            typeof l.distance === 'number'
              ? l.distance
              : typeof l.coordinate?.x === 'number' && typeof l.coordinate?.y === 'number'
                ? greatCircleMetres(lat, lon, l.coordinate.x, l.coordinate.y)
                : null;
          return metres === null ? [] : [{ name: l.name, uic, metres }];
        })
        .sort((a, b) => a.metres - b.metres),
    );
    remember(nearby, key, promise, MAX_LOCATIONS);
    promise.catch(() => nearby.delete(key));
    return promise;
  }

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

  /** One in-flight request per identical query, and its answer reused for `cacheMs`. */
  function coalesced<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = clock();
    const cached = answers.get(key) as CachedAnswer<T> | undefined;
    if (cached && cached.expiresAt > now) return cached.promise;
    if (cached) answers.delete(key);
    const entry: CachedAnswer<T> = { promise: load(), expiresAt: Number.POSITIVE_INFINITY };
    remember(answers, key, entry as CachedAnswer<unknown>, MAX_ANSWERS);
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

  function connections(params: ConnectionsParams): Promise<OpendataConnection[]> {
    const key = JSON.stringify([
      'opendata',
      params.from,
      params.to,
      params.date ?? null,
      params.time ?? null,
      params.isArrivalTime ?? false,
      params.transportations ?? [],
      params.limit ?? null,
    ]);
    return coalesced(key, () => client.connections(params));
  }

  function ojpTrips(from: string, to: string, at: number, arriveBy: boolean): Promise<OjpTrip[]> {
    const service = ojp as OjpClient;
    return coalesced(JSON.stringify(['ojp', from, to, at, arriveBy]), () =>
      // The source is set per caller below; the cached answer is shared by all.
      service.trips({ from, to, at, arriveBy, numberOfResults: SEARCH_LIMIT, source: 'plain-text' }),
    );
  }

  function googleTrip(
    query: TripQuery,
    local: string | null,
    timeKind: TripQuery['timeKind'],
  ): Promise<Trip> {
    const service = googleRoutes as GoogleRoutesClient;
    const origin = query.origin.name?.trim();
    const destination = query.destination.name?.trim();
    if (!origin || !destination) {
      throw new AppError('incomplete_search', 'The search has no origin or destination.', {
        reason: 'stop_missing',
      });
    }
    const at = local === null ? null : localMinuteMs(local);
    return coalesced<GoogleRoute[]>(JSON.stringify(['google', origin, destination, at, timeKind]), () =>
      service.transitRoutes({ origin, destination, at, arriveBy: timeKind === 'arrive-by' }),
    ).then((routes) => pickRouteTrip(routes, { time: local, timeKind, source: query.source }));
  }

  /**
   * The Swiss stops of a search, or `outside` when Google should plan it: a stop the Swiss timetable
   * does not know, or knows only as a foreign station (a UIC outside Switzerland's 85).
   */
  async function swissStops(query: TripQuery): Promise<{ from: string; to: string } | 'outside'> {
    const viaGoogle =
      googleRoutes !== undefined && (query.source === 'google-maps' || query.source === 'apple-maps');
    try {
      const [from, to] = await Promise.all([
        stopParam(query.origin, 'origin'),
        stopParam(query.destination, 'destination'),
      ]);
      if (viaGoogle && !(isSwiss(from) && isSwiss(to))) return 'outside';
      return { from, to };
    } catch (err) {
      if (viaGoogle && isAppError(err) && err.details?.reason === 'stop_not_found') return 'outside';
      throw err;
    }
  }

  /** The live trip for these rides from whichever service reads real-time; null when none matches. */
  async function liveTrip(trip: Trip): Promise<Trip | null> {
    const rides = trip.legs.filter(isRide);
    const first = rides[0];
    const last = rides[rides.length - 1];
    if (!first || !last) return null;
    const plannedDeparture = parseInstant(first.departure);
    const from = first.from.uic ?? first.from.name;
    const to = last.to.uic ?? last.to.name;
    if (!from || !to) return null;
    // OJP is asked by stop reference only; a trip without UICs (planned by Google abroad) is looked
    // up by name through opendata, which finds stations by name.
    if (ojp && first.from.uic && last.to.uic) {
      const found = await ojpTrips(first.from.uic, last.to.uic, plannedDeparture, false);
      return matchTrip(
        found.map((f) => f.trip),
        rides,
        plannedDeparture,
      );
    }
    const found = await connections({
      from,
      to,
      ...localParts(formatZurichLocalMinute(plannedDeparture)),
      limit: SEARCH_LIMIT,
    });
    const trips: Trip[] = [];
    for (const c of found) {
      try {
        trips.push(connectionToTrip(c, 'plain-text'));
      } catch {
        // A connection that cannot be read cannot be the one the traveller rides.
      }
    }
    return matchTrip(trips, rides, plannedDeparture);
  }

  return {
    async nearestStop({ lat, lon }, maxMetres) {
      const stops = await stopsNear(lat, lon);
      const first = stops[0];
      return first && first.metres <= maxMetres ? first : null;
    },
    async planTrip(query, { now }) {
      // A search without a time means "leave now", whatever kind it says it is.
      const timeKind = query.time === null ? 'leave-now' : query.timeKind;
      const local =
        timeKind === 'leave-now' || query.time === null ? formatZurichLocalMinute(now.getTime()) : query.time;
      const stops = await swissStops(query);
      if (stops === 'outside') return googleTrip(query, timeKind === 'leave-now' ? null : local, timeKind);
      const { from, to } = stops;
      if (ojp) {
        const found = await ojpTrips(from, to, localMinuteMs(local), timeKind === 'arrive-by');
        // A cancelled connection is no plan; the traveller gets the next one that runs.
        const picked = pickTrip(
          found.filter((f) => !f.infeasible).map((f) => f.trip),
          { time: local, timeKind },
        );
        if (!picked) throw noConnection(from, to, local);
        return { ...picked, source: query.source };
      }
      const found = await connections({
        from,
        to,
        ...localParts(local),
        isArrivalTime: timeKind === 'arrive-by',
        limit: SEARCH_LIMIT,
      });
      const picked = pickConnection(found, { time: local, timeKind });
      if (!picked) throw noConnection(from, to, local);
      return connectionToTrip(picked, query.source);
    },

    async expectedTimes(trip, { now }) {
      const rides = trip.legs.filter(isRide);
      const first = rides[0];
      const last = rides[rides.length - 1];
      if (!first || !last) return null;
      const t = now.getTime();
      if (
        parseInstant(first.departure) - t > REALTIME_BEFORE_MS ||
        t - parseInstant(last.arrival) > REALTIME_AFTER_MS
      )
        return null;
      const live = await liveTrip(trip);
      return live ? withLive(trip, live) : null;
    },

    async enrichTrip(trip) {
      const live = await liveTrip(trip).catch(() => null);
      return live ? withLive(trip, live) : trip;
    },
  };
}

const isSwiss = (id: string) => /^85\d{5}$/.test(id);

const noConnection = (from: string, to: string, time: string) =>
  new AppError('incomplete_search', 'The Swiss timetable has no connection for this search.', {
    reason: 'no_connection',
    from,
    to,
    time,
  });

/** The trip a query means, as `pickConnection` does for opendata: by departure, by arrival, or the first. */
function pickTrip(trips: readonly Trip[], query: Pick<TripQuery, 'time' | 'timeKind'>): Trip | null {
  if (query.timeKind === 'leave-now' || query.time === null) return trips[0] ?? null;
  const wanted = localMinuteMs(query.time);
  if (query.timeKind === 'depart-at') {
    return (
      trips
        .filter((t) => parseInstant(t.departure) >= wanted)
        .sort((a, b) => parseInstant(a.departure) - parseInstant(b.departure))[0] ?? null
    );
  }
  return (
    trips
      .filter((t) => parseInstant(t.arrival) <= wanted)
      // Of two arriving together, the one leaving later is the shorter ride.
      .sort(
        (a, b) =>
          parseInstant(b.arrival) - parseInstant(a.arrival) ||
          parseInstant(b.departure) - parseInstant(a.departure),
      )[0] ?? null
  );
}

/** Same train numbers ride by ride when the trip knows them all; otherwise the same planned departure. */
function matchTrip(found: readonly Trip[], rides: readonly Leg[], plannedDeparture: number): Trip | null {
  const numbers = rides.map((r) => stripZeros(r.trainNumber));
  const byNumber = numbers.every((n) => n !== null);
  for (const trip of found) {
    const live = trip.legs.filter(isRide);
    if (byNumber) {
      if (live.length === numbers.length && live.every((l, i) => stripZeros(l.trainNumber) === numbers[i]))
        return trip;
    } else if (live[0] && parseInstant(live[0].departure) === plannedDeparture) return trip;
  }
  return null;
}

/**
 * The stored trip with what the live one knows: expected times, the platforms it lacked (an exact
 * SBB trip has none), expected platforms and cancellations. The stored legs, times and stops stay.
 */
function withLive(trip: Trip, liveTrip: Trip): Trip {
  const live = liveTrip.legs.filter(isRide);
  let ride = 0;
  const stop = (mine: Stop, theirs: Stop | undefined): Stop => {
    const platform = mine.platform ?? theirs?.platform ?? null;
    const expected = theirs?.expectedPlatform;
    return {
      ...mine,
      platform,
      ...(expected !== undefined ? { expectedPlatform: expected } : {}),
    };
  };
  const legs: Leg[] = trip.legs.map((leg) => {
    if (!isRide(leg)) return { ...leg, expectedDeparture: null, expectedArrival: null };
    const l = live[ride++];
    const { cancelled: _, ...rest } = leg;
    return {
      ...rest,
      from: stop(leg.from, l?.from),
      to: stop(leg.to, l?.to),
      expectedDeparture: l?.expectedDeparture ?? null,
      expectedArrival: l?.expectedArrival ?? null,
      ...(l?.cancelled ? { cancelled: true } : {}),
    };
  });
  return { ...trip, legs };
}
