import type { Locale } from '../domain/messages.js';
import { parseInstant, zurichWallTime } from '../domain/time.js';
import type { Trip } from '../domain/trip.js';

const WEEKDAYS: Record<Locale, readonly string[]> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  de: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
  fr: ['di', 'lu', 'ma', 'me', 'je', 've', 'sa'],
  it: ['do', 'lu', 'ma', 'me', 'gi', 've', 'sa'],
};

const pad2 = (n: number) => String(n).padStart(2, '0');

function hoursAndMinutes(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${pad2(minutes % 60)} min` : `${minutes} min`;
}

/** `Zürich HB → Bern · Mo 30.11. 08:02`: what the traveller finds in their music service's list. */
export function playlistName(
  trip: Pick<Trip, 'origin' | 'destination' | 'departure'>,
  locale: Locale,
): string {
  const wall = zurichWallTime(parseInstant(trip.departure));
  const weekday = WEEKDAYS[locale][new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()];
  return `${trip.origin} → ${trip.destination} · ${weekday} ${pad2(wall.day)}.${pad2(wall.month)}. ${pad2(wall.hour)}:${pad2(wall.minute)}`;
}

/** Says what the playlist is, so it still makes sense in the music service months later. */
export function playlistDescription(trip: Pick<Trip, 'durationSeconds' | 'legs'>, locale: Locale): string {
  const length = hoursAndMinutes(trip.durationSeconds);
  const changes = Math.max(0, trip.legs.filter((l) => l.mode !== 'walk').length - 1);
  switch (locale) {
    case 'de':
      return `Railtape-Mixtape, genau so lang wie die Reise (${length}), Songwechsel bei jedem Umstieg (${changes}).`;
    case 'fr':
      return `Mixtape Railtape, aussi longue que le voyage (${length}), changement de chanson à chaque correspondance (${changes}).`;
    case 'it':
      return `Mixtape Railtape, lunga quanto il viaggio (${length}), cambio di brano a ogni coincidenza (${changes}).`;
    default:
      return `A Railtape mixtape exactly as long as the trip (${length}), with a song change at every transfer (${changes}).`;
  }
}
