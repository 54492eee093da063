import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { trackTripsUnderWay } from '../src/jobs/trip-tracking.js';
import { runSelfTest } from '../src/links/canaries.js';
import { createLinkResolver } from '../src/share/resolve-link.js';
import { createShareService } from '../src/share/service.js';
import { createTimetable } from '../src/timetable/plan.js';
import { type GoogleRoutesFake, startGoogleRoutesFake } from './fakes/google-routes.js';
import { type OjpFake, startOjpFake } from './fakes/ojp.js';
import { type OpendataFake, startOpendataFake } from './fakes/opendata.js';
import { type SubsonicFake, startSubsonicFake } from './fakes/subsonic.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/**
 * Searches become trips through the timetable (transport.opendata.ch's contract fake, over HTTP), and
 * a delay re-fits the unplayed rest of the playlist, in place on the music server (Subsonic's fake).
 */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const text = (id: string) => fixtureById(id).text ?? fixtureById(id).url ?? '';
const target = testDatabases[0]!;

interface Shared {
  share: { status: string; error: { code: string } | null };
  trip: {
    id: string;
    source: string;
    exactness: string;
    origin: string;
    destination: string;
    departure: string;
    durationSeconds: number;
    legs: Array<{ trainNumber: string | null; arrival: string; expectedArrival?: string | null }>;
  } | null;
  playlist: {
    totalSeconds: number;
    targetSeconds: number;
    tracks: Array<{ id: string; startSeconds: number }>;
  } | null;
}

describe('the timetable turns searches into trips and delays into re-fits', () => {
  let opendata: OpendataFake;
  let subsonic: SubsonicFake;
  let t: TestApp;

  beforeAll(async () => {
    opendata = await startOpendataFake();
    subsonic = await startSubsonicFake();
    t = await startTestApp(target, {
      now: new Date('2026-12-01T06:30:00Z'),
      opendataUrl: opendata.url,
      subsonic: { url: subsonic.url, user: subsonic.user, password: subsonic.password },
    });
    await t.app.inject({
      method: 'PUT',
      url: '/api/preferences',
      headers: SAME_ORIGIN,
      payload: { musicSource: 'subsonic' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await opendata?.close();
    await subsonic?.close();
  });

  const share = async (body: string): Promise<Shared> => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: SAME_ORIGIN,
      payload: { text: body },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as Shared;
  };

  it.each([
    ['an sbb.ch search link', 'c-sbb-stops-ids-only-fr', 'sbb-search-link', 'Lausanne', 'Genève'],
    ['a legacy fahrplan.xhtml link', 'real-sbb-fahrplan-xhtml-legacy', 'sbb-search-link', 'Thun', 'Bern'],
    ['a Google Maps transit link (arrive by)', 'c-gmaps-arrive-by', 'google-maps', 'Bern', 'Interlaken Ost'],
  ])('re-plans %s into a trip with its playlist', async (_what, fixture, source, origin, destination) => {
    const got = await share(text(fixture));
    expect(got.share.status).toBe('parsed');
    expect(got.trip).toMatchObject({ source, exactness: 'replanned', origin, destination });
    expect(got.playlist).not.toBeNull();
    expect(
      Math.abs((got.playlist?.totalSeconds ?? 0) - (got.trip?.durationSeconds ?? 0)),
    ).toBeLessThanOrEqual(1);
  });

  it('keeps the intent: arrive by 09:00 is the last train arriving by then', async () => {
    const got = await share(`${text('c-gmaps-arrive-by')} `);
    expect(Date.parse(got.trip?.legs.at(-1)?.arrival ?? '')).toBeLessThanOrEqual(
      Date.parse('2026-12-01T08:00:00Z'),
    );
    expect(Date.parse(got.trip?.legs.at(-1)?.arrival ?? '')).toBeGreaterThan(
      Date.parse('2026-12-01T07:30:00Z'),
    );
  });

  it('says which stop it could not find, and keeps the share', async () => {
    const got = await share('https://maps.apple.com/?saddr=Atlantis%20Hbf&daddr=Bern&dirflg=r');
    expect(got.share).toMatchObject({ status: 'failed', error: { code: 'stop_not_found' } });
    expect(got.trip).toBeNull();
  });

  it('re-fits the rest of the playlist to a 7-minute delay and updates the server playlist in place', async () => {
    // An Apple Maps transit link, shared at 07:30 in Zurich: the next IC 1 to Bern.
    const got = await share('https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Bern&dirflg=r');
    expect(got.trip).toMatchObject({
      source: 'apple-maps',
      exactness: 'replanned',
      origin: 'Zürich HB',
      destination: 'Bern',
    });
    const trip = got.trip!;
    const before = got.playlist!;
    const serverPlaylists = subsonic.playlists.length;
    const serverPlaylist = subsonic.playlists.at(-1)!;

    // Twenty minutes into the ride the train is running seven minutes late.
    t.clock.now = new Date(Date.parse(trip.departure) + 20 * 60_000);
    opendata.setDelay(trip.legs[0]!.trainNumber!, 7);
    const run = await trackTripsUnderWay({
      trips: t.stores.trips,
      playlists: t.services.playlists,
      reminders: t.services.reminders,
      realtime: t.services.timetable!.planner.expectedTimes,
      clock: () => t.clock.now,
    });
    expect(run).toMatchObject({ updated: 1, refitted: 1, failed: 0 });

    const after = (await t.app.inject({ method: 'GET', url: `/api/trips/${trip.id}` })).json() as Shared;
    expect(Date.parse(after.trip!.legs[0]!.expectedArrival!) - Date.parse(after.trip!.legs[0]!.arrival)).toBe(
      7 * 60_000,
    );
    expect(after.playlist!.targetSeconds).toBe(trip.durationSeconds + 7 * 60);
    expect(Math.abs(after.playlist!.totalSeconds - after.playlist!.targetSeconds)).toBeLessThanOrEqual(1);
    // What has played stays: every track that started before minute 20 is still there, at its place.
    const played = before.tracks.filter((x) => x.startSeconds < 20 * 60);
    expect(after.playlist!.tracks.slice(0, played.length)).toEqual(played);
    // The same server playlist, its songs replaced.
    expect(subsonic.playlists).toHaveLength(serverPlaylists);
    expect(subsonic.playlists.at(-1)?.id).toBe(serverPlaylist.id);
    expect(subsonic.playlists.at(-1)?.songIds).toEqual(after.playlist!.tracks.map((x) => x.id));

    // Nothing changed since: the next run re-fits nothing and the query is answered from the cache.
    const calls = opendata.calls.length;
    const again = await trackTripsUnderWay({
      trips: t.stores.trips,
      playlists: t.services.playlists,
      realtime: t.services.timetable!.planner.expectedTimes,
      clock: () => t.clock.now,
    });
    expect(again).toMatchObject({ updated: 0, refitted: 0 });
    expect(opendata.calls.length).toBe(calls);
  });

  it('flags a connection that a delay breaks and tells the traveller once', async () => {
    t.clock.now = new Date('2026-12-01T06:30:00Z');
    const got = await share('https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Interlaken%20Ost&dirflg=r');
    const trip = got.trip!;
    expect(trip.legs.map((l) => l.trainNumber !== null)).toEqual([true, false, true]);
    // Ten minutes late into Bern: the IC 61 leaves six minutes after the planned arrival.
    opendata.setDelay(trip.legs[0]!.trainNumber!, 10);
    t.clock.now = new Date(Date.parse(trip.departure) + 10 * 60_000);
    const track = () =>
      trackTripsUnderWay({
        trips: t.stores.trips,
        playlists: t.services.playlists,
        reminders: t.services.reminders,
        realtime: t.services.timetable!.planner.expectedTimes,
        clock: () => t.clock.now,
      });
    expect(await track()).toMatchObject({ broken: 1 });
    const view = (await t.app.inject({ method: 'GET', url: `/api/trips/${trip.id}` })).json();
    expect(view.trip.brokenTransfers).toEqual([2]);
    const warning = await t.stores.reminders.get(trip.id, 'connection');
    expect(warning).toMatchObject({ status: 'pending', kind: 'connection' });
    expect(warning?.dueAt).toEqual(t.clock.now);
    expect(warning?.departsAt?.getTime()).toBe(Date.parse(view.trip.legs[2].departure));
  });
});

/**
 * With `OJP_TOKEN` set, searches are planned and tracked through OJP 2.0 (its contract fake), and
 * with `GOOGLE_ROUTES_API_KEY` a Google share outside Switzerland is planned by Google Routes (its
 * fake); stops still come from opendata. The app is composed here like `createServices` does with
 * `createTimetable`, since `startTestApp` offers only opendata.
 */
describe('OJP and Google Routes behind the same resolver, over HTTP', () => {
  let opendata: OpendataFake;
  let ojp: OjpFake;
  let google: GoogleRoutesFake;
  let t: TestApp;
  let app: FastifyInstance;
  let timetable: ReturnType<typeof createTimetable>;

  beforeAll(async () => {
    opendata = await startOpendataFake();
    ojp = await startOjpFake();
    google = await startGoogleRoutesFake();
    t = await startTestApp(target, { now: new Date('2026-12-03T06:00:00Z') });
    timetable = createTimetable(
      {
        opendataUrl: opendata.url,
        ojp: { url: ojp.url, token: ojp.token },
        googleRoutes: { url: google.url, apiKey: google.apiKey },
      },
      { clock: () => t.clock.now, sleep: async () => {} },
    );
    const resolver = createLinkResolver({ sbbShortLinkUrl: t.sbb.url, googleShortLinkUrl: t.google.url });
    const shares = createShareService({
      stores: t.stores,
      playlists: t.services.playlists,
      reminders: t.services.reminders,
      planTrip: timetable.planner.planTrip,
      resolveLink: (link, opts) => resolver.resolve(link, opts),
      clock: () => t.clock.now,
      inlineResolveTimeoutMs: 2_000,
    });
    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database: t.database,
      stores: t.stores,
      services: { ...t.services, shares, timetable },
      clock: () => t.clock.now,
      selfTest: runSelfTest,
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    await opendata?.close();
    await ojp?.close();
    await google?.close();
  });

  const share = async (body: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: SAME_ORIGIN,
      payload: { text: body },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as Shared & { trip: { legs: Array<{ from: { platform: string | null } }> } | null };
  };

  it('plans an sbb.ch search through OJP with platforms, and re-fits to a delayed leg with its new quay', async () => {
    const ojpCalls = ojp.calls.length;
    const got = await share(text('c-sbb-stops-ids-only-fr'));
    expect(got.share.status).toBe('parsed');
    expect(got.trip).toMatchObject({
      source: 'sbb-search-link',
      exactness: 'replanned',
      origin: 'Lausanne',
      destination: 'Genève',
      departure: '2026-12-03T07:50:00+01:00',
    });
    expect(ojp.calls.length).toBe(ojpCalls + 1);
    expect(opendata.calls.filter((c) => c.path === '/v1/connections')).toHaveLength(0);
    const trip = got.trip!;
    const view = (await app.inject({ method: 'GET', url: `/api/trips/${trip.id}` })).json();
    expect(view.trip.legs[0]).toMatchObject({ from: { platform: '4' }, to: { platform: '3' } });

    const train = trip.legs[0]!.trainNumber!;
    ojp.setDelay(train, 7);
    ojp.setQuay(train, 'alight', '5');
    t.clock.now = new Date(Date.parse(trip.departure) + 10 * 60_000);
    const run = await trackTripsUnderWay({
      trips: t.stores.trips,
      playlists: t.services.playlists,
      realtime: timetable.planner.expectedTimes,
      clock: () => t.clock.now,
    });
    expect(run).toMatchObject({ tracked: 1, updated: 1, refitted: 1, failed: 0 });
    const after = (await app.inject({ method: 'GET', url: `/api/trips/${trip.id}` })).json();
    expect(after.trip.legs[0]).toMatchObject({ to: { platform: '3', expectedPlatform: '5' } });
    expect(Date.parse(after.trip.legs[0].expectedArrival) - Date.parse(after.trip.legs[0].arrival)).toBe(
      7 * 60_000,
    );
    expect(after.playlist.targetSeconds).toBe(trip.durationSeconds + 7 * 60);
    expect(Math.abs(after.playlist.totalSeconds - after.playlist.targetSeconds)).toBeLessThanOrEqual(1);
  });

  it('plans a Google Maps share outside Switzerland through Google Routes', async () => {
    t.clock.now = new Date('2026-12-03T06:00:00Z');
    const got = await share(
      'https://www.google.com/maps/dir/?api=1&origin=Milano+Centrale&destination=Z%C3%BCrich+HB&travelmode=transit',
    );
    expect(got.share.status).toBe('parsed');
    expect(got.trip).toMatchObject({
      source: 'google-maps',
      exactness: 'replanned',
      origin: 'Milano Centrale',
      destination: 'Zürich HB',
    });
    expect(got.trip?.legs.map((l) => (l as { mode?: string }).mode)).toEqual(['walk', 'rail']);
    expect(got.playlist).not.toBeNull();
    expect(google.calls.at(-1)?.fieldMask).toContain('routes.legs.steps.transitDetails');
  });
});
