/**
 * What was shared → a trip, a search to run, a short link to fetch, or a reason it cannot be a trip.
 * One entry point for the HTTP route, the parse worker and the CLI. Pure: no I/O, no clock.
 */

import { parseAppleMapsUrl } from './apple-maps.js';
import { assertTripBounds } from './bounds.js';
import {
  extractShareLinks,
  extractTimetableSearchLinks,
  type LinkCandidate,
  normaliseShare,
  plainTexts,
} from './extract.js';
import { parseGoogleMapsUrl } from './google-maps.js';
import { ShareDecodeError } from './hki.js';
import { parsePlainText } from './plain-text/index.js';
import { parseAppRecon } from './sbb-app-link.js';
import { parseSbbSearchLink } from './sbb-search.js';
import { parseTripId } from './sbb-trip-id.js';
import { parseTimetableLink } from './timetable-links.js';
import type { ParseContext, ParseOutcome, ShareErrorCode, SharePayload } from './types.js';

export { extractShareLinks, type LinkCandidate, normaliseShare } from './extract.js';
export { ShareDecodeError } from './hki.js';
export { parseAppRecon } from './sbb-app-link.js';
export { decodeTripId, decodeTripSearch, encodeTripId, parseTripId, type TripSearch } from './sbb-trip-id.js';

/**
 * Stored with every parsed share, so `railtape reparse` can find shares an older parser handled.
 * Bump it whenever a share may now parse differently.
 */
export const PARSER_VERSION = 'links-3';

const failed = (code: ShareErrorCode, message: string): ParseOutcome => ({ status: 'failed', code, message });

/**
 * Tries every link of the share in the order of trip-links.md §4 and returns the first that gives a
 * trip, a search or a short link; when links were found but none worked, the best-ranked failure. Only
 * a share without any usable link goes to the free-text parser. Every trip, whichever decoder read it,
 * is held to the same bounds (at most 48 h and 60 legs: `trip_too_long`). Never throws.
 */
export function parseShare(payload: SharePayload, ctx: ParseContext): ParseOutcome {
  try {
    const fields = normaliseShare(payload);
    let firstFailure: ParseOutcome | null = null;
    for (const candidate of extractShareLinks(fields)) {
      const outcome = attempt(() => outcomeOf(candidate));
      if (outcome === null) continue;
      if (outcome.status !== 'failed') return outcome;
      firstFailure ??= outcome;
    }
    if (firstFailure !== null) return firstFailure;
    for (const url of extractTimetableSearchLinks(fields)) {
      const outcome = attempt(() => parseTimetableLink(url));
      if (outcome === null) continue;
      if (outcome.status !== 'failed') return outcome;
      firstFailure ??= outcome;
    }
    if (firstFailure !== null) return firstFailure;
    for (const text of plainTexts(fields)) {
      const outcome = attempt(() => parsePlainText(text, ctx));
      if (outcome === null) continue;
      if (outcome.status !== 'failed') return outcome;
      firstFailure ??= outcome;
    }
    return firstFailure ?? failed('no_link_found', 'The share holds no trip link and no connection.');
  } catch (err) {
    return failureOf(err);
  }
}

function outcomeOf(candidate: LinkCandidate): ParseOutcome | null {
  switch (candidate.kind) {
    case 'sbb-trip-id':
      return { status: 'parsed', trip: parseTripId(candidate.tripId, 'sbb-trip-link') };
    case 'sbb-app-recon':
      return { status: 'parsed', trip: parseAppRecon(candidate.recon) };
    case 'short-link':
      return { status: 'needs_resolution', code: 'short_link', host: candidate.host, link: candidate.link };
    case 'sbb-search':
      return parseSbbSearchLink(candidate.url);
    case 'google-maps':
      return parseGoogleMapsUrl(candidate.url);
    case 'apple-maps':
      return parseAppleMapsUrl(candidate.url);
  }
}

/** Runs one decoder; a trip it gives must also be within the bounds of `assertTripBounds`. */
function attempt(run: () => ParseOutcome | null): ParseOutcome | null {
  try {
    const outcome = run();
    if (outcome?.status === 'parsed') assertTripBounds(outcome.trip);
    return outcome;
  } catch (err) {
    return failureOf(err);
  }
}

function failureOf(err: unknown): ParseOutcome {
  if (err instanceof ShareDecodeError) return failed(err.code, err.message);
  // A bug, not a bad share; the share still gets an answer the UI can show.
  return failed('bad_link', 'The shared link could not be read.');
}
