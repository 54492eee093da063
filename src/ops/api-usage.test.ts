import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiUsageCounts, countingFetch, createApiUsageCounter, servicesByOrigin } from './api-usage.js';

describe('api usage counter', () => {
  it('counts calls per service and hour in memory and writes them in one flush', async () => {
    const clock = { now: new Date('2026-11-24T09:59:30Z') };
    const written: ApiUsageCounts[][] = [];
    const counter = createApiUsageCounter({
      write: async (rows) => {
        written.push(rows);
      },
      clock: () => clock.now,
    });
    counter.record('spotify', 'ok');
    counter.record('spotify', 'rate_limited');
    counter.record('subsonic', 'error');
    clock.now = new Date('2026-11-24T10:00:01Z');
    counter.record('spotify', 'ok');
    expect(written).toEqual([]);
    await counter.flush();
    expect(written).toHaveLength(1);
    expect(written[0]).toEqual([
      { hour: new Date('2026-11-24T09:00:00Z'), service: 'spotify', calls: 2, rateLimited: 1, errors: 0 },
      { hour: new Date('2026-11-24T09:00:00Z'), service: 'subsonic', calls: 1, rateLimited: 0, errors: 1 },
      { hour: new Date('2026-11-24T10:00:00Z'), service: 'spotify', calls: 1, rateLimited: 0, errors: 0 },
    ]);
    // Nothing new: no write at all.
    await counter.flush();
    expect(written).toHaveLength(1);
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    let fail = true;
    const written: ApiUsageCounts[] = [];
    const counter = createApiUsageCounter({
      write: async (rows) => {
        if (fail) throw new Error('database down');
        written.push(...rows);
      },
      clock: () => new Date('2026-11-24T09:10:00Z'),
    });
    counter.record('push', 'ok');
    await expect(counter.flush()).rejects.toThrow('database down');
    counter.record('push', 'ok');
    fail = false;
    await counter.flush();
    expect(written.map((r) => r.calls)).toEqual([2]);
    expect(counter.pending()).toEqual([]);
  });
});

describe('countingFetch', () => {
  let url: string;
  const server = createServer((req, res) => {
    const status = req.url === '/limited' ? 429 : req.url === '/broken' ? 503 : 200;
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('records each call to a known origin by its outcome and leaves others alone', async () => {
    const counter = createApiUsageCounter({
      write: async () => {},
      clock: () => new Date('2026-11-24T09:00:00Z'),
    });
    const fetch = countingFetch(globalThis.fetch, counter, servicesByOrigin({ spotify: [`${url}/v1`] }));
    expect((await fetch(`${url}/v1/me`)).status).toBe(200);
    expect((await fetch(new URL(`${url}/limited`))).status).toBe(429);
    expect((await fetch(new Request(`${url}/broken`))).status).toBe(503);
    // Nobody listens on port 1: the call fails and still counts.
    const unknown = countingFetch(
      globalThis.fetch,
      counter,
      servicesByOrigin({ opendata: ['http://127.0.0.1:1'] }),
    );
    await expect(unknown('http://127.0.0.1:1/v1/connections')).rejects.toThrow();
    const other = countingFetch(
      globalThis.fetch,
      counter,
      servicesByOrigin({ spotify: ['https://api.spotify.com'] }),
    );
    await other(`${url}/v1/me`);
    expect(counter.pending()).toEqual([
      { hour: new Date('2026-11-24T09:00:00Z'), service: 'spotify', calls: 3, rateLimited: 1, errors: 1 },
      { hour: new Date('2026-11-24T09:00:00Z'), service: 'opendata', calls: 1, rateLimited: 0, errors: 1 },
    ]);
  });
});
