/**
 * Contract fake of `https://maps.app.goo.gl`: `GET /<code>` redirects (302) to the long
 * `https://www.google.com/maps/dir/…` URL (trip-links.md §3.1; the exact status of the real host is
 * unverified, geoshare only follows it). Unknown codes get a 404.
 */
import type { ServerResponse } from 'node:http';
import { fixtureShortCodes, type LinksFake, listen } from './sbb-links.js';

export type { LinksFake, RecordedRequest } from './sbb-links.js';

export const GOOGLE_SHORT_LINK = /https?:\/\/maps\.app\.goo\.gl\/([A-Za-z0-9]+)/;

export interface GoogleLinksFakeOptions {
  /** Extra codes and the long URL each one redirects to. */
  codes?: Record<string, string>;
  /** Serve the fixtures' short links (those with a `resolvesTo`); default true. */
  fixtures?: boolean;
  /** Redirect status; default 302. */
  status?: 301 | 302 | 303 | 307 | 308;
  delayMs?: number;
  /** Codes answered with a 500. */
  failing?: string[];
  /** Codes answered 200 with a page instead of a redirect. */
  noRedirect?: string[];
}

export async function startGoogleLinksFake(opts: GoogleLinksFakeOptions = {}): Promise<LinksFake> {
  const codes = new Map<string, string>();
  if (opts.fixtures !== false) {
    for (const [code, target] of fixtureShortCodes(GOOGLE_SHORT_LINK)) {
      if (target !== null) codes.set(code, target);
    }
  }
  for (const [code, target] of Object.entries(opts.codes ?? {})) codes.set(code, target);

  const answer = (path: string, res: ServerResponse): void => {
    const code = /^\/([A-Za-z0-9_-]+)\/?(?:\?.*)?$/.exec(path)?.[1];
    const target = code === undefined ? undefined : codes.get(code);
    if (code !== undefined && opts.failing?.includes(code)) html(res, 500, '<h1>Error</h1>');
    else if (code !== undefined && opts.noRedirect?.includes(code)) html(res, 200, '<h1>Google Maps</h1>');
    else if (target === undefined) html(res, 404, '<h1>Dynamic Link Not Found</h1>');
    else {
      res.writeHead(opts.status ?? 302, { location: target, 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>Redirecting…</body></html>');
    }
  };

  return listen(answer, opts.delayMs ?? 0);
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}
