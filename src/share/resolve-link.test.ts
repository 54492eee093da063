import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GOOGLE_SHORT_LINK, startGoogleLinksFake } from '../../test/fakes/google-links.js';
import {
  type LinksFake,
  SBB_SHORT_LINK,
  sbbSplashPage,
  startSbbLinksFake,
} from '../../test/fakes/sbb-links.js';
import { loadShareFixtures } from '../../test/fixtures.js';
import { AppError } from '../domain/errors.js';
import { createLinkResolver, type LinkResolverOptions } from './resolve-link.js';

const TRIP_LINK =
  'https://www.sbb.ch/de/trip?tripId=3HA.eNrjWsgoNI_x0DYPb89D20JUHG0NHfxtow7vKcpMzlDwcHKIsLUwNTEwMjR0iLQ1MTc2tzA0N3fwAQoaGBsYGDgk2hoaWThAtTmlFuUBNZibGFsaGoM1mFmaWFgYm0A0mCNpMDIwMjM0BBphYWCExDG1UPF0VjBUMDewVFExVAGDQ9sAiZQpRA.eNqrVvJXslKyMDUwNjAwUNJRcoHwzCG8FCDPyMDITNfQUNcYJFACFDAwtzI1BbITgWw_IJ0DpB2BdK6SVXSsjlKeklVeaU6OjlJZZmIxRAjE8ssvQeaEFCXmFaelFkHEUiuSc0pTUl0SS1JTwlIzMpNzUr3yS4vyUivBJtQCANMXLkE';
const SECRET = 'SECRET-BODY-7f3a';

/** Runs `promise`, expecting an AppError; returns it for closer checks. */
async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the resolution to fail');
}

describe('createLinkResolver against the contract fakes (real HTTP)', () => {
  let sbb: LinksFake;
  let google: LinksFake;
  const fetched: string[] = [];
  const lookup = vi.fn(async (_host: string): Promise<string[]> => {
    throw new Error('the configured origins are trusted: no DNS lookup expected');
  });
  const recordingFetch: typeof fetch = (input, init) => {
    fetched.push(input instanceof URL ? input.href : String(input));
    return fetch(input, init);
  };
  const resolverFor = (overrides: Partial<LinkResolverOptions> = {}) =>
    createLinkResolver({
      sbbShortLinkUrl: sbb.url,
      googleShortLinkUrl: google.url,
      fetch: recordingFetch,
      lookup,
      ...overrides,
    });

  beforeAll(async () => {
    sbb = await startSbbLinksFake({
      codes: { AmpLink1: `${TRIP_LINK}&lang=de`, HopTarget: TRIP_LINK },
      failing: ['Broken01'],
      gone: ['Gone0001'],
      oversized: { Huge0001: 3 * 1024 * 1024 },
      redirects: {
        Loop0001: '/s/Loop0001',
        Hop00001: '/s/HopTarget',
        OffList1: 'https://evil.example/s/x',
        PlainHt1: 'http://a.sbbmobile.ch/s/abc',
        ToLoop01: 'https://127.0.0.1/s/abc',
        ToMeta01: 'http://169.254.169.254/latest/meta-data/',
        ToSbb001: 'https://a.sbbmobile.ch/s/abc',
      },
      pages: {
        AppOnly1: '<html><body><a href="sbbmobile://trip?recon=3HA.abc.def">Open in app</a></body></html>',
        NoLink01: `<html><body><p>${SECRET}</p><a href="https://www.sbb.ch/en">SBB</a></body></html>`,
      },
    });
    google = await startGoogleLinksFake({
      codes: { Phish001: 'https://evil.example/maps/dir/Bern/Thun' },
      failing: ['Broken01'],
      noRedirect: ['Static01'],
    });
  });

  afterAll(async () => {
    await sbb.close();
    await google.close();
  });

  it('resolves every fixture short link that has a resolvesTo', async () => {
    const resolver = resolverFor();
    const cases = loadShareFixtures().flatMap((f) => {
      const text = f.text ?? f.url ?? '';
      const link = SBB_SHORT_LINK.exec(text)?.[0] ?? GOOGLE_SHORT_LINK.exec(text)?.[0];
      return link !== undefined && f.resolvesTo !== undefined
        ? [{ id: f.id, link, expected: f.resolvesTo }]
        : [];
    });
    expect(cases.map((c) => c.id).sort()).toEqual([
      'c-gmaps-android-transit',
      'c-gmaps-ios-leave-now',
      'c-sbb-short-de-bus',
      'c-sbb-short-en-test-string',
      'real-sbb-short-jitpack',
      'real-sbb-short-traintime',
    ]);
    for (const c of cases) {
      await expect(resolver.resolve(c.link), c.id).resolves.toBe(c.expected);
    }
    expect(lookup).not.toHaveBeenCalled();
  });

  it('answers link_expired (422) for an unknown code and for 410', async () => {
    const resolver = resolverFor();
    const unknown = await appErrorOf(resolver.resolve('https://a.sbbmobile.ch/s/m5yK6Fnm'));
    expect([unknown.code, unknown.status]).toEqual(['link_expired', 422]);
    expect((await appErrorOf(resolver.resolve('https://a.sbbmobile.ch/s/Gone0001'))).code).toBe(
      'link_expired',
    );
    expect((await appErrorOf(resolver.resolve('https://maps.app.goo.gl/Unknown99'))).code).toBe(
      'link_expired',
    );
  });

  it('answers resolution_failed (502) for a 500', async () => {
    const resolver = resolverFor();
    for (const link of ['https://a.sbbmobile.ch/s/Broken01', 'https://maps.app.goo.gl/Broken01']) {
      const err = await appErrorOf(resolver.resolve(link));
      expect([err.code, err.status, err.details?.status]).toEqual(['resolution_failed', 502, 500]);
    }
  });

  it('answers resolution_failed while the host is down (503), and resolves once it is back', async () => {
    const resolver = resolverFor();
    google.setAvailable(false);
    try {
      const err = await appErrorOf(resolver.resolve('https://maps.app.goo.gl/Gk7uVbNw3cXz9PqR6'));
      expect([err.code, err.details?.status]).toEqual(['resolution_failed', 503]);
    } finally {
      google.setAvailable(true);
    }
    await expect(resolver.resolve('https://maps.app.goo.gl/Gk7uVbNw3cXz9PqR6')).resolves.toMatch(
      /^https:\/\/www\.google\.com\/maps\/dir\//,
    );
  });

  it('un-escapes &amp; in the trip link of the page', async () => {
    await expect(resolverFor().resolve('https://a.sbbmobile.ch/s/AmpLink1')).resolves.toBe(
      `${TRIP_LINK}&lang=de`,
    );
  });

  it('falls back to the sbbmobile:// app link', async () => {
    await expect(resolverFor().resolve('https://a.sbbmobile.ch/s/AppOnly1')).resolves.toBe(
      'sbbmobile://trip?recon=3HA.abc.def',
    );
  });

  it('fails a page without a trip link and keeps the body out of the message', async () => {
    const err = await appErrorOf(resolverFor().resolve('https://a.sbbmobile.ch/s/NoLink01'));
    expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'no_link']);
    expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain(SECRET);
  });

  it('gives up when the time budget runs out', async () => {
    const slow = await startSbbLinksFake({ delayMs: 10_000 });
    try {
      const resolver = createLinkResolver({
        sbbShortLinkUrl: slow.url,
        googleShortLinkUrl: google.url,
        timeoutMs: 150,
      });
      const started = Date.now();
      const err = await appErrorOf(resolver.resolve('https://a.sbbmobile.ch/s/73oNRti7'));
      expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'timeout']);
      // Far below the fake's 10 s delay: the budget, not the server, ended the request.
      expect(Date.now() - started).toBeLessThan(5_000);
      // A per-call budget (the inline fast path) overrides the default.
      const generous = createLinkResolver({ sbbShortLinkUrl: slow.url, googleShortLinkUrl: google.url });
      const quick = await appErrorOf(
        generous.resolve('https://a.sbbmobile.ch/s/73oNRti7', { timeoutMs: 100 }),
      );
      expect(quick.details?.reason).toBe('timeout');
    } finally {
      await slow.close();
    }
  });

  it("stops when the caller's signal aborts", async () => {
    const slow = await startGoogleLinksFake({ delayMs: 2_000 });
    try {
      const resolver = createLinkResolver({ sbbShortLinkUrl: sbb.url, googleShortLinkUrl: slow.url });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const err = await appErrorOf(
        resolver.resolve('https://maps.app.goo.gl/Gk7uVbNw3cXz9PqR6', { signal: controller.signal }),
      );
      expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'aborted']);
    } finally {
      await slow.close();
    }
  });

  it('stops reading a page larger than the cap (streamed without a length)', async () => {
    const err = await appErrorOf(resolverFor().resolve('https://a.sbbmobile.ch/s/Huge0001'));
    expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'too_large']);
  });

  it('refuses a declared length over the cap before reading', async () => {
    const err = await appErrorOf(resolverFor({ maxBytes: 512 }).resolve('https://a.sbbmobile.ch/s/73oNRti7'));
    expect(err.details?.reason).toBe('too_large');
  });

  it('follows a redirect inside the configured origin', async () => {
    await expect(resolverFor().resolve('https://a.sbbmobile.ch/s/Hop00001')).resolves.toBe(TRIP_LINK);
  });

  it('stops after three redirects', async () => {
    const before = sbb.requests.length;
    const err = await appErrorOf(resolverFor().resolve('https://a.sbbmobile.ch/s/Loop0001'));
    expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'redirects']);
    expect(sbb.requests.length - before).toBe(4);
  });

  it('refuses a redirect to a host off the list, without resolving or fetching it', async () => {
    fetched.length = 0;
    const err = await appErrorOf(resolverFor().resolve('https://a.sbbmobile.ch/s/OffList1'));
    expect([err.code, err.status, err.details?.reason]).toEqual(['link_not_allowed', 422, 'host']);
    expect(fetched.some((u) => u.includes('evil.example'))).toBe(false);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses a redirect to plain http on an allowed host', async () => {
    const err = await appErrorOf(resolverFor().resolve('https://a.sbbmobile.ch/s/PlainHt1'));
    expect([err.code, err.details?.reason]).toEqual(['link_not_allowed', 'scheme']);
  });

  it.each([
    // 127.0.0.1 is on the host list here (the fake's own host), but only its http origin is trusted.
    ['ToLoop01', 'address'],
    ['ToMeta01', 'scheme'],
  ])('refuses a redirect to a private address (%s)', async (code, reason) => {
    const err = await appErrorOf(resolverFor().resolve(`https://a.sbbmobile.ch/s/${code}`));
    expect([err.code, err.details?.reason]).toEqual(['link_not_allowed', reason]);
  });

  it('refuses a redirect to an allowed host whose name resolves to a private address', async () => {
    const privateLookup = vi.fn(async () => ['10.0.0.7']);
    const err = await appErrorOf(
      resolverFor({ lookup: privateLookup }).resolve('https://a.sbbmobile.ch/s/ToSbb001'),
    );
    expect([err.code, err.details?.reason]).toEqual(['link_not_allowed', 'address']);
    expect(privateLookup).toHaveBeenCalledWith('a.sbbmobile.ch');
  });

  it('stops reading an endless page at the cap', async () => {
    const endless = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
      const resolver = createLinkResolver({
        sbbShortLinkUrl: url,
        googleShortLinkUrl: google.url,
        maxBytes: 64 * 1024,
      });
      const started = Date.now();
      const err = await appErrorOf(resolver.resolve('https://a.sbbmobile.ch/s/73oNRti7'));
      expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'too_large']);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      endless.closeAllConnections();
      await new Promise<void>((resolve) => endless.close(() => resolve()));
    }
  });

  it('reads the Google Location without following it', async () => {
    fetched.length = 0;
    const before = google.requests.length;
    const long = await resolverFor().resolve('https://maps.app.goo.gl/Hq2LmN8sTz4VwXy5A?g_st=isi');
    expect(long).toBe('https://www.google.com/maps/dir/Lausanne/Gen%C3%A8ve+A%C3%A9roport/data=!4m2!4m1!3e3');
    expect(google.requests.slice(before).map((r) => r.path)).toEqual(['/Hq2LmN8sTz4VwXy5A']);
    expect(fetched).toEqual([`${google.url}/Hq2LmN8sTz4VwXy5A`]);
  });

  it('accepts 301 as well as 302 from Google', async () => {
    const permanent = await startGoogleLinksFake({ status: 301 });
    try {
      const resolver = createLinkResolver({ sbbShortLinkUrl: sbb.url, googleShortLinkUrl: permanent.url });
      await expect(resolver.resolve('https://maps.app.goo.gl/Hq2LmN8sTz4VwXy5A')).resolves.toMatch(
        /^https:\/\/www\.google\.com\/maps\/dir\//,
      );
    } finally {
      await permanent.close();
    }
  });

  it('refuses a Google redirect that is not a google.com/maps URL', async () => {
    const err = await appErrorOf(resolverFor().resolve('https://maps.app.goo.gl/Phish001'));
    expect(err.code).toBe('link_not_allowed');
  });

  it('fails a Google answer that is not a redirect', async () => {
    const err = await appErrorOf(resolverFor().resolve('https://maps.app.goo.gl/Static01'));
    expect([err.code, err.details?.status]).toEqual(['resolution_failed', 200]);
  });

  it.each([
    'https://example.com/s/73oNRti7',
    'https://a.sbbmobile.ch@127.0.0.1/s/73oNRti7',
    'https://maps.app.goo.gl@2130706433/Gk7uVbNw3cXz9PqR6',
    'http://2130706433/s/73oNRti7',
    'https://0x7f.1/s/73oNRti7',
    'https://[::ffff:127.0.0.1]/s/73oNRti7',
    'https://a.sbbmobile.ch/tripoffer?recon=x',
    'https://maps.app.goo.gl/?link=https%3A%2F%2Fwww.google.com%2Fmaps',
    'ftp://a.sbbmobile.ch/s/73oNRti7',
    'not a link',
    `${'https://a.sbbmobile.ch/s/'}${'x'.repeat(100)}`,
  ])('refuses %s as not a short link', async (link) => {
    const err = await appErrorOf(resolverFor().resolve(link));
    expect([err.code, err.status]).toEqual(['link_not_allowed', 422]);
  });

  it('reports an unreachable server as resolution_failed', async () => {
    const gone = await startSbbLinksFake();
    const url = gone.url;
    await gone.close();
    const resolver = createLinkResolver({ sbbShortLinkUrl: url, googleShortLinkUrl: google.url });
    const err = await appErrorOf(resolver.resolve('https://a.sbbmobile.ch/s/73oNRti7'));
    expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'network']);
  });
});

describe('createLinkResolver: hosts that are not configured origins', () => {
  // The operator points the SBB base at the real host; requests to it are intercepted here.
  const options = (lookup: (host: string) => Promise<string[]>, pages: Record<string, Response>) => {
    const requested: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      const url = input instanceof URL ? input.href : String(input);
      requested.push(url);
      const page = pages[url];
      if (page === undefined) throw new TypeError('fetch failed');
      return page;
    };
    return {
      requested,
      resolver: createLinkResolver({
        sbbShortLinkUrl: 'https://a.sbbmobile.ch',
        googleShortLinkUrl: 'https://maps.app.goo.gl',
        fetch: fakeFetch,
        lookup,
      }),
    };
  };

  it('fetches a public address', async () => {
    const lookup = vi.fn(async () => ['194.150.245.142', '2a00:4bc0:ffff:ffff::c296:f58e']);
    const { resolver } = options(lookup, {
      'https://a.sbbmobile.ch/s/73oNRti7': new Response(sbbSplashPage(TRIP_LINK), { status: 200 }),
    });
    await expect(resolver.resolve('https://a.sbbmobile.ch/s/73oNRti7')).resolves.toBe(TRIP_LINK);
    expect(lookup).toHaveBeenCalledWith('a.sbbmobile.ch');
  });

  it.each([['10.0.0.5'], ['127.0.0.1'], ['169.254.169.254'], ['::1'], ['fd00::1'], ['::ffff:10.0.0.1']])(
    'refuses to connect when the host resolves to %s',
    async (address) => {
      const { resolver, requested } = options(async () => ['194.150.245.142', address], {});
      const err = await appErrorOf(resolver.resolve('https://maps.app.goo.gl/Gk7uVbNw3cXz9PqR6'));
      expect([err.code, err.details?.reason]).toEqual(['link_not_allowed', 'address']);
      expect(requested).toEqual([]);
    },
  );

  it('fails when the host does not resolve', async () => {
    const { resolver } = options(async () => [], {});
    const err = await appErrorOf(resolver.resolve('https://a.sbbmobile.ch/s/73oNRti7'));
    expect([err.code, err.details?.reason]).toEqual(['resolution_failed', 'dns']);
    const { resolver: failing } = options(async () => Promise.reject(new Error('ENOTFOUND')), {});
    expect((await appErrorOf(failing.resolve('https://a.sbbmobile.ch/s/73oNRti7'))).code).toBe(
      'resolution_failed',
    );
  });

  it('refuses a name that answers a public address at the check and loopback at connect (rebinding)', async () => {
    const answers = [['194.150.245.142'], ['127.0.0.1']];
    const lookup = vi.fn(async () => answers.shift() ?? ['127.0.0.1']);
    // No fetch stand-in: the resolver's own guarded agent dials.
    const resolver = createLinkResolver({
      sbbShortLinkUrl: 'https://a.sbbmobile.ch',
      googleShortLinkUrl: 'https://maps.app.goo.gl',
      lookup,
      timeoutMs: 3_000,
    });
    const err = await appErrorOf(resolver.resolve('https://a.sbbmobile.ch/s/73oNRti7'));
    expect([err.code, err.details?.reason]).toEqual(['link_not_allowed', 'address']);
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('returns a trip link that SBB would send as a redirect, without fetching sbb.ch', async () => {
    const { resolver, requested } = options(async () => ['194.150.245.142'], {
      'https://a.sbbmobile.ch/s/Redir123': new Response(null, {
        status: 302,
        headers: { location: TRIP_LINK },
      }),
    });
    await expect(resolver.resolve('https://a.sbbmobile.ch/s/Redir123')).resolves.toBe(TRIP_LINK);
    expect(requested).toEqual(['https://a.sbbmobile.ch/s/Redir123']);
  });
});
