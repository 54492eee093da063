import { LEAD_IN_LEG_INDEX } from '../domain/playlist.js';
import { parseInstant } from '../domain/time.js';
import { isRide } from '../domain/trip.js';
import type { BoundaryTarget, FitTrip, TripSegment } from './types.js';

/**
 * Where the song boundaries should fall.
 *
 * Decisions (documented for the server and the UI):
 * - A boundary sits at the end of every ride leg: the moment the traveller gets off is when a song
 *   ending matters (headphones off, bags, doors). Departures of rides are not boundaries.
 * - A walk (and any wait) between two rides belongs to the *next* segment: the segment runs from
 *   getting off one ride to getting off the next, so the transfer walk gets the first song(s) of the
 *   next segment and the song change happens on the platform where you step off.
 * - Walks at the start belong to the first segment; walks at the end belong to the last ride's
 *   segment, whose boundary therefore moves to the arrival. The last boundary is always the arrival.
 * - Ride ends outside the trip, or not after the previous boundary (overlapping or unsorted legs from a
 *   sloppy source), are dropped rather than trusted.
 * - A trip without rides (or without legs) is one segment; its `legIndex` is the last leg's index
 *   (0 when there are no legs).
 */

export interface TripFrame {
  /** Epoch ms of the playlist's second 0: the first departure. */
  startEpochMs: number;
  totalMs: number;
  /** Ride ends, then the arrival; strictly increasing, the last one equals `totalMs`. */
  boundaries: BoundaryTarget[];
}

/** The trip's duration and target boundaries in ms from the first departure. */
export function tripFrame(trip: FitTrip): TripFrame {
  let start = parseInstant(trip.departure);
  let end = parseInstant(trip.arrival);
  // "First departure to last arrival": a leg that starts before the trip's own departure (or ends
  // after its arrival) still belongs to the ride the traveller is on.
  for (const leg of trip.legs) {
    start = Math.min(start, parseInstant(leg.departure));
    end = Math.max(end, parseInstant(leg.arrival));
  }
  const totalMs = Math.max(0, end - start);

  const rideIndices: number[] = [];
  trip.legs.forEach((leg, index) => {
    if (isRide(leg)) rideIndices.push(index);
  });
  const lastRide = rideIndices.at(-1);
  const finalLegIndex = lastRide ?? Math.max(0, trip.legs.length - 1);

  const boundaries: BoundaryTarget[] = [];
  let previous = 0;
  for (const index of rideIndices) {
    if (index === lastRide) break;
    const targetMs = parseInstant(trip.legs[index]!.arrival) - start;
    if (targetMs <= previous || targetMs >= totalMs) continue;
    boundaries.push({ legIndex: index, targetMs });
    previous = targetMs;
  }
  boundaries.push({ legIndex: finalLegIndex, targetMs: totalMs });
  return { startEpochMs: start, totalMs, boundaries };
}

/**
 * The frame of a playlist that starts `leadInMs` before the departure: every boundary moves by the
 * lead-in, and the departure itself becomes the first boundary (`legIndex` −1), so the first song of
 * the ride starts as the train leaves.
 */
export function withLeadIn(frame: TripFrame, leadInMs: number): TripFrame {
  // A trip of no length has nothing to start as the train leaves.
  if (leadInMs <= 0 || frame.totalMs <= 0) return frame;
  return {
    startEpochMs: frame.startEpochMs - leadInMs,
    totalMs: frame.totalMs + leadInMs,
    boundaries: [
      { legIndex: LEAD_IN_LEG_INDEX, targetMs: leadInMs },
      ...frame.boundaries.map((b) => ({ legIndex: b.legIndex, targetMs: b.targetMs + leadInMs })),
    ],
  };
}

/** The music segments of a trip (before any merge of short connections; see `fitTrip`). */
export function segmentsForTrip(trip: FitTrip): TripSegment[] {
  const { boundaries } = tripFrame(trip);
  let startMs = 0;
  return boundaries.map((boundary, index) => {
    const segment: TripSegment = {
      index,
      legIndex: boundary.legIndex,
      startSeconds: startMs / 1000,
      endSeconds: boundary.targetMs / 1000,
      targetSeconds: (boundary.targetMs - startMs) / 1000,
    };
    startMs = boundary.targetMs;
    return segment;
  });
}
