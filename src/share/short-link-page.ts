/**
 * Reading the trip out of an a.sbbmobile.ch splash page (trip-links.md §1.2). The page is a stranger's
 * HTML as far as Railtape knows, so only a link of the exact sbb.ch trip shape is taken from it.
 */
import { isSbbWebHost } from '../links/hosts.js';

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

/** An https sbb.ch `…/trip?tripId=3HA.…` link: the only web link the resolver hands back as the answer. */
export function isSbbTripLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (
      url.protocol === 'https:' &&
      isSbbWebHost(url.hostname) &&
      /\/trip$/.test(url.pathname) &&
      (url.searchParams.get('tripId') ?? '').startsWith('3HA.')
    );
  } catch {
    return false;
  }
}

// A numeric entity past U+10FFFF names no character; HTML parsers render U+FFFD for it.
const codePoint = (n: number) => (n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd');

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => codePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => codePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
