import { AppError } from '../domain/errors.js';
import { retryAfterMs } from './opendata-client.js';
import { type ApiUsageRecorder, outcomeOf } from './usage.js';

/** How every timetable client retries: the same rules for opendata, OJP and Google Routes. */
export interface RetryRules {
  /** The name in error messages and in the usage counts (`opendata`, `ojp`, `google_routes`). */
  service: string;
  /** How the error messages name it to the traveller ("The timetable", "Google Routes"). */
  label: string;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  /** Longest server-asked wait worth sleeping through; beyond it the 429 is thrown at once. */
  maxRetryWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  usage?: ApiUsageRecorder | undefined;
  /** Counted once per HTTP call, retries included (the cost figures). */
  onCall: () => void;
}

/** What the three clients' configurations share: how they call and how patient they are. */
export interface RetryConfig {
  fetch?: typeof fetch;
  /** Per request, default 8 s. */
  timeoutMs?: number;
  /** After the first try, default 2. */
  maxRetries?: number;
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  usage?: ApiUsageRecorder;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A client's rules from its configuration, with the count of calls made under them. */
export function retryRules(
  service: string,
  label: string,
  config: RetryConfig,
): RetryRules & { calls(): number } {
  let calls = 0;
  return {
    service,
    label,
    fetch: config.fetch ?? fetch,
    timeoutMs: config.timeoutMs ?? 8_000,
    maxRetries: Math.max(0, config.maxRetries ?? 2),
    maxRetryWaitMs: config.maxRetryWaitMs ?? 10_000,
    sleep: config.sleep ?? defaultSleep,
    now: config.now ?? Date.now,
    usage: config.usage,
    onCall: () => {
      calls++;
    },
    calls: () => calls,
  };
}

export const unavailable = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('resolution_failed', message, { reason: 'unavailable', ...details });

/**
 * One request under the rules: a network failure or timeout and a 5xx back off (250 ms, doubling) and
 * try again while retries are left; a 429 waits what the server asks (`Retry-After`,
 * `X-Rate-Limit-Reset`) when that is short enough. Any other answer is returned for the client to read;
 * what is left after the last retry becomes `resolution_failed` with the reason.
 */
export async function fetchWithRetries(rules: RetryRules, url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const retriesLeft = attempt < rules.maxRetries;
    const backoffMs = 250 * 2 ** attempt;
    let response: Response;
    rules.onCall();
    try {
      response = await rules.fetch(url, { ...init, signal: AbortSignal.timeout(rules.timeoutMs) });
    } catch {
      rules.usage?.record(rules.service, 'error');
      if (retriesLeft) {
        await rules.sleep(backoffMs);
        continue;
      }
      throw unavailable(`${rules.label} did not answer in time.`);
    }
    rules.usage?.record(rules.service, outcomeOf(response.status));
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers, rules.now());
      await response.body?.cancel();
      const waitMs = wait ?? backoffMs;
      if (retriesLeft && waitMs <= rules.maxRetryWaitMs) {
        await rules.sleep(waitMs);
        continue;
      }
      throw new AppError('resolution_failed', `${rules.label} is busy; try again in a moment.`, {
        reason: 'rate_limited',
        retryAfterMs: wait,
      });
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      if (retriesLeft) {
        await rules.sleep(backoffMs);
        continue;
      }
      throw unavailable(`${rules.label} answered ${response.status}.`, { status: response.status });
    }
    return response;
  }
}
