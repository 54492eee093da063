/**
 * Apple Maps links, what iOS shares from Maps (iOS cannot share into a PWA, so these are pasted):
 * - directions, the long-standing form `https://maps.apple.com/?saddr=…&daddr=…&dirflg=r` (Apple's Map
 *   Links reference: `dirflg` d = driving, w = walking, r = transit; without `saddr` the route starts
 *   at the user's current location);
 * - directions, the newer form `https://maps.apple.com/directions?source=…&destination=…&mode=transit`
 *   (`mode` driving | walking | cycling | transit);
 * - a place: `?q=`, `?ll=`, `?address=`, `/place?…`, `/search?…`, and the short place links
 *   `maps.apple/p/<code>` — one place, no route.
 * Like Google's, directions name two places and a mode, never a train or a time: a `TripQuery` to
 * re-plan, leaving now.
 */
import type { TripQuery } from '../domain/trip.js';
import { DIRFLG_MODES, nonTransitCode, originFromLabel, placeFromLabel, placeOnly } from './google-maps.js';
import { isAppleMapsHost } from './hosts.js';
import { describeIncompleteSearch } from './sbb-search.js';
import type { ParseOutcome } from './types.js';

const MODES: Readonly<Record<string, string>> = {
  ...DIRFLG_MODES,
  driving: 'driving',
  walking: 'walking',
  cycling: 'cycling',
};

/** The host of Apple's short place links (`https://maps.apple/p/<code>`). */
export const APPLE_SHORT_PLACE_HOST = 'maps.apple';

export function parseAppleMapsUrl(url: URL): ParseOutcome | null {
  if (url.hostname.toLowerCase() === APPLE_SHORT_PLACE_HOST && /^\/p\//.test(url.pathname)) {
    return placeOnly('The Apple Maps link shows a place, not a route.');
  }
  if (!isAppleMapsHost(url.hostname)) return null;
  const p = url.searchParams;
  const directions = url.pathname.replace(/\/+$/, '') === '/directions';
  const from = p.get('saddr') ?? p.get('source');
  const to = p.get('daddr') ?? p.get('destination');
  if (to === null && from === null) {
    const place =
      /^\/(?:place|search)\/?$/.test(url.pathname) ||
      ['q', 'll', 'address', 'auid', 'place-id'].some((k) => p.has(k));
    return place ? placeOnly('The Apple Maps link shows a place, not a route.') : null;
  }
  const mode = (p.get('dirflg') ?? p.get('mode') ?? '').trim().toLowerCase();
  const nonTransit = MODES[mode];
  if (nonTransit) {
    return {
      status: 'failed',
      code: nonTransitCode(nonTransit),
      message: `The Apple Maps route is for ${nonTransit}, not public transport.`,
    };
  }
  const query: TripQuery = {
    source: 'apple-maps',
    // No start: Apple routes from the current location (Map Links reference, `saddr`).
    origin: originFromLabel(from, directions || from === null) ?? { name: null, uic: null },
    destination: to === null ? { name: null, uic: null } : (placeFromLabel(to) ?? { name: null, uic: null }),
    time: null,
    timeKind: 'leave-now',
  };
  if ((query.origin.name === null && query.origin.device !== true) || query.destination.name === null) {
    return { status: 'failed', code: 'incomplete_search', message: describeIncompleteSearch(query) };
  }
  return { status: 'needs_resolution', code: 'timetable_query', query };
}
