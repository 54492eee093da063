/**
 * The one module that fetches what a share points at: SBB Mobile and Google Maps short links
 * (trip-links.md §1.2, §3.1). Everything it fetches is chosen by a stranger's share, so it is fenced:
 * a host allow-list, https, public addresses only (`address-policy.ts`, checked before every request, and
 * again at connect time by the guarded agent of `guarded-fetch.ts`, which dials only the checked address),
 * at most three redirects inside the list, one time budget for the whole resolution, and a cap on the
 * bytes read. What an SBB splash page says is read by `short-link-page.ts`.
 */
import { AppError } from '../domain/errors.js';
import {
  GOOGLE_SHORT_LINK_HOST,
  isGoogleMapsHost,
  isGoogleShortLinkHost,
  isSbbShortLinkHost,
  SBB_SHORT_LINK_HOST,
} from '../links/hosts.js';
import { createTargetCheck, type Lookup, systemLookup } from './address-policy.js';
import { appErrorCause, createGuardedAgent, fetchVia, type GuardedFetch } from './guarded-fetch.js';
import { isSbbTripLink, tripLinkFromPage } from './short-link-page.js';

export interface LinkResolverOptions {
  /** Base URL standing in for `https://a.sbbmobile.ch` (a local fake in tests). */
  sbbShortLinkUrl: string;
  /** Base URL standing in for `https://maps.app.goo.gl`. */
  googleShortLinkUrl: string;
  /** Stands in for the guarded fetch in tests; production leaves it out (the guard is the default). */
  fetch?: GuardedFetch;
  /** All addresses of a host name; defaults to the system resolver. Asked at the check and at connect. */
  lookup?: Lookup;
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

const MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const notAllowed = (message: string, details?: Record<string, unknown>) =>
  new AppError('link_not_allowed', message, details);
const failed = (message: string, details?: Record<string, unknown>) =>
  new AppError('resolution_failed', message, details);
const expired = () => new AppError('link_expired', 'The short link is unknown or has expired.');

export function createLinkResolver(options: LinkResolverOptions): LinkResolver {
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const sbbBase = baseUrl(options.sbbShortLinkUrl);
  const googleBase = baseUrl(options.googleShortLinkUrl);
  // The operator configured these origins, so they may be http and on loopback (the local fakes). The
  // public hosts themselves stay under the full checks even when configured: trusting them buys nothing.
  const trustedOrigins: ReadonlySet<string> = new Set(
    [sbbBase, googleBase]
      .filter((u) => !isSbbShortLinkHost(u.hostname) && !isGoogleShortLinkHost(u.hostname))
      .map((u) => u.origin),
  );
  const lookup = options.lookup ?? systemLookup;
  const fetchImpl = options.fetch ?? fetchVia(createGuardedAgent({ lookup, trustedOrigins }));
  const checkTarget = createTargetCheck({
    trustedOrigins,
    allowedHosts: new Set([
      SBB_SHORT_LINK_HOST,
      GOOGLE_SHORT_LINK_HOST,
      sbbBase.hostname,
      googleBase.hostname,
    ]),
    lookup,
  });

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
        // A refusal of the guarded agent arrives wrapped as `fetch failed`.
        const refusal = appErrorCause(err);
        if (refusal !== undefined) throw refusal;
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
  const sbb = /^\/s\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname);
  if (isSbbShortLinkHost(url.hostname) && sbb !== null) {
    return { host: 'sbb', url: new URL(`${sbbBase.href.replace(/\/$/, '')}/s/${sbb[1]}`) };
  }
  const google = /^\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname);
  if (isGoogleShortLinkHost(url.hostname) && google !== null) {
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

function isGoogleMapsUrl(url: URL): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.toLowerCase();
  if (!isGoogleMapsHost(host)) return false;
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
