/**
 * The Trips screen's pure logic: one card per ride however often it was shared, and the split into
 * upcoming and past. No DOM, no clock: `now` comes in.
 */
import type { Share, Trip } from '../api.js';

export interface Ride {
  /** The trip the card opens: the newest share of the ride. */
  trip: Trip;
  /** How many trips (shares) are this same ride. */
  count: number;
}

/**
 * The same ride: the same first departure instant, the same origin and destination stops and the same
 * last arrival. Instants, not strings, so `+01:00` and `Z` spellings of one time are one ride.
 */
export function rideKey(trip: Trip): string {
  const first = trip.legs[0];
  const last = trip.legs[trip.legs.length - 1];
  const departure = Date.parse(first?.departure ?? trip.departure);
  const arrival = Date.parse(last?.arrival ?? trip.arrival);
  const from = (first?.from.name ?? trip.origin).trim().toLowerCase();
  const to = (last?.to.name ?? trip.destination).trim().toLowerCase();
  return `${departure}|${from}|${to}|${arrival}`;
}

/**
 * Groups trips that are one ride into one card (the newest: the latest-received share; without share
 * times, the first in the given order), keeping the order of each ride's first appearance.
 */
export function groupRides(trips: readonly Trip[], shares: readonly Share[] = []): Ride[] {
  const receivedAt = new Map(shares.map((s) => [s.id, Date.parse(s.receivedAt)]));
  const at = (trip: Trip) => (trip.shareId ? (receivedAt.get(trip.shareId) ?? -Infinity) : -Infinity);
  const rides = new Map<string, Ride>();
  for (const trip of trips) {
    const key = rideKey(trip);
    const ride = rides.get(key);
    if (!ride) rides.set(key, { trip, count: 1 });
    else {
      ride.count += 1;
      if (at(trip) > at(ride.trip)) ride.trip = trip;
    }
  }
  return [...rides.values()];
}

/**
 * Upcoming: not yet arrived (a ride under way is upcoming), soonest first. Past: arrived, latest first.
 * The expected (real-time) arrival counts when known: a late train is still under way.
 */
export function splitRides(rides: readonly Ride[], now: Date): { upcoming: Ride[]; past: Ride[] } {
  const arrival = (trip: Trip) => {
    const last = trip.legs[trip.legs.length - 1];
    return Date.parse(last?.expectedArrival ?? trip.arrival);
  };
  const departure = (ride: Ride) => Date.parse(ride.trip.departure);
  const upcoming = rides.filter((r) => arrival(r.trip) >= now.getTime());
  const past = rides.filter((r) => arrival(r.trip) < now.getTime());
  upcoming.sort((a, b) => departure(a) - departure(b));
  past.sort((a, b) => departure(b) - departure(a));
  return { upcoming, past };
}

/** Changes of vehicle: rides after the first (walks between them are part of a change). */
export function changesOf(trip: Trip): number {
  return Math.max(0, trip.legs.filter((leg) => leg.mode !== 'walk').length - 1);
}

/** Under way at `now`: departed, not yet arrived. */
export function isUnderWay(trip: Trip, now: Date): boolean {
  const t = now.getTime();
  return Date.parse(trip.departure) <= t && t <= Date.parse(trip.arrival);
}
