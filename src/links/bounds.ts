import { parseInstant } from '../domain/time.js';
import { MAX_TRIP_LEGS, MAX_TRIP_SECONDS, type Trip } from '../domain/trip.js';
import { ShareDecodeError } from './hki.js';

const tooLong = (why: string) =>
  new ShareDecodeError('trip_too_long', `The trip is longer than Railtape takes (${why}).`);

/**
 * What every decoded trip must be before it is stored and fitted: at most `MAX_TRIP_LEGS` legs and
 * `MAX_TRIP_SECONDS` from the first departure to the last arrival (walks included, as the fitter
 * counts), and no leg, nor the trip, arriving before it departs. `parseShare` applies it to the trip
 * of every decoder; throws the `ShareDecodeError` the share fails with.
 */
export function assertTripBounds(trip: Trip): void {
  if (trip.legs.length > MAX_TRIP_LEGS) {
    throw tooLong(`${trip.legs.length} legs, at most ${MAX_TRIP_LEGS}`);
  }
  const departure = parseInstant(trip.departure);
  const arrival = parseInstant(trip.arrival);
  if (arrival < departure) throw new ShareDecodeError('bad_leg', 'The trip arrives before it departs.');
  let start = departure;
  let end = arrival;
  trip.legs.forEach((leg, index) => {
    const legDeparture = parseInstant(leg.departure);
    const legArrival = parseInstant(leg.arrival);
    if (legArrival < legDeparture) {
      throw new ShareDecodeError('bad_leg', `Leg ${index + 1} of the trip arrives before it departs.`);
    }
    start = Math.min(start, legDeparture);
    end = Math.max(end, legArrival);
  });
  if (end - start > MAX_TRIP_SECONDS * 1000 || trip.durationSeconds > MAX_TRIP_SECONDS) {
    throw tooLong(`${Math.round((end - start) / 3_600_000)} h, at most ${MAX_TRIP_SECONDS / 3600} h`);
  }
}
