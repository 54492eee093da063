/**
 * Finds the links in a share and ranks them (trip-links.md §4). Android puts the link into `text`,
 * iOS into `url`; the words around it are unpublished and may be in any language, so only the links
 * count. Pure string work: no network, and the short links are only recognised here.
 */
import {
  GOOGLE_SHORT_LINK_HOST,
  isAppleMapsHost,
  isBahnDeHost,
  isGoogleLegacyShortLinkHost,
  isGoogleMapsHost,
  isGoogleShortLinkHost,
  isOjpDemoHost,
  isSbbAppHost,
  isSbbHost,
  isSbbShortLinkHost,
  isSearchChHost,
  SBB_SHORT_LINK_HOST,
  SCHEMELESS_LINK_HOST_SOURCE,
} from './hosts.js';
import type { SharePayload } from './types.js';

export type LinkCandidate =
  /** #1 `www.sbb.ch/<lang>/trip?tripId=3HA.…` (also `/angebot?tripId=`). */
  | { kind: 'sbb-trip-id'; rank: Rank; tripId: string; link: string }
  /** #2 `sbbmobile://trip?recon=3HA.…`, #5 `app.sbbmobile.ch/tripoffer?recon=<base64 HKI>`. */
  | { kind: 'sbb-app-recon'; rank: Rank; recon: string; link: string }
  /** #3 `a.sbbmobile.ch/s/<code>` and `maps.app.goo.gl/<code>`: only the fetched page knows the trip. */
  | { kind: 'short-link'; rank: Rank; host: 'sbb' | 'google'; link: string }
  /** #4 sbb.ch `?stops=`, #6 legacy `fahrplan.xhtml` and `app.sbbmobile.ch/timetable`. */
  | { kind: 'sbb-search'; rank: Rank; url: URL }
  /** Google Maps directions, also the Firebase form `maps.app.goo.gl/?…&link=<long URL>`. */
  | { kind: 'google-maps'; rank: Rank; url: URL }
  /** Apple Maps directions (two places and a mode), or a place (`maps.apple/p/…`). */
  | { kind: 'apple-maps'; rank: Rank; url: URL };

export const RANK = {
  sbbTripLink: 1,
  sbbAppScheme: 2,
  sbbShortLink: 3,
  sbbStopsSearch: 4,
  sbbAppRecon: 5,
  sbbLegacySearch: 6,
  googleShortLink: 7,
  googleDirections: 8,
} as const;

export type Rank = (typeof RANK)[keyof typeof RANK];

/** Longer fields are cut: a share is a few hundred characters, a tripId a few thousand. */
export const MAX_FIELD_CHARS = 100_000;

/** The share's fields as strings: `&amp;` un-escaped (links copied out of HTML), oversized input cut. */
export interface ShareFields {
  title: string | null;
  text: string | null;
  url: string | null;
}

export function normaliseShare(payload: SharePayload): ShareFields {
  return { title: clean(payload.title), text: clean(payload.text), url: clean(payload.url) };
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let s = value.length > MAX_FIELD_CHARS ? value.slice(0, MAX_FIELD_CHARS) : value;
  if (s.includes('&')) s = s.replaceAll('&amp;', '&').replaceAll('&#38;', '&').replaceAll('&#x26;', '&');
  return s.trim() === '' ? null : s;
}

/** Every recognised link of the share, best first (§4 order; within a rank: url, text, title). */
export function extractShareLinks(fields: ShareFields): LinkCandidate[] {
  const tokens: string[] = [];
  for (const field of [fields.url, fields.text, fields.title]) {
    if (field !== null) scanLinks(field, tokens);
  }
  const seen = new Set<string>();
  const candidates: LinkCandidate[] = [];
  for (const token of tokens) {
    if (seen.has(token)) continue;
    seen.add(token);
    const candidate = classify(token);
    if (candidate !== null) candidates.push(candidate);
  }
  // Array.prototype.sort is stable, so equal ranks keep field order.
  return candidates.sort((a, b) => a.rank - b.rank);
}

/* ------------------------------------------------------------------ finding link tokens */

/**
 * Where a link starts: a scheme, or one of the hosts people paste without one. Its end is found by a
 * sticky character-class scan (below), so no pattern here can backtrack over a long tripId.
 */
const LINK_START = new RegExp(
  `(?:https?|sbbmobile):\\/\\/|(?<![\\w.@/-])${SCHEMELESS_LINK_HOST_SOURCE}(?=[/?])`,
  'gi',
);

/**
 * The characters a link runs over: anything but control characters, whitespace (JS `\s` includes the
 * no-break and typographic spaces), the zero-width space, quotes and angle brackets.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters end a link, like spaces.
const LINK_BODY = /[^\u0000-\u0020\s"<>`«»“”„‘’\u200b]*/y;

/** The characters of a tripId or recon value: base64url, `.` between segments, base64's `+ / %`. */
const ID_BODY = /[A-Za-z0-9_.+/%-]*/y;

function runEnd(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  pattern.test(text);
  return pattern.lastIndex;
}

function scanLinks(text: string, out: string[]): void {
  LINK_START.lastIndex = 0;
  for (let m = LINK_START.exec(text); m !== null; m = LINK_START.exec(text)) {
    const end = runEnd(LINK_BODY, text, m.index + m[0].length);
    const raw = text.slice(m.index, end);
    // Glue before stripping punctuation: a line may break right after a segment's `.`.
    const wrapped = joinWrappedLines(text, raw, end);
    // The joined form first; the link as written stays as a fallback in case the next line was prose.
    if (wrapped !== null) out.push(stripTrailing(wrapped));
    out.push(stripTrailing(raw));
    LINK_START.lastIndex = end;
  }
}

/** Sentence punctuation after a link (`…/s/73oNRti7).`); `]` and `}` stay: the old JSON stops form ends so. */
function stripTrailing(token: string): string {
  let end = token.length;
  while (end > 0 && TRAILING.has(token.charCodeAt(end - 1))) end--;
  return end === token.length ? token : token.slice(0, end);
}

const TRAILING = new Set([...").,;:!?'"].map((ch) => ch.charCodeAt(0)));

/**
 * Mail clients and chat apps wrap a long tripId onto the next line. When a link ends at a line break
 * while still inside a `tripId=`/`recon=` value, the next line is glued on if it looks like the rest of
 * the id: the id lacks its search segment yet, or the piece fills its line (ends at a line break) or is
 * longer than a word. "…uSQ\nGute Fahrt!" stays apart. Bounded to 40 lines.
 */
function joinWrappedLines(text: string, token: string, tokenEnd: number): string | null {
  // Most links end at the end of the text or at a space: nothing to glue.
  const next = text.charCodeAt(tokenEnd);
  if (next !== 10 && next !== 13 && next !== 32 && next !== 9) return null;
  let joined = token;
  let end = tokenEnd;
  let glued = false;
  for (let lines = 0; lines < 40 && endsInsideIdValue(joined); lines++) {
    let p = skipBlanks(text, end);
    if (text.charCodeAt(p) === 13) p++;
    if (text.charCodeAt(p) !== 10) break;
    p = skipBlanks(text, p + 1);
    if (runEnd(ID_BODY, text, p) === p) break;
    const q = runEnd(LINK_BODY, text, p);
    const line = text.slice(p, q);
    // The next line is a link of its own, not the rest of this one.
    if (line.includes('://') || line.toLowerCase().startsWith('www.')) break;
    const fillsLine = q >= text.length || text.charCodeAt(q) === 10 || text.charCodeAt(q) === 13;
    if (!fillsLine && line.length < LONGEST_WORD && idIsComplete(joined)) break;
    joined += line;
    end = q;
    glued = true;
  }
  return glued ? joined : null;
}

function skipBlanks(text: string, from: number): number {
  let p = from;
  while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  return p;
}

/** Longer than any word of the share text around a link, shorter than a wrapped line of a tripId. */
const LONGEST_WORD = 24;

const ID_PARAMS = ['tripid', 'recon'] as const;

/** `3HA.<a>.<b>` with something after the second dot. */
function idIsComplete(token: string): boolean {
  const at = valueStart(token, ID_PARAMS);
  const secondDot = token.indexOf('.', token.indexOf('.', at) + 1);
  return secondDot > 0 && secondDot < token.length - 1;
}

function endsInsideIdValue(token: string): boolean {
  const at = valueStart(token, ID_PARAMS);
  if (at < 0) return false;
  // base64 padding means the value is complete.
  if (token.charCodeAt(token.length - 1) === 61) return false;
  return runEnd(ID_BODY, token, at) === token.length;
}

/**
 * Index of the value of the first query parameter named like one of `names` (lower case, compared
 * case-insensitively), or -1. Walks the parameters with indexOf: a tripId is thousands of characters.
 */
function valueStart(token: string, names: readonly string[]): number {
  let param = token.indexOf('?') + 1;
  if (param === 0) return -1;
  while (param < token.length) {
    const eq = token.indexOf('=', param);
    let amp = token.indexOf('&', param);
    if (amp < 0) amp = token.length;
    if (eq > param && eq < amp) {
      const name = token.slice(param, eq).toLowerCase();
      if (names.includes(name)) return eq + 1;
    }
    param = amp + 1;
  }
  return -1;
}

/** The raw (still escaped) value of a query parameter, up to `&` or `#`. */
function rawParam(token: string, name: string): string | null {
  const at = valueStart(token, [name]);
  if (at < 0) return null;
  let end = token.indexOf('&', at);
  if (end < 0) end = token.length;
  const hash = token.indexOf('#', at);
  if (hash >= 0 && hash < end) end = hash;
  return token.slice(at, end);
}

/* ------------------------------------------------------------------ classifying tokens */

function classify(token: string): LinkCandidate | null {
  const schemeEnd = token.indexOf('://');
  const scheme = schemeEnd < 0 ? 'https' : token.slice(0, schemeEnd).toLowerCase();
  const link = schemeEnd < 0 ? `https://${token}` : token;
  const hostStart = schemeEnd < 0 ? 8 : schemeEnd + 3;
  let hostEnd = hostStart;
  while (hostEnd < link.length && !'/?#'.includes(link.charAt(hostEnd))) hostEnd++;
  const host = link.slice(hostStart, hostEnd).toLowerCase();
  const path = link.slice(hostEnd);

  if (scheme === 'sbbmobile') {
    const recon = host === 'trip' ? rawParam(link, 'recon') : null;
    return recon === null ? null : { kind: 'sbb-app-recon', rank: RANK.sbbAppScheme, recon, link };
  }
  if (scheme !== 'https' && scheme !== 'http') return null;

  if (isSbbHost(host)) {
    const tripId = rawParam(link, 'tripid');
    if (tripId !== null) return { kind: 'sbb-trip-id', rank: RANK.sbbTripLink, tripId, link };
    // The older `/trip/offer?recon=` pages carry the app's recon, raw or in base64.
    const recon = rawParam(link, 'recon');
    if (recon !== null) return { kind: 'sbb-app-recon', rank: RANK.sbbAppRecon, recon, link };
    const url = toUrl(link);
    if (url === null) return null;
    const rank = url.searchParams.has('stops') ? RANK.sbbStopsSearch : RANK.sbbLegacySearch;
    return { kind: 'sbb-search', rank, url };
  }
  if (isSbbShortLinkHost(host)) {
    const code = /^\/s\/([A-Za-z0-9]{4,32})(?:[/?#]|$)/.exec(path)?.[1];
    return code === undefined
      ? null
      : {
          kind: 'short-link',
          rank: RANK.sbbShortLink,
          host: 'sbb',
          link: `https://${SBB_SHORT_LINK_HOST}/s/${code}`,
        };
  }
  if (isSbbAppHost(host)) {
    const recon = rawParam(link, 'recon');
    if (recon !== null) return { kind: 'sbb-app-recon', rank: RANK.sbbAppRecon, recon, link };
    const url = toUrl(link);
    return url === null ? null : { kind: 'sbb-search', rank: RANK.sbbLegacySearch, url };
  }
  if (isGoogleShortLinkHost(host)) {
    // The Firebase form carries the long URL in `link=` (geoshare tests), so it needs no network.
    if (rawParam(link, 'link') !== null) {
      const url = toUrl(link);
      return url === null ? null : { kind: 'google-maps', rank: RANK.googleShortLink, url };
    }
    // `?g_st=aw` / `?g_st=isi` only mark the sharing platform (geoshare tests); the code is the link.
    const code = /^\/([A-Za-z0-9_-]{4,64})(?:[/?#]|$)/.exec(path)?.[1];
    return code === undefined
      ? null
      : {
          kind: 'short-link',
          rank: RANK.googleShortLink,
          host: 'google',
          link: `https://${GOOGLE_SHORT_LINK_HOST}/${code}`,
        };
  }
  // The older `maps.google.com/?saddr=…&daddr=…` directions live at the root of the maps host.
  if (
    isGoogleMapsHost(host) &&
    (path.startsWith('/maps') || (host.startsWith('maps.') && /[?&]daddr=/.test(path)))
  ) {
    const url = toUrl(link);
    return url === null ? null : { kind: 'google-maps', rank: RANK.googleDirections, url };
  }
  // `goo.gl/maps/<code>`: Google's retired shortener; `google-maps.ts` says why it cannot be followed.
  if (isGoogleLegacyShortLinkHost(host) && /^\/maps\/[A-Za-z0-9_-]{4,64}(?:[/?#]|$)/.test(path)) {
    const url = toUrl(link);
    return url === null ? null : { kind: 'google-maps', rank: RANK.googleShortLink, url };
  }
  if (isAppleMapsHost(host) || host === 'maps.apple') {
    const url = toUrl(link);
    return url === null ? null : { kind: 'apple-maps', rank: RANK.googleDirections, url };
  }
  return null;
}

function toUrl(link: string): URL | null {
  try {
    return new URL(link);
  } catch {
    return null;
  }
}

/**
 * Search links of other timetables (bahn.de, search.ch, the OJP demo app: `timetable-links.ts`), after
 * every SBB, Google and Apple link: they are tried before the free text, and only when those gave
 * nothing. Kept out of `LinkCandidate` so the share families stay as they are.
 */
export function extractTimetableSearchLinks(fields: ShareFields): URL[] {
  const tokens: string[] = [];
  for (const field of [fields.url, fields.text, fields.title]) {
    if (field !== null) scanLinks(field, tokens);
  }
  const urls: URL[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (seen.has(token)) continue;
    seen.add(token);
    const link = token.includes('://') ? token : `https://${token}`;
    const url = toUrl(link);
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) continue;
    const host = url.hostname.toLowerCase();
    if (isBahnDeHost(host) || host === 'reiseauskunft.bahn.de' || isSearchChHost(host) || isOjpDemoHost(host))
      urls.push(url);
  }
  return urls;
}

/** The texts the free-text parser sees when no link matched: the text, then title and text together. */
export function plainTexts(fields: ShareFields): string[] {
  const texts: string[] = [];
  const body = fields.text ?? (fields.url !== null && !fields.url.includes('://') ? fields.url : null);
  if (body !== null) texts.push(body);
  if (fields.title !== null) texts.push(body === null ? fields.title : `${fields.title}\n${body}`);
  return texts;
}
