import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { createOpendataClient, retryAfterMs } from './opendata-client.js';

const NOW = Date.parse('2026-01-10T09:00:00Z');

describe('retryAfterMs', () => {
  it('reads Retry-After as seconds or an HTTP date, before X-Rate-Limit-Reset', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2', 'x-rate-limit-reset': '9' }), NOW)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(NOW + 5000).toUTCString() }), NOW)).toBe(5000);
  });

  it('reads X-Rate-Limit-Reset as epoch seconds or as a wait in seconds', () => {
    expect(retryAfterMs(new Headers({ 'x-rate-limit-reset': String(NOW / 1000 + 3) }), NOW)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'x-rate-limit-reset': '3' }), NOW)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'x-rate-limit-reset': String(NOW / 1000 - 3) }), NOW)).toBe(0);
    expect(retryAfterMs(new Headers(), NOW)).toBeNull();
  });
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function scripted(answers: Array<Response | Error>) {
  const urls: string[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    urls.push(String(input));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { urls, fetchFn };
}

describe('createOpendataClient', () => {
  it('retries a 5xx and a network error, then answers', async () => {
    const { urls, fetchFn } = scripted([
      json(503, {}),
      new TypeError('fetch failed'),
      json(200, { connections: [{ sections: [] }] }),
    ]);
    const waits: number[] = [];
    const client = createOpendataClient({
      baseUrl: 'https://timetable.test/v1/',
      fetch: fetchFn,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const found = await client.connections({
      from: 'Zürich HB',
      to: '8507000',
      date: '2026-01-10',
      time: '10:00',
      isArrivalTime: true,
      transportations: ['train', 'bus'],
      limit: 6,
    });
    expect(found).toHaveLength(1);
    expect(client.calls()).toBe(3);
    expect(waits).toEqual([250, 500]);
    const url = new URL(urls[0] as string);
    expect(url.pathname).toBe('/v1/connections');
    expect(url.searchParams.get('from')).toBe('Zürich HB');
    expect(url.searchParams.get('isArrivalTime')).toBe('1');
    expect(url.searchParams.getAll('transportations[]')).toEqual(['train', 'bus']);
  });

  it('does not sleep through a long server-asked wait', async () => {
    const { fetchFn } = scripted([json(429, {}, { 'retry-after': '3600' })]);
    const client = createOpendataClient({
      baseUrl: 'https://t.test/v1',
      fetch: fetchFn,
      sleep: async () => {},
    });
    const err = await client.locations('Bern').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details).toEqual({ reason: 'rate_limited', retryAfterMs: 3_600_000 });
    expect(client.calls()).toBe(1);
  });

  it('refuses an answer of the wrong shape as unavailable', async () => {
    const { fetchFn } = scripted([json(200, { connections: 'nope' })]);
    const client = createOpendataClient({ baseUrl: 'https://t.test/v1', fetch: fetchFn });
    const err = await client.connections({ from: 'a', to: 'b' }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('resolution_failed');
    expect((err as AppError).details).toMatchObject({ reason: 'bad_answer' });
  });

  it('tolerates nulls and numbers where the real API sends them', async () => {
    const { fetchFn } = scripted([
      json(200, {
        stations: [
          { id: null, name: 'Bern, Bahnhofplatz' },
          { id: 8507000, name: 'Bern', score: null },
        ],
      }),
    ]);
    const client = createOpendataClient({ baseUrl: 'https://t.test/v1', fetch: fetchFn });
    const found = await client.locations('Bern');
    expect(found.map((l) => l.id)).toEqual([null, '8507000']);
  });
});

describe('the opendata client reports its calls for the API-usage figures', () => {
  it('records each HTTP call once, retries included, by outcome', async () => {
    const outcomes: string[] = [];
    const { fetchFn } = scripted([
      json(429, {}, { 'retry-after': '0' }),
      new TypeError('fetch failed'),
      json(503, {}),
      json(200, { stations: [] }),
    ]);
    const client = createOpendataClient({
      baseUrl: 'http://opendata.test/v1',
      fetch: fetchFn,
      maxRetries: 3,
      sleep: async () => {},
      usage: { record: (service, outcome) => outcomes.push(`${service}:${outcome}`) },
    });
    await client.locations('Bern');
    expect(outcomes).toEqual(['opendata:rate_limited', 'opendata:error', 'opendata:error', 'opendata:ok']);
    expect(client.calls()).toBe(outcomes.length);
  });
});
