/**
 * Rides → trip: wall-clock minutes become Zurich instants on the travel day (times that go backwards
 * cross midnight), and a stated walk between two rides becomes a walking leg.
 */
import { formatZurichIso, zurichToEpochMs, zurichWallTime } from '../../domain/time.js';
import type { Leg, Stop, Trip, TripGuess } from '../../domain/trip.js';
import { ShareDecodeError } from '../hki.js';
import { modeOfCategory } from '../lines.js';
import { stationByName, stationKey } from '../stations.js';
import type { ParseContext } from '../types.js';
import { isValidDay } from './dates.js';
import type { DateInfo, Ride, StopEvent } from './types.js';

interface Day {
  year: number;
  month: number;
  day: number;
}

const MAX_DAYS_SPANNED = 1;

export function buildTrip(
  rides: (Ride & { arr: StopEvent })[],
  date: DateInfo | null,
  ctx: ParseContext,
  guessed: Set<TripGuess>,
): Trip | null {
  const events = rides.flatMap((r) => [r.dep, r.arr]);
  // Times only move forward: a smaller one is on the next day (22:40 → 06:10, trip-links.md §5).
  const dayOffsets: number[] = [];
  let offset = 0;
  events.forEach((event, i) => {
    const previous = events[i - 1];
    if (previous !== undefined && event.minuteOfDay < previous.minuteOfDay) offset++;
    dayOffsets.push(offset);
  });
  if (offset > MAX_DAYS_SPANNED) return null;
  const firstDay = tripDay(date, events, dayOffsets, ctx, guessed);
  if (firstDay === null) return null;
  const instants = events.map((event, i) => instantOf(firstDay, dayOffsets[i] ?? 0, event.minuteOfDay));

  const legs: Leg[] = [];
  rides.forEach((ride, i) => {
    const depAt = instants[2 * i] ?? 0;
    const arrAt = instants[2 * i + 1] ?? 0;
    const previous = rides[i - 1];
    if (ride.walkBefore !== null && previous !== undefined) {
      const walkStart = instants[2 * i - 1] ?? depAt;
      const stated = ride.walkBefore.minutes;
      const walkEnd = stated === null ? depAt : Math.min(depAt, walkStart + stated * 60_000);
      legs.push({
        mode: 'walk',
        line: null,
        trainNumber: null,
        from: stopOf(previous.arr),
        to: stopOf(ride.dep),
        departure: formatZurichIso(walkStart),
        arrival: formatZurichIso(walkEnd),
      });
    }
    legs.push({
      mode: ride.line === null ? 'other' : modeOfCategory(ride.line.category),
      line: ride.line?.display ?? null,
      trainNumber: ride.line?.trainNumber ?? null,
      from: stopOf(ride.dep),
      to: stopOf(ride.arr),
      departure: formatZurichIso(depAt),
      arrival: formatZurichIso(arrAt),
    });
  });
  const first = legs[0];
  const last = legs[legs.length - 1];
  const start = instants[0];
  const end = instants[instants.length - 1];
  if (first === undefined || last === undefined || start === undefined || end === undefined) return null;
  const trip: Trip = {
    source: 'plain-text',
    exactness: guessed.size > 0 ? 'approximate' : 'exact',
    origin: first.from.name,
    destination: last.to.name,
    departure: first.departure,
    arrival: last.arrival,
    durationSeconds: Math.round((end - start) / 1000),
    legs,
  };
  // A bare city name ("Zürich", "Basel") taken for its main station is a guess; a translation ("Genf")
  // or the official name is not.
  if (isCityForStation(rides[0]?.dep.name, first.from.name)) guessed.add('origin');
  if (isCityForStation(rides[rides.length - 1]?.arr.name, last.to.name)) guessed.add('destination');
  trip.exactness = guessed.size > 0 ? 'approximate' : 'exact';
  if (guessed.size > 0) trip.guessed = [...guessed];
  return trip;
}

/**
 * The day of the first departure. Without a year, the next occurrence on or after the day the text was
 * shared; without any date, today unless the trip would already be over, then tomorrow.
 */
function tripDay(
  date: DateInfo | null,
  events: StopEvent[],
  dayOffsets: number[],
  ctx: ParseContext,
  guessed: Set<TripGuess>,
): Day | null {
  const now = zurichWallTime(ctx.now);
  const today: Day = { year: now.year, month: now.month, day: now.day };
  if (date === null) {
    guessed.add('date');
    const lastIndex = events.length - 1;
    const arrival = instantOf(today, dayOffsets[lastIndex] ?? 0, events[lastIndex]?.minuteOfDay ?? 0);
    return arrival >= ctx.now ? today : addDays(today, 1);
  }
  if ('daysFromNow' in date) return addDays(today, date.daysFromNow);
  if (date.year !== null)
    return isValidDay(date.year, date.month, date.day) ? { ...date, year: date.year } : null;
  guessed.add('year');
  const beforeToday = date.month < today.month || (date.month === today.month && date.day < today.day);
  let year = beforeToday ? today.year + 1 : today.year;
  // 29 February without a year: the next year that has one.
  while (!isValidDay(year, date.month, date.day) && year < today.year + 8) year++;
  if (!isValidDay(year, date.month, date.day)) return null;
  // The weekday must agree with the year guessed: "Fr 13. März" shared in December 2026 was a trip
  // of March 2026 (13 March 2027 is a Saturday), and planning 2027 would be a wrong trip.
  const weekday = new Date(Date.UTC(year, date.month - 1, date.day)).getUTCDay();
  if (date.weekdays !== undefined && !date.weekdays.includes(weekday)) {
    throw new ShareDecodeError(
      'date_unclear',
      `The text's weekday does not match ${date.day}.${date.month}. of the coming year: the date is unclear.`,
    );
  }
  return { year, month: date.month, day: date.day };
}

function instantOf(day: Day, offset: number, minuteOfDay: number): number {
  const d = addDays(day, offset);
  return zurichToEpochMs({
    year: d.year,
    month: d.month,
    day: d.day,
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
  });
}

function addDays(day: Day, days: number): Day {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isCityForStation(typed: string | null | undefined, official: string): boolean {
  if (typed == null) return false;
  const t = stationKey(typed);
  const o = stationKey(official);
  return t !== o && o.startsWith(`${t} `);
}

function stopOf(event: StopEvent): Stop {
  const typed = event.name ?? '';
  const station = stationByName(typed);
  const stop: Stop = { name: station?.name ?? typed, uic: station?.uic ?? null, platform: event.platform };
  if (station?.lat !== undefined) stop.lat = station.lat;
  if (station?.lon !== undefined) stop.lon = station.lon;
  return stop;
}
