/**
 * The delay check, part of each parse-worker run: every trip from an hour before its departure until
 * it has arrived gets its real-time prognosis; when the expected arrival moves by a minute or more,
 * the part of the playlist not yet played is re-fitted (`PlaylistService.refit`, which keeps what has
 * played and updates the music service's copy in place) and the reminder follows the departure.
 * Identical queries of trips on the same train are coalesced by the timetable client, so the cost is
 * per train, not per traveller. The same read fills in platforms an exact SBB trip lacks, and OJP's
 * expected platforms and cancellations (a cancelled ride is flagged like a broken connection).
 */
import type { TripRow, TripStore } from '../db/trips.js';
import { arrivalShiftSeconds, brokenTransfers, expectedDepartureOf, tripAsRun } from '../domain/realtime.js';
import { parseInstant } from '../domain/time.js';
import type { Trip } from '../domain/trip.js';
import type { PlaylistService } from '../playlist/service.js';
import type { ReminderScheduler } from '../reminders/scheduler.js';

/** A trip with the expected times the timetable has for it now; null when it has none. */
export type RealtimeLookup = (trip: Trip, options: { now: Date }) => Promise<Trip | null>;

export interface TrackingSummary {
  tracked: number;
  /** Trips whose expected times changed. */
  updated: number;
  /** Playlists re-fitted to a new arrival. */
  refitted: number;
  /** Trips with a connection that is now expected to break. */
  broken: number;
  failed: number;
}

const LOOK_AHEAD_MS = 60 * 60_000;
/** A delay still matters after the planned arrival. */
const LOOK_BACK_MS = 60 * 60_000;
const REFIT_THRESHOLD_SECONDS = 60;

/** What real-time may change on a leg: its expected times, its platforms (enriched or moved), a cancellation. */
const sameExpectations = (a: Trip, b: Trip) =>
  a.legs.every((leg, i) => {
    const other = b.legs[i];
    return (
      (leg.expectedDeparture ?? null) === (other?.expectedDeparture ?? null) &&
      (leg.expectedArrival ?? null) === (other?.expectedArrival ?? null) &&
      leg.from.platform === other?.from.platform &&
      leg.to.platform === other?.to.platform &&
      (leg.from.expectedPlatform ?? null) === (other?.from.expectedPlatform ?? null) &&
      (leg.to.expectedPlatform ?? null) === (other?.to.expectedPlatform ?? null) &&
      (leg.cancelled ?? false) === (other?.cancelled ?? false)
    );
  });

/** Rides the traveller will miss: a broken transfer, or a ride real-time says is cancelled (OJP). */
function missedRides(trip: Trip): number[] {
  const cancelled = trip.legs.flatMap((leg, index) => (leg.cancelled ? [index] : []));
  return [...new Set([...brokenTransfers(trip), ...cancelled])].sort((a, b) => a - b);
}

export async function trackTripsUnderWay(deps: {
  trips: TripStore;
  playlists: PlaylistService;
  reminders?: ReminderScheduler | undefined;
  realtime: RealtimeLookup;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
}): Promise<TrackingSummary> {
  const now = deps.clock();
  const summary: TrackingSummary = { tracked: 0, updated: 0, refitted: 0, broken: 0, failed: 0 };
  const due = await deps.trips.underWay({
    since: new Date(now.getTime() - LOOK_BACK_MS),
    until: new Date(now.getTime() + LOOK_AHEAD_MS),
  });
  for (const row of due) {
    // Arrived, delay included: nothing left to fit.
    if (parseInstant(tripAsRun(row.trip).arrival) < now.getTime()) continue;
    summary.tracked++;
    try {
      await trackOne(row);
    } catch (err) {
      summary.failed++;
      deps.log?.warn({ err, tripId: row.id }, 'real-time check failed');
    }
  }
  return summary;

  async function trackOne(row: TripRow): Promise<void> {
    const latest = await deps.realtime(row.trip, { now });
    if (!latest || sameExpectations(row.trip, latest)) return;
    const stored = await deps.trips.updateTrip(row.id, latest);
    summary.updated++;
    const broken = missedRides(latest);
    if (broken.length > 0) {
      summary.broken++;
      const missed = latest.legs[broken[0] ?? 0];
      if (missed) {
        const leaves = new Date(parseInstant(missed.expectedDeparture ?? missed.departure));
        await deps.reminders?.connectionAtRisk(row, leaves);
      }
    }
    if (Math.abs(arrivalShiftSeconds(row.trip, latest)) >= REFIT_THRESHOLD_SECONDS) {
      await deps.playlists.refit({ ...stored, trip: tripAsRun(latest) }, now);
      summary.refitted++;
    }
    const departure = expectedDepartureOf(latest);
    if (departure.getTime() !== expectedDepartureOf(row.trip).getTime()) {
      await deps.reminders?.forTrip({ id: row.id, userId: row.userId, departure });
    }
  }
}
