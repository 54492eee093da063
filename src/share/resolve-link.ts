/**
 * The one module that fetches what a share points at: SBB Mobile and Google Maps short links
 * (trip-links.md §1.2, §3.1). Everything it fetches is chosen by a stranger's share, so it is fenced:
 * a host allow-list, https, public addresses only, at most three redirects inside the list, one time
 * budget for the whole resolution, and a cap on the bytes read.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { AppError } from '../domain/errors.js';

export interface LinkResolverOptions {
  /** Base URL standing in for `https://a.sbbmobile.ch` (a local fake in tests). */
  sbbShortLinkUrl: string;
  /** Base URL standing in for `https://maps.app.goo.gl`. */
  googleShortLinkUrl: string;
  fetch?: typeof fetch;
  /** All addresses of a host name; defaults to the system resolver. */
  lookup?: (host: string) => Promise<string[]>;
  /** Budget for one resolution, DNS and body included (default 20 s, as the Blitz resolver). */
  timeoutMs?: number;
  /** Largest page read (default 2 MiB, as the Blitz resolver). */
  maxBytes?: number;
}

export interface ResolveOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface LinkResolver {
  /** The long link behind a short link: an sbb.ch trip link (or `sbbmobile://trip?recon=`), or a google.com/maps URL. */
  resolve(link: string, opts?: ResolveOptions): Promise<string>;
}

const SBB_SHORT_HOST = 'a.sbbmobile.ch';
const GOOGLE_SHORT_HOST = 'maps.app.goo.gl';
const MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const defaultLookup = async (host: string): Promise<string[]> =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

const notAllowed = (message: string, details?: Record<string, unknown>) =>
  new AppError('link_not_allowed', 422, message, details);
const failed = (message: string, details?: Record<string, unknown>) =>
  new AppError('resolution_failed', 502, message, details);
const expired = () => new AppError('link_expired', 422, 'The short link is unknown or has expired.');

export function createLinkResolver(options: LinkResolverOptions): LinkResolver {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const lookup = options.lookup ?? defaultLookup;
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const sbbBase = baseUrl(options.sbbShortLinkUrl);
  const googleBase = baseUrl(options.googleShortLinkUrl);
  // The operator configured these origins, so they may be http and on loopback (the local fakes). The
  // public hosts themselves stay under the full checks even when configured: trusting them buys nothing.
  const trustedOrigins = new Set(
    [sbbBase, googleBase]
      .filter((u) => u.hostname !== SBB_SHORT_HOST && u.hostname !== GOOGLE_SHORT_HOST)
      .map((u) => u.origin),
  );
  const allowedHosts = new Set([SBB_SHORT_HOST, GOOGLE_SHORT_HOST, sbbBase.hostname, googleBase.hostname]);

  async function checkTarget(url: URL, signal: AbortSignal): Promise<void> {
    if (trustedOrigins.has(url.origin)) return;
    if (url.protocol !== 'https:') throw notAllowed('Only https links are followed.', { reason: 'scheme' });
    const host = bareHost(url.hostname);
    if (!allowedHosts.has(host))
      throw notAllowed('The link leads to a host that is not allowed.', { reason: 'host' });
    const addresses = isIpLiteral(host) ? [host] : await abortable(lookup(host), signal);
    if (addresses.length === 0) throw failed('The short-link host did not resolve.', { reason: 'dns' });
    // Every address, not just the first: the HTTP client may pick any of them.
    if (!addresses.every(isPublicAddress)) {
      throw notAllowed('The link leads to a private or reserved address.', { reason: 'address' });
    }
  }

  /** One request without following redirects; the caller decides where a `Location` may lead. */
  async function request(url: URL, signal: AbortSignal): Promise<Response> {
    await checkTarget(url, signal);
    return fetchImpl(url, { redirect: 'manual', signal, headers: { accept: 'text/html,*/*;q=0.5' } });
  }

  /** a.sbbmobile.ch answers 200 with a splash page whose anchors carry the trip (no redirect). */
  async function resolveSbb(start: URL, signal: AbortSignal): Promise<string> {
    let url = start;
    for (let hop = 0; ; hop++) {
      const response = await request(url, signal);
      const next = redirectTarget(response, url);
      if (next !== null) {
        await discard(response);
        // Should SBB ever switch to a plain redirect, its target is the answer, not a page to fetch.
        if (isSbbTripLink(next.href) || next.href.startsWith('sbbmobile://trip?recon=3HA.')) return next.href;
        if (hop >= MAX_REDIRECTS)
          throw failed('The short link redirects too often.', { reason: 'redirects' });
        url = next;
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        await discard(response);
        throw expired();
      }
      if (!response.ok) {
        await discard(response);
        throw failed('The short-link server answered with an error.', {
          reason: 'status',
          status: response.status,
        });
      }
      const page = await readCapped(response, maxBytes);
      const link = tripLinkFromPage(page);
      if (link === null) throw failed('The short-link page holds no trip link.', { reason: 'no_link' });
      return link;
    }
  }

  /** maps.app.goo.gl redirects to the long URL: read `Location`, never fetch google.com itself. */
  async function resolveGoogle(start: URL, signal: AbortSignal): Promise<string> {
    let url = start;
    for (let hop = 0; ; hop++) {
      const response = await request(url, signal);
      await discard(response);
      const next = redirectTarget(response, url);
      if (next !== null) {
        if (isGoogleMapsUrl(next)) return next.href;
        if (hop >= MAX_REDIRECTS)
          throw failed('The short link redirects too often.', { reason: 'redirects' });
        // Another hop is only taken inside the allow-list; checkTarget refuses the rest.
        url = next;
        continue;
      }
      if (response.status === 404 || response.status === 410) throw expired();
      throw failed('The short link did not redirect.', { reason: 'status', status: response.status });
    }
  }

  return {
    async resolve(link, opts = {}) {
      const target = shortLinkTarget(link, sbbBase, googleBase);
      const timeout = AbortSignal.timeout(opts.timeoutMs ?? defaultTimeoutMs);
      const signal = opts.signal === undefined ? timeout : AbortSignal.any([timeout, opts.signal]);
      try {
        return target.host === 'sbb'
          ? await resolveSbb(target.url, signal)
          : await resolveGoogle(target.url, signal);
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (timeout.aborted) throw failed('The short link took too long to answer.', { reason: 'timeout' });
        if (opts.signal?.aborted)
          throw failed('Resolving the short link was cancelled.', { reason: 'aborted' });
        throw failed('The short link could not be fetched.', {
          reason: 'network',
          cause: err instanceof Error ? err.name : typeof err,
        });
      }
    },
  };
}

function baseUrl(raw: string): URL {
  const url = new URL(raw);
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

/** `https://a.sbbmobile.ch/s/<code>` and `https://maps.app.goo.gl/<code>[?g_st=aw]` onto the configured bases. */
function shortLinkTarget(link: string, sbbBase: URL, googleBase: URL): { host: 'sbb' | 'google'; url: URL } {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw notAllowed('This is not a short link Railtape follows.', { reason: 'not_a_url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw notAllowed('Only https links are followed.', { reason: 'scheme' });
  }
  const host = url.hostname.toLowerCase();
  const sbb = /^\/s\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname);
  if (host === SBB_SHORT_HOST && sbb !== null) {
    return { host: 'sbb', url: new URL(`${sbbBase.href.replace(/\/$/, '')}/s/${sbb[1]}`) };
  }
  const google = /^\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname);
  if (host === GOOGLE_SHORT_HOST && google !== null) {
    // The `?g_st=aw` / `?g_st=isi` platform marker (geoshare tests) is not part of the code.
    return { host: 'google', url: new URL(`${googleBase.href.replace(/\/$/, '')}/${google[1]}`) };
  }
  throw notAllowed('This is not a short link Railtape follows.', { reason: 'host' });
}

function redirectTarget(response: Response, from: URL): URL | null {
  if (!REDIRECT_STATUSES.has(response.status)) return null;
  const location = response.headers.get('location');
  if (location === null) return null;
  try {
    return new URL(location, from);
  } catch {
    return null;
  }
}

const GOOGLE_MAPS_HOST = /^(?:www\.|maps\.)?google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/;

function isGoogleMapsUrl(url: URL): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  if (!GOOGLE_MAPS_HOST.test(host)) return false;
  return host.startsWith('maps.') || url.pathname === '/maps' || url.pathname.startsWith('/maps/');
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to release.
  }
}

/** Reads at most `maxBytes`, giving up as soon as the page is larger: the length header may be absent or lie. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discard(response);
    throw failed('The short-link page is too large.', { reason: 'too_large' });
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw failed('The short-link page is too large.', { reason: 'too_large' });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * The splash page's anchors (JIT-Pack's model of the real page, trip-links.md §1.2): prefer the
 * `https://www.sbb.ch/<lang>/trip?tripId=3HA…` href, as the Blitz resolver does after un-escaping
 * `&amp;`; fall back to the `sbbmobile://trip?recon=3HA…` app link, then to traintime's regexes over
 * the raw text.
 */
export function tripLinkFromPage(page: string): string | null {
  const hrefs = [...page.matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((m) =>
    decodeEntities(m[1] ?? m[2] ?? ''),
  );
  const web = hrefs.find(isSbbTripLink);
  if (web !== undefined) return web;
  const app = hrefs.find((h) => /^sbbmobile:\/\/trip\?recon=3HA\.[A-Za-z0-9_.-]+/.test(h));
  if (app !== undefined) return app;
  const text = decodeEntities(page);
  const loose = /https:\/\/(?:www\.)?sbb\.ch\/[^\s"'<>]*trip\?tripId=3HA\.[A-Za-z0-9_.-]+/.exec(text);
  if (loose !== null && isSbbTripLink(loose[0])) return loose[0];
  const recon = /sbbmobile:\/\/trip\?recon=3HA\.[A-Za-z0-9_.-]+/.exec(text);
  return recon?.[0] ?? null;
}

function isSbbTripLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (
      url.protocol === 'https:' &&
      (url.hostname === 'www.sbb.ch' || url.hostname === 'sbb.ch') &&
      /\/trip$/.test(url.pathname) &&
      (url.searchParams.get('tripId') ?? '').startsWith('3HA.')
    );
  } catch {
    return false;
  }
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

const bareHost = (hostname: string): string => hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
const isIpLiteral = (host: string): boolean => parseIpv4(host) !== null || parseIpv6(host) !== null;

// ---------------------------------------------------------------------------------------------------
// Address policy

/** IPv4 blocks that are not the public internet (RFC 6890 special-purpose registry). */
const BLOCKED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT shared space
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
];

const BLOCKED_V4_RANGES = BLOCKED_V4.map(([base, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: ((parseIpv4(base) ?? 0) & mask) >>> 0, mask };
});

/**
 * Whether an address is on the public internet. IPv6 must be global unicast (2000::/3), which already
 * excludes loopback, unspecified, IPv4-mapped (`::ffff:…`), ULA (fc00::/7), link-local (fe80::/10) and
 * multicast; inside it, documentation and the IETF block are refused, and 6to4 / NAT64 addresses are
 * judged by the IPv4 address they carry.
 */
export function isPublicAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4 !== null) return isPublicV4(v4);
  const v6 = parseIpv6(ip);
  if (v6 === null) return false;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = v6;
  // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): DNS64 networks reach IPv4 hosts this way.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPublicV4(((g6 << 16) | g7) >>> 0);
  }
  if ((g0 & 0xe000) !== 0x2000) return false;
  if (g0 === 0x2001 && g1 < 0x200) return false; // 2001::/23 IETF protocol assignments (Teredo, ORCHID…)
  if (g0 === 0x2001 && g1 === 0xdb8) return false; // documentation
  if (g0 === 0x3fff && g1 < 0x1000) return false; // documentation 3fff::/20 (RFC 9637)
  if (g0 === 0x2002) return isPublicV4(((g1 << 16) | g2) >>> 0); // 6to4 carries an IPv4 address
  return true;
}

function isPublicV4(address: number): boolean {
  return !BLOCKED_V4_RANGES.some(({ network, mask }) => (address & mask) >>> 0 === network);
}

function parseIpv4(text: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (match === null) return null;
  let value = 0;
  for (const part of match.slice(1)) {
    // Leading zeros read as octal in some resolvers; refuse the ambiguity.
    if (part.length > 1 && part.startsWith('0')) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function parseIpv6(text: string): number[] | null {
  let s = text.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  // A zone (`fe80::1%eth0`) names an interface; the address decides.
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string | undefined): number[] | null => {
    if (half === undefined || half === '') return [];
    const groups = half.split(':');
    if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
    return groups.map((g) => Number.parseInt(g, 16));
  };
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (head === null || rest === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - rest.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...rest];
}
