/**
 * The canonical trip: what every share becomes, whatever app it came from.
 * Instants are ISO 8601 strings with the Europe/Zurich offset (see `time.ts`).
 */

export type LegMode = 'rail' | 'bus' | 'tram' | 'boat' | 'cableway' | 'walk' | 'other';

export type TripSource =
  | 'sbb-trip-link'
  | 'sbb-app-link'
  | 'sbb-search-link'
  | 'google-maps'
  | 'apple-maps'
  | 'bahn-de-link'
  | 'search-ch-link'
  | 'ojp-link'
  | 'plain-text';

/** `exact`: the legs the traveller chose; `replanned`: found again by a timetable query; `approximate`: guessed. */
export type Exactness = 'exact' | 'replanned' | 'approximate';

export interface Stop {
  name: string;
  uic: string | null;
  platform: string | null;
  /** The platform real-time expects, where a timetable API has one (OJP `EstimatedQuay`): a change when it differs. */
  expectedPlatform?: string | null;
  lat?: number | null;
  lon?: number | null;
}

export interface Leg {
  mode: LegMode;
  /** Display form, e.g. `IC 1`, `T 6`, `B 604`; null for walks. */
  line: string | null;
  trainNumber: string | null;
  from: Stop;
  to: Stop;
  departure: string;
  arrival: string;
  /** Real-time prognosis where a timetable API has one (same format as the planned times). */
  expectedDeparture?: string | null;
  expectedArrival?: string | null;
  /** Real-time says this ride will not run (OJP `Cancelled` / `Infeasible`). */
  cancelled?: boolean;
}

export interface Trip {
  source: TripSource;
  exactness: Exactness;
  origin: string;
  destination: string;
  departure: string;
  arrival: string;
  durationSeconds: number;
  legs: Leg[];
  /**
   * Fields a parser or resolver had to infer, so the UI can say so: `year` (a date without one, the
   * next occurrence that fits its weekday), `date` (no date at all), `stop` (a change stop taken from
   * the neighbouring ride), `origin` / `destination` (a station picked for a position or a bare name).
   */
  guessed?: TripGuess[];
}

export type TripGuess = 'year' | 'date' | 'stop' | 'origin' | 'destination';

/** A place of a search; `device`: the sharing phone's own position ("My location"), not yet known. */
export interface QueryPlace {
  name: string | null;
  uic: string | null;
  device?: true;
}

/** A search that needs a timetable query before it is a trip (search links, Google Maps). */
export interface TripQuery {
  source: TripSource;
  origin: QueryPlace;
  destination: QueryPlace;
  /** Local Europe/Zurich time `YYYY-MM-DDTHH:MM`, or null for "leave now". */
  time: string | null;
  timeKind: 'depart-at' | 'arrive-by' | 'leave-now';
}

/**
 * The largest trip Railtape takes, from the first departure to the last arrival. A journey through
 * Switzerland takes hours, and even a long international one with night trains fits in two days and
 * a few dozen legs; a link past these is crafted or broken. The parser refuses such a share
 * (`trip_too_long`) and the fitter refuses such a target, since fitting costs time and memory per
 * second of trip (a 10-year "trip" held the server for seconds; past ~68 years the seconds overflow
 * the `duration_seconds` integer column).
 */
export const MAX_TRIP_SECONDS = 48 * 3600;
export const MAX_TRIP_LEGS = 60;

export const isRide = (leg: Leg): boolean => leg.mode !== 'walk';

/** Number of changes between rides: walks between rides are part of a transfer, not a transfer of their own. */
export function countTransfers(trip: Pick<Trip, 'legs'>): number {
  return Math.max(0, trip.legs.filter(isRide).length - 1);
}
