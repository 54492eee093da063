import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadShareFixtures, payloadOf } from '../../test/fixtures.js';
import { SHARE_FAMILIES, shareFamily } from './family.js';

/** The family each kind of real sample (test/fixtures/share-examples.json) must get. */
const EXPECTED: Record<string, string> = {
  'sbb-mobile-short-link': 'sbb_short_link',
  'sbb-trip-link': 'sbb_trip_link',
  'sbb-app-scheme': 'sbb_app_link',
  'sbb-app-link': 'sbb_app_link',
  'sbb-app-link-legacy': 'sbb_app_link',
  'sbb-web-search-link': 'sbb_search',
  'sbb-web-search-link-legacy': 'sbb_search',
  'google-maps-dir-url': 'google_maps',
  'google-maps-short-link': 'google_short_link',
  'plain-text': 'text',
};

describe('shareFamily', () => {
  it('names the family of every real sample', () => {
    const fixtures = loadShareFixtures();
    expect(fixtures.length).toBeGreaterThan(20);
    for (const f of fixtures) {
      expect(EXPECTED[f.kind], `no expected family for kind ${f.kind}`).toBeDefined();
      const family = shareFamily(payloadOf(f));
      // A Firebase short link carries the long link in `link=`: read without the network, a Google link.
      if (f.id === 'real-gmaps-firebase-shortlink-driving') {
        expect(family).toBe('google_maps');
        continue;
      }
      // The app's timetable link is a search (stops and a time), read by the search decoder.
      if (f.id === 'seen-sbbmobile-timetable-link') {
        expect(family).toBe('sbb_search');
        continue;
      }
      expect(family, `${f.id} (${f.kind})`).toBe(EXPECTED[f.kind]);
    }
  });

  it('tells Apple Maps, other sites and empty shares apart', () => {
    expect(
      shareFamily({ title: null, text: null, url: 'https://maps.apple.com/?saddr=Bern&daddr=Thun&dirflg=r' }),
    ).toBe('apple_maps');
    expect(shareFamily({ title: null, text: null, url: 'https://example.com/trip' })).toBe('other');
    expect(shareFamily({ title: null, text: null, url: null })).toBe('other');
    expect(shareFamily({ title: null, text: 'Bern ab 08:02, Thun an 08:20', url: null })).toBe('text');
  });

  it('counts searches of other timetables as their own family, not as text', () => {
    for (const url of [
      'https://search.ch/fahrplan/?from=Bern&to=Thun&time=08:02&date=2026-12-03',
      'https://www.bahn.de/buchung/fahrplan/suche#sts=true&so=Basel%20SBB&zo=Z%C3%BCrich%20HB&hd=2026-12-03T09:47:00',
    ]) {
      expect(shareFamily({ title: null, text: `Mein Zug ${url}`, url: null }), url).toBe('timetable_link');
    }
  });

  it('is total: any payload gets one of the families', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: fc.option(fc.string({ maxLength: 200 })),
          text: fc.option(fc.string({ maxLength: 400 })),
          url: fc.option(fc.webUrl()),
        }),
        (payload) => {
          expect(SHARE_FAMILIES).toContain(shareFamily(payload));
        },
      ),
      { numRuns: 300 },
    );
  });
});
