/**
 * Sends one Web Push message. `web-push` does what must be exactly right (RFC 8291 aes128gcm
 * encryption, the VAPID JWT); the request itself goes through the guarded fetch, because the endpoint
 * came from a browser: the connection is judged at connect time like every user-given URL.
 */
import webpush from 'web-push';
import { appErrorCause, type GuardedFetch } from '../share/guarded-fetch.js';

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushMessage {
  payload: string;
  /** Seconds the push service may hold the message: until departure, after which it is useless. */
  ttlSeconds: number;
  /** A newer message with the same topic replaces an undelivered older one (≤ 32 url-safe chars). */
  topic: string;
}

export type PushResult =
  | { outcome: 'sent' }
  /** 404/410: the subscription is dead; delete it. */
  | { outcome: 'gone'; status: number }
  /** 429/5xx or no answer: try again, after `retryAfterMs` when the service said so. */
  | { outcome: 'retry'; status: number | null; retryAfterMs: number | null }
  /** Any other answer (400, 401, 403, 413): retrying the same message cannot help. */
  | { outcome: 'rejected'; status: number };

export type SendPush = (target: PushTarget, message: PushMessage) => Promise<PushResult>;

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function createPushSender(deps: {
  vapid: VapidKeys;
  fetch: GuardedFetch;
  timeoutMs?: number;
  clock?: () => Date;
}): SendPush {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  return async (target, message) => {
    const details = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: target.keys },
      message.payload,
      {
        vapidDetails: deps.vapid,
        TTL: Math.max(0, Math.floor(message.ttlSeconds)),
        urgency: 'high',
        topic: message.topic,
      },
    );
    let response: Response;
    try {
      response = await deps.fetch(new URL(details.endpoint), {
        method: 'POST',
        headers: details.headers as Record<string, string>,
        body: details.body as unknown as BodyInit,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // The guard refused the address (an endpoint that now resolves privately): never retried.
      if (appErrorCause(err)) return { outcome: 'rejected', status: 0 };
      return { outcome: 'retry', status: null, retryAfterMs: null };
    }
    await response.arrayBuffer().catch(() => undefined);
    const status = response.status;
    if (status >= 200 && status < 300) return { outcome: 'sent' };
    if (status === 404 || status === 410) return { outcome: 'gone', status };
    if (status === 429 || status >= 500) {
      const now = (deps.clock?.() ?? new Date()).getTime();
      return {
        outcome: 'retry',
        status,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now),
      };
    }
    return { outcome: 'rejected', status };
  };
}
