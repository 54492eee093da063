/**
 * The one place that says which hosts are SBB's and Google's (trip-links.md §4): the share parser
 * and the short-link resolver must agree, or a link that parses could be refused when resolved (or
 * the other way round). Each check takes a host name in any case. A trailing dot (`sbb.ch.`) is
 * refused: it names the same host, but no share sheet writes one, so accepting it would only widen
 * what a crafted link may look like.
 */

export const SBB_SHORT_LINK_HOST = 'a.sbbmobile.ch';
export const SBB_APP_HOST = 'app.sbbmobile.ch';
/** SBB's test instance of the app links; its `recon=` links carry a raw HAFAS context (issue #15). */
export const SBB_APP_TEST_HOST = 'apptest.sbbmobile.ch';
/** Google's retired general shortener; Maps shares of before 2020 read `goo.gl/maps/<code>`. */
export const GOOGLE_LEGACY_SHORT_LINK_HOST = 'goo.gl';
export const BAHN_DE_HOSTS = ['bahn.de', 'www.bahn.de', 'int.bahn.de'] as const;
export const SEARCH_CH_HOSTS = [
  'search.ch',
  'www.search.ch',
  'fahrplan.search.ch',
  'timetable.search.ch',
] as const;
/** The Swiss OJP demo app (openTdataCH on GitHub Pages). */
export const OJP_DEMO_HOST = 'opentdatach.github.io';
export const GOOGLE_SHORT_LINK_HOST = 'maps.app.goo.gl';
export const APPLE_MAPS_HOST = 'maps.apple.com';

/**
 * `google.com`, `www.google.ch`, `maps.google.de`, `google.co.uk`, `google.com.au`. Google's country
 * domains are a TLD or a `co.`/`com.` second level under one; any other second level
 * (`google.abc.de`) is a stranger's subdomain.
 */
const GOOGLE_MAPS_HOST_SOURCE = '(?:www\\.|maps\\.)?google\\.(?:[a-z]{2,3}|co\\.[a-z]{2}|com\\.[a-z]{2})';
const GOOGLE_MAPS_HOST = new RegExp(`^${GOOGLE_MAPS_HOST_SOURCE}$`);

const lower = (host: string): string => host.toLowerCase();

/** sbb.ch and its subdomains: a tripId is SBB's whichever of its sites wrote the link. */
export function isSbbHost(host: string): boolean {
  const h = lower(host);
  return h === 'sbb.ch' || h.endsWith('.sbb.ch');
}

/** The public website only: its search links and the trip links on the short-link page live there. */
export function isSbbWebHost(host: string): boolean {
  const h = lower(host);
  return h === 'sbb.ch' || h === 'www.sbb.ch';
}

export const isSbbShortLinkHost = (host: string): boolean => lower(host) === SBB_SHORT_LINK_HOST;

export const isSbbAppHost = (host: string): boolean =>
  lower(host) === SBB_APP_HOST || lower(host) === SBB_APP_TEST_HOST;

export const isGoogleShortLinkHost = (host: string): boolean => lower(host) === GOOGLE_SHORT_LINK_HOST;

/** A host that serves Google Maps long links; the path decides whether a link is one. */
export const isGoogleMapsHost = (host: string): boolean => GOOGLE_MAPS_HOST.test(lower(host));

export const isAppleMapsHost = (host: string): boolean => lower(host) === APPLE_MAPS_HOST;

/** `goo.gl`: a short link only under `/maps/` (the path decides; the resolver does not dial it). */
export const isGoogleLegacyShortLinkHost = (host: string): boolean =>
  lower(host) === GOOGLE_LEGACY_SHORT_LINK_HOST;

export const isBahnDeHost = (host: string): boolean =>
  (BAHN_DE_HOSTS as readonly string[]).includes(lower(host));

export const isSearchChHost = (host: string): boolean =>
  (SEARCH_CH_HOSTS as readonly string[]).includes(lower(host));

export const isOjpDemoHost = (host: string): boolean => lower(host) === OJP_DEMO_HOST;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The hosts people paste without a scheme, as a regex source for the link scanner (use it with the
 * `i` flag). A Google host counts only before `/maps`, so "google.ch" in prose starts no link.
 */
export const SCHEMELESS_LINK_HOST_SOURCE = `(?:(?:www\\.)?sbb\\.ch|${[
  SBB_SHORT_LINK_HOST,
  SBB_APP_HOST,
  SBB_APP_TEST_HOST,
  GOOGLE_SHORT_LINK_HOST,
  APPLE_MAPS_HOST,
  ...BAHN_DE_HOSTS,
  ...SEARCH_CH_HOSTS,
]
  .map(escapeRe)
  .join('|')}|${GOOGLE_MAPS_HOST_SOURCE}(?=\\/maps))`;
