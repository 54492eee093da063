/**
 * One run of the reminder worker (a Render cron job, once a minute; in-process on the embedded
 * database). Delivery guarantee: each device gets each reminder once, barring a crash between a push
 * service's 201 and our commit.
 * - Reminders are claimed with `FOR UPDATE SKIP LOCKED` and a lease, so two workers never hold the
 *   same one and a crashed run's reminders come back when the lease ends.
 * - The devices that accepted it are written in the same transaction as the reminder's outcome, so a
 *   retry (a 429 from one device's push service) goes only to the devices still missing it.
 * - Every message carries the trip's topic: should the rare crash above repeat one, the push service
 *   replaces the undelivered copy and the service worker's notification tag replaces a shown one.
 */
import type { PushSubscriptionRow, PushSubscriptionStore } from '../db/push-subscriptions.js';
import type { ReminderContext, ReminderOutcome, ReminderRow, ReminderStore } from '../db/reminders.js';
import { LOCALES, type Locale } from '../domain/messages.js';
import { brokenTransfers, expectedDepartureOf } from '../domain/realtime.js';
import type { PushResult, SendPush } from '../push/sender.js';
import { reminderPayload, reminderTopic } from '../reminders/reminder.js';

export interface ReminderRunSummary {
  /** Reminders this run claimed. */
  due: number;
  sent: number;
  /** Kept for another try (429, 5xx, no answer), after a back-off. */
  retried: number;
  /** Not sent because the train has left: a late reminder is worse than none. */
  dropped: number;
  /** Subscriptions the push service said are dead (404/410), now deleted. */
  gone: number;
  /** Given up visibly: no device, refused by every push service, or out of time for retries. */
  failed: number;
  durationMs: number;
}

export interface ReminderWorkerDeps {
  reminders: ReminderStore;
  subscriptions: PushSubscriptionStore;
  /** Undefined without VAPID keys: due reminders stay pending (and are counted) until it is set up. */
  send: SendPush | undefined;
  clock: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Also claim reminders due within this window and send each at its due time: a cron run once a
   * minute then sends none more than (60 s − window + start-up) late. Default 45 s.
   */
  lookaheadMs?: number;
  batchSize?: number;
  /** Reminders sent at once. */
  concurrency?: number;
}

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 10 * 60_000;

/** Exponential back-off from 30 s, or longer when the push service said so. */
export function retryDelayMs(attempts: number, retryAfterMs: number | null): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** Where the first connection the real-time data says will break is (the stop of the missed ride). */
function brokenStop(trip: ReminderContext['trip']): string {
  const [index] = brokenTransfers(trip);
  return (index === undefined ? undefined : trip.legs[index]?.from.name) ?? trip.destination;
}

const asLocale = (l: string): Locale => ((LOCALES as readonly string[]).includes(l) ? (l as Locale) : 'en');

async function inParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++] as T);
  });
  await Promise.all(lanes);
}

export async function runReminderWorker(deps: ReminderWorkerDeps): Promise<ReminderRunSummary> {
  const started = Date.now();
  const sleep = deps.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lookaheadMs = deps.lookaheadMs ?? 45_000;
  const summary: ReminderRunSummary = {
    due: 0,
    sent: 0,
    retried: 0,
    dropped: 0,
    gone: 0,
    failed: 0,
    durationMs: 0,
  };
  const send: SendPush | undefined = deps.send;
  if (send === undefined) {
    summary.due = await deps.reminders.countDue(deps.clock());
    return { ...summary, durationMs: Date.now() - started };
  }
  const leaseMs = lookaheadMs + 3 * 60_000;

  const push = send;
  async function deliver(
    reminder: ReminderRow,
    context: ReminderContext | undefined,
    devices: readonly PushSubscriptionRow[],
  ): Promise<void> {
    const wait = reminder.dueAt.getTime() - deps.clock().getTime();
    if (wait > 0) await sleep(wait);
    const now = deps.clock();
    const finish = (outcome: ReminderOutcome) => deps.reminders.finish(reminder.id, outcome, now);
    const departsAt = reminder.departsAt ?? context?.departure;
    if (!context || !departsAt || departsAt.getTime() <= now.getTime()) {
      summary.dropped++;
      return finish({ status: 'failed', error: 'departed', delivered: [] });
    }
    const missing = devices.filter((d) => !context.deliveredTo.has(d.id));
    if (missing.length === 0) {
      if (context.deliveredTo.size > 0) {
        summary.sent++;
        return finish({ status: 'sent', delivered: [] });
      }
      summary.failed++;
      return finish({ status: 'failed', error: 'no_device', delivered: [] });
    }
    const payload = JSON.stringify(
      reminderPayload({
        tripId: reminder.tripId,
        trip: context.trip,
        // A late train: the reminder names the time it is now expected to leave.
        departure: expectedDepartureOf(context.trip),
        playlist: context.playlist,
        locale: asLocale(context.locale),
        brokenAt: reminder.kind === 'connection' ? brokenStop(context.trip) : null,
      }),
    );
    const message = {
      payload,
      ttlSeconds: Math.floor((departsAt.getTime() - now.getTime()) / 1000),
      topic: reminderTopic(reminder.tripId),
    };
    const results = await Promise.all(
      missing.map(async (device) => ({
        device,
        result: await push(
          { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
          message,
        ).catch((): PushResult => ({ outcome: 'retry', status: null, retryAfterMs: null })),
      })),
    );
    const delivered = results.filter((r) => r.result.outcome === 'sent').map((r) => r.device.id);
    const gone = results.filter((r) => r.result.outcome === 'gone').map((r) => r.device.id);
    const retries = results.flatMap((r) => (r.result.outcome === 'retry' ? [r.result] : []));
    if (gone.length > 0) {
      await deps.subscriptions.delete(gone);
      summary.gone += gone.length;
    }
    if (retries.length > 0) {
      const waitMs = retryDelayMs(reminder.attempts, Math.max(...retries.map((r) => r.retryAfterMs ?? 0)));
      const retryAt = new Date(now.getTime() + waitMs);
      const error = `push_retry_${retries[0]?.status ?? 'timeout'}`;
      if (retryAt.getTime() < departsAt.getTime()) {
        summary.retried++;
        return finish({ status: 'pending', error, retryAt, delivered });
      }
      // Out of time: what did arrive counts; the rest is given up where the user can see it.
      if (delivered.length + context.deliveredTo.size > 0) summary.sent++;
      else summary.failed++;
      return finish({
        status: delivered.length + context.deliveredTo.size > 0 ? 'sent' : 'failed',
        error: `gave_up_${error}`,
        delivered,
      });
    }
    if (delivered.length + context.deliveredTo.size > 0) {
      summary.sent++;
      return finish({ status: 'sent', delivered });
    }
    summary.failed++;
    const rejected = results.find((r) => r.result.outcome === 'rejected')?.result;
    return finish({
      status: 'failed',
      error: rejected?.outcome === 'rejected' ? `push_rejected_${rejected.status}` : 'subscriptions_gone',
      delivered: [],
    });
  }

  for (;;) {
    const claimed = await deps.reminders.claimDue(deps.clock(), deps.batchSize ?? 100, leaseMs, lookaheadMs);
    if (claimed.length === 0) break;
    summary.due += claimed.length;
    const [contexts, devices] = await Promise.all([
      deps.reminders.contexts(claimed),
      deps.subscriptions.forUsers(claimed.map((r) => r.userId)),
    ]);
    const byUser = new Map<string, PushSubscriptionRow[]>();
    for (const d of devices) byUser.set(d.userId, [...(byUser.get(d.userId) ?? []), d]);
    await inParallel(claimed, deps.concurrency ?? 16, (reminder) =>
      deliver(reminder, contexts.get(reminder.id), byUser.get(reminder.userId) ?? []),
    );
  }
  return { ...summary, durationMs: Date.now() - started };
}
