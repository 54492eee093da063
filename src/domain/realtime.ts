/**
 * A trip as it will run, from its real-time prognosis (pure). The playlist keeps starting at the
 * planned departure; what moves is where each ride ends and when the last one arrives, which is what
 * a re-fit must match.
 */
import { formatZurichIso, parseInstant } from './time.js';
import type { Leg, Trip } from './trip.js';
import { isRide } from './trip.js';

/** Below this the traveller cannot make the next ride (platform to platform in a big station). */
export const MIN_TRANSFER_SECONDS = 120;

const expectedArrival = (leg: Leg) => leg.expectedArrival ?? leg.arrival;
const expectedDeparture = (leg: Leg) => leg.expectedDeparture ?? leg.departure;

/** The legs at their expected times; the trip ends at the last expected arrival. */
export function tripAsRun(trip: Trip): Trip {
  const legs = trip.legs.map((leg) => ({
    ...leg,
    departure: expectedDeparture(leg),
    arrival: expectedArrival(leg),
  }));
  const last = legs.at(-1);
  const arrivalMs = Math.max(parseInstant(trip.arrival), last ? parseInstant(last.arrival) : 0);
  const departureMs = parseInstant(trip.departure);
  return {
    ...trip,
    legs,
    arrival: formatZurichIso(arrivalMs),
    durationSeconds: Math.round((arrivalMs - departureMs) / 1000),
  };
}

/** How far the expected arrival of `after` moved against `before`, in seconds (later: positive). */
export function arrivalShiftSeconds(before: Trip, after: Trip): number {
  return (parseInstant(tripAsRun(after).arrival) - parseInstant(tripAsRun(before).arrival)) / 1000;
}

/** When the first ride is now expected to leave (the reminder follows it). */
export function expectedDepartureOf(trip: Pick<Trip, 'legs' | 'departure'>): Date {
  const first = trip.legs.find(isRide);
  return new Date(parseInstant(first ? expectedDeparture(first) : trip.departure));
}

/**
 * Rides whose connection breaks: the ride before is expected to arrive later than the next one
 * leaves, less the time the change takes (the planned walk between them, or else the minimum transfer
 * time, or the planned gap when the operator planned a tighter one). Indices into `trip.legs` of the
 * rides that would be missed.
 */
export function brokenTransfers(
  trip: Pick<Trip, 'legs'>,
  minTransferSeconds = MIN_TRANSFER_SECONDS,
): number[] {
  const rides = trip.legs.map((leg, index) => ({ leg, index })).filter(({ leg }) => isRide(leg));
  const seconds = (from: string, to: string) => (parseInstant(to) - parseInstant(from)) / 1000;
  const broken: number[] = [];
  for (let i = 1; i < rides.length; i++) {
    const before = rides[i - 1]!;
    const next = rides[i]!;
    const walk = trip.legs
      .slice(before.index + 1, next.index)
      .reduce((sum, leg) => sum + seconds(leg.departure, leg.arrival), 0);
    const needed =
      walk > 0 ? walk : Math.min(minTransferSeconds, seconds(before.leg.arrival, next.leg.departure));
    const gap = seconds(expectedArrival(before.leg), expectedDeparture(next.leg));
    if (gap < needed) broken.push(next.index);
  }
  return broken;
}
