import { describe, expect, it } from 'vitest';
import type { ReminderStore } from '../db/reminders.js';
import type { Preferences, UserStore } from '../db/users.js';
import { createReminderScheduler } from './scheduler.js';

/** A scheduler over stores that record what it asked of them. */
function recorded(leadMinutes = 20) {
  const calls: string[] = [];
  const reminders = {
    cancel: async (tripId: string) => {
      calls.push(`cancel ${tripId}`);
    },
    schedule: async (input: { tripId: string; dueAt: Date }) => {
      calls.push(`schedule ${input.tripId} ${input.dueAt.toISOString()}`);
    },
  } as unknown as ReminderStore;
  const users = {
    preferences: async () => {
      calls.push('preferences');
      return { reminderMinutesBefore: leadMinutes } as Preferences;
    },
  } as unknown as UserStore;
  const scheduler = createReminderScheduler({
    reminders,
    users,
    clock: () => new Date('2026-12-03T07:00:00Z'),
  });
  return { scheduler, calls };
}

describe('the reminder scheduler for a trip', () => {
  const trip = (departure: string) => ({ id: 't1', userId: 'u1', departure: new Date(departure) });

  it('schedules from the lead time it is given, without reading the preferences again', async () => {
    const { scheduler, calls } = recorded();
    await scheduler.forTrip(trip('2026-12-03T09:00:00Z'), { preferences: { reminderMinutesBefore: 30 } });
    expect(calls).toEqual(['schedule t1 2026-12-03T08:30:00.000Z']);
  });

  it('reads the preferences when it is not given them', async () => {
    const { scheduler, calls } = recorded(20);
    await scheduler.forTrip(trip('2026-12-03T09:00:00Z'));
    expect(calls).toEqual(['preferences', 'schedule t1 2026-12-03T08:40:00.000Z']);
  });

  it('cancels the reminder of a trip under way, but asks nothing of a trip made just now', async () => {
    const { scheduler, calls } = recorded();
    await scheduler.forTrip(trip('2026-12-03T06:00:00Z'));
    expect(calls).toEqual(['preferences', 'cancel t1']);
    calls.length = 0;
    await scheduler.forTrip(trip('2026-12-03T06:00:00Z'), {
      preferences: { reminderMinutesBefore: 20 },
      newTrip: true,
    });
    expect(calls).toEqual([]);
  });
});
