/**
 * A departure reminder, pure: when it is due, and what its push message says (in the traveller's
 * language). No clock and no I/O: the scheduler and the worker pass `now` and the rows.
 */
import type { Locale } from '../domain/messages.js';
import { zurichWallTime } from '../domain/time.js';
import type { Trip } from '../domain/trip.js';

export const DEFAULT_LEAD_MINUTES = 20;

export type ReminderPlan =
  /** Send at `dueAt` (already past when the lead time is longer than what is left: send now). */
  | { action: 'schedule'; dueAt: Date; departsAt: Date }
  /** The train has left: a reminder now is pointless, and an older one must not go out. */
  | { action: 'cancel' };

export function planReminder(departure: Date, leadMinutes: number, now: Date): ReminderPlan {
  if (departure.getTime() <= now.getTime()) return { action: 'cancel' };
  const dueAt = new Date(departure.getTime() - leadMinutes * 60_000);
  return { action: 'schedule', dueAt, departsAt: departure };
}

/** One topic per trip (a uuid without dashes is 32 url-safe characters): a newer message replaces it. */
export const reminderTopic = (tripId: string) => tripId.replaceAll('-', '').slice(0, 32);

const TEXT: Record<
  Locale,
  {
    title: (clock: string) => string;
    platform: (p: string) => string;
    mixtape: (length: string) => string;
    play: string;
    connection: (stop: string) => string;
    connectionBody: string;
  }
> = {
  en: {
    title: (c) => `Your train leaves at ${c}`,
    platform: (p) => `platform ${p}`,
    mixtape: (l) => `your ${l} mixtape is ready`,
    play: 'Play',
    connection: (s) => `Your connection at ${s} may not work`,
    connectionBody: 'The train before is running late: check the SBB app for another connection.',
  },
  de: {
    title: (c) => `Dein Zug fährt um ${c}`,
    platform: (p) => `Gleis ${p}`,
    mixtape: (l) => `dein Mixtape (${l}) ist bereit`,
    play: 'Abspielen',
    connection: (s) => `Dein Anschluss in ${s} klappt vielleicht nicht`,
    connectionBody: 'Der Zug davor ist verspätet: Prüfe die SBB-App für eine andere Verbindung.',
  },
  fr: {
    title: (c) => `Votre train part à ${c}`,
    platform: (p) => `voie ${p}`,
    mixtape: (l) => `votre mixtape de ${l} est prête`,
    play: 'Lire',
    connection: (s) => `Votre correspondance à ${s} risque de manquer`,
    connectionBody: "Le train précédent est en retard : consultez l'app CFF pour une autre correspondance.",
  },
  it: {
    title: (c) => `Il tuo treno parte alle ${c}`,
    platform: (p) => `binario ${p}`,
    mixtape: (l) => `il tuo mixtape di ${l} è pronto`,
    play: 'Riproduci',
    connection: (s) => `La coincidenza a ${s} potrebbe saltare`,
    connectionBody: "Il treno prima è in ritardo: controlla l'app FFS per un altro collegamento.",
  },
};

const pad = (n: number) => String(n).padStart(2, '0');

function length(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${pad(minutes % 60)}` : `${minutes} min`;
}

export interface ReminderContent {
  tripId: string;
  trip: Pick<Trip, 'origin' | 'destination' | 'departure' | 'legs'>;
  departure: Date;
  /** The playlist's length and where it plays; null when the trip has no playlist yet. */
  playlist: { totalSeconds: number; provider: string; inSpotify: boolean } | null;
  locale: Locale;
  /** `connection`: a transfer the real-time data says will break, at this stop. */
  brokenAt?: string | null;
}

/** The JSON the service worker shows (`ReminderPayload` in `http/schemas.ts`). */
export function reminderPayload(c: ReminderContent) {
  const text = TEXT[c.locale];
  const wall = zurichWallTime(c.departure.getTime());
  const firstRide = c.trip.legs.find((leg) => leg.mode !== 'walk');
  const platform = firstRide?.from.platform ?? null;
  const play = c.brokenAt
    ? null
    : c.playlist?.inSpotify
      ? 'spotify'
      : c.playlist?.provider === 'local'
        ? 'local'
        : null;
  const parts = [
    `${c.trip.origin} → ${c.trip.destination}`,
    platform ? text.platform(platform) : null,
    c.playlist ? text.mixtape(length(c.playlist.totalSeconds)) : null,
  ].filter(Boolean);
  return {
    type: c.brokenAt ? ('connection' as const) : ('departure' as const),
    tripId: c.tripId,
    title: c.brokenAt ? text.connection(c.brokenAt) : text.title(`${pad(wall.hour)}:${pad(wall.minute)}`),
    body: c.brokenAt ? text.connectionBody : parts.join(' · '),
    url: `/#/trip/${c.tripId}`,
    departure: c.trip.departure,
    platform,
    playlistSeconds: c.playlist ? c.playlist.totalSeconds : null,
    play: play as 'spotify' | 'local' | null,
    playLabel: text.play,
  };
}
