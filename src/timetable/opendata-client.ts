/**
 * A small typed client for transport.opendata.ch (`/v1/connections`, `/v1/locations`). Plain GETs
 * without custom headers, as the service asks. The hosted service shares the daily quota of
 * timetable.search.ch, so every request (retries included) is counted for the cost figures, 429s are
 * retried only when the server says the wait is short, and answers are validated tolerantly: the real
 * API sends `null` for almost any field. See `shared/reference/timetable-apis.md` §1.
 */
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { fetchWithRetries, retryRules, unavailable } from './retrying-fetch.js';
import type { ApiUsageRecorder } from './usage.js';

// Ids and platforms are strings in real answers, but older answers and forks send numbers.
const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .nullish();
const num = z.number().nullish();

const coordinate = z.looseObject({ type: text, x: num, y: num }).nullish();
const station = z.looseObject({ id: text, name: text, coordinate }).nullish();
const prognosis = z.looseObject({ platform: text, arrival: text, departure: text }).nullish();

const checkpoint = z.looseObject({
  station,
  arrival: text,
  arrivalTimestamp: num,
  departure: text,
  departureTimestamp: num,
  delay: num,
  platform: text,
  prognosis,
});

const journey = z
  .looseObject({
    name: text,
    category: text,
    number: text,
    operator: text,
    to: text,
    passList: z.array(checkpoint).nullish(),
  })
  .nullish();

const section = z.looseObject({
  journey,
  walk: z.looseObject({ duration: z.union([z.number(), z.string()]).nullish() }).nullish(),
  departure: checkpoint.nullish(),
  arrival: checkpoint.nullish(),
});

const connection = z.looseObject({
  from: checkpoint.nullish(),
  to: checkpoint.nullish(),
  duration: text,
  transfers: num,
  products: z.array(z.string()).nullish(),
  sections: z.array(section).nullish(),
});

const connectionsAnswer = z.looseObject({ connections: z.array(connection).nullish() });

const location = z.looseObject({
  id: text,
  name: text,
  score: num,
  coordinate,
  distance: num,
  icon: text,
});
const locationsAnswer = z.looseObject({ stations: z.array(location).nullish() });

const errorsEnvelope = z.looseObject({ errors: z.array(z.looseObject({ message: text })).min(1) });

export type OpendataCheckpoint = z.infer<typeof checkpoint>;
export type OpendataSection = z.infer<typeof section>;
export type OpendataConnection = z.infer<typeof connection>;
export type OpendataLocation = z.infer<typeof location>;

export interface ConnectionsParams {
  from: string;
  to: string;
  /** `YYYY-MM-DD` */
  date?: string;
  /** `HH:MM` */
  time?: string;
  isArrivalTime?: boolean;
  /** `train`, `tram`, `ship`, `bus`, `cableway` */
  transportations?: string[];
  /** 1–16 */
  limit?: number;
}

export interface OpendataClientConfig {
  /** Base URL including `/v1`, e.g. `https://transport.opendata.ch/v1`. */
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx, network errors and timeouts. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Longest server-asked wait worth sleeping through; beyond it the 429 is thrown at once. */
  maxRetryWaitMs?: number;
  /** Clock for epoch-valued `X-Rate-Limit-Reset`. */
  now?: () => number;
  /** Told of every HTTP call (retries included) for the operator's API-usage figures. */
  usage?: ApiUsageRecorder;
}

export interface OpendataClient {
  connections(params: ConnectionsParams): Promise<OpendataConnection[]>;
  locations(query: string): Promise<OpendataLocation[]>;
  /** Stations around a position (`x` is the latitude, `y` the longitude), nearest first. */
  locationsNear(lat: number, lon: number): Promise<OpendataLocation[]>;
  /** HTTP requests made so far, retries included. */
  calls(): number;
}

/**
 * The wait a 429 asks for, in ms. `Retry-After` is seconds or an HTTP date; `X-Rate-Limit-Reset` is
 * epoch seconds in the open-source server but plain seconds in some proxies, so a value too large to
 * be a wait (after 2001 in epoch seconds) is read as an instant.
 */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.max(0, Math.round(Number(retryAfter) * 1000));
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-rate-limit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    return value > 1_000_000_000 ? Math.max(0, Math.round(value * 1000 - now)) : Math.round(value * 1000);
  }
  return null;
}

export function createOpendataClient(config: OpendataClientConfig): OpendataClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  const rules = retryRules('opendata', 'The timetable', config);

  async function get(path: string, query: URLSearchParams): Promise<unknown> {
    const url = `${base}/${path}?${query}`;
    const response = await fetchWithRetries(rules, url, {});
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw unavailable('The timetable sent no JSON.', { status: response.status });
    }
    if (response.status === 400) {
      const envelope = errorsEnvelope.safeParse(body);
      const message = envelope.success ? envelope.data.errors[0]?.message : null;
      throw new AppError('incomplete_search', message ?? 'The timetable refused the search.');
    }
    if (!response.ok)
      throw unavailable(`The timetable answered ${response.status}.`, { status: response.status });
    return body;
  }

  return {
    async connections(params) {
      const query = new URLSearchParams([
        ['from', params.from],
        ['to', params.to],
      ]);
      if (params.date) query.set('date', params.date);
      if (params.time) query.set('time', params.time);
      if (params.isArrivalTime) query.set('isArrivalTime', '1');
      for (const t of params.transportations ?? []) query.append('transportations[]', t);
      if (params.limit !== undefined) query.set('limit', String(params.limit));
      const parsed = connectionsAnswer.safeParse(await get('connections', query));
      if (!parsed.success)
        throw unavailable('The timetable sent an unexpected answer.', { reason: 'bad_answer' });
      return parsed.data.connections ?? [];
    },
    async locations(name) {
      const parsed = locationsAnswer.safeParse(
        await get('locations', new URLSearchParams([['query', name]])),
      );
      if (!parsed.success)
        throw unavailable('The timetable sent an unexpected answer.', { reason: 'bad_answer' });
      return parsed.data.stations ?? [];
    },
    async locationsNear(lat, lon) {
      const query = new URLSearchParams([
        ['x', String(lat)],
        ['y', String(lon)],
        ['type', 'station'],
      ]);
      const parsed = locationsAnswer.safeParse(await get('locations', query));
      if (!parsed.success)
        throw unavailable('The timetable sent an unexpected answer.', { reason: 'bad_answer' });
      return parsed.data.stations ?? [];
    },
    calls: rules.calls,
  };
}
