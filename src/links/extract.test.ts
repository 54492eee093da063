import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureById } from '../../test/fixtures.js';
import { extractShareLinks, type LinkCandidate, MAX_FIELD_CHARS, normaliseShare, RANK } from './extract.js';
import type { SharePayload } from './types.js';

const TRIP_LINK = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const TRIP_ID = TRIP_LINK.slice(TRIP_LINK.indexOf('tripId=') + 'tripId='.length);
const TRIPOFFER = fixtureById('real-sbbmobile-tripoffer-bookingapi').url ?? '';
const SHORT = 'https://a.sbbmobile.ch/s/73oNRti7';

const links = (payload: Partial<SharePayload>): LinkCandidate[] =>
  extractShareLinks(normaliseShare({ title: null, text: null, url: null, ...payload }));

const summary = (c: LinkCandidate): string => {
  switch (c.kind) {
    case 'sbb-trip-id':
      return `trip:${c.tripId}`;
    case 'sbb-app-recon':
      return `recon:${c.recon}`;
    case 'short-link':
      return `short:${c.host}:${c.link}`;
    default:
      return `${c.kind}:${c.url.href}`;
  }
};
const first = (payload: Partial<SharePayload>) => {
  const found = links(payload)[0];
  return found === undefined ? null : summary(found);
};

describe('extractShareLinks: where the link is', () => {
  it('finds the link in text (Android), url (iOS) or title', () => {
    expect(first({ text: TRIP_LINK })).toBe(`trip:${TRIP_ID}`);
    expect(first({ url: TRIP_LINK })).toBe(`trip:${TRIP_ID}`);
    expect(first({ title: `Trip ${TRIP_LINK}` })).toBe(`trip:${TRIP_ID}`);
  });

  it.each([
    ['de', `Schau dir meine Verbindung an: ${SHORT} Gesendet von SBB Mobile`],
    ['fr', `Voici mon trajet : ${SHORT}. Envoyé depuis SBB Mobile`],
    ['it', `Ecco il mio viaggio: ${SHORT}! Inviato da SBB Mobile`],
    ['en', `Check out my trip! ${SHORT} sent from SBB Mobile`],
    ['none', SHORT],
    ['guillemets', `«${SHORT}»`],
    ['quotes', `"${SHORT}"`],
    ['typographic quotes', `„${SHORT}“`],
    ['parentheses', `(siehe ${SHORT})`],
    ['no-break space', `Reise:\u00a0${SHORT}\u00a0!`],
    ['zero-width space', `${SHORT}\u200bDanke`],
    ['no scheme', 'Reise: a.sbbmobile.ch/s/73oNRti7'],
  ])('finds a short link among words (%s)', (_lang, text) => {
    expect(first({ text })).toBe(`short:sbb:${SHORT}`);
  });

  it.each([...').,;:!?»"\''])('drops a trailing %j', (mark) => {
    expect(first({ text: `${TRIP_LINK}${mark}` })).toBe(`trip:${TRIP_ID}`);
    expect(first({ text: `${SHORT}${mark}${mark}` })).toBe(`short:sbb:${SHORT}`);
  });

  it('un-escapes &amp; from links copied out of HTML', () => {
    const escaped = TRIPOFFER.replaceAll('&', '&amp;');
    const found = links({ text: escaped })[0];
    expect(found?.kind).toBe('sbb-app-recon');
    expect(found?.kind === 'sbb-app-recon' && found.recon).toBe(
      'VCRBPTFATz1CZXJuQEw9ODUwNzAwMEBhPTEyOEAkQT0xQE89UGFwaWVybcO8aGxlQEw9ODUwNzA5NkBhPTEyOEAkMjAxNzA4MjcyMDMwJDIwMTcwODI3MjAzNyRTIDcgICAgICQkMSQ=',
    );
  });

  it('reports the same link once when it is in url and text', () => {
    expect(links({ text: `Meine Reise ${TRIP_LINK}`, url: TRIP_LINK })).toHaveLength(1);
  });

  it('ignores links that are not trips', () => {
    expect(links({ text: 'Siehe https://example.com/trip?tripId=3HA.x und www.sbb.chx/' })).toEqual([]);
    expect(links({ text: 'https://a.sbbmobile.ch/ticketlist' })).toEqual([]);
    expect(links({ text: 'https:// nothing' })).toEqual([]);
  });
});

describe('extractShareLinks: wrapped lines', () => {
  it('glues a tripId wrapped at any point, with \\n or \\r\\n and indentation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: TRIP_ID.length - 1 }),
        fc.constantFrom('\n', '\r\n', ' \n  ', '\n\t'),
        (at, br) => {
          const text = `Meine Reise: ${TRIP_LINK.slice(0, -TRIP_ID.length)}${TRIP_ID.slice(0, at)}${br}${TRIP_ID.slice(at)}\nGute Fahrt!`;
          expect(first({ text })).toBe(`trip:${TRIP_ID}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('glues a tripId wrapped over several lines', () => {
    const chunks = TRIP_ID.match(/.{1,76}/g) ?? [];
    const text = `${TRIP_LINK.slice(0, -TRIP_ID.length)}${chunks.join('\n')}`;
    expect(first({ text })).toBe(`trip:${TRIP_ID}`);
  });

  it('does not glue prose on the next line onto a complete tripId', () => {
    expect(links({ text: `${TRIP_LINK}\nsent from SBB Mobile` }).map(summary)).toEqual([`trip:${TRIP_ID}`]);
  });

  it('keeps the link as written as a fallback when the glued line may be prose', () => {
    const all = links({ text: `${TRIP_LINK}\nDanke` }).map(summary);
    expect(all).toEqual([`trip:${TRIP_ID}Danke`, `trip:${TRIP_ID}`]);
  });

  it('does not glue a link on the next line onto a tripId', () => {
    const all = links({ text: `${TRIP_LINK}\n${SHORT}` }).map(summary);
    expect(all).toEqual([`trip:${TRIP_ID}`, `short:sbb:${SHORT}`]);
  });

  it('does not glue after a complete base64 value', () => {
    const all = links({ text: `${TRIPOFFER.replace(/&date=.*$/, '')}\nDanke` });
    expect(all).toHaveLength(1);
  });
});

describe('extractShareLinks: priority (trip-links.md §4)', () => {
  const stops = fixtureById('real-sbb-stops-link-lauterbrunnen').url ?? '';
  const legacy = fixtureById('real-sbb-fahrplan-xhtml-legacy').url ?? '';
  const scheme = fixtureById('real-blob-sbbmobile-scheme').text ?? '';
  const gmapsLong = fixtureById('c-gmaps-arrive-by').url ?? '';
  const gmapsShort = 'https://maps.app.goo.gl/Gk7uVbNw3cXz9PqR6?g_st=aw';
  const firebase = fixtureById('real-gmaps-firebase-shortlink-driving').text ?? '';

  it('orders trip link > app scheme > short link > stops search > app recon > legacy > Google', () => {
    const text = [gmapsLong, gmapsShort, legacy, TRIPOFFER, stops, SHORT, scheme, TRIP_LINK].join(' und ');
    const ranks = links({ text }).map((c) => c.rank);
    expect(ranks).toEqual([
      RANK.sbbTripLink,
      RANK.sbbAppScheme,
      RANK.sbbShortLink,
      RANK.sbbStopsSearch,
      RANK.sbbAppRecon,
      RANK.sbbLegacySearch,
      RANK.googleShortLink,
      RANK.googleDirections,
    ]);
  });

  it('classifies each SBB form', () => {
    expect(links({ text: scheme })[0]).toMatchObject({ kind: 'sbb-app-recon', rank: RANK.sbbAppScheme });
    expect(links({ url: stops })[0]).toMatchObject({ kind: 'sbb-search', rank: RANK.sbbStopsSearch });
    expect(links({ url: legacy })[0]).toMatchObject({ kind: 'sbb-search', rank: RANK.sbbLegacySearch });
    expect(links({ url: 'https://app.sbbmobile.ch/timetable?nach=Bern' })[0]).toMatchObject({
      kind: 'sbb-search',
    });
    expect(links({ url: 'https://www.sbb.ch/de/angebot?tripId=3HA.abc.def' })[0]).toMatchObject({
      kind: 'sbb-trip-id',
      tripId: '3HA.abc.def',
    });
  });

  it('tells a Google short link from the Firebase form that carries the long URL', () => {
    expect(first({ text: `Zürich HB nach Bern\n${gmapsShort}` })).toBe(
      'short:google:https://maps.app.goo.gl/Gk7uVbNw3cXz9PqR6',
    );
    expect(links({ text: firebase })[0]).toMatchObject({ kind: 'google-maps', rank: RANK.googleShortLink });
    expect(links({ url: gmapsLong })[0]).toMatchObject({ kind: 'google-maps', rank: RANK.googleDirections });
  });

  it('hands every Google Maps host to the Google parser', () => {
    for (const host of ['www.google.com', 'google.ch', 'maps.google.de', 'www.google.co.uk']) {
      expect(links({ text: `Route: https://${host}/maps/dir/Bern/Thun` })[0]).toMatchObject({
        kind: 'google-maps',
      });
    }
    expect(links({ text: 'google.ch/maps/dir/Bern/Thun' })[0]).toMatchObject({ kind: 'google-maps' });
    expect(links({ text: 'https://www.google.com/search?q=maps' })).toEqual([]);
  });

  it('drops the query of a short link and refuses an odd code', () => {
    expect(first({ text: 'https://a.sbbmobile.ch/s/73oNRti7?utm=x#frag' })).toBe(`short:sbb:${SHORT}`);
    expect(links({ text: 'https://a.sbbmobile.ch/s/%3Cscript' })).toEqual([]);
  });
});

describe('normaliseShare', () => {
  it('turns non-strings and blank fields into null and cuts huge fields', () => {
    const odd = { title: 42, text: '   ', url: 'x'.repeat(MAX_FIELD_CHARS + 10) } as unknown as SharePayload;
    const fields = normaliseShare(odd);
    expect(fields.title).toBeNull();
    expect(fields.text).toBeNull();
    expect(fields.url).toHaveLength(MAX_FIELD_CHARS);
  });
});
