import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpendataFake, startOpendataFake } from './opendata.js';

// The fake must behave like transport.opendata.ch, or tests against it prove nothing about the real one.
let fake: OpendataFake;
beforeAll(async () => {
  fake = await startOpendataFake({ now: () => Date.parse('2026-07-04T08:00:00Z') });
});
afterAll(() => fake.close());

interface Point {
  station: { id: string; name: string };
  arrival: string | null;
  departure: string | null;
  platform: string | null;
  delay: number | null;
  prognosis: { arrival: string | null; departure: string | null };
}
interface Section {
  journey: { name: string; category: string; number: string } | null;
  walk: { duration: number | null } | null;
  departure: Point;
  arrival: Point;
}
interface Connection {
  from: Point;
  to: Point;
  duration: string;
  transfers: number;
  products: string[];
  sections: Section[];
}
interface Body {
  errors: Array<{ message: string }>;
  stations: Array<{ id: string; name: string }>;
  connections: Connection[];
}

async function get(path: string): Promise<{ status: number; headers: Headers; body: Body }> {
  const res = await fetch(`${fake.url}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}

describe('opendata fake: validation like the real server', () => {
  it.each([
    ['/connections?from=Bern&to=Luzern&limit=17', 'Maximal value of argument `limit` is 16.'],
    ['/connections?from=Bern&to=Luzern&limit=0', 'Minimal value of argument `limit` is 1.'],
    ['/connections?from=Bern&to=Luzern&page=11', 'Maximal value of argument `page` is 10.'],
    ['/connections?to=Bern', 'Missing argument `from`.'],
    ['/connections?from=Bern', 'Missing argument `to`.'],
  ])('%s → 400 with the errors envelope', async (path, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toEqual({ errors: [{ message }] });
  });

  it('answers unknown stations with an empty list, not an error', async () => {
    const { status, body } = await get('/connections?from=Atlantis&to=Bern');
    expect(status).toBe(200);
    expect(body.connections).toEqual([]);
  });

  it('records every call with its query', async () => {
    fake.calls.length = 0;
    await get('/locations?query=Bern');
    expect(fake.calls).toEqual([{ path: '/v1/locations', query: { query: 'Bern' } }]);
  });
});

describe('opendata fake: locations', () => {
  it('answers a coordinate query (x = latitude) with the stations around it, nearest first, in metres', async () => {
    const { body } = await get('/locations?x=47.0505&y=8.3105&type=station');
    const stations = body.stations as unknown as { name: string; distance: number }[];
    expect(stations[0]).toMatchObject({ name: 'Luzern' });
    expect(stations[0]?.distance).toBeLessThan(100);
    const distances = stations.map((s) => s.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect((await get('/locations?x=north&y=8')).status).toBe(400);
  });

  it('matches names case-insensitively and partially, best first', async () => {
    const { body } = await get(`/locations?query=${encodeURIComponent('zürich')}`);
    expect(body.stations.map((s) => s.name)).toEqual(['Zürich HB', 'Zürich Flughafen']);
    expect(body.stations[0]).toMatchObject({
      id: '8503000',
      coordinate: { type: 'WGS84', x: 47.378177, y: 8.540192 },
    });
    const exact = await get(`/locations?query=${encodeURIComponent('INTERLAKEN OST')}`);
    expect(exact.body.stations[0]!.id).toBe('8507492');
    expect((await get('/locations?query=Atlantis')).body.stations).toEqual([]);
  });
});

describe('opendata fake: connections', () => {
  it('serves the next departures with the real quirks', async () => {
    const { body } = await get('/connections?from=8503000&to=8507000&date=2026-07-04&time=10:00&limit=2');
    expect(body.connections).toHaveLength(2);
    const c = body.connections[0]!;
    // Summer time, offset without a colon.
    expect(c.from.departure).toBe('2026-07-04T10:02:00+0200');
    expect(c.to.arrival).toBe('2026-07-04T10:58:00+0200');
    expect(c.duration).toBe('00d00:56:00');
    expect(c.products).toEqual(['IC 1']);
    expect(c.sections[0]!.journey).toMatchObject({ name: '000720', category: 'IC', number: '1' });
    expect(c.sections[0]!.departure.station.id).toBe('008503000');
    expect(c.sections[0]!.departure.platform).toBe('31');
    expect(c.sections[0]!.arrival.platform).toBe('7');
    expect(body.connections[1]!.from.departure).toBe('2026-07-04T10:32:00+0200');
    expect(body.connections[1]!.sections[0]!.journey?.name).toBe('000721');
  });

  it('serves the last arrivals for isArrivalTime=1', async () => {
    const { body } = await get(
      '/connections?from=Bern&to=Interlaken%20Ost&date=2026-01-10&time=12:00&isArrivalTime=1&limit=2',
    );
    expect(body.connections.map((c) => c.to.arrival)).toEqual([
      '2026-01-10T11:26:00+0100',
      '2026-01-10T11:56:00+0100',
    ]);
  });

  it('finds the change at Bern with a walk of null duration', async () => {
    const { body } = await get(
      '/connections?from=Zürich%20HB&to=Interlaken%20Ost&date=2026-01-10&time=10:00&limit=1',
    );
    const c = body.connections[0]!;
    expect(c.transfers).toBe(1);
    expect(c.sections).toHaveLength(3);
    expect(c.sections[1]).toMatchObject({ journey: null, walk: { duration: null } });
    expect(c.sections[1]!.departure.platform).toBe('7');
    expect(c.sections[1]!.arrival.platform).toBe('6');
    expect(c.sections[2]!.departure.departure).toBe('2026-01-10T11:04:00+0100');
  });

  it('covers the other lines', async () => {
    const lausanne = await get('/connections?from=Lausanne&to=8501026&date=2026-01-10&time=08:00&limit=1');
    expect(lausanne.body.connections[0]!.products).toEqual(['IR 90']);
    expect(lausanne.body.connections[0]!.duration).toBe('00d00:48:00');
    const luzern = await get('/connections?from=Zürich&to=Luzern&date=2026-01-10&time=08:00&limit=1');
    expect(luzern.body.connections[0]!.products).toEqual(['IR 70']);
    expect(luzern.body.connections[0]!.duration).toBe('00d00:49:00');
  });

  it('uses its clock without date and time', async () => {
    const { body } = await get('/connections?from=Bern&to=Zürich%20HB&limit=1');
    expect(body.connections[0]!.from.departure).toBe('2026-07-04T10:04:00+0200');
  });

  it('reports a delay set on a train in its prognosis and delay', async () => {
    fake.setDelay('000722', 5);
    const { body } = await get('/connections?from=8503000&to=8507000&date=2026-01-10&time=11:00&limit=1');
    const ride = body.connections[0]!.sections[0]!;
    expect(ride.arrival).toMatchObject({ arrival: '2026-01-10T11:58:00+0100', delay: 5 });
    expect(ride.arrival.prognosis.arrival).toBe('2026-01-10T12:03:00+0100');
    expect(ride.departure.prognosis.departure).toBe('2026-01-10T11:07:00+0100');
  });

  it('rate-limits the next n requests with 429 and the X-Rate-Limit headers', async () => {
    fake.rateLimit(2);
    const first = await get('/locations?query=Bern');
    const second = await get('/locations?query=Bern');
    const third = await get('/locations?query=Bern');
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.headers.get('x-rate-limit-limit')).toBe('3');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(first.headers.get('x-rate-limit-reset'))).toBeGreaterThan(1_000_000_000);
    expect(first.body.errors[0]?.message).toBe('Rate limit of 3 requests per second exceeded');
  });
});
