/**
 * Google Maps directions links (trip-links.md §3). They name two places, a mode and maybe a time, never
 * the trains: the result is a `TripQuery` to re-plan.
 */
import type { TripQuery } from '../domain/trip.js';
import { isGoogleLegacyShortLinkHost, isGoogleMapsHost, isGoogleShortLinkHost } from './hosts.js';
import { describeIncompleteSearch } from './sbb-search.js';
import { stationByName, stationKey } from './stations.js';
import type { ParseOutcome } from './types.js';

type Place = TripQuery['origin'];

const TRAVEL_MODES: Readonly<Record<string, string>> = {
  '0': 'driving',
  '1': 'cycling',
  '2': 'walking',
  '3': 'transit',
  '4': 'flying',
};

export function parseGoogleMapsUrl(url: URL): ParseOutcome | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (isGoogleShortLinkHost(url.hostname)) return firebaseLink(url);
  if (isGoogleLegacyShortLinkHost(url.hostname)) {
    // Google retired goo.gl (announced 2024; links stopped redirecting in 2025): nothing to follow.
    return {
      status: 'failed',
      code: 'link_expired',
      message: 'goo.gl short links were retired by Google. Open the route in Google Maps and share it again.',
    };
  }
  if (!isGoogleMapsHost(url.hostname)) return null;
  if (url.pathname === '/maps/dir/' || url.pathname === '/maps/dir') {
    if (url.searchParams.get('api') === '1') return apiDirections(url.searchParams);
  }
  if (url.pathname.startsWith('/maps/dir/')) return pathDirections(url.pathname.slice('/maps/dir/'.length));
  const p = url.searchParams;
  // The older forms `maps.google.com/?saddr=…&daddr=…&dirflg=r` and `google.com/maps?saddr=…`.
  if ((url.pathname === '/' || url.pathname === '/maps' || url.pathname === '/maps/') && p.has('daddr')) {
    return queryDirections(p);
  }
  // A place, a search or a map view: the traveller shared where, not how.
  const mapsPage = url.pathname.startsWith('/maps') || url.hostname.toLowerCase().startsWith('maps.');
  if (
    /^\/maps\/(?:place|search)\//.test(url.pathname) ||
    /^\/maps\/@/.test(url.pathname) ||
    (mapsPage && p.has('q'))
  ) {
    return placeOnly('The Google Maps link shows a place, not a route.');
  }
  return null;
}

export const placeOnly = (message: string): ParseOutcome => ({
  status: 'failed',
  code: 'place_not_route',
  message,
});

/**
 * What map apps write for the phone's own position as a start. Google writes "My location" in the
 * UI language; Apple "Current Location"; both in the four languages of Switzerland.
 */
const DEVICE_POSITION =
  /^(?:my location|your location|current location|mein standort|aktueller standort|dein standort|ma position|position actuelle|votre position|la mia posizione|posizione attuale|la tua posizione)$/i;

export const isDevicePosition = (label: string): boolean =>
  DEVICE_POSITION.test(label.replace(/\s+/g, ' ').trim());

/** The device's position as the start of a search: known only once the traveller says where they are. */
export const DEVICE_ORIGIN: Place = { name: null, uic: null, device: true };

/** A map app's start label: the device's position, a place, or nothing. */
export function originFromLabel(raw: string | null, emptyMeansDevice: boolean): Place | null {
  if (raw === null) return emptyMeansDevice ? DEVICE_ORIGIN : null;
  if (isDevicePosition(raw)) return DEVICE_ORIGIN;
  if (raw.trim() === '') return emptyMeansDevice ? DEVICE_ORIGIN : null;
  return placeFromLabel(raw);
}

/** `dirflg` of the older Google and of Apple Maps links: r transit, d driving, w walking, b/c bicycling. */
export const DIRFLG_MODES: Readonly<Record<string, string>> = {
  d: 'driving',
  w: 'walking',
  b: 'cycling',
  c: 'cycling',
};

/**
 * `saddr`/`daddr`: a missing start means the phone's position (Google's and Apple's documented
 * default); `ttype=dep|arr&date=M/D/YY&time=7:14am` was the old transit planner's time.
 */
function queryDirections(p: URLSearchParams): ParseOutcome {
  const flag = (p.get('dirflg') ?? '').trim().toLowerCase();
  const mode = DIRFLG_MODES[flag] ?? null;
  const time = oldTransitTime(p.get('date'), p.get('time'));
  const kind = (p.get('ttype') ?? 'dep').toLowerCase() === 'arr' ? 'arrive-by' : 'depart-at';
  return outcome(
    originFromLabel(p.get('saddr'), true),
    placeFromLabel(p.get('daddr') ?? ''),
    time,
    time === null ? 'leave-now' : kind,
    mode,
  );
}

function oldTransitTime(date: string | null, time: string | null): string | null {
  if (date === null || time === null) return null;
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})\s*(am|pm)?$/i.exec(time.trim());
  if (d === null || t === null) return null;
  const year = (d[3] ?? '').length === 2 ? 2000 + Number(d[3]) : Number(d[3]);
  const month = Number(d[1]);
  const day = Number(d[2]);
  let hour = Number(t[1]);
  const ampm = t[3]?.toLowerCase();
  if (ampm !== undefined && (hour < 1 || hour > 12)) return null;
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  const check = new Date(Date.UTC(year, month - 1, day, hour, Number(t[2])));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || Number(t[2]) > 59)
    return null;
  return check.toISOString().slice(0, 16);
}

/**
 * The Firebase form `https://maps.app.goo.gl/?…&link=<url-encoded long URL>` carries the long URL
 * itself (geoshare tests), so it decodes offline. `maps.app.goo.gl/<code>` is opaque: not ours.
 */
function firebaseLink(url: URL): ParseOutcome | null {
  const link = url.searchParams.get('link');
  if (link === null) return null;
  let inner: URL;
  try {
    inner = new URL(link);
  } catch {
    return {
      status: 'failed',
      code: 'bad_link',
      message: 'The Google Maps link wraps an unreadable address.',
    };
  }
  // One level only: a wrapped wrapper is not something Google produces.
  if (isGoogleShortLinkHost(inner.hostname)) return null;
  return parseGoogleMapsUrl(inner);
}

/** The documented `dir/?api=1&origin=&destination=&travelmode=` form has no time: always "leave now". */
function apiDirections(params: URLSearchParams): ParseOutcome {
  const mode = (params.get('travelmode') ?? '')
    .trim()
    .toLowerCase()
    .replace(/^bicycling$/, 'cycling');
  // Without an origin, Google plans from the phone's position (Maps URLs documentation).
  return outcome(
    originFromLabel(params.get('origin'), true),
    placeFromLabel(params.get('destination') ?? ''),
    null,
    'leave-now',
    mode === '' || mode === 'transit' ? null : mode,
  );
}

/**
 * `/maps/dir/<from>/<to>[/<more>]/@lat,lng,zoomz/data=!…`: waypoints come before the `@` and `data=`
 * segments; an empty first waypoint (`/dir//Dest`) is the phone's current location.
 */
function pathDirections(rest: string): ParseOutcome {
  const segments = rest.split('/');
  const waypoints: string[] = [];
  let data = '';
  let pastWaypoints = false;
  for (const segment of segments) {
    if (segment.startsWith('data=')) data = segment.slice('data='.length);
    if (segment.startsWith('data=') || segment.startsWith('@')) pastWaypoints = true;
    else if (!pastWaypoints) waypoints.push(segment);
  }
  // A trailing slash leaves an empty last segment that is no waypoint.
  while (waypoints.length > 0 && waypoints[waypoints.length - 1] === '') waypoints.pop();
  const places = waypoints.map(pathPlace);
  // An empty first waypoint, or "My location", is the phone's position.
  const first = waypoints[0];
  const origin =
    first === undefined ? null : originFromLabel(safeDecode(first.replace(/\+/g, ' ')), waypoints.length > 1);
  const destination = places.length > 1 ? (places[places.length - 1] ?? null) : null;
  const tokens = dataTokens(safeDecode(data));
  const { mode, timeKind, epoch } = directionsOptions(tokens);
  const modeName = mode === null || mode === '3' ? null : (TRAVEL_MODES[mode] ?? `mode ${mode}`);
  const time = epoch === null ? null : localTimeFromEpoch(epoch);
  return outcome(origin, destination, time, time === null ? 'leave-now' : timeKind, modeName);
}

function outcome(
  origin: Place | null,
  destination: Place | null,
  time: string | null,
  timeKind: TripQuery['timeKind'],
  nonTransitMode: string | null,
): ParseOutcome {
  const query: TripQuery = {
    source: 'google-maps',
    origin: origin ?? { name: null, uic: null },
    destination: destination ?? { name: null, uic: null },
    time,
    timeKind,
  };
  if (nonTransitMode !== null) {
    const to = query.destination.name === null ? '' : ` (to: ${query.destination.name})`;
    return {
      status: 'failed',
      code: nonTransitCode(nonTransitMode),
      message: `The Google Maps route is for ${nonTransitMode}, not public transport${to}.`,
    };
  }
  if ((query.origin.name === null && query.origin.device !== true) || query.destination.name === null) {
    return { status: 'failed', code: 'incomplete_search', message: describeIncompleteSearch(query) };
  }
  return { status: 'needs_resolution', code: 'timetable_query', query };
}

/** The precise refusal for a route that is not public transport (issue #15). */
export function nonTransitCode(
  mode: string,
): 'driving_route' | 'walking_route' | 'cycling_route' | 'not_transit' {
  if (mode === 'driving') return 'driving_route';
  if (mode === 'walking') return 'walking_route';
  if (mode === 'cycling' || mode === 'bicycling') return 'cycling_route';
  return 'not_transit';
}

function pathPlace(segment: string): Place | null {
  return placeFromLabel(safeDecode(segment.replace(/\+/g, ' ')));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Google labels places its own way: "Zürich HB, Bahnhofplatz, 8001 Zürich", "Genève Aéroport",
 * "Zurich HB" (trip-links.md §5). A label that is a known station becomes its official name and UIC.
 * A label whose first part is a known station's own name and whose rest is an address (a Swiss
 * postcode or the country) is that station; anything else ("Brookhaven, GA") stays as Google wrote
 * it, for the timetable lookup to place.
 */
export function placeFromLabel(raw: string): Place | null {
  const label = raw.replace(/\s+/g, ' ').trim();
  if (label === '') return null;
  const whole = stationByName(label);
  if (whole !== undefined) return { name: whole.name, uic: whole.uic };
  const comma = label.indexOf(',');
  if (comma > 0) {
    const headLabel = label.slice(0, comma);
    const head = stationByName(headLabel);
    // Only the station's own name counts here: "Zürich, Paradeplatz, 8001 Zürich" starts with the
    // city (an alias of Zürich HB) and is a tram stop, not the main station.
    const isOwnName = head !== undefined && stationKey(head.name) === stationKey(headLabel);
    if (head !== undefined && isOwnName && looksLikeAddress(label.slice(comma + 1))) {
      return { name: head.name, uic: head.uic };
    }
  }
  return { name: label, uic: null };
}

const looksLikeAddress = (rest: string): boolean =>
  /(?:^|[\s,])\d{4}\s+\p{L}/u.test(rest) || /\b(?:switzerland|schweiz|suisse|svizzera|svizra)\b/i.test(rest);

interface DataToken {
  field: number;
  type: string;
  value: string;
  children: DataToken[];
}

/**
 * The `data=` blob is a flattened protobuf: `!<field><type><value>`, where type `m` opens a message whose
 * value is the number of tokens that follow inside it (trip-links.md §3.2).
 */
function dataTokens(data: string): DataToken[] {
  const flat: DataToken[] = [];
  for (const part of data.split('!')) {
    const match = /^(\d+)([a-z])(.*)$/s.exec(part);
    if (match !== null)
      flat.push({ field: Number(match[1]), type: match[2] ?? '', value: match[3] ?? '', children: [] });
  }
  const roots: DataToken[] = [];
  // Each open message with how many tokens it still has to take.
  const open: { token: DataToken; remaining: number }[] = [];
  for (const token of flat) {
    const parent = open[open.length - 1];
    if (parent === undefined) roots.push(token);
    else parent.token.children.push(token);
    for (const frame of open) frame.remaining--;
    while (open.length > 0 && (open[open.length - 1]?.remaining ?? 0) <= 0) open.pop();
    if (token.type === 'm') {
      const count = Number(token.value);
      if (Number.isInteger(count) && count > 0) open.push({ token, remaining: count });
    }
  }
  return roots;
}

interface DirectionsOptions {
  /** The `!3e` value; null when the link names no mode. */
  mode: string | null;
  timeKind: 'depart-at' | 'arrive-by';
  epoch: number | null;
}

/**
 * The directions message is `!4m…!4m…` with the waypoints (`!1m`), the time block `!2m3!6e<kind>!7e2!8j<epoch>`
 * and the mode `!3e<n>`. When the counts do not add up (hand-edited links), fall back to the first
 * matching token anywhere.
 */
function directionsOptions(roots: DataToken[]): DirectionsOptions {
  const outer = roots.find((t) => t.field === 4 && t.type === 'm');
  const inner = outer?.children.find((t) => t.field === 4 && t.type === 'm');
  const scope = inner?.children ?? [];
  const timeBlock = scope.find((t) => t.field === 2 && t.type === 'm')?.children ?? [];
  const all = flatten(roots);
  const mode = pick(scope, 3, 'e') ?? pick(all, 3, 'e');
  const kind = pick(timeBlock, 6, 'e') ?? pick(all, 6, 'e');
  const epochText = pick(timeBlock, 8, 'j') ?? pick(all, 8, 'j');
  const epoch = epochText !== null && /^\d{1,12}$/.test(epochText) ? Number(epochText) : null;
  // `!6e1` = arrive by is reported by third parties, not documented by Google (trip-links.md §3.2).
  return { mode, timeKind: kind === '1' ? 'arrive-by' : 'depart-at', epoch };
}

function flatten(tokens: DataToken[]): DataToken[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children)]);
}

const pick = (tokens: DataToken[], field: number, type: string): string | null =>
  tokens.find((t) => t.field === field && t.type === type)?.value ?? null;

/**
 * `!8j` is the local wall-clock time encoded as if it were UTC ("pass the epoch of 09:00 UTC … to get
 * 09:00 Stockholm", trip-links.md §3.2), so the UTC rendering *is* the Europe/Zurich wall time.
 */
function localTimeFromEpoch(epoch: number): string | null {
  const date = new Date(epoch * 1000);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().slice(0, 16);
}
