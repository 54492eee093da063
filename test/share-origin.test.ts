import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpendataFake, startOpendataFake } from './fakes/opendata.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/**
 * A map link from "My location" (issue #15): the share waits for its start instead of planning from a
 * place called "My location"; `POST /api/shares/:id/origin` fills it and the search is planned through
 * the timetable (transport.opendata.ch's contract fake).
 */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const target = testDatabases[0]!;

interface Shared {
  share: { id: string; status: string; error: { code: string; message: string } | null };
  trip: { origin: string; destination: string; exactness: string; guessed?: string[] } | null;
}

describe('a share from "My location" asks where the traveller starts', () => {
  let opendata: OpendataFake;
  let t: TestApp;

  beforeAll(async () => {
    opendata = await startOpendataFake();
    t = await startTestApp(target, { now: new Date('2026-12-01T06:30:00Z'), opendataUrl: opendata.url });
  });
  afterAll(async () => {
    await t?.close();
    await opendata?.close();
  });

  const share = async (text: string): Promise<Shared> => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: SAME_ORIGIN,
      payload: { text },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as Shared;
  };
  const fill = (id: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/shares/${id}/origin`,
      headers: { ...SAME_ORIGIN, ...headers },
      payload,
    });

  it('waits with origin_needs_position and no trip, then plans from the nearest station to the position', async () => {
    const got = await share('https://www.google.com/maps/dir/My+location/Bern/data=!4m2!4m1!3e3');
    expect(got.share).toMatchObject({ status: 'needs_resolution', error: { code: 'origin_needs_position' } });
    expect(got.trip).toBeNull();
    const calls = opendata.calls.length;

    // A few hundred metres from Zürich HB.
    const res = await fill(got.share.id, { position: { lat: 47.3768, lon: 8.5417 } });
    expect(res.statusCode).toBe(200);
    const filled = res.json() as Shared;
    expect(filled.share.status).toBe('parsed');
    expect(filled.trip).toMatchObject({ origin: 'Zürich HB', destination: 'Bern', exactness: 'replanned' });
    expect(filled.trip?.guessed).toContain('origin');
    expect(opendata.calls.length).toBeGreaterThan(calls);
  });

  it('asks the timetable for the station near a position Railtape does not know offline', async () => {
    const got = await share('https://www.google.com/maps/dir/My+location/Z%C3%BCrich+HB/data=!4m2!4m1!3e3');
    expect(got.share.error?.code).toBe('origin_needs_position');
    // Outside Luzern's station: its offline entry has no coordinates, so only the timetable knows it.
    const res = await fill(got.share.id, { position: { lat: 47.0497, lon: 8.3113 } });
    expect(res.statusCode).toBe(200);
    const filled = res.json() as Shared;
    expect(filled.trip).toMatchObject({ origin: 'Luzern', destination: 'Zürich HB', exactness: 'replanned' });
    expect(filled.trip?.guessed).toContain('origin');
    expect(opendata.calls.some((c) => c.path === '/v1/locations' && c.query.x === '47.0497')).toBe(true);
  });

  it('plans from a stop the traveller names, without calling it a guess', async () => {
    const got = await share('https://maps.apple.com/?saddr=Current%20Location&daddr=Bern&dirflg=r');
    expect(got.share.error?.code).toBe('origin_needs_position');
    const filled = (await fill(got.share.id, { stop: 'Thun' }, { 'accept-language': 'de' })).json() as Shared;
    expect(filled.trip).toMatchObject({ origin: 'Thun', destination: 'Bern' });
    expect(filled.trip?.guessed ?? []).not.toContain('origin');
  });

  it('says so in four languages while it waits', async () => {
    const got = await share('https://www.google.com/maps/dir//Bern/data=!4m2!4m1!3e3 ');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/shares/${got.share.id}`,
      headers: { ...SAME_ORIGIN, 'accept-language': 'fr' },
    });
    expect((res.json() as Shared).share.error?.message).toContain('Où partez-vous');
  });

  it('refuses a position far from every known station and a malformed body, and keeps the share waiting', async () => {
    const got = await share('https://www.google.com/maps/dir/?api=1&destination=Bern&travelmode=transit');
    const far = await fill(got.share.id, { position: { lat: 40.0, lon: -30.0 } });
    expect(far.statusCode).toBe(422);
    expect(far.json()).toMatchObject({ error: { code: 'stop_not_found' } });
    for (const body of [
      { position: { lat: 95, lon: 8 } },
      { stop: '' },
      { stop: 'Bern', position: { lat: 1, lon: 1 } },
      {},
    ]) {
      expect((await fill(got.share.id, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/shares/${got.share.id}`,
      headers: SAME_ORIGIN,
    });
    expect((again.json() as Shared).share).toMatchObject({
      status: 'needs_resolution',
      error: { code: 'origin_needs_position' },
    });
  });

  it('refuses to fill the start of a share that does not wait for one', async () => {
    const got = await share('https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Bern&dirflg=r');
    const res = await fill(got.share.id, { stop: 'Thun' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await fill('0'.repeat(26), { stop: 'Thun' })).statusCode).toBeGreaterThanOrEqual(400);
  });
});
