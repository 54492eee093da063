import type { ReminderRow, ReminderStore } from '../db/reminders.js';

/** Sends one reminder; resolves `true` when at least one of the user's devices accepted it. */
export type SendReminder = (reminder: ReminderRow) => Promise<boolean>;

export interface ReminderRunSummary {
  due: number;
  sent: number;
  failed: number;
  skipped: number;
}

const LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 3;
/** A reminder that could not go out in time is pointless after departure; older ones are dropped. */
const STALE_AFTER_MS = 30 * 60_000;

export async function runReminderWorker(deps: {
  reminders: ReminderStore;
  clock: () => Date;
  send: SendReminder | undefined;
}): Promise<ReminderRunSummary> {
  const now = deps.clock();
  const summary: ReminderRunSummary = { due: 0, sent: 0, failed: 0, skipped: 0 };
  // Without Web Push configured, due reminders stay pending (and are reported) until it is.
  if (!deps.send) return { ...summary, due: await deps.reminders.countDue(now), skipped: 0 };
  for (;;) {
    const claimed = await deps.reminders.claimDue(now, 50, LEASE_MS);
    if (claimed.length === 0) break;
    summary.due += claimed.length;
    for (const reminder of claimed) {
      if (now.getTime() - reminder.dueAt.getTime() > STALE_AFTER_MS) {
        await deps.reminders.finish(reminder.id, { status: 'failed', error: 'stale' }, now);
        summary.skipped++;
        continue;
      }
      try {
        const delivered = await deps.send(reminder);
        await deps.reminders.finish(
          reminder.id,
          delivered ? { status: 'sent' } : { status: 'failed', error: 'no_device' },
          now,
        );
        if (delivered) summary.sent++;
        else summary.failed++;
      } catch (err) {
        const retry = reminder.attempts < MAX_ATTEMPTS;
        await deps.reminders.finish(
          reminder.id,
          {
            status: retry ? 'pending' : 'failed',
            error: err instanceof Error ? err.message.slice(0, 200) : 'send failed',
            retryAt: new Date(now.getTime() + 60_000),
          },
          now,
        );
        summary.failed++;
      }
    }
  }
  return summary;
}
