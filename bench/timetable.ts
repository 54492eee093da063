/**
 * Re-planning latency while the traveller waits (a search share → a trip with its playlist, through
 * `POST /api/shares`), against the transport.opendata.ch fake answering with a realistic latency; and
 * the timetable calls a tracked trip costs per hour of delay checks (a parse-worker run every 5 min).
 */
import { trackTripsUnderWay } from '../src/jobs/trip-tracking.js';
import { startOpendataFake } from '../test/fakes/opendata.js';
import { startTestApp } from '../test/support/app.js';
import { testDatabases } from '../test/support/databases.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export async function benchTimetable(shares = 60): Promise<string[]> {
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
