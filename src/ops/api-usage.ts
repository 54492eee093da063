/**
 * Calls to external services (Spotify, Subsonic, the timetable, push services) and how many of them
 * hit a rate limit, per service and hour. Counting happens in memory on every call; the counts reach
 * the database only when flushed (a worker at the end of its run, the web process every minute), as one
 * upsert adding them to `api_usage_hourly`: never a write per call.
 */

export type ApiCallOutcome = 'ok' | 'rate_limited' | 'error';

export interface ApiUsageRecorder {
  record(service: string, outcome: ApiCallOutcome): void;
}

export interface ApiUsageCounts {
  hour: Date;
  service: string;
  calls: number;
  rateLimited: number;
  errors: number;
}

export interface ApiUsageCounter extends ApiUsageRecorder {
  /** Writes the counts so far and forgets them; counts a failed write could not store are kept. */
  flush(): Promise<void>;
  /** The counts not yet flushed. */
  pending(): ApiUsageCounts[];
}

const HOUR_MS = 3_600_000;

export function createApiUsageCounter(deps: {
  write: (rows: ApiUsageCounts[]) => Promise<void>;
  clock: () => Date;
}): ApiUsageCounter {
  let counts = new Map<string, ApiUsageCounts>();
  const add = (row: ApiUsageCounts) => {
    const key = `${row.hour.getTime()}|${row.service}`;
    const current = counts.get(key);
    if (!current) {
      counts.set(key, { ...row });
      return;
    }
    current.calls += row.calls;
    current.rateLimited += row.rateLimited;
    current.errors += row.errors;
  };
  let flushing: Promise<void> = Promise.resolve();
  return {
    record(service, outcome) {
      const now = deps.clock().getTime();
      add({
        hour: new Date(now - (now % HOUR_MS)),
        service,
        calls: 1,
        rateLimited: outcome === 'rate_limited' ? 1 : 0,
        errors: outcome === 'error' ? 1 : 0,
      });
    },
    pending: () => [...counts.values()].map((row) => ({ ...row })),
    flush() {
      // One flush at a time, so a slow write and the next tick never add the same counts twice.
      flushing = flushing
        .catch(() => undefined)
        .then(async () => {
          if (counts.size === 0) return;
          const batch = [...counts.values()];
          counts = new Map();
          try {
            await deps.write(batch);
          } catch (err) {
            for (const row of batch) add(row);
            throw err;
          }
        });
      return flushing;
    },
  };
}

/**
 * What a response says about the call: 429 is a rate limit, any other 4xx/5xx (or no answer) an error;
 * the same rule as the timetable clients' own (`timetable/usage.ts`), so the services compare.
 */
export function outcomeOf(status: number): ApiCallOutcome {
  if (status === 429) return 'rate_limited';
  return status < 400 ? 'ok' : 'error';
}

/**
 * A fetch that records every call under the service its URL belongs to (`serviceOf` undefined: not
 * counted). Wrapping the fetch a client is given keeps the clients unaware of the counting.
 */
export function countingFetch(
  inner: typeof fetch,
  usage: ApiUsageRecorder,
  serviceOf: (url: URL) => string | undefined,
): typeof fetch {
  return async (input, init) => {
    let service: string | undefined;
    try {
      const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      service = serviceOf(new URL(href));
    } catch {
      service = undefined;
    }
    if (service === undefined) return inner(input, init);
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (err) {
      usage.record(service, 'error');
      throw err;
    }
    usage.record(service, outcomeOf(response.status));
    return response;
  };
}

/** Services known by the origin of their base URLs: a call to any path under one counts for it. */
export function servicesByOrigin(
  bases: Record<string, ReadonlyArray<string | undefined>>,
): (url: URL) => string | undefined {
  const byOrigin = new Map<string, string>();
  for (const [service, urls] of Object.entries(bases)) {
    for (const url of urls) {
      if (!url) continue;
      try {
        byOrigin.set(new URL(url).origin, service);
      } catch {
        // An invalid base URL was refused by the config already.
      }
    }
  }
  return (url) => byOrigin.get(url.origin);
}
