/**
 * Apple Maps directions links, what iOS shares from Maps: `https://maps.apple.com/?saddr=…&daddr=…&dirflg=r`
 * (the long-standing form; `dirflg` r = transit, d = driving, w = walking) and the newer
 * `https://maps.apple.com/directions?source=…&destination=…&mode=transit`. Like Google's they name two
 * places and a mode, never a train or a time: the result is a `TripQuery` to re-plan, leaving now.
 */
import type { TripQuery } from '../domain/trip.js';
import { placeFromLabel } from './google-maps.js';
import { isAppleMapsHost } from './hosts.js';
import { describeIncompleteSearch } from './sbb-search.js';
import type { ParseOutcome } from './types.js';

const NON_TRANSIT: Readonly<Record<string, string>> = {
  d: 'driving',
  w: 'walking',
  c: 'cycling',
  driving: 'driving',
  walking: 'walking',
  cycling: 'cycling',
};

export function parseAppleMapsUrl(url: URL): ParseOutcome | null {
  if (!isAppleMapsHost(url.hostname)) return null;
  const p = url.searchParams;
  const from = p.get('saddr') ?? p.get('source');
  const to = p.get('daddr') ?? p.get('destination');
  if (from === null && to === null) return null;
  const mode = (p.get('dirflg') ?? p.get('mode') ?? '').toLowerCase();
  const query: TripQuery = {
    source: 'apple-maps',
    origin: placeOf(from),
    destination: placeOf(to),
    time: null,
    timeKind: 'leave-now',
  };
  const nonTransit = NON_TRANSIT[mode];
  if (nonTransit) {
    return {
      status: 'failed',
      code: 'not_transit',
      message: `The Apple Maps route is for ${nonTransit}, not public transport.`,
    };
  }
  if (query.origin.name === null || query.destination.name === null) {
    return { status: 'failed', code: 'incomplete_search', message: describeIncompleteSearch(query) };
  }
  return { status: 'needs_resolution', code: 'timetable_query', query };
}

/** "Current Location" (what Maps writes for the device's position) is no place to plan from. */
function placeOf(raw: string | null): TripQuery['origin'] {
  if (
    raw === null ||
    /^(current location|my location|mein standort|ma position|la mia posizione)$/i.test(raw.trim())
  ) {
    return { name: null, uic: null };
  }
  return placeFromLabel(raw) ?? { name: null, uic: null };
}
