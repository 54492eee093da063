import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureShortCodes,
  type LinksFake,
  SBB_SHORT_LINK,
  sbbSplashPage,
  startSbbLinksFake,
} from './sbb-links.js';

describe('SBB short-link fake (trip-links.md §1.2)', () => {
  let fake: LinksFake;

  beforeAll(async () => {
    fake = await startSbbLinksFake({
      codes: { Extra001: 'https://www.sbb.ch/fr/trip?tripId=3HA.a.b&lang=fr' },
      failing: ['Broken01'],
      gone: ['Gone0001'],
      redirects: { Moved001: 'https://elsewhere.example/' },
      oversized: { Huge0001: 300_000 },
    });
  });
  afterAll(() => fake.close());

  it('listens on loopback with an ephemeral port', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the fixture codes that have a resolvesTo, and only those', () => {
    const codes = fixtureShortCodes(SBB_SHORT_LINK);
    expect([...codes.keys()].sort()).toEqual(['73oNRti7', 'Qw3rTy7u', 'SA5YK2Z1', 'Zk8pQ2mA', 'm5yK6Fnm']);
    expect(codes.get('m5yK6Fnm')).toBeNull();
  });

  it('answers 200 HTML with both trip anchors and the App Store link, no redirect', async () => {
    const res = await fetch(`${fake.url}/s/73oNRti7`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const tripId = /tripId=(3HA\.[A-Za-z0-9_.-]+)/.exec(html)?.[1];
    expect(tripId).toMatch(/^3HA\.eNql/);
    expect(html).toContain(`href="sbbmobile://trip?recon=${tripId}"`);
    expect(html).toContain(`href="https://www.sbb.ch/en/trip?tripId=${tripId}"`);
    expect(html).toContain('https://itunes.apple.com/app/sbb-mobile/id294855237');
  });

  it('escapes & as &amp; inside hrefs', async () => {
    const html = await (await fetch(`${fake.url}/s/Extra001`)).text();
    expect(html).toContain('href="https://www.sbb.ch/fr/trip?tripId=3HA.a.b&amp;lang=fr"');
    expect(html).toContain('<html lang="fr">');
  });

  it('answers 404 HTML for unknown codes and other paths', async () => {
    for (const path of ['/s/m5yK6Fnm', '/s/nope', '/', '/x/73oNRti7']) {
      const res = await fetch(`${fake.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('answers the injected failures', async () => {
    expect((await fetch(`${fake.url}/s/Broken01`)).status).toBe(500);
    expect((await fetch(`${fake.url}/s/Gone0001`)).status).toBe(410);
    const moved = await fetch(`${fake.url}/s/Moved001`, { redirect: 'manual' });
    expect([moved.status, moved.headers.get('location')]).toEqual([302, 'https://elsewhere.example/']);
  });

  it('streams an oversized page without a length, the trip link after the padding', async () => {
    const res = await fetch(`${fake.url}/s/Huge0001`);
    expect(res.headers.get('content-length')).toBeNull();
    const html = await res.text();
    expect(html.length).toBeGreaterThan(300_000);
    expect(html.indexOf('tripId=')).toBeGreaterThan(300_000);
  });

  it('records the requests it saw', async () => {
    const before = fake.requests.length;
    await fetch(`${fake.url}/s/73oNRti7?lang=de`);
    expect(fake.requests.slice(before)).toMatchObject([{ method: 'GET', path: '/s/73oNRti7?lang=de' }]);
  });

  it('delays answers when asked to', async () => {
    const slow = await startSbbLinksFake({
      delayMs: 200,
      fixtures: false,
      codes: { A1: 'https://www.sbb.ch/en/trip?tripId=3HA.a.b' },
    });
    try {
      const started = Date.now();
      expect((await fetch(`${slow.url}/s/A1`)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(180);
      expect((await fetch(`${slow.url}/s/73oNRti7`)).status).toBe(404);
    } finally {
      await slow.close();
    }
  });

  it('answers 503 to everything while unavailable', async () => {
    fake.setAvailable(false);
    try {
      expect((await fetch(`${fake.url}/s/73oNRti7`)).status).toBe(503);
    } finally {
      fake.setAvailable(true);
    }
    expect((await fetch(`${fake.url}/s/73oNRti7`)).status).toBe(200);
  });

  it('builds the splash page from the trip link language', () => {
    expect(sbbSplashPage('https://www.sbb.ch/it/trip?tripId=3HA.a.b')).toContain(
      'href="https://www.sbb.ch/it"',
    );
  });
});
