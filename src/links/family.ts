/**
 * Which kind of share something is (an SBB trip link, a Google Maps link, pasted text…), judged from
 * the payload alone by the same link scanner `parseShare` uses, so the family is the decoder the share
 * goes to first and never a second opinion about hosts. Stored with the share when it is received:
 * analytics count shares per family, and the parser alarm compares each family with its own baseline
 * (an SBB app update breaks `sbb_app_link`, not Google links). Pure.
 */

import {
  extractShareLinks,
  extractTimetableSearchLinks,
  type LinkCandidate,
  normaliseShare,
  plainTexts,
} from './extract.js';
import type { SharePayload } from './types.js';

export const SHARE_FAMILIES = [
  'sbb_trip_link',
  'sbb_app_link',
  'sbb_search',
  'sbb_short_link',
  'google_maps',
  'google_short_link',
  'apple_maps',
  /** Searches of other timetables: bahn.de, search.ch, the Swiss OJP demo app. */
  'timetable_link',
  'text',
  'other',
] as const;
export type ShareFamily = (typeof SHARE_FAMILIES)[number];

const FAMILY_OF: { [K in Exclude<LinkCandidate['kind'], 'short-link'>]: ShareFamily } = {
  'sbb-trip-id': 'sbb_trip_link',
  'sbb-app-recon': 'sbb_app_link',
  'sbb-search': 'sbb_search',
  'google-maps': 'google_maps',
  'apple-maps': 'apple_maps',
};

/**
 * The family of the share's best-ranked link; without a recognised link, `text` when there is text for
 * the free-text parser, else `other` (an empty share, a link to some other site). Never throws.
 */
export function shareFamily(payload: SharePayload): ShareFamily {
  try {
    const fields = normaliseShare(payload);
    const [best] = extractShareLinks(fields);
    if (best) return best.kind === 'short-link' ? `${best.host}_short_link` : FAMILY_OF[best.kind];
    if (extractTimetableSearchLinks(fields).length > 0) return 'timetable_link';
    return plainTexts(fields).length > 0 ? 'text' : 'other';
  } catch {
    // The scanner is total on strings; a bug there must not keep a share from being stored.
    return 'other';
  }
}
