/**
 * Search links of other timetables a traveller in Switzerland may paste (issue #15). Each names two
 * stops and maybe a time, never the chosen train: a `TripQuery` to re-plan.
 * - bahn.de (DB Navigator's website): `https://www.bahn.de/buchung/fahrplan/suche#sts=true&so=<from>&zo=<to>
 *   &soid=A=1@O=<name>@…@L=<id>@…&zoid=…&hd=<YYYY-MM-DDTHH:MM:SS>&hza=D|A` (the values sit in the fragment;
 *   field names as public link builders write them, e.g. trovu's and motis' DB links); and the retired
 *   `reiseauskunft.bahn.de/bin/query.exe/dn?S=<from>&Z=<to>&date=DD.MM.YY&time=HH:MM&timesel=depart|arrive`.
 * - search.ch: `https://search.ch/fahrplan/?from=<from>&to=<to>&date=<D.M.YYYY | MM/DD/YYYY>&time=HH:MM
 *   &time_type=depart|arrival` (the parameters of its route API, which the web page takes too).
 * - the Swiss OJP demo app: `https://opentdatach.github.io/ojp-demo-app/?from=<DiDok id | lat,lon>&to=…
 *   &via=…&mot_types=default;walk;self-drive-car&trip_datetime=YYYY-MM-DD HH:mm` (its docs/URLs.md).
 */
import type { QueryPlace, TripQuery, TripSource } from '../domain/trip.js';
import { isBahnDeHost, isOjpDemoHost, isSearchChHost } from './hosts.js';
import { describeIncompleteSearch } from './sbb-search.js';
import { stationByName, stationByUic } from './stations.js';
import type { ParseOutcome } from './types.js';

export function parseTimetableLink(url: URL): ParseOutcome | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  if (isBahnDeHost(host)) return bahnDeSearch(url);
  if (host === 'reiseauskunft.bahn.de') return reiseauskunftSearch(url.searchParams);
  if (isSearchChHost(host)) return searchChSearch(url);
  if (isOjpDemoHost(host) && url.pathname.toLowerCase().startsWith('/ojp-demo-app')) {
    return ojpDemoSearch(url.searchParams);
  }
  return null;
}

function bahnDeSearch(url: URL): ParseOutcome | null {
  // The search page keeps its state in the fragment; a link copied after a reload may have it in the query.
  const params = new URLSearchParams(url.hash.startsWith('#') ? url.hash.slice(1) : url.hash);
  for (const [k, v] of url.searchParams) if (!params.has(k)) params.set(k, v);
  if (!params.has('so') && !params.has('zo') && !params.has('soid') && !params.has('zoid')) return null;
  const origin = dbPlace(params.get('so'), params.get('soid') ?? params.get('soei'));
  const destination = dbPlace(params.get('zo'), params.get('zoid') ?? params.get('zoei'));
  const hd = params.get('hd');
  let time: string | null = null;
  if (hd !== null && hd !== '') {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(hd);
    if (m === null) return badTime('bahn.de');
    time = `${m[1]}T${m[2]}`;
  }
  const timeKind = (params.get('hza') ?? 'D').toUpperCase() === 'A' ? 'arrive-by' : 'depart-at';
  return searchOutcome('bahn-de-link', origin, destination, time, timeKind);
}

/** A DB place: the `L=` id of a HAFAS location (`A=1@O=Basel SBB@…@L=8500010@`) or the EVA id; else the name. */
function dbPlace(name: string | null, id: string | null): QueryPlace {
  const hafasId =
    id === null ? null : (/(?:^|@)L=(\d{7,9})(?:@|$)/.exec(id)?.[1] ?? (/^\d{7}$/.test(id) ? id : null));
  const hafasName = id === null ? null : (/(?:^|@)O=([^@]+)/.exec(id)?.[1] ?? null);
  const label = (name ?? hafasName ?? '').trim();
  // Swiss stops (85…) have the same number at DB and SBB; a German EVA id is no UIC sbb.ch knows.
  const uic = hafasId?.startsWith('85') ? hafasId : null;
  return placeOf(label, uic);
}

function reiseauskunftSearch(params: URLSearchParams): ParseOutcome | null {
  if (!params.has('S') && !params.has('Z')) return null;
  const date = params.get('date');
  const clock = params.get('time');
  let time: string | null = null;
  if (date !== null && clock !== null) {
    const day = dottedDate(date);
    const hhmm = clockOf(clock);
    if (day === null || hhmm === null) return badTime('bahn.de');
    time = `${day}T${hhmm}`;
  }
  const timeKind = params.get('timesel') === 'arrive' ? 'arrive-by' : 'depart-at';
  return searchOutcome(
    'bahn-de-link',
    placeOf(params.get('S') ?? '', null),
    placeOf(params.get('Z') ?? '', null),
    time,
    timeKind,
  );
}

function searchChSearch(url: URL): ParseOutcome | null {
  const p = url.searchParams;
  if (!p.has('from') && !p.has('to')) return null;
  if (!/fahrplan|timetable|orario|horaire|^\/?$/i.test(url.pathname) && url.hostname !== 'fahrplan.search.ch')
    return null;
  const date = p.get('date');
  const clock = p.get('time');
  let time: string | null = null;
  if (clock !== null && clock !== '') {
    const hhmm = clockOf(clock);
    // search.ch takes a time without a date for today; without the day, the share time cannot place it.
    const day = date === null || date === '' ? null : (dottedDate(date) ?? usDate(date) ?? isoDate(date));
    if (hhmm === null || (date !== null && date !== '' && day === null)) return badTime('search.ch');
    time = day === null ? null : `${day}T${hhmm}`;
  }
  const type = (p.get('time_type') ?? 'depart').toLowerCase();
  return searchOutcome(
    'search-ch-link',
    placeOf(p.get('from') ?? '', null),
    placeOf(p.get('to') ?? '', null),
    time,
    type === 'arrival' || type === 'arrive' ? 'arrive-by' : 'depart-at',
  );
}

const NON_TRANSIT_MOT: Readonly<Record<string, 'walking_route' | 'driving_route' | 'cycling_route'>> = {
  walk: 'walking_route',
  'self-drive-car': 'driving_route',
  cycle: 'cycling_route',
  bicycle: 'cycling_route',
};

function ojpDemoSearch(params: URLSearchParams): ParseOutcome | null {
  if (!params.has('from') && !params.has('to')) return null;
  // One mode per stretch (via count + 1); a trip only when every stretch is public transport.
  const modes = (params.get('mot_types') ?? 'default').split(';').map((m) => m.trim().toLowerCase());
  const other = modes.map((m) => NON_TRANSIT_MOT[m]).find((code) => code !== undefined);
  if (other !== undefined) {
    return { status: 'failed', code: other, message: 'The OJP search is not for public transport.' };
  }
  const raw = params.get('trip_datetime');
  let time: string | null = null;
  if (raw !== null && raw !== '') {
    const m = /^(\d{4}-\d{2}-\d{2})[ T+](\d{1,2}):(\d{2})$/.exec(raw.trim());
    if (m === null) return badTime('OJP demo');
    time = `${m[1]}T${(m[2] ?? '').padStart(2, '0')}:${m[3]}`;
  }
  const origin = ojpPlace(params.get('from'));
  const destination = ojpPlace(params.get('to'));
  if (origin === 'coordinates' || destination === 'coordinates') {
    return {
      status: 'failed',
      code: 'incomplete_search',
      message: 'The OJP search starts or ends at a point on the map, not at a stop.',
    };
  }
  return searchOutcome('ojp-link', origin, destination, time, 'depart-at');
}

function ojpPlace(raw: string | null): QueryPlace | 'coordinates' {
  const value = (raw ?? '').trim();
  if (/^-?\d{1,2}\.\d+,\s*-?\d{1,3}\.\d+$/.test(value)) return 'coordinates';
  if (/^\d{7}$/.test(value)) return { name: stationByUic(value)?.name ?? null, uic: value };
  return placeOf(value, null);
}

function placeOf(label: string, uic: string | null): QueryPlace {
  const name = label.replace(/\s+/g, ' ').trim();
  if (uic !== null) return { name: name === '' ? (stationByUic(uic)?.name ?? null) : name, uic };
  if (name === '') return { name: null, uic: null };
  const station = stationByName(name);
  return station === undefined ? { name, uic: null } : { name: station.name, uic: station.uic };
}

function searchOutcome(
  source: TripSource,
  origin: QueryPlace,
  destination: QueryPlace,
  time: string | null,
  timeKind: 'depart-at' | 'arrive-by',
): ParseOutcome {
  const query: TripQuery = {
    source,
    origin,
    destination,
    time,
    timeKind: time === null ? 'leave-now' : timeKind,
  };
  const nowhere = (p: QueryPlace) => p.name === null && p.uic === null;
  if (nowhere(origin) || nowhere(destination)) {
    return { status: 'failed', code: 'incomplete_search', message: describeIncompleteSearch(query) };
  }
  return { status: 'needs_resolution', code: 'timetable_query', query };
}

const badTime = (site: string): ParseOutcome => ({
  status: 'failed',
  code: 'bad_link',
  message: `The ${site} search link has an unreadable date or time.`,
});

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `2.12.2026`, `02.12.26`. */
function dottedDate(raw: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/.exec(raw.trim());
  if (m === null) return null;
  const year = (m[3] ?? '').length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return validDay(year, Number(m[2]), Number(m[1]));
}

/** `12/02/2026` (month first, as search.ch's API documents its `date`). */
function usDate(raw: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw.trim());
  return m === null ? null : validDay(Number(m[3]), Number(m[1]), Number(m[2]));
}

function isoDate(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  return m === null ? null : validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function clockOf(raw: string): string | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(raw.trim());
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${(m[1] ?? '').padStart(2, '0')}:${m[2]}`;
}
