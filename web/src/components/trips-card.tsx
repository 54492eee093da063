/** One ride on the Trips screen: from → to, day, times, duration, exactness, changes; opens the trip. */
import { clock, day, dayShort, duration } from '../format.js';
import { words } from '../i18n/index.js';
import { TRIPS } from '../i18n/trips.js';
import { tripHash } from '../router.js';
import { changesOf, isUnderWay, type Ride } from './trips-group.js';
import './trips-card.css';

export function TripCard({ ride, now }: { ride: Ride; now: Date }) {
  const t = words(TRIPS);
  const { trip, count } = ride;
  const changes = changesOf(trip);
  const guessed = (trip.guessed?.length ?? 0) > 0;
  // The year only when it is not this one (Zurich's calendar year, as the day is shown).
  const year = (at: string | Date) =>
    new Intl.DateTimeFormat('en', { timeZone: 'Europe/Zurich', year: 'numeric' }).format(new Date(at));
  const when = year(trip.departure) === year(now) ? dayShort(trip.departure) : day(trip.departure);
  return (
    <li class="trips-item">
      <a class="card trips-card" href={tripHash(trip.id)} data-trip={trip.id} data-shared={count}>
        <h3 class="trips-route">
          {trip.origin} → {trip.destination}
        </h3>
        <p class="trips-when numeric">
          <span>{when}</span>
          <span class="trips-times">
            {clock(trip.departure)}–{clock(trip.arrival)}
          </span>
          <span class="muted">{duration(trip.durationSeconds)}</span>
        </p>
        <p class="row trips-badges">
          {isUnderWay(trip, now) && <span class="badge ok">{t.underWay}</span>}
          <span class="badge">{t.changes(changes)}</span>
          {trip.exactness !== 'exact' && <span class="badge warn">{t.exactness[trip.exactness]}</span>}
          {guessed && <span class="badge warn">{t.guessed}</span>}
          {count > 1 && (
            <span class="trips-shared muted" data-testid="shared-times">
              {t.sharedTimes(count)}
            </span>
          )}
        </p>
      </a>
    </li>
  );
}
