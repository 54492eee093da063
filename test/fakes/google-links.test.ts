import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_SHORT_LINK, type LinksFake, startGoogleLinksFake } from './google-links.js';
import { fixtureShortCodes } from './sbb-links.js';

describe('Google Maps short-link fake (trip-links.md §3.1)', () => {
  let fake: LinksFake;

  beforeAll(async () => {
    fake = await startGoogleLinksFake({
      codes: { Extra001: 'https://www.google.com/maps/dir/Bern/Thun/data=!4m2!4m1!3e3' },
      failing: ['Broken01'],
    });
  });
  afterAll(() => fake.close());

  it('serves the fixture codes with a resolvesTo', () => {
    const codes = fixtureShortCodes(GOOGLE_SHORT_LINK);
    expect([...codes.keys()].sort()).toEqual(['Gk7uVbNw3cXz9PqR6', 'Hq2LmN8sTz4VwXy5A']);
  });

  it('redirects a known code (302 + Location), ignoring the g_st marker', async () => {
    const res = await fetch(`${fake.url}/Gk7uVbNw3cXz9PqR6?g_st=aw`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\/Z%C3%BCrich\+HB/);
    const extra = await fetch(`${fake.url}/Extra001`, { redirect: 'manual' });
    expect(extra.headers.get('location')).toBe('https://www.google.com/maps/dir/Bern/Thun/data=!4m2!4m1!3e3');
  });

  it('answers 404 for unknown codes and 500 for failing ones', async () => {
    expect((await fetch(`${fake.url}/Unknown1`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${fake.url}/`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${fake.url}/Broken01`, { redirect: 'manual' })).status).toBe(500);
  });

  it('can answer with another redirect status or without redirecting', async () => {
    const other = await startGoogleLinksFake({ status: 301, noRedirect: ['Static01'] });
    try {
      expect((await fetch(`${other.url}/Hq2LmN8sTz4VwXy5A`, { redirect: 'manual' })).status).toBe(301);
      expect((await fetch(`${other.url}/Static01`, { redirect: 'manual' })).status).toBe(200);
      expect(other.requests.map((r) => r.path)).toEqual(['/Hq2LmN8sTz4VwXy5A', '/Static01']);
    } finally {
      await other.close();
    }
  });
});
