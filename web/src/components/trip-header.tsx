/** The trip's header card (shared by the trip and live screens) and the screen's other states. */

import type { Trip } from '../api.js';
import { clock, day, duration } from '../format.js';
import { words } from '../i18n/index.js';
import { TRIP } from '../i18n/trip.js';
import { runs, type TripPicture } from '../trip-view.js';
import './trip-header.css';

function Guessed({ trip, fields }: { trip: Trip; fields: NonNullable<Trip['guessed']> }) {
  const t = words(TRIP);
  if (!fields.some((f) => trip.guessed?.includes(f))) return null;
  return (
    <span class="badge warn" data-testid={`guessed-${fields[0]}`}>
      {t.guessed}
    </span>
  );
}

export function TripHeader({
  trip,
  picture,
  back = '#/',
}: {
  trip: Trip;
  picture: TripPicture;
  back?: string;
}) {
  const t = words(TRIP);
  const brokenAt = trip.brokenTransfers?.[0];
  const broken = brokenAt === undefined ? null : trip.legs[brokenAt];
  const late = picture.arrival.delayMinutes;
  return (
    <header class="card trip-header">
      <a href={back} class="back">
        {back === '#/' ? t.allTrips : t.backToTrip}
      </a>
      <h1>
        {trip.origin}
        <Guessed trip={trip} fields={['origin']} /> → {trip.destination}
        <Guessed trip={trip} fields={['destination']} />
      </h1>
      <p class="trip-meta">
        <span>{day(trip.departure)}</span>
        <Guessed trip={trip} fields={['year', 'date']} />
        <span class="numeric" data-testid="trip-times">
          {clock(trip.departure)}–{clock(trip.arrival)}
        </span>
        <span>{duration(trip.durationSeconds)}</span>
        <span>{t.changes(picture.changes)}</span>
        {trip.exactness !== 'exact' ? <span class="badge">{t.exactness[trip.exactness]}</span> : null}
        {late !== 0 ? (
          <span class="badge warn" data-testid="trip-late">
            {t.expectedArrival(clock(new Date(runs(picture.arrival))))} · {t.late(late)}
          </span>
        ) : null}
      </p>
      {broken ? (
        <p class="notice warn" role="status" data-testid="broken-transfer">
          {t.brokenTransfer(broken.from.name)}
        </p>
      ) : null}
    </header>
  );
}

export function SignInCard() {
  const t = words(TRIP);
  const returnTo = `${location.pathname}${location.hash}`;
  return (
    <section class="card" data-testid="sign-in">
      <h1>{t.signInHeading}</h1>
      <p>{t.signInText}</p>
      <a class="button" href={`/auth/spotify/login?returnTo=${encodeURIComponent(returnTo)}`}>
        {t.signInButton}
      </a>
    </section>
  );
}

export function TripProblem({
  kind,
  message = null,
}: {
  kind: 'loading' | 'notFound' | 'failed' | 'offline';
  message?: string | null;
}) {
  const t = words(TRIP);
  const text =
    kind === 'loading'
      ? t.loading
      : kind === 'notFound'
        ? t.notFound
        : kind === 'offline'
          ? t.offline
          : (message ?? t.somethingWrong);
  return (
    <section class="card trip-problem" aria-busy={kind === 'loading' ? 'true' : undefined}>
      <a href="#/" class="back">
        {t.allTrips}
      </a>
      <p role={kind === 'loading' ? 'status' : 'alert'}>{text}</p>
    </section>
  );
}
