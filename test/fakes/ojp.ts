import { createServer } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { zurichToEpochMs, zurichWallTime } from '../../src/domain/time.js';
import { FAKE_LINES, FAKE_STATIONS, type FakeStation } from './opendata.js';

/**
 * A contract fake of OJP 2.0 `TripRequest` (opentransportdata.swiss, `timetable-apis.md` §2) on
 * 127.0.0.1, over the same small network as the opendata fake (`FAKE_LINES`): POST XML with
 * `Authorization: Bearer <token>` (401 otherwise, like the gateway), answers shaped like the real
 * PROD fixture: UTC `Z` times, ISO 8601 durations, SLOID stop points with their UIC in
 * `TripResponseContext/Places`, `TimetabledTime` always and `EstimatedTime` only for trains with
 * real-time (a delay set, 0 included), `PlannedQuay` with `EstimatedQuay` on a quay change, a
 * `TransferLeg` walk between rides, `Infeasible` on a cancelled train, `ErrorCondition` for unknown
 * stops and empty searches, a `<Problem>` 400 for a body that is not a TripRequest, and 429 with
 * `Retry-After` on demand.
 */
export interface OjpFakeCall {
  from: string | null;
  to: string | null;
  depArrTime: string | null;
  arriveBy: boolean;
}

export interface OjpFake {
  /** The endpoint itself (POST here), like `…/ojp20`. */
  url: string;
  token: string;
  calls: OjpFakeCall[];
  /** Real-time for that train: departure and arrival `minutes` late (0: on time, with real-time). */
  setDelay(trainNumber: string, minutes: number): void;
  /** The train now leaves from (or arrives at) another quay than planned. */
  setQuay(trainNumber: string, end: 'board' | 'alight', quay: string): void;
  /** The train is cancelled: every trip with it is `Infeasible`. */
  setInfeasible(trainNumber: string): void;
  /** The next `n` requests answer 429. */
  rateLimit(n: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

export interface OjpFakeOptions {
  token?: string;
  /** Added to every answer, as the real service's latency (benchmarks). */
  latencyMs?: () => number;
}

type Line = (typeof FAKE_LINES)[number];
interface Run {
  line: Line;
  train: string;
  departure: number;
  arrival: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const TRANSFER_MS = 4 * MINUTE_MS;
const STATIONS: readonly FakeStation[] = Object.values(FAKE_STATIONS);
const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sloid = (s: FakeStation, quay: string) => `ch:1:sloid:${Number(s.id.slice(2))}:0:${quay}`;
const isoDuration = (ms: number) => {
  const m = Math.round(ms / MINUTE_MS);
  return `PT${Math.floor(m / 60) ? `${Math.floor(m / 60)}H` : ''}${m % 60 || m === 0 ? `${m % 60}M` : ''}`;
};
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function runsOf(line: Line, fromMs: number, toMs: number): Run[] {
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

function journeys(from: FakeStation, to: FakeStation, startMs: number, endMs: number): Run[][] {
  const found: Run[][] = [];
  if (from.id === to.id) return found;
  for (const line of FAKE_LINES) {
    if (line.from.id !== from.id) continue;
    if (line.to.id === to.id) {
      for (const run of runsOf(line, startMs, endMs)) found.push([run]);
      continue;
    }
    for (const onward of FAKE_LINES) {
      if (onward.from.id !== line.to.id || onward.to.id !== to.id) continue;
      const onwardRuns = runsOf(onward, startMs, endMs + DAY_MS).sort((a, b) => a.departure - b.departure);
      for (const run of runsOf(line, startMs, endMs)) {
        const next = onwardRuns.find((o) => o.departure >= run.arrival + TRANSFER_MS);
        if (next) found.push([run, next]);
      }
    }
  }
  return found;
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false });
type Node = Record<string, unknown>;
const at = (n: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Node)[k] : undefined), n);
const s = (v: unknown) => (typeof v === 'string' ? v.trim() : null);

export async function startOjpFake(options: OjpFakeOptions = {}): Promise<OjpFake> {
  const token = options.token ?? 'ojp-fake-token-0123456789';
  const calls: OjpFakeCall[] = [];
  const delays = new Map<string, number>();
  const quays = new Map<string, string>();
  const cancelled = new Set<string>();
  let limited = 0;
  let limitedSeconds = 1;

  const findStation = (ref: string | null) => {
    if (!ref) return undefined;
    const uic = ref.startsWith('ch:')
      ? `85${(/sloid:(\d+)/.exec(ref)?.[1] ?? '').padStart(5, '0')}`
      : ref.replace(/^0+/, '');
    return STATIONS.find((st) => st.id === uic);
  };

  function legXml(run: Run, id: number): string {
    const delay = delays.get(run.train);
    const shift = (delay ?? 0) * MINUTE_MS;
    const end = (
      tag: 'LegBoard' | 'LegAlight',
      station: FakeStation,
      quay: string,
      time: number,
      order: number,
    ) => {
      const changed = quays.get(`${run.train}:${tag === 'LegBoard' ? 'board' : 'alight'}`);
      const service = tag === 'LegBoard' ? 'ServiceDeparture' : 'ServiceArrival';
      return `<${tag}><siri:StopPointRef>${sloid(station, quay)}</siri:StopPointRef><StopPointName><Text xml:lang="de">${esc(station.name)}</Text></StopPointName><PlannedQuay><Text xml:lang="de">${quay}</Text></PlannedQuay>${changed ? `<EstimatedQuay><Text xml:lang="de">${changed}</Text></EstimatedQuay>` : ''}<${service}><TimetabledTime>${utc(time)}</TimetabledTime>${delay === undefined ? '' : `<EstimatedTime>${utc(time + shift)}</EstimatedTime>`}</${service}><Order>${order}</Order></${tag}>`;
    };
    const short = run.line.category;
    return `<Leg><Id>${id}</Id><Duration>${isoDuration(run.arrival - run.departure)}</Duration><TimedLeg>${end('LegBoard', run.line.from, run.line.fromPlatform, run.departure, 1)}${end('LegAlight', run.line.to, run.line.toPlatform, run.arrival, 2)}<Service><OperatingDayRef>${utc(run.departure).slice(0, 10)}</OperatingDayRef><JourneyRef>ch:1:sjyid:100001:${run.train}-001</JourneyRef><PublicCode>${short}</PublicCode><siri:LineRef>ojp:91${run.line.number}:D</siri:LineRef><siri:DirectionRef>R</siri:DirectionRef><Mode><PtMode>rail</PtMode><siri:RailSubmode>interregionalRail</siri:RailSubmode><Name><Text xml:lang="de">Zug</Text></Name><ShortName><Text xml:lang="de">${short}</Text></ShortName></Mode><PublishedServiceName><Text xml:lang="de">${short}${run.line.number}</Text></PublishedServiceName><TrainNumber>${run.train}</TrainNumber>${cancelled.has(run.train) ? '<Cancelled>true</Cancelled>' : ''}<siri:OperatorRef>11</siri:OperatorRef><DestinationText><Text xml:lang="de">${esc(run.line.to.name)}</Text></DestinationText></Service></TimedLeg></Leg>`;
  }

  function tripXml(runs: Run[], index: number): string {
    const first = runs[0] as Run;
    const last = runs[runs.length - 1] as Run;
    const legs: string[] = [];
    let id = 1;
    runs.forEach((run, i) => {
      const prev = runs[i - 1];
      if (prev) {
        const station = prev.line.to;
        legs.push(
          `<Leg><Id>${id++}</Id><Duration>PT4M</Duration><TransferLeg><TransferType>walk</TransferType><LegStart><siri:StopPointRef>${sloid(station, prev.line.toPlatform)}</siri:StopPointRef><Name><Text xml:lang="de">${esc(station.name)}</Text></Name></LegStart><LegEnd><siri:StopPointRef>${sloid(station, run.line.fromPlatform)}</siri:StopPointRef><Name><Text xml:lang="de">${esc(station.name)}</Text></Name></LegEnd><Duration>PT4M</Duration></TransferLeg></Leg>`,
        );
      }
      legs.push(legXml(run, id++));
    });
    const infeasible = runs.some((r) => cancelled.has(r.train));
    return `<TripResult><Id>ID-${index}-${first.train}</Id><Trip><Id>ID-${index}-${first.train}</Id><Duration>${isoDuration(last.arrival - first.departure)}</Duration><StartTime>${utc(first.departure)}</StartTime><EndTime>${utc(last.arrival)}</EndTime><Transfers>${runs.length - 1}</Transfers>${legs.join('')}${infeasible ? '<Infeasible>true</Infeasible>' : ''}</Trip></TripResult>`;
  }

  const envelope = (inner: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<OJP xmlns:siri="http://www.siri.org.uk/siri" xmlns="http://www.vdv.de/ojp" version="2.0"><OJPResponse><siri:ServiceDelivery><siri:ResponseTimestamp>${utc(Date.now())}</siri:ResponseTimestamp><siri:ProducerRef>MENTZ</siri:ProducerRef><OJPTripDelivery><siri:RequestMessageRef>fake</siri:RequestMessageRef><siri:DefaultLanguage>de</siri:DefaultLanguage><CalcTime>12</CalcTime>${inner}</OJPTripDelivery></siri:ServiceDelivery></OJPResponse></OJP>`;
  const errorCondition = (description: string) =>
    envelope(
      `<siri:ErrorCondition><siri:OtherError/><siri:Description>${description}</siri:Description></siri:ErrorCondition>`,
    );

  function answer(body: string): { status: number; xml: string } {
    let doc: unknown;
    try {
      doc = parser.parse(body);
    } catch {
      doc = undefined;
    }
    const request = at(doc, 'OJP', 'OJPRequest', 'ServiceRequest', 'OJPTripRequest');
    if (!request || typeof request !== 'object') {
      return { status: 400, xml: '<Problem>Invalid OJP request shape: no OJPTripRequest</Problem>' };
    }
    const ref = (end: string) =>
      s(at(request, end, 'PlaceRef', 'StopPlaceRef')) ?? s(at(request, end, 'PlaceRef', 'StopPointRef'));
    const originTime = s(at(request, 'Origin', 'DepArrTime'));
    const destinationTime = s(at(request, 'Destination', 'DepArrTime'));
    const call: OjpFakeCall = {
      from: ref('Origin'),
      to: ref('Destination'),
      depArrTime: originTime ?? destinationTime,
      arriveBy: originTime === null && destinationTime !== null,
    };
    calls.push(call);
    const from = findStation(call.from);
    const to = findStation(call.to);
    if (!from || !to) return { status: 200, xml: errorCondition('LOCATION_NORESULTS') };
    const wanted = call.depArrTime ? Date.parse(call.depArrTime) : Date.now();
    if (Number.isNaN(wanted))
      return { status: 400, xml: '<Problem>Invalid OJP request shape: DepArrTime</Problem>' };
    const n = Math.min(16, Math.max(1, Number(s(at(request, 'Params', 'NumberOfResults')) ?? 5) || 5));
    const all = journeys(from, to, wanted - DAY_MS, wanted + DAY_MS);
    const picked = call.arriveBy
      ? all
          .filter((j) => (j.at(-1) as Run).arrival <= wanted)
          .sort((a, b) => (b.at(-1) as Run).arrival - (a.at(-1) as Run).arrival)
          .slice(0, n)
          .reverse()
      : all
          .filter((j) => (j[0] as Run).departure >= wanted)
          .sort((a, b) => (a[0] as Run).departure - (b[0] as Run).departure)
          .slice(0, n);
    if (picked.length === 0) return { status: 200, xml: errorCondition('TRIP_NOTRIPFOUND') };
    const used = new Map<string, FakeStation>();
    for (const j of picked)
      for (const r of j) {
        used.set(r.line.from.id, r.line.from);
        used.set(r.line.to.id, r.line.to);
      }
    const places = [...used.values()]
      .map(
        (st) =>
          `<Place><StopPlace><StopPlaceRef>${st.id}</StopPlaceRef><StopPlaceName><Text xml:lang="de">${esc(st.name)}</Text></StopPlaceName></StopPlace><Name><Text xml:lang="de">${esc(st.name)}</Text></Name><GeoPosition><siri:Longitude>${st.y}</siri:Longitude><siri:Latitude>${st.x}</siri:Latitude></GeoPosition></Place>`,
      )
      .join('');
    return {
      status: 200,
      xml: envelope(
        `<TripResponseContext><Places>${places}</Places><Situations/></TripResponseContext>${picked.map(tripXml).join('')}`,
      ),
    };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, xml: string, headers: Record<string, string> = {}) => {
        const write = () => {
          res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', ...headers });
          res.end(xml);
        };
        const wait = options.latencyMs?.() ?? 0;
        if (wait > 0) setTimeout(write, wait);
        else write();
      };
      if (req.method !== 'POST') return send(405, '<Problem>Method not allowed</Problem>');
      if (req.headers.authorization !== `Bearer ${token}`) {
        return send(401, '<Problem>Unauthorized</Problem>', { 'www-authenticate': 'Bearer' });
      }
      if (limited > 0) {
        limited--;
        return send(429, '<Problem>Too Many Requests</Problem>', { 'retry-after': String(limitedSeconds) });
      }
      const { status, xml } = answer(Buffer.concat(chunks).toString('utf8'));
      send(status, xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const strip = (n: string) => n.replace(/^0+(?=\d)/, '');
  return {
    url: `http://127.0.0.1:${port}/ojp20`,
    token,
    calls,
    setDelay: (train, minutes) => delays.set(strip(train), minutes),
    setQuay: (train, end, quay) => quays.set(`${strip(train)}:${end}`, quay),
    setInfeasible: (train) => cancelled.add(strip(train)),
    rateLimit: (n, retryAfterSeconds = 1) => {
      limited = n;
      limitedSeconds = retryAfterSeconds;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
