import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Leg } from '../domain/trip.js';
import { segmentsForTrip, tripFrame } from './segments.js';
import { syntheticTrip } from './synthetic.js';

const stop = { name: 'X', uic: null, platform: null };
const leg = (mode: Leg['mode'], departure: string, arrival: string): Leg => ({
  mode,
  line: mode === 'walk' ? null : 'IC 1',
  trainNumber: null,
  from: stop,
  to: stop,
  departure,
  arrival,
});

describe('segmentsForTrip', () => {
  it('puts a boundary at the end of every ride; the transfer walk belongs to the next segment', () => {
    const trip = {
      departure: '2026-06-01T08:00:00+02:00',
      arrival: '2026-06-01T09:10:00+02:00',
      legs: [
        leg('rail', '2026-06-01T08:00:00+02:00', '2026-06-01T08:40:00+02:00'),
        leg('walk', '2026-06-01T08:40:00+02:00', '2026-06-01T08:45:00+02:00'),
        leg('tram', '2026-06-01T08:50:00+02:00', '2026-06-01T09:10:00+02:00'),
      ],
    };
    expect(segmentsForTrip(trip)).toEqual([
      { index: 0, legIndex: 0, startSeconds: 0, endSeconds: 2400, targetSeconds: 2400 },
      { index: 1, legIndex: 2, startSeconds: 2400, endSeconds: 4200, targetSeconds: 1800 },
    ]);
  });

  it('gives walks at the start to the first segment and walks at the end to the last ride', () => {
    const trip = {
      departure: '2026-06-01T08:00:00+02:00',
      arrival: '2026-06-01T09:00:00+02:00',
      legs: [
        leg('walk', '2026-06-01T08:00:00+02:00', '2026-06-01T08:07:00+02:00'),
        leg('rail', '2026-06-01T08:10:00+02:00', '2026-06-01T08:30:00+02:00'),
        leg('bus', '2026-06-01T08:33:00+02:00', '2026-06-01T08:52:00+02:00'),
        leg('walk', '2026-06-01T08:52:00+02:00', '2026-06-01T09:00:00+02:00'),
      ],
    };
    const segments = segmentsForTrip(trip);
    expect(segments.map((s) => [s.legIndex, s.startSeconds, s.endSeconds])).toEqual([
      [1, 0, 1800],
      [2, 1800, 3600], // the last boundary is the arrival, after the final walk
    ]);
  });

  it('measures real elapsed time across the switch to summer time', () => {
    // 01:30 CET to 03:30 CEST on 2026-03-29 is one hour, not two.
    const trip = {
      departure: '2026-03-29T01:30:00+01:00',
      arrival: '2026-03-29T03:30:00+02:00',
      legs: [leg('rail', '2026-03-29T01:30:00+01:00', '2026-03-29T03:30:00+02:00')],
    };
    expect(tripFrame(trip).totalMs).toBe(3_600_000);
  });

  it('runs from the first departure to the last arrival even when the trip fields disagree', () => {
    const trip = {
      departure: '2026-06-01T08:05:00+02:00',
      arrival: '2026-06-01T08:50:00+02:00',
      legs: [leg('rail', '2026-06-01T08:00:00+02:00', '2026-06-01T09:00:00+02:00')],
    };
    expect(segmentsForTrip(trip)).toEqual([
      { index: 0, legIndex: 0, startSeconds: 0, endSeconds: 3600, targetSeconds: 3600 },
    ]);
  });

  it('makes one segment for trips without rides or legs', () => {
    const walkOnly = {
      departure: '2026-06-01T08:00:00Z',
      arrival: '2026-06-01T08:20:00Z',
      legs: [
        leg('walk', '2026-06-01T08:00:00Z', '2026-06-01T08:10:00Z'),
        leg('walk', '2026-06-01T08:10:00Z', '2026-06-01T08:20:00Z'),
      ],
    };
    expect(segmentsForTrip(walkOnly).map((s) => [s.legIndex, s.targetSeconds])).toEqual([[1, 1200]]);
    const noLegs = { departure: '2026-06-01T08:00:00Z', arrival: '2026-06-01T08:20:00Z', legs: [] };
    expect(segmentsForTrip(noLegs).map((s) => [s.legIndex, s.targetSeconds])).toEqual([[0, 1200]]);
  });

  it('drops ride ends that overlap the previous boundary or lie outside the trip', () => {
    const trip = {
      departure: '2026-06-01T08:00:00Z',
      arrival: '2026-06-01T09:00:00Z',
      legs: [
        leg('rail', '2026-06-01T08:00:00Z', '2026-06-01T08:30:00Z'),
        leg('rail', '2026-06-01T08:10:00Z', '2026-06-01T08:20:00Z'), // ends before the previous one
        leg('rail', '2026-06-01T08:30:00Z', '2026-06-01T09:00:00Z'),
      ],
    };
    expect(segmentsForTrip(trip).map((s) => [s.legIndex, s.endSeconds])).toEqual([
      [0, 1800],
      [2, 3600],
    ]);
  });

  it('tiles the trip: contiguous, increasing, ending at the arrival (any synthetic trip)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (totalMinutes, rides, seed) => {
          const trip = syntheticTrip({ totalMinutes, rides, seed });
          const segments = segmentsForTrip(trip);
          expect(segments[0]!.startSeconds).toBe(0);
          for (let i = 1; i < segments.length; i++) {
            expect(segments[i]!.startSeconds).toBe(segments[i - 1]!.endSeconds);
            expect(segments[i]!.endSeconds).toBeGreaterThan(segments[i]!.startSeconds);
          }
          expect(segments.at(-1)!.endSeconds).toBe(tripFrame(trip).totalMs / 1000);
          const rideCount = trip.legs.filter((l) => l.mode !== 'walk').length;
          expect(segments.length).toBe(rideCount);
        },
      ),
    );
  });
});
