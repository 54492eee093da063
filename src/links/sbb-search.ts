/**
 * sbb.ch and SBB Mobile links that describe a *search* (from, to, when), not the chosen train
 * (trip-links.md §2 and §1.4). They become a `TripQuery` that a timetable lookup turns into a trip.
 */
import type { TripQuery } from '../domain/trip.js';
import { isSbbAppHost, isSbbWebHost } from './hosts.js';
import { stationByName, stationByUic } from './stations.js';
import type { ParseOutcome } from './types.js';

type Place = TripQuery['origin'];
type TimeKind = 'depart-at' | 'arrive-by';

interface SearchParts {
  origin: Place;
  destination: Place;
  /** `YYYY-MM-DD`, or null when the link has none. */
  date: string | null;
  /** `HH:MM`, or null when the link has none. */
  clock: string | null;
  timeKind: TimeKind;
}

export function parseSbbSearchLink(url: URL): ParseOutcome | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  let parts: SearchParts | 'bad' | null = null;
  if (isSbbWebHost(url.hostname)) {
    if (/\/fahrplan\.xhtml$/i.test(url.pathname)) parts = legacyWebshopSearch(url.searchParams);
    else if (url.searchParams.has('stops')) parts = stopsSearch(url.searchParams);
  } else if (isSbbAppHost(url.hostname) && /^\/timetable\/?$/i.test(url.pathname)) {
    parts = appTimetableSearch(url.searchParams);
  }
  if (parts === null) return null;
  if (parts === 'bad')
    return { status: 'failed', code: 'bad_link', message: 'The search link has an unreadable date or time.' };
  return searchOutcome(parts);
}

function searchOutcome(parts: SearchParts): ParseOutcome {
  const time = parts.date !== null && parts.clock !== null ? `${parts.date}T${parts.clock}` : null;
  const query: TripQuery = {
    source: 'sbb-search-link',
    origin: parts.origin,
    destination: parts.destination,
    time,
    timeKind: time === null ? 'leave-now' : parts.timeKind,
  };
  // An id without a name is still a place: timetable APIs take UIC ids.
  if (isNowhere(query.origin) || isNowhere(query.destination)) {
    return { status: 'failed', code: 'incomplete_search', message: describeIncompleteSearch(query) };
  }
  return { status: 'needs_resolution', code: 'timetable_query', query };
}

/**
 * The outcome type has no room for a half-filled query, so what the link did say goes into the message
 * in a fixed shape (`to: Zürich, Paradeplatz`, `arrive by: 2024-12-28T14:30`) that a person can read
 * and a test can check.
 */
export function describeIncompleteSearch(query: TripQuery): string {
  const missing = isNowhere(query.origin) ? 'origin' : 'destination';
  const known: string[] = [];
  const label = (place: Place) => place.name ?? place.uic;
  if (!isNowhere(query.origin)) known.push(`from: ${label(query.origin)}`);
  if (!isNowhere(query.destination)) known.push(`to: ${label(query.destination)}`);
  if (query.time !== null)
    known.push(`${query.timeKind === 'arrive-by' ? 'arrive by' : 'depart at'}: ${query.time}`);
  const suffix = known.length > 0 ? ` (${known.join('; ')})` : '';
  return `The search has no ${missing}${suffix}.`;
}

/** Current form `stops=<Name>_I<UIC>~<Name>_I<UIC>` and the older JSON form `stops=[{"value":…}]`. */
function stopsSearch(params: URLSearchParams): SearchParts | 'bad' | null {
  const raw = params.get('stops') ?? '';
  if (raw.trim().startsWith('[')) return jsonStopsSearch(params, raw);
  const stops = raw.split('~').map(placeFromStopToken);
  // With `via=1` the middle entries are vias; the trip still runs from the first to the last stop.
  const origin = stops[0] ?? nowhere();
  const destination = stops.length > 1 ? (stops[stops.length - 1] ?? nowhere()) : nowhere();
  const date = optionalDate(params.get('day'));
  const clock = optionalClock(params.get('time'));
  if (date === 'bad' || clock === 'bad') return 'bad';
  return { origin, destination, date, clock, timeKind: timeKindOf(params.get('moment')) };
}

/**
 * `Name_I8503000`; the name may be empty (`_I8501120`: "the id alone is enough, sbb.ch fills in the
 * name", gleiswechsel) and then comes from the station table; a token without `_I` is a bare name.
 */
function placeFromStopToken(token: string): Place {
  const match = /^(.*)_I(\d{7,9})$/.exec(token.trim());
  if (match === null) return placeFromName(token);
  const name = cleanName(match[1] ?? '');
  const uic = (match[2] ?? '').replace(/^0+(?=\d{7}$)/, '');
  return { name: name ?? stationByUic(uic)?.name ?? null, uic };
}

interface JsonStop {
  value?: unknown;
  type?: unknown;
  label?: unknown;
}

/**
 * The older JSON form: `stops=[{"value":"8591299","type":"ID","label":"Zürich, Paradeplatz"}]` with
 * `date="2024-12-28"`, `time="14:30"`, `moment="DEPARTURE"`; SBB's deep-link page asks for the values
 * "in quotation marks … JSON-notation". An empty first object means "no origin".
 */
function jsonStopsSearch(params: URLSearchParams, raw: string): SearchParts | 'bad' | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'bad';
  }
  if (!Array.isArray(parsed)) return 'bad';
  const stops = parsed.map((item: unknown) => placeFromJsonStop(item as JsonStop));
  const origin = stops[0] ?? nowhere();
  const destination = stops.length > 1 ? (stops[stops.length - 1] ?? nowhere()) : nowhere();
  const date = optionalDate(unquote(params.get('date')));
  const clock = optionalClock(unquote(params.get('time')));
  if (date === 'bad' || clock === 'bad') return 'bad';
  return { origin, destination, date, clock, timeKind: timeKindOf(unquote(params.get('moment'))) };
}

function placeFromJsonStop(stop: JsonStop): Place {
  if (stop === null || typeof stop !== 'object') return nowhere();
  const value = typeof stop.value === 'string' ? stop.value.trim() : '';
  const label = typeof stop.label === 'string' ? cleanName(stop.label) : null;
  const uic = /^\d{7,9}$/.test(value) ? value.replace(/^0+(?=\d{7}$)/, '') : null;
  if (uic !== null) return { name: label ?? stationByUic(uic)?.name ?? null, uic };
  if (label !== null) return placeFromName(label);
  // A value that is not an id is a typed name.
  return value === '' ? nowhere() : placeFromName(value);
}

/**
 * Retired webshop link `…/fahrplan.xhtml?von=Thun&nach=Bern&datum=Sun%2C+14.06.2017&zeit=20%3A04[&an=true]`.
 * The weekday in `datum` is wrong in the real sample (14.06.2017 was a Wednesday), so it is ignored.
 */
function legacyWebshopSearch(params: URLSearchParams): SearchParts | 'bad' {
  return dottedDateSearch(params, params.get('von'), params.get('nach'));
}

/** `app.sbbmobile.ch/timetable?from=&to=` or `?von=&nach=&datum=&zeit=&an=true` (trip-links.md §1.4). */
function appTimetableSearch(params: URLSearchParams): SearchParts | 'bad' {
  return dottedDateSearch(
    params,
    params.get('from') ?? params.get('von'),
    params.get('to') ?? params.get('nach'),
  );
}

function dottedDateSearch(
  params: URLSearchParams,
  from: string | null,
  to: string | null,
): SearchParts | 'bad' {
  const date = optionalDottedDate(params.get('datum') ?? params.get('date'));
  const clock = optionalClock(params.get('zeit') ?? params.get('time'));
  if (date === 'bad' || clock === 'bad') return 'bad';
  const arriveBy = /^(true|1|yes)$/i.test(params.get('an') ?? '');
  return {
    origin: from === null ? nowhere() : placeFromName(from),
    destination: to === null ? nowhere() : placeFromName(to),
    date,
    clock,
    timeKind: arriveBy ? 'arrive-by' : 'depart-at',
  };
}

const nowhere = (): Place => ({ name: null, uic: null });
const isNowhere = (place: Place): boolean => place.name === null && place.uic === null;

function placeFromName(raw: string): Place {
  const name = cleanName(raw);
  if (name === null) return nowhere();
  return { name, uic: stationByName(name)?.uic ?? null };
}

function cleanName(raw: string): string | null {
  const name = raw.replace(/\s+/g, ' ').trim();
  return name === '' ? null : name;
}

const unquote = (value: string | null): string | null =>
  value === null ? null : value.trim().replace(/^"(.*)"$/, '$1');

/** `moment=dep|arr` on the current site, `"DEPARTURE"|"ARRIVAL"` in the JSON form; other values unverified. */
function timeKindOf(moment: string | null): TimeKind {
  return /^arr/i.test((moment ?? '').trim()) ? 'arrive-by' : 'depart-at';
}

/** `day=YYYY-MM-DD`. */
function optionalDate(value: string | null): string | null | 'bad' {
  if (value === null || value.trim() === '') return null;
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (match === null) return 'bad';
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** `datum=Sun, 14.06.2017` or `28.12.2024`: any weekday prefix is dropped, never checked. */
function optionalDottedDate(value: string | null): string | null | 'bad' {
  if (value === null || value.trim() === '') return null;
  const match = /(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\s*$/.exec(value.trim());
  if (match === null) return optionalDate(value);
  const year = Number(match[3]);
  return isoDate(year < 100 ? 2000 + year : year, Number(match[2]), Number(match[1]));
}

/** `time=HH_MM` on the current site, `HH:MM` elsewhere. */
function optionalClock(value: string | null): string | null | 'bad' {
  if (value === null || value.trim() === '') return null;
  const match = /^(\d{1,2})[_:.](\d{2})$/.exec(value.trim());
  if (match === null) return 'bad';
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return 'bad';
  return `${pad2(hour)}:${pad2(minute)}`;
}

function isoDate(year: number, month: number, day: number): string | 'bad' {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return 'bad';
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
