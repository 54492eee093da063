import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../test/support/memory-stores.js';
import type { Trip } from '../domain/trip.js';
import type { PlaylistService } from '../playlist/service.js';
import type { ReminderScheduler } from '../reminders/scheduler.js';
import { trackTripsUnderWay } from './trip-tracking.js';

// An exact SBB trip (from a 3HA trip id): planned times only, no platforms.
const exact: Trip = {
  source: 'sbb-trip-link',
  exactness: 'exact',
  origin: 'Zürich HB',
  destination: 'Interlaken Ost',
  departure: '2026-12-01T08:02:00+01:00',
  arrival: '2026-12-01T09:56:00+01:00',
  durationSeconds: 114 * 60,
  legs: [
    {
      mode: 'rail',
      line: 'IC 1',
      trainNumber: '716',
      from: { name: 'Zürich HB', uic: '8503000', platform: null },
      to: { name: 'Bern', uic: '8507000', platform: null },
      departure: '2026-12-01T08:02:00+01:00',
      arrival: '2026-12-01T08:58:00+01:00',
    },
    {
      mode: 'rail',
      line: 'IC 61',
      trainNumber: '1012',
      from: { name: 'Bern', uic: '8507000', platform: null },
      to: { name: 'Interlaken Ost', uic: '8507492', platform: null },
      departure: '2026-12-01T09:04:00+01:00',
      arrival: '2026-12-01T09:56:00+01:00',
    },
  ],
};
const NOW = new Date('2026-12-01T06:45:00Z'); // 07:45 in Zurich: 17 minutes before departure

async function setUp(realtime: (trip: Trip) => Trip | null) {
  const stores = createMemoryStores();
  const row = await stores.trips.insert({ userId: 'u1', shareId: null, trip: exact });
  const refits: unknown[] = [];
  const atRisk: Date[] = [];
  const playlists = { refit: async (r: unknown) => void refits.push(r) } as unknown as PlaylistService;
  const reminders = {
    forTrip: async () => {},
    connectionAtRisk: async (_trip: unknown, leaves: Date) => void atRisk.push(leaves),
  } as unknown as ReminderScheduler;
  const run = () =>
    trackTripsUnderWay({
      trips: stores.trips,
      playlists,
      reminders,
      realtime: async (trip) => realtime(trip),
      clock: () => NOW,
    });
  return { stores, row, refits, atRisk, run };
}

describe('the delay check', () => {
  it('stores platforms real-time adds to an exact trip, even when every train runs to plan', async () => {
    const withPlatforms = (trip: Trip): Trip => ({
      ...trip,
      legs: trip.legs.map((leg, i) => ({
        ...leg,
        from: { ...leg.from, platform: i === 0 ? '31' : '6' },
        to: { ...leg.to, platform: i === 0 ? '7' : '2' },
      })),
    });
    const { stores, row, refits, run } = await setUp(withPlatforms);
    expect(await run()).toMatchObject({ tracked: 1, updated: 1, refitted: 0 });
    const stored = await stores.trips.get('u1', row.id);
    expect(stored?.trip.legs.map((l) => [l.from.platform, l.to.platform])).toEqual([
      ['31', '7'],
      ['6', '2'],
    ]);
    expect(refits).toHaveLength(0);
    // Nothing new on the next run: nothing written.
    expect(await run()).toMatchObject({ updated: 0 });
  });

  it('flags a cancelled ride like a broken connection, with the ride the traveller loses', async () => {
    const { atRisk, run } = await setUp((trip) => ({
      ...trip,
      legs: trip.legs.map((leg, i) => (i === 1 ? { ...leg, cancelled: true } : leg)),
    }));
    expect(await run()).toMatchObject({ updated: 1, broken: 1, refitted: 0 });
    expect(atRisk).toEqual([new Date('2026-12-01T08:04:00Z')]);
  });

  it('notices a moved platform', async () => {
    const { run } = await setUp((trip) => ({
      ...trip,
      legs: trip.legs.map((leg, i) =>
        i === 0 ? { ...leg, from: { ...leg.from, expectedPlatform: '33' } } : leg,
      ),
    }));
    expect(await run()).toMatchObject({ updated: 1 });
  });
});
