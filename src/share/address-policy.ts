/**
 * Where a short-link fetch may connect. The URL comes from a stranger's share, so before every request
 * (the first and each redirect) the target must be https, on the allow-list, and resolve only to public
 * addresses: otherwise a share could make the server call its own network (SSRF). The check alone cannot
 * stop DNS rebinding (the client resolves again when it connects): `guarded-fetch.ts` re-judges the
 * address at connect time and dials only what it judged.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { AppError } from '../domain/errors.js';

export type Lookup = (host: string) => Promise<string[]>;

export interface TargetPolicy {
  /** Hosts a request may go to (lower case); undefined allows any host that resolves to public addresses. */
  allowedHosts?: ReadonlySet<string> | undefined;
  /** Origins whose requests skip every check: the operator's own, such as the local fakes on loopback. */
  trustedOrigins: ReadonlySet<string>;
  lookup: Lookup;
}

/** All addresses, not just the first: the check judges every one the HTTP client might pick. */
export const systemLookup: Lookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

const notAllowed = (message: string, details?: Record<string, unknown>) =>
  new AppError('link_not_allowed', message, details);
const failed = (message: string, details?: Record<string, unknown>) =>
  new AppError('resolution_failed', message, details);

/** A check to run before each request; it throws an AppError when the target is off limits. */
export function createTargetCheck(policy: TargetPolicy): (url: URL, signal: AbortSignal) => Promise<void> {
  return async (url, signal) => {
    if (policy.trustedOrigins.has(url.origin)) return;
    if (url.protocol !== 'https:') throw notAllowed('Only https links are followed.', { reason: 'scheme' });
    // `https://a.sbbmobile.ch@127.0.0.1/` names 127.0.0.1: credentials in a link are only ever a disguise.
    if (url.username !== '' || url.password !== '')
      throw notAllowed('The link carries credentials.', { reason: 'userinfo' });
    const host = bareHost(url.hostname);
    if (policy.allowedHosts !== undefined && !policy.allowedHosts.has(host))
      throw notAllowed('The link leads to a host that is not allowed.', { reason: 'host' });
    const addresses = isIpLiteral(host) ? [host] : await abortable(policy.lookup(host), signal);
    if (addresses.length === 0) throw failed('The short-link host did not resolve.', { reason: 'dns' });
    // Every address, not just the first: the HTTP client may pick any of them.
    if (!addresses.every(isPublicAddress)) {
      throw notAllowed('The link leads to a private or reserved address.', { reason: 'address' });
    }
  };
}

/** The system resolver takes no signal; without this a hanging lookup would outlive the time budget. */
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
