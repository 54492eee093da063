import type { ErrorCode } from '../domain/errors.js';
import type { Trip, TripQuery } from '../domain/trip.js';

/** What the share sheet hands over, exactly as received (Android: link in `text`; iOS: in `url`). */
export interface SharePayload {
  title: string | null;
  text: string | null;
  url: string | null;
}

/** Stable machine codes for shares that cannot become a trip; the UI translates them. */
export const SHARE_ERROR_CODES = [
  'no_link_found',
  'unsupported_version',
  'bad_leg',
  'bad_link',
  'not_transit',
  'trip_too_long',
  'incomplete_search',
  'stop_not_found',
  'no_connection',
  'timetable_unavailable',
  'resolution_failed',
  'link_expired',
  'date_unclear',
  'driving_route',
  'walking_route',
  'cycling_route',
  'place_not_route',
] as const satisfies readonly ErrorCode[];
export type ShareErrorCode = (typeof SHARE_ERROR_CODES)[number];

export interface ParseContext {
  /** When the share was received (epoch ms): used to infer a missing year, never read from a clock. */
  now: number;
}

export type ParseOutcome =
  | { status: 'parsed'; trip: Trip }
  /** A short link whose target must be fetched (a.sbbmobile.ch splash page, maps.app.goo.gl redirect). */
  | { status: 'needs_resolution'; code: 'short_link'; link: string; host: 'sbb' | 'google' }
  /** A search (sbb.ch stops link, Google directions) that a timetable query must turn into a trip. */
  | { status: 'needs_resolution'; code: 'timetable_query'; query: TripQuery }
  | { status: 'failed'; code: ShareErrorCode; message: string };
