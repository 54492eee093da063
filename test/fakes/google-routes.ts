import { createServer } from 'node:http';

/**
 * A contract fake of Google Routes `POST /directions/v2:computeRoutes` with `travelMode: TRANSIT`
 * (`timetable-apis.md` §4) on 127.0.0.1: the key in `X-Goog-Api-Key` (missing → 403
 * `PERMISSION_DENIED`, wrong → 400 `INVALID_ARGUMENT` "API key not valid", as Google does), the
 * required `X-Goog-FieldMask` (missing → 400), errors in Google's `{"error":{code,message,status}}`
 * envelope, no route → `{}`, 429 `RESOURCE_EXHAUSTED` on demand. Routes: a few cross-border lines
 * every hour, each with a walk of two `WALK` steps to the station, `staticDuration` as `"300s"`,
 * stop times in UTC `Z`, the line in `transitLine.nameShort` and the train in `tripShortText`.
 */
export interface GoogleRoutesFakeCall {
  body: Record<string, unknown>;
  fieldMask: string | null;
}

export interface GoogleRoutesFake {
  url: string;
  apiKey: string;
  calls: GoogleRoutesFakeCall[];
  rateLimit(n: number): void;
  close(): Promise<void>;
}

interface FakePlace {
  name: string;
  lat: number;
  lng: number;
}

export const GOOGLE_PLACES = {
  milano: { name: 'Milano Centrale', lat: 45.48606, lng: 9.20451 },
  zurich: { name: 'Zürich HB', lat: 47.378177, lng: 8.540192 },
  paris: { name: 'Paris Gare de Lyon', lat: 48.84443, lng: 2.37385 },
  geneva: { name: 'Genève', lat: 46.210206, lng: 6.142439 },
  munich: { name: 'München Hbf', lat: 48.14036, lng: 11.55862 },
} as const satisfies Record<string, FakePlace>;

interface FakeLine {
  from: FakePlace;
  to: FakePlace;
  nameShort: string;
  vehicle: string;
  /** Minute past each hour (UTC). */
  minute: number;
  minutes: number;
  firstTrain: number;
}

const P = GOOGLE_PLACES;
const LINES: readonly FakeLine[] = [
  {
    from: P.milano,
    to: P.zurich,
    nameShort: 'EC',
    vehicle: 'LONG_DISTANCE_TRAIN',
    minute: 25,
    minutes: 197,
    firstTrain: 300,
  },
  {
    from: P.paris,
    to: P.geneva,
    nameShort: 'TGV',
    vehicle: 'HIGH_SPEED_TRAIN',
    minute: 14,
    minutes: 191,
    firstTrain: 9700,
  },
  {
    from: P.munich,
    to: P.zurich,
    nameShort: 'EC',
    vehicle: 'LONG_DISTANCE_TRAIN',
    minute: 33,
    minutes: 215,
    firstTrain: 190,
  },
];
const HOUR_MS = 3_600_000;
const WALK_SECONDS = [180, 120];

const placeOf = (address: unknown) => {
  const a = typeof address === 'string' ? address.trim().toLowerCase() : '';
  return Object.values(GOOGLE_PLACES).find(
    (p) => p.name.toLowerCase() === a || a.startsWith(p.name.toLowerCase()),
  );
};
const addressOf = (end: unknown) =>
  end && typeof end === 'object' ? (end as { address?: unknown }).address : undefined;
const z = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function startGoogleRoutesFake(
  options: { apiKey?: string; latencyMs?: () => number } = {},
): Promise<GoogleRoutesFake> {
  const apiKey = options.apiKey ?? 'AIzaFakeRoutesKey0123456789';
  const calls: GoogleRoutesFakeCall[] = [];
  let limited = 0;

  function route(line: FakeLine, departure: number) {
    const arrival = departure + line.minutes * 60_000;
    const hourIndex = Math.floor(departure / HOUR_MS) % 24;
    const stop = (p: FakePlace) => ({
      name: p.name,
      location: { latLng: { latitude: p.lat, longitude: p.lng } },
    });
    return {
      duration: `${line.minutes * 60 + WALK_SECONDS.reduce((a, b) => a + b, 0)}s`,
      legs: [
        {
          steps: [
            ...WALK_SECONDS.map((s) => ({ travelMode: 'WALK', staticDuration: `${s}s` })),
            {
              travelMode: 'TRANSIT',
              staticDuration: `${line.minutes * 60}s`,
              transitDetails: {
                stopDetails: {
                  departureStop: stop(line.from),
                  departureTime: z(departure),
                  arrivalStop: stop(line.to),
                  arrivalTime: z(arrival),
                },
                localizedValues: {},
                headsign: line.to.name,
                headway: '3600s',
                transitLine: {
                  agencies: [{ name: 'Trenitalia' }],
                  name: `${line.nameShort} ${line.from.name} – ${line.to.name}`,
                  nameShort: line.nameShort,
                  vehicle: { name: { text: 'Zug' }, type: line.vehicle },
                },
                stopCount: 4,
                tripShortText: String(line.firstTrain + hourIndex),
              },
            },
          ],
        },
      ],
    };
  }

  function answer(body: Record<string, unknown>): unknown {
    const from = placeOf(addressOf(body.origin));
    const to = placeOf(addressOf(body.destination));
    const line = LINES.find((l) => l.from === from && l.to === to);
    if (!line) return {};
    const arriveBy = typeof body.arrivalTime === 'string';
    const wanted = Date.parse(String(body.arrivalTime ?? body.departureTime ?? new Date().toISOString()));
    const slot = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS + line.minute * 60_000;
    const departures: number[] = [];
    if (arriveBy) {
      let d = slot(wanted - line.minutes * 60_000);
      while (d + line.minutes * 60_000 > wanted) d -= HOUR_MS;
      departures.push(d - HOUR_MS, d);
    } else {
      let d = slot(wanted);
      // The walk of five minutes comes first.
      while (d - 300_000 < wanted) d += HOUR_MS;
      departures.push(d, d + HOUR_MS);
    }
    return {
      routes: (body.computeAlternativeRoutes ? departures : departures.slice(-1)).map((d) => route(line, d)),
    };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        const write = () => {
          res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
          res.end(JSON.stringify(body));
        };
        const wait = options.latencyMs?.() ?? 0;
        if (wait > 0) setTimeout(write, wait);
        else write();
      };
      const error = (code: number, status: string, message: string) =>
        send(code, { error: { code, message, status } });
      if (req.method !== 'POST' || !req.url?.startsWith('/directions/v2:computeRoutes')) {
        return error(404, 'NOT_FOUND', 'Not found');
      }
      const key = req.headers['x-goog-api-key'];
      if (!key) return error(403, 'PERMISSION_DENIED', 'The request is missing a valid API key.');
      if (key !== apiKey)
        return error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
      const fieldMask =
        typeof req.headers['x-goog-fieldmask'] === 'string' ? req.headers['x-goog-fieldmask'] : null;
      if (!fieldMask) return error(400, 'INVALID_ARGUMENT', 'FieldMask is a required parameter.');
      if (limited > 0) {
        limited--;
        return error(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded.');
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return error(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
      }
      calls.push({ body, fieldMask });
      if (body.travelMode !== 'TRANSIT')
        return error(400, 'INVALID_ARGUMENT', 'This fake routes TRANSIT only.');
      if (body.arrivalTime && body.departureTime)
        return error(400, 'INVALID_ARGUMENT', 'Only one of departureTime and arrivalTime may be set.');
      send(200, answer(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    calls,
    rateLimit: (n) => {
      limited = n;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
