/**
 * Contract fake of `https://a.sbbmobile.ch`: `GET /s/<code>` answers 200 with the HTML splash page
 * (no redirect) whose anchors carry the trip, as described in trip-links.md §1.2 (JIT-Pack's model of
 * the real page: an `sbbmobile://trip?recon=` anchor, an `https://www.sbb.ch/<lang>/trip?tripId=`
 * anchor and an App Store link). Unknown codes get a 404 page.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadShareFixtures } from '../fixtures.js';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  headers: IncomingHttpHeaders;
}

/** Short codes of one host in the fixtures, with the long link each one stands for when it is known. */
export function fixtureShortCodes(pattern: RegExp): Map<string, string | null> {
  const codes = new Map<string, string | null>();
  for (const fixture of loadShareFixtures()) {
    for (const field of [fixture.text, fixture.url, fixture.title]) {
      const code = field === null ? undefined : pattern.exec(field)?.[1];
      if (code !== undefined) codes.set(code, fixture.resolvesTo ?? null);
    }
  }
  return codes;
}

export const SBB_SHORT_LINK = /https?:\/\/a\.sbbmobile\.ch\/s\/([A-Za-z0-9]+)/;

export interface SbbLinksFakeOptions {
  /** Extra codes and the trip link (`https://www.sbb.ch/<lang>/trip?tripId=3HA…`) each one carries. */
  codes?: Record<string, string>;
  /** Serve the fixtures' short links (those with a `resolvesTo`); default true. */
  fixtures?: boolean;
  /** Wait this long before answering anything (timeout tests). */
  delayMs?: number;
  /** Codes answered with a page of this many bytes, streamed without a length, the trip link at the very end. */
  oversized?: Record<string, number>;
  /** Codes answered with a 500. */
  failing?: string[];
  /** Codes answered with a 410 (an expired link). */
  gone?: string[];
  /** Codes answered with a 302 to the given location. */
  redirects?: Record<string, string>;
  /** Codes answered 200 with exactly this HTML. */
  pages?: Record<string, string>;
}

export interface LinksFake {
  url: string;
  requests: RecordedRequest[];
  /** While false, every request gets a 503, as from a host that is down (retry tests). */
  setAvailable(available: boolean): void;
  close(): Promise<void>;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The splash page: both anchors, `&` escaped as `&amp;` the way HTML attributes carry it. */
export function sbbSplashPage(tripLink: string, padding = ''): string {
  const tripId = new URL(tripLink).searchParams.get('tripId') ?? '';
  const lang = /^\/(de|fr|it|en)\//.exec(new URL(tripLink).pathname)?.[1] ?? 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SBB Mobile</title>
<link rel="canonical" href="https://www.sbb.ch/${lang}">
</head>
<body>
${padding}<header><a href="https://www.sbb.ch/${lang}">SBB CFF FFS</a></header>
<main>
<p>Open this connection in the SBB Mobile app.</p>
<a href="${escapeHtml(`sbbmobile://trip?recon=${tripId}`)}">Open in app</a>
<a class="btn" href="${escapeHtml(tripLink)}">Open on sbb.ch</a>
<a href="https://itunes.apple.com/app/sbb-mobile/id294855237">Download on the App Store</a>
<a href="https://play.google.com/store/apps/details?id=ch.sbb.mobile.android.b2c&amp;hl=${lang}">Get it on Google Play</a>
</main>
</body>
</html>
`;
}

const NOT_FOUND_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Not found</title></head><body><h1>404</h1></body></html>\n';

export async function startSbbLinksFake(opts: SbbLinksFakeOptions = {}): Promise<LinksFake> {
  const codes = new Map<string, string>();
  if (opts.fixtures !== false) {
    for (const [code, target] of fixtureShortCodes(SBB_SHORT_LINK)) {
      if (target !== null) codes.set(code, target);
    }
  }
  for (const [code, target] of Object.entries(opts.codes ?? {})) codes.set(code, target);

  const answer = async (path: string, res: ServerResponse): Promise<void> => {
    const code = /^\/s\/([A-Za-z0-9_-]+)\/?(?:\?.*)?$/.exec(path)?.[1];
    if (code === undefined) return send(res, 404, NOT_FOUND_PAGE);
    if (opts.failing?.includes(code)) return send(res, 500, '<h1>Internal error</h1>');
    if (opts.gone?.includes(code)) return send(res, 410, NOT_FOUND_PAGE);
    const location = opts.redirects?.[code];
    if (location !== undefined) {
      res.writeHead(302, { location, 'content-type': 'text/html' });
      res.end(`<a href="${escapeHtml(location)}">moved</a>`);
      return;
    }
    const page = opts.pages?.[code];
    if (page !== undefined) return send(res, 200, page);
    const target = codes.get(code);
    const oversize = opts.oversized?.[code];
    if (oversize !== undefined)
      return streamOversized(res, oversize, target ?? 'https://www.sbb.ch/en/trip?tripId=3HA.x.y');
    if (target === undefined) return send(res, 404, NOT_FOUND_PAGE);
    return send(res, 200, sbbSplashPage(target));
  };

  return listen(answer, opts.delayMs ?? 0);
}

function send(res: ServerResponse, status: number, html: string): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.byteLength });
  res.end(body);
}

/** Chunked, without a length, so only a reader that counts bytes notices the size. */
async function streamOversized(res: ServerResponse, bytes: number, target: string): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  const chunk = Buffer.alloc(64 * 1024, ' ');
  let sent = 0;
  while (sent < bytes && !res.destroyed) {
    const ok = res.write(chunk);
    sent += chunk.byteLength;
    if (!ok) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  if (!res.destroyed) res.end(sbbSplashPage(target));
}

/** A `node:http` server on 127.0.0.1 with an ephemeral port, shared by both link fakes. */
export async function listen(
  answer: (path: string, res: ServerResponse) => void | Promise<void>,
  delayMs: number,
): Promise<LinksFake> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let available = true;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const run = () => {
      if (res.destroyed) return;
      if (!available) {
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '60' });
        res.end('<h1>Service unavailable</h1>');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' });
        res.end();
        return;
      }
      Promise.resolve(answer(path, res)).catch(() => res.destroy());
    };
    if (delayMs <= 0) return run();
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setAvailable: (value) => {
      available = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
