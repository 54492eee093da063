import { createServer } from 'node:http';
import { greatCircleMetres } from '../../src/domain/geo.js';
import { formatZurichIso, zurichToEpochMs, zurichWallTime } from '../../src/domain/time.js';

/**
 * A contract fake of transport.opendata.ch `/v1` on 127.0.0.1: `/locations?query=` and
 * `/connections`, answering in the real service's shapes and quirks (`timetable-apis.md` §1):
 * `+0100` offsets without a colon, `x` = latitude / `y` = longitude, walk sections with null
 * duration and a null arrival time, station ids zero-padded inside sections, zero-padded train
 * numbers in `journey.name`, validation errors as 400 `{"errors":[{"message"}]}`, unknown stations
 * as an empty `connections` array, and 429 with `X-Rate-Limit-*` headers on demand.
 *
 * The timetable: a few lines each way, every 30 minutes all day with fixed travel times, and
 * one-change connections wherever one line ends where another starts (Zürich HB → Interlaken Ost
 * via Bern). Train numbers are unique per departure within a day.
 */
export interface OpendataFakeCall {
  path: string;
  query: Record<string, string>;
}

export interface OpendataFake {
  /** Base URL including `/v1`. */
  url: string;
  calls: OpendataFakeCall[];
  /** Delays that train (train number, leading zeros optional) by `minutes`, departure and arrival. */
  setDelay(trainNumber: string, minutes: number): void;
  /** The next `n` requests answer 429. */
  rateLimit(n: number): void;
  close(): Promise<void>;
}

export interface FakeStation {
  id: string;
  name: string;
  x: number;
  y: number;
}

export const FAKE_STATIONS = {
  zurich: { id: '8503000', name: 'Zürich HB', x: 47.378177, y: 8.540192 },
  zurichAirport: { id: '8503016', name: 'Zürich Flughafen', x: 47.450379, y: 8.562398 },
  bern: { id: '8507000', name: 'Bern', x: 46.948832, y: 7.439131 },
  interlaken: { id: '8507492', name: 'Interlaken Ost', x: 46.690551, y: 7.869002 },
  lausanne: { id: '8501120', name: 'Lausanne', x: 46.516795, y: 6.629087 },
  genevaAirport: { id: '8501026', name: 'Genève-Aéroport', x: 46.232039, y: 6.1115 },
  luzern: { id: '8505000', name: 'Luzern', x: 47.050174, y: 8.310185 },
  thun: { id: '8507100', name: 'Thun', x: 46.754853, y: 7.629606 },
  geneva: { id: '8501008', name: 'Genève', x: 46.210206, y: 6.142439 },
} as const satisfies Record<string, FakeStation>;

const STATION_LIST: readonly FakeStation[] = Object.values(FAKE_STATIONS);

interface LineDirection {
  category: string;
  number: string;
  from: FakeStation;
  to: FakeStation;
  /** Minute past the hour and past the half hour. */
  minute: number;
  minutes: number;
  fromPlatform: string;
  toPlatform: string;
  /** Train number of the day's first departure; later ones count up. */
  firstTrain: number;
}

const S = FAKE_STATIONS;
export const FAKE_LINES: readonly LineDirection[] = [
  {
    category: 'IC',
    number: '1',
    from: S.zurich,
    to: S.bern,
    minute: 2,
    minutes: 56,
    fromPlatform: '31',
    toPlatform: '7',
    firstTrain: 700,
  },
  {
    category: 'IC',
    number: '1',
    from: S.bern,
    to: S.zurich,
    minute: 4,
    minutes: 56,
    fromPlatform: '7',
    toPlatform: '31',
    firstTrain: 800,
  },
  {
    category: 'IC',
    number: '61',
    from: S.bern,
    to: S.interlaken,
    minute: 4,
    minutes: 52,
    fromPlatform: '6',
    toPlatform: '2',
    firstTrain: 1000,
  },
  {
    category: 'IC',
    number: '61',
    from: S.interlaken,
    to: S.bern,
    minute: 0,
    minutes: 52,
    fromPlatform: '2',
    toPlatform: '6',
    firstTrain: 1100,
  },
  {
    category: 'IR',
    number: '90',
    from: S.lausanne,
    to: S.genevaAirport,
    minute: 15,
    minutes: 48,
    fromPlatform: '5',
    toPlatform: '3',
    firstTrain: 1700,
  },
  {
    category: 'IR',
    number: '90',
    from: S.genevaAirport,
    to: S.lausanne,
    minute: 10,
    minutes: 48,
    fromPlatform: '3',
    toPlatform: '5',
    firstTrain: 1800,
  },
  {
    category: 'IR',
    number: '70',
    from: S.zurich,
    to: S.luzern,
    minute: 5,
    minutes: 49,
    fromPlatform: '32',
    toPlatform: '8',
    firstTrain: 2500,
  },
  {
    category: 'IR',
    number: '70',
    from: S.luzern,
    to: S.zurich,
    minute: 10,
    minutes: 49,
    fromPlatform: '8',
    toPlatform: '32',
    firstTrain: 2600,
  },
  {
    category: 'IC',
    number: '8',
    from: S.thun,
    to: S.bern,
    minute: 20,
    minutes: 18,
    fromPlatform: '2',
    toPlatform: '5',
    firstTrain: 2700,
  },
  {
    category: 'IC',
    number: '8',
    from: S.bern,
    to: S.thun,
    minute: 24,
    minutes: 18,
    fromPlatform: '5',
    toPlatform: '2',
    firstTrain: 2800,
  },
  {
    category: 'IR',
    number: '15',
    from: S.lausanne,
    to: S.geneva,
    minute: 20,
    minutes: 36,
    fromPlatform: '4',
    toPlatform: '3',
    firstTrain: 2900,
  },
  {
    category: 'IR',
    number: '15',
    from: S.geneva,
    to: S.lausanne,
    minute: 27,
    minutes: 36,
    fromPlatform: '3',
    toPlatform: '4',
    firstTrain: 3000,
  },
];

const MIN_TRANSFER_MS = 4 * 60_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const VALID_TRANSPORTATIONS = new Set(['train', 'tram', 'ship', 'bus', 'cableway']);

interface Run {
  line: LineDirection;
  train: string;
  departure: number;
  arrival: number;
}

/** `2026-01-10T10:02:00+0100`: the real service's offset has no colon. */
const opendataTime = (ms: number) => formatZurichIso(ms).replace(/([+-]\d{2}):(\d{2})$/, '$1$2');
const padId = (id: string) => id.padStart(9, '0');
const normaliseId = (id: string) => id.replace(/^0+(?=\d)/, '');

function duration(ms: number): string {
  const total = Math.round(ms / MINUTE_MS);
  const days = Math.floor(total / 1440);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(days)}d${p(Math.floor((total % 1440) / 60))}:${p(total % 60)}:00`;
}

/** Every run of `line` departing within the Zurich days touching [fromMs, toMs]. */
function runsOf(line: LineDirection, fromMs: number, toMs: number): Run[] {
  const runs: Run[] = [];
  for (let day = fromMs - DAY_MS; day <= toMs + DAY_MS; day += DAY_MS) {
    const w = zurichWallTime(day);
    for (let slot = 0; slot < 48; slot++) {
      const departure = zurichToEpochMs({
        year: w.year,
        month: w.month,
        day: w.day,
        hour: Math.floor(slot / 2),
        minute: (slot % 2) * 30 + line.minute,
      });
      if (departure < fromMs - DAY_MS || departure > toMs + DAY_MS) continue;
      runs.push({
        line,
        train: String(line.firstTrain + slot),
        departure,
        arrival: departure + line.minutes * MINUTE_MS,
      });
    }
  }
  return runs;
}

export interface OpendataFakeOptions {
  /** The clock for searches without `date`/`time` (the real service uses its own "now"). */
  now?: () => number;
  /** Added to every answer, as the hosted service's latency (benchmarks: the real one answers in 100s of ms). */
  latencyMs?: () => number;
}

export async function startOpendataFake(options: OpendataFakeOptions = {}): Promise<OpendataFake> {
  const clock = options.now ?? Date.now;
  const calls: OpendataFakeCall[] = [];
  const delays = new Map<string, number>();
  let limited = 0;

  const stationJson = (s: FakeStation, padded = false) => ({
    id: padded ? padId(s.id) : s.id,
    name: s.name,
    score: null,
    coordinate: { type: 'WGS84', x: s.x, y: s.y },
    distance: null,
  });

  function checkpoint(
    s: FakeStation,
    at: { arrival?: number; departure?: number },
    platform: string | null,
    delayMin: number | null,
    padded: boolean,
  ) {
    const shift = (delayMin ?? 0) * MINUTE_MS;
    const station = stationJson(s, padded);
    return {
      station,
      arrival: at.arrival === undefined ? null : opendataTime(at.arrival),
      arrivalTimestamp: at.arrival === undefined ? null : at.arrival / 1000,
      departure: at.departure === undefined ? null : opendataTime(at.departure),
      departureTimestamp: at.departure === undefined ? null : at.departure / 1000,
      delay: delayMin,
      platform,
      prognosis: {
        platform: null,
        arrival: delayMin === null || at.arrival === undefined ? null : opendataTime(at.arrival + shift),
        departure:
          delayMin === null || at.departure === undefined ? null : opendataTime(at.departure + shift),
        capacity1st: null,
        capacity2nd: null,
      },
      realtimeAvailability: null,
      location: station,
    };
  }

  function rideSection(run: Run) {
    const delay = delays.get(run.train) ?? null;
    const dep = checkpoint(run.line.from, { departure: run.departure }, run.line.fromPlatform, delay, true);
    const arr = checkpoint(run.line.to, { arrival: run.arrival }, run.line.toPlatform, delay, true);
    return {
      journey: {
        name: run.train.padStart(6, '0'),
        category: run.line.category,
        subcategory: run.line.category,
        categoryCode: null,
        number: run.line.number,
        operator: 'SBB',
        to: run.line.to.name,
        passList: [dep, arr],
        capacity1st: null,
        capacity2nd: null,
      },
      walk: null,
      departure: dep,
      arrival: arr,
    };
  }

  function connectionJson(runs: Run[]) {
    const first = runs[0] as Run;
    const last = runs[runs.length - 1] as Run;
    const sections: unknown[] = [];
    runs.forEach((run, i) => {
      const prev = runs[i - 1];
      if (prev) {
        // Changing platforms at the same station: opendata.ch sends the walk without a duration and
        // without an arrival time.
        sections.push({
          journey: null,
          walk: { duration: null },
          departure: checkpoint(prev.line.to, { departure: prev.arrival }, prev.line.toPlatform, null, false),
          arrival: checkpoint(run.line.from, {}, run.line.fromPlatform, null, false),
        });
      }
      sections.push(rideSection(run));
    });
    const firstDelay = delays.get(first.train) ?? null;
    const lastDelay = delays.get(last.train) ?? null;
    return {
      from: checkpoint(
        first.line.from,
        { departure: first.departure },
        first.line.fromPlatform,
        firstDelay,
        false,
      ),
      to: checkpoint(last.line.to, { arrival: last.arrival }, last.line.toPlatform, lastDelay, false),
      duration: duration(last.arrival - first.departure),
      transfers: runs.length - 1,
      service: { regular: 'täglich', irregular: null },
      products: runs.map((r) => `${r.line.category} ${r.line.number}`),
      capacity1st: null,
      capacity2nd: null,
      sections,
    };
  }

  function findStations(query: string): FakeStation[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const id = normaliseId(q);
    const rank = (s: FakeStation) => {
      const name = s.name.toLowerCase();
      if (s.id === id || name === q) return 0;
      if (name.startsWith(q)) return 1;
      if (name.includes(q)) return 2;
      return 3;
    };
    return STATION_LIST.map((s) => ({ s, r: rank(s) }))
      .filter((x) => x.r < 3)
      .sort((a, b) => a.r - b.r)
      .map((x) => x.s);
  }

  /** Direct runs and one-change chains from → to, as lists of runs. */
  function journeys(from: FakeStation, to: FakeStation, startMs: number, endMs: number): Run[][] {
    const found: Run[][] = [];
    for (const line of FAKE_LINES) {
      if (line.from !== from) continue;
      if (line.to === to) {
        for (const run of runsOf(line, startMs, endMs)) found.push([run]);
        continue;
      }
      for (const onward of FAKE_LINES) {
        if (onward.from !== line.to || onward.to !== to) continue;
        const onwardRuns = runsOf(onward, startMs, endMs + DAY_MS);
        for (const run of runsOf(line, startMs, endMs)) {
          const next = onwardRuns
            .filter((o) => o.departure >= run.arrival + MIN_TRANSFER_MS)
            .sort((a, b) => a.departure - b.departure)[0];
          if (next) found.push([run, next]);
        }
      }
    }
    return found;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const q = url.searchParams;
    calls.push({ path: url.pathname, query: Object.fromEntries(q) });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const write = () => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      const wait = options.latencyMs?.() ?? 0;
      if (wait > 0) setTimeout(write, wait);
      else write();
    };
    const fail = (status: number, message: string) => send(status, { errors: [{ message }] });

    if (limited > 0) {
      limited--;
      return send(
        429,
        { errors: [{ message: 'Rate limit of 3 requests per second exceeded' }] },
        {
          'x-rate-limit-limit': '3',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1),
          'retry-after': '1',
        },
      );
    }
    if (req.method !== 'GET') return fail(405, 'Method not allowed.');

    if (url.pathname === '/v1/locations') {
      const query = q.get('query');
      if (query === null && (q.get('x') === null || q.get('y') === null)) {
        return fail(400, 'Missing argument `query` (or `x` and `y`).');
      }
      if (query === null) {
        // A coordinate query: the stations around the point, nearest first, with `distance` in metres.
        const lat = Number(q.get('x'));
        const lon = Number(q.get('y'));
        if (!Number.isFinite(lat) || !Number.isFinite(lon)) return fail(400, 'Invalid coordinates.');
        const around = STATION_LIST.map((s) => ({
          s,
          metres: Math.round(greatCircleMetres(lat, lon, s.x, s.y)),
        }))
          .sort((a, b) => a.metres - b.metres)
          .slice(0, 10);
        return send(200, {
          stations: around.map(({ s, metres }) => ({ ...stationJson(s), distance: metres, icon: 'train' })),
        });
      }
      return send(200, {
        stations: findStations(query).map((s) => ({ ...stationJson(s), icon: 'train' })),
      });
    }

    if (url.pathname === '/v1/connections') {
      const fromName = q.get('from');
      const toName = q.get('to');
      if (!fromName) return fail(400, 'Missing argument `from`.');
      if (!toName) return fail(400, 'Missing argument `to`.');
      const limitRaw = q.get('limit') ?? '4';
      if (!/^\d+$/.test(limitRaw)) return fail(400, 'Argument `limit` must be an integer.');
      const limit = Number(limitRaw);
      if (limit > 16) return fail(400, 'Maximal value of argument `limit` is 16.');
      if (limit < 1) return fail(400, 'Minimal value of argument `limit` is 1.');
      const page = Number(q.get('page') ?? '0');
      if (page > 10) return fail(400, 'Maximal value of argument `page` is 10.');
      if (q.getAll('via[]').length + q.getAll('via').length > 5)
        return fail(400, 'Invalid via count (max 5 allowed).');
      const date = q.get('date');
      const time = q.get('time');
      if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date))
        return fail(400, 'Invalid value of argument `date`.');
      if (time !== null && !/^\d{1,2}:\d{2}$/.test(time))
        return fail(400, 'Invalid value of argument `time`.');
      const transportations = q.getAll('transportations[]');
      if (transportations.some((t) => !VALID_TRANSPORTATIONS.has(t))) {
        return fail(400, 'Invalid value of argument `transportations`.');
      }
      const from = findStations(fromName)[0];
      const to = findStations(toName)[0];
      // Every fake line is a train line.
      if (!from || !to || from === to || (transportations.length > 0 && !transportations.includes('train'))) {
        return send(200, {
          connections: [],
          from: from ? stationJson(from) : null,
          to: to ? stationJson(to) : null,
          stations: { from: [], to: [] },
        });
      }
      const nowWall = zurichWallTime(clock());
      const [y, m, d] = (date ?? `${nowWall.year}-${nowWall.month}-${nowWall.day}`).split('-').map(Number);
      const [hh, mm] = (time ?? `${nowWall.hour}:${nowWall.minute}`).split(':').map(Number);
      const at = zurichToEpochMs({
        year: y ?? 1970,
        month: m ?? 1,
        day: d ?? 1,
        hour: hh ?? 0,
        minute: mm ?? 0,
      });
      const arrival = q.get('isArrivalTime') === '1';
      const all = journeys(from, to, at, at);
      const firstDep = (j: Run[]) => (j[0] as Run).departure;
      const lastArr = (j: Run[]) => (j[j.length - 1] as Run).arrival;
      let chosen: Run[][];
      if (arrival) {
        chosen = all
          .filter((j) => lastArr(j) <= at)
          .sort((a, b) => lastArr(a) - lastArr(b) || firstDep(a) - firstDep(b))
          .slice(-limit);
      } else {
        chosen = all
          .filter((j) => firstDep(j) >= at)
          .sort((a, b) => firstDep(a) - firstDep(b) || lastArr(a) - lastArr(b))
          .slice(0, limit);
      }
      return send(200, {
        connections: chosen.map(connectionJson),
        from: stationJson(from),
        to: stationJson(to),
        stations: { from: [stationJson(from)], to: [stationJson(to)] },
      });
    }

    return fail(404, 'Not found.');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    setDelay(trainNumber, minutes) {
      delays.set(normaliseId(trainNumber.trim()), minutes);
    },
    rateLimit(n) {
      limited = Math.max(0, n);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
