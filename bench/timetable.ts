/**
 * Re-planning latency while the traveller waits (a search share → a trip with its playlist, through
 * `POST /api/shares`), against the transport.opendata.ch fake and the OJP 2.0 fake answering with a
 * realistic latency; and the timetable calls a tracked trip costs per hour of delay checks (a
 * parse-worker run every 5 min), with each.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { trackTripsUnderWay } from '../src/jobs/trip-tracking.js';
import { runSelfTest } from '../src/links/canaries.js';
import { createLinkResolver } from '../src/share/resolve-link.js';
import { createShareService } from '../src/share/service.js';
import { createTimetable } from '../src/timetable/plan.js';
import { startOjpFake } from '../test/fakes/ojp.js';
import { startOpendataFake } from '../test/fakes/opendata.js';
import { startTestApp, type TestApp } from '../test/support/app.js';
import { testDatabases } from '../test/support/databases.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Both timetables' figures, as `npm run bench` prints them. */
export async function benchTimetable(shares = 60): Promise<string[]> {
  return [...(await benchOpendataTimetable(shares)), ...(await benchOjpTimetable(Math.min(shares, 40)))];
}

export async function benchOpendataTimetable(shares = 60): Promise<string[]> {
  // 120–280 ms an answer, spread deterministically: the hosted service's range as seen from Europe.
  let n = 0;
  const opendata = await startOpendataFake({ latencyMs: () => 120 + ((n++ * 37) % 160) });
  const t = await startTestApp(testDatabases[0]!, {
    now: new Date('2026-12-01T06:00:00Z'),
    opendataUrl: opendata.url,
    rateLimitMax: 100_000,
  });
  try {
    const stations = [
      ['Z%C3%BCrich%20HB', 'Bern'],
      ['Bern', 'Interlaken%20Ost'],
      ['Lausanne', 'Gen%C3%A8ve-A%C3%A9roport'],
      ['Z%C3%BCrich%20HB', 'Luzern'],
      ['Thun', 'Bern'],
    ];
    const latencies: number[] = [];
    let replanned = 0;
    for (let i = 0; i < shares; i++) {
      const [from, to] = stations[i % stations.length]!;
      // A different hour each time, so no answer comes from the planner's cache.
      const time = `${String(6 + (i % 14)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
      const link = `https://www.sbb.ch/en?stops=${from}~${to}&day=2026-12-0${1 + (i % 5)}&time=${time}&moment=DEPARTURE`;
      const started = performance.now();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'sec-fetch-site': 'same-origin' },
        payload: { text: `${link}&n=${i}` },
      });
      latencies.push(performance.now() - started);
      if (res.json().trip?.exactness === 'replanned') replanned++;
    }
    latencies.sort((a, b) => a - b);

    // One trip tracked for an hour, alone in its database: a worker run every 5 minutes.
    const tracking = await startTestApp(testDatabases[0]!, {
      now: new Date('2026-12-01T06:00:00Z'),
      opendataUrl: opendata.url,
    });
    let perHour = 0;
    let runs = 0;
    try {
      const tracked = await tracking.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'sec-fetch-site': 'same-origin' },
        payload: { text: 'https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Luzern&dirflg=r' },
      });
      const departure = Date.parse(tracked.json().trip.departure);
      const before = tracking.services.timetable!.calls();
      for (let at = departure - 60 * 60_000; at < departure; at += 5 * 60_000) {
        tracking.clock.now = new Date(at);
        await trackTripsUnderWay({
          trips: tracking.stores.trips,
          playlists: tracking.services.playlists,
          realtime: tracking.services.timetable!.planner.expectedTimes,
          clock: () => tracking.clock.now,
        });
        runs++;
      }
      perHour = tracking.services.timetable!.calls() - before;
    } finally {
      await tracking.close();
    }
    return [
      `re-planning inline (${shares} sbb.ch search shares, fake answering in 120–280 ms, ${replanned} re-planned): p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
      `delay checks: ${perHour} timetable calls for one tracked trip over one hour (${runs} worker runs, every 5 min; trips on the same train share them)`,
    ];
  } finally {
    await t.close();
    await opendata.close();
  }
}

/**
 * The test app with OJP behind the planner (`OJP_TOKEN` set), composed as `createServices` does with
 * `createTimetable`: stops from opendata, trips and real-time from OJP.
 */
async function ojpApp(t: TestApp, opendataUrl: string, ojp: { url: string; token: string }) {
  const timetable = createTimetable({ opendataUrl, ojp }, { clock: () => t.clock.now });
  const resolver = createLinkResolver({ sbbShortLinkUrl: t.sbb.url, googleShortLinkUrl: t.google.url });
  const shares = createShareService({
    stores: t.stores,
    playlists: t.services.playlists,
    reminders: t.services.reminders,
    planTrip: timetable.planner.planTrip,
    resolveLink: (link, opts) => resolver.resolve(link, opts),
    clock: () => t.clock.now,
  });
  const app: FastifyInstance = await buildApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    database: t.database,
    stores: t.stores,
    services: { ...t.services, shares, timetable },
    clock: () => t.clock.now,
    selfTest: runSelfTest,
    rateLimitMax: 100_000,
    rateLimitPerUserMax: 100_000,
  });
  return { app, timetable };
}

export async function benchOjpTimetable(shares = 40): Promise<string[]> {
  // OJP computes trips server-side: the real PROD fixture reports CalcTime 583 ms. 300–900 ms an
  // answer, spread deterministically; opendata (the stop look-ups, cached after the first) 120–280 ms.
  let n = 0;
  let m = 0;
  const ojp = await startOjpFake({ latencyMs: () => 300 + ((n++ * 53) % 600) });
  const opendata = await startOpendataFake({ latencyMs: () => 120 + ((m++ * 37) % 160) });
  const t = await startTestApp(testDatabases[0]!, { now: new Date('2026-12-01T06:00:00Z') });
  const { app } = await ojpApp(t, opendata.url, ojp);
  try {
    const stations = [
      ['Z%C3%BCrich%20HB', 'Bern'],
      ['Bern', 'Interlaken%20Ost'],
      ['Lausanne', 'Gen%C3%A8ve-A%C3%A9roport'],
      ['Z%C3%BCrich%20HB', 'Luzern'],
      ['Thun', 'Bern'],
    ];
    const latencies: number[] = [];
    let replanned = 0;
    for (let i = 0; i < shares; i++) {
      const [from, to] = stations[i % stations.length]!;
      const time = `${String(6 + (i % 14)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
      const link = `https://www.sbb.ch/en?stops=${from}~${to}&day=2026-12-0${1 + (i % 5)}&time=${time}&moment=DEPARTURE`;
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'sec-fetch-site': 'same-origin' },
        payload: { text: `${link}&n=${i}` },
      });
      latencies.push(performance.now() - started);
      if (res.json().trip?.exactness === 'replanned') replanned++;
    }
    latencies.sort((a, b) => a - b);

    // One trip tracked through OJP for the hour before it leaves, alone in its database: a worker
    // run every 5 minutes.
    const tracking = await startTestApp(testDatabases[0]!, { now: new Date('2026-12-01T06:00:00Z') });
    const tracker = await ojpApp(tracking, opendata.url, ojp);
    let perHour = 0;
    let runs = 0;
    try {
      const tracked = await tracker.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'sec-fetch-site': 'same-origin' },
        payload: { text: 'https://maps.apple.com/?saddr=Z%C3%BCrich%20HB&daddr=Luzern&dirflg=r' },
      });
      const departure = Date.parse(tracked.json().trip.departure);
      const before = tracker.timetable.calls();
      for (let at = departure - 60 * 60_000; at < departure; at += 5 * 60_000) {
        tracking.clock.now = new Date(at);
        await trackTripsUnderWay({
          trips: tracking.stores.trips,
          playlists: tracking.services.playlists,
          realtime: tracker.timetable.planner.expectedTimes,
          clock: () => tracking.clock.now,
        });
        runs++;
      }
      perHour = tracker.timetable.calls() - before;
    } finally {
      await tracker.app.close();
      await tracking.close();
    }
    return [
      `re-planning inline through OJP (${shares} sbb.ch search shares, OJP fake answering in 300–900 ms, ${replanned} re-planned): p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
      `delay checks through OJP: ${perHour} calls for one tracked trip over one hour (${runs} worker runs, every 5 min)`,
    ];
  } finally {
    await app.close();
    await t.close();
    await opendata.close();
    await ojp.close();
  }
}
