import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OjpFake, startOjpFake } from '../../test/fakes/ojp.js';
import { createOjpClient } from './ojp-client.js';
import type { ApiUsageOutcome } from './usage.js';

const AT = Date.parse('2026-12-01T07:00:00Z'); // 08:00 in Zurich

describe('the OJP 2.0 client against its contract fake', () => {
  let fake: OjpFake;
  const slept: number[] = [];
  const usage: Array<[string, ApiUsageOutcome]> = [];
  const client = (overrides: { token?: string; maxRetries?: number } = {}) =>
    createOjpClient({
      baseUrl: fake.url,
      token: overrides.token ?? fake.token,
      maxRetries: overrides.maxRetries ?? 2,
      sleep: async (ms) => {
        slept.push(ms);
      },
      usage: { record: (service, outcome) => usage.push([service, outcome]) },
    });

  beforeAll(async () => {
    fake = await startOjpFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    slept.length = 0;
    usage.length = 0;
  });

  it('finds the next trips with bearer auth, planned times, platforms and the line', async () => {
    const c = client();
    const found = await c.trips({ from: '8503000', to: '8507000', at: AT, source: 'sbb-search-link' });
    expect(found.length).toBeGreaterThan(1);
    expect(found[0]?.trip).toMatchObject({
      departure: '2026-12-01T08:02:00+01:00',
      arrival: '2026-12-01T08:58:00+01:00',
    });
    expect(found[0]?.trip.legs[0]).toMatchObject({
      line: 'IC 1',
      trainNumber: '716',
      from: { uic: '8503000', platform: '31' },
      to: { uic: '8507000', platform: '7' },
      expectedDeparture: null,
    });
    expect(c.calls()).toBe(1);
    expect(usage).toEqual([['ojp', 'ok']]);
    expect(fake.calls.at(-1)).toMatchObject({ from: '8503000', to: '8507000', arriveBy: false });
  });

  it('reads a delay, a quay change and a cancelled train from the real-time fields', async () => {
    fake.setDelay('717', 7);
    fake.setQuay('717', 'board', '33');
    fake.setInfeasible('718');
    const found = await client().trips({
      from: '8503000',
      to: '8507000',
      at: AT + 30 * 60_000,
      source: 'plain-text',
    });
    const late = found.find((f) => f.trip.legs[0]?.trainNumber === '717');
    expect(late?.trip.legs[0]).toMatchObject({
      expectedDeparture: '2026-12-01T08:39:00+01:00',
      expectedArrival: '2026-12-01T09:35:00+01:00',
      from: { platform: '31', expectedPlatform: '33' },
    });
    expect(found.find((f) => f.trip.legs[0]?.trainNumber === '718')?.infeasible).toBe(true);
    expect(late?.infeasible).toBe(false);
  });

  it('plans one change with a TransferLeg between the rides', async () => {
    const [first] = await client().trips({ from: '8503000', to: '8507492', at: AT, source: 'plain-text' });
    expect(first?.trip.legs.map((l) => l.mode)).toEqual(['rail', 'walk', 'rail']);
    expect(first?.trip.legs[1]).toMatchObject({
      departure: '2026-12-01T08:58:00+01:00',
      arrival: '2026-12-01T09:02:00+01:00',
    });
  });

  it('honours 429 Retry-After within the retry bound, and gives up past it', async () => {
    fake.rateLimit(1, 2);
    const c = client();
    await expect(
      c.trips({ from: '8503000', to: '8507000', at: AT, source: 'plain-text' }),
    ).resolves.not.toHaveLength(0);
    expect(slept).toEqual([2000]);
    expect(c.calls()).toBe(2);
    expect(usage).toEqual([
      ['ojp', 'rate_limited'],
      ['ojp', 'ok'],
    ]);
    fake.rateLimit(3, 1);
    await expect(
      client({ maxRetries: 1 }).trips({ from: '8503000', to: '8507000', at: AT, source: 'plain-text' }),
    ).rejects.toMatchObject({
      code: 'resolution_failed',
      details: { reason: 'rate_limited', retryAfterMs: 1000 },
    });
    fake.rateLimit(0);
  });

  it('reports a refused token without the token, and does not retry it', async () => {
    const c = client({ token: 'wrong-secret-token' });
    const err = await c
      .trips({ from: '8503000', to: '8507000', at: AT, source: 'plain-text' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'resolution_failed',
      details: { reason: 'unauthorized', status: 401 },
    });
    expect(JSON.stringify(err)).not.toContain('wrong-secret-token');
    expect(String((err as Error).message)).not.toContain('wrong-secret-token');
    expect(c.calls()).toBe(1);
    expect(usage).toEqual([['ojp', 'error']]);
  });

  it('turns an unknown stop into incomplete_search', async () => {
    await expect(
      client().trips({ from: '8599999', to: '8507000', at: AT, source: 'plain-text' }),
    ).rejects.toMatchObject({ code: 'incomplete_search', details: { reason: 'stop_not_found' } });
  });

  it('retries a dead server a bounded number of times, then says the timetable is unavailable', async () => {
    const c = createOjpClient({
      baseUrl: 'http://127.0.0.1:9/ojp20',
      token: 't',
      maxRetries: 2,
      timeoutMs: 500,
      sleep: async () => {},
    });
    await expect(
      c.trips({ from: '8503000', to: '8507000', at: AT, source: 'plain-text' }),
    ).rejects.toMatchObject({
      code: 'resolution_failed',
      details: { reason: 'unavailable' },
    });
    expect(c.calls()).toBe(3);
  });
});
