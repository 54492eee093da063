import type { ReminderStore } from '../db/reminders.js';
import type { TripRow } from '../db/trips.js';
import type { Preferences, UserStore } from '../db/users.js';
import { planReminder } from './reminder.js';

/** Keeps each trip's departure reminder where the trip and the traveller's lead time put it. */
export interface ReminderScheduler {
  /**
   * A trip was parsed, re-planned or delayed: (re)schedule its reminder, or cancel it once under way.
   * `known`: the traveller's preferences when read already; `newTrip`: the trip was made just now,
   * so it has no reminder to cancel.
   */
  forTrip(
    trip: Pick<TripRow, 'id' | 'userId' | 'departure'>,
    known?: { preferences?: Pick<Preferences, 'reminderMinutesBefore'>; newTrip?: boolean },
  ): Promise<void>;
  /** The traveller changed their lead time: move every reminder still to come. */
  forUser(userId: string): Promise<void>;
  /** A transfer will break: tell the traveller now (once; until the ride they would miss leaves). */
  connectionAtRisk(trip: Pick<TripRow, 'id' | 'userId'>, missedRideLeaves: Date): Promise<void>;
}

export function createReminderScheduler(deps: {
  reminders: ReminderStore;
  users: UserStore;
  clock: () => Date;
}): ReminderScheduler {
  async function place(
    tripId: string,
    userId: string,
    departure: Date,
    leadMinutes: number,
    newTrip = false,
  ) {
    const plan = planReminder(departure, leadMinutes, deps.clock());
    if (plan.action === 'cancel') return newTrip ? undefined : deps.reminders.cancel(tripId);
    return deps.reminders.schedule({ tripId, userId, dueAt: plan.dueAt, departsAt: plan.departsAt });
  }

  return {
    async forTrip(trip, known = {}) {
      const { reminderMinutesBefore } = known.preferences ?? (await deps.users.preferences(trip.userId));
      await place(trip.id, trip.userId, trip.departure, reminderMinutesBefore, known.newTrip);
    },

    async connectionAtRisk(trip, missedRideLeaves) {
      const now = deps.clock();
      if (missedRideLeaves <= now) return;
      const existing = await deps.reminders.get(trip.id, 'connection');
      if (existing) return;
      await deps.reminders.schedule({
        tripId: trip.id,
        userId: trip.userId,
        kind: 'connection',
        dueAt: now,
        departsAt: missedRideLeaves,
      });
    },

    async forUser(userId) {
      const [{ reminderMinutesBefore }, pending] = await Promise.all([
        deps.users.preferences(userId),
        deps.reminders.pendingForUser(userId),
      ]);
      for (const r of pending) {
        if (r.departsAt) await place(r.tripId, userId, r.departsAt, reminderMinutesBefore);
      }
    },
  };
}
