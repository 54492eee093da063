import { describe, expect, it } from 'vitest';
import type { TripQuery } from '../domain/trip.js';
import { parseGoogleMapsUrl, placeFromLabel } from './google-maps.js';
import type { ParseOutcome } from './types.js';

const parse = (link: string): ParseOutcome | null => parseGoogleMapsUrl(new URL(link));

function queryOf(outcome: ParseOutcome | null): TripQuery {
  if (outcome?.status !== 'needs_resolution' || outcome.code !== 'timetable_query') {
    throw new Error(`expected a timetable query, got ${JSON.stringify(outcome)}`);
  }
  return outcome.query;
}

describe('parseGoogleMapsUrl: /maps/dir/ long URLs', () => {
  it('reads the real Atlanta transit URL: names as given, !8j as local wall time', () => {
    const query = queryOf(
      parse(
        'https://www.google.com/maps/dir/Brookhaven,+GA/Downtown+Atlanta,+Atlanta,+GA/@33.8104311,-84.3980103,13z/data=!3m1!4b1!4m18!4m17!1m5!1m1!1s0x88f5089505f9f565:0x851a6587d0c37ec1!2m2!1d-84.3371266!2d33.8650186!1m5!1m1!1s0x88f5038740415b5d:0xa005d8181c4268d8!2m2!1d-84.3883717!2d33.755711!2m3!6e0!7e2!8j1639728000!3e3',
      ),
    );
    expect(query).toEqual({
      source: 'google-maps',
      origin: { name: 'Brookhaven, GA', uic: null },
      destination: { name: 'Downtown Atlanta, Atlanta, GA', uic: null },
      time: '2021-12-17T08:00',
      timeKind: 'depart-at',
    });
  });

  it("maps Google's station labels with an address onto the station", () => {
    const query = queryOf(
      parse(
        'https://www.google.com/maps/dir/Z%C3%BCrich+HB,+Bahnhofplatz,+8001+Z%C3%BCrich/Bern,+Bahnhofplatz,+3011+Bern/@47.16,7.99,9z/data=!3m1!4b1!4m18!4m17!1m5!1m1!1s0x47900a08cc0e6e41:0xf0b8ca4d1f7d1f2e!2m2!1d8.5402!2d47.3782!1m5!1m1!1s0x478e39c0d43a1b77:0x1d5a0bd8d3c9e0ab!2m2!1d7.4391!2d46.9488!2m3!6e0!7e2!8j1796025600!3e3',
      ),
    );
    expect(query.origin).toEqual({ name: 'Zürich HB', uic: '8503000' });
    expect(query.destination).toEqual({ name: 'Bern', uic: '8507000' });
    expect(query.time).toBe('2026-11-30T08:00');
  });

  it('reads a link without a time block as "leave now" and names Genève Aéroport officially', () => {
    const query = queryOf(
      parse('https://www.google.com/maps/dir/Lausanne/Gen%C3%A8ve+A%C3%A9roport/data=!4m2!4m1!3e3'),
    );
    expect(query).toEqual({
      source: 'google-maps',
      origin: { name: 'Lausanne', uic: '8501120' },
      destination: { name: 'Genève-Aéroport', uic: '8501026' },
      time: null,
      timeKind: 'leave-now',
    });
  });

  it('reads !6e1 as arrive-by', () => {
    const query = queryOf(
      parse('https://www.google.com/maps/dir/Bern/Interlaken+Ost/data=!4m6!4m5!2m3!6e1!7e2!8j1796115600!3e3'),
    );
    expect(query.timeKind).toBe('arrive-by');
    expect(query.time).toBe('2026-12-01T09:00');
  });

  it('keeps the local wall time across the DST change (no offset is applied)', () => {
    // 2026-03-29 02:30 does not exist in Zurich, but !8j carries it literally; the timetable query decides.
    const epoch = Date.UTC(2026, 2, 29, 2, 30) / 1000;
    const query = queryOf(
      parse(`https://www.google.com/maps/dir/Bern/Thun/data=!4m6!4m5!2m3!6e0!7e2!8j${epoch}!3e3`),
    );
    expect(query.time).toBe('2026-03-29T02:30');
  });

  it.each([
    ['!3e0', 'driving', 'driving_route'],
    ['!3e1', 'cycling', 'cycling_route'],
    ['!3e2', 'walking', 'walking_route'],
    ['!3e4', 'flying', 'not_transit'],
  ])('rejects %s as not transit, with its own code', (token, mode, code) => {
    const outcome = parse(`https://www.google.com/maps/dir/Bern/Thun/data=!4m2!4m1${token}`);
    expect(outcome).toMatchObject({ status: 'failed', code });
    expect(outcome?.status === 'failed' ? outcome.message : '').toContain(mode);
  });

  it('treats an empty origin (/dir//Dest) as the phone position, which the traveller must still give', () => {
    const outcome = parse('https://www.google.com/maps/dir//Bern/data=!4m2!4m1!3e3');
    expect(outcome).toMatchObject({
      status: 'needs_resolution',
      code: 'timetable_query',
      query: {
        origin: { name: null, uic: null, device: true },
        destination: { name: 'Bern', uic: '8507000' },
      },
    });
  });

  it.each(['My+location', 'Mein+Standort', 'Ma+position', 'La+mia+posizione', 'Current+Location'])(
    'never plans from a place called %s: the origin is the phone position',
    (label) => {
      const query = queryOf(parse(`https://www.google.com/maps/dir/${label}/Thun/data=!4m2!4m1!3e3`));
      expect(query.origin).toEqual({ name: null, uic: null, device: true });
    },
  );

  it('goes from the first to the last waypoint', () => {
    const query = queryOf(parse('https://www.google.com/maps/dir/Bern/Olten/Basel+SBB/data=!4m2!4m1!3e3'));
    expect([query.origin.name, query.destination.name]).toEqual(['Bern', 'Basel SBB']);
  });

  it('accepts a link without data= (mode not stated) as a transit query', () => {
    const query = queryOf(parse('https://www.google.ch/maps/dir/Bern/Thun/'));
    expect([query.origin.name, query.destination.name, query.timeKind]).toEqual([
      'Bern',
      'Thun',
      'leave-now',
    ]);
  });

  it('finds the mode and time even when the token counts do not add up', () => {
    const query = queryOf(
      parse('https://www.google.com/maps/dir/Bern/Thun/data=!4m9!2m3!6e1!8j1796115600!3e3'),
    );
    expect([query.timeKind, query.time]).toEqual(['arrive-by', '2026-12-01T09:00']);
  });
});

describe('parseGoogleMapsUrl: api=1 and Firebase forms', () => {
  it('reads the documented api=1 form as "leave now"', () => {
    const query = queryOf(
      parse(
        'https://www.google.com/maps/dir/?api=1&origin=Lausanne&destination=Gen%C3%A8ve-A%C3%A9roport&travelmode=transit',
      ),
    );
    expect(query).toMatchObject({
      origin: { name: 'Lausanne' },
      destination: { name: 'Genève-Aéroport' },
      timeKind: 'leave-now',
    });
  });

  it('rejects api=1 with another travel mode', () => {
    expect(
      parse('https://www.google.com/maps/dir/?api=1&origin=Bern&destination=Thun&travelmode=driving'),
    ).toMatchObject({
      status: 'failed',
      code: 'driving_route',
    });
    expect(
      parse('https://www.google.com/maps/dir/?api=1&origin=Bern&destination=Thun&travelmode=bicycling'),
    ).toMatchObject({ code: 'cycling_route' });
    expect(
      parse('https://www.google.com/maps/dir/?api=1&origin=Bern&destination=Thun&travelmode=walking'),
    ).toMatchObject({ code: 'walking_route' });
  });

  it('reads api=1 without an origin as a search from the phone position (Maps URLs default)', () => {
    expect(
      queryOf(parse('https://www.google.com/maps/dir/?api=1&destination=Thun&travelmode=transit')),
    ).toMatchObject({
      origin: { device: true },
      destination: { name: 'Thun' },
    });
  });

  it('decodes the long URL inside the real Firebase short link and rejects its driving route', () => {
    const outcome = parse(
      'https://maps.app.goo.gl/?utm_campaign=ml-navnp-dr&pcampaignid=ml-navnp-dr&apn=com.google.android.apps.maps&amv=965100030&link=https%3A%2F%2Fwww.google.com%2Fmaps%2Fdir%2F%2FThe%2BStation%2C%2B1%2BMends%2BSt%2C%2BSouth%2BPerth%2BWA%2B6151%2F%40-31.9614112%2C115.8523381%2C14z%2Fdata%3D!4m6!4m5!1m0!1m2!1m1!1s0x2a32a529928d7447%3A0x4a1084749ffdee05!3e0!11m1!6b1%3Fentry%3Dml%26utm_campaign%3Dml-navnp-dr%26coh%3D230964&isi=585027354&ibi=com.google.Maps&ius=comgooglemapsurl&pt=9008&mt=8&ct=ml-navnp-dr&ifl=https%3A%2F%2Fapps.apple.com%2Fapp%2Fid585027354%3Fct%3Dml-navnp-dr%26pt%3D9008%26mt%3D8%26ppid%3Da2beb448-b2c7-4ed7-ae8b-78fdcf9f33a8&efr=1',
    );
    expect(outcome).toEqual({
      status: 'failed',
      code: 'driving_route',
      message:
        'The Google Maps route is for driving, not public transport (to: The Station, 1 Mends St, South Perth WA 6151).',
    });
  });

  it('parses a Firebase link that wraps a transit route', () => {
    const inner = 'https://www.google.com/maps/dir/Bern/Thun/data=!4m6!4m5!2m3!6e0!7e2!8j1796115600!3e3';
    const query = queryOf(
      parse(`https://maps.app.goo.gl/?apn=com.google.android.apps.maps&link=${encodeURIComponent(inner)}`),
    );
    expect([query.origin.name, query.destination.name, query.time]).toEqual([
      'Bern',
      'Thun',
      '2026-12-01T09:00',
    ]);
  });

  it('leaves an opaque maps.app.goo.gl short link to the resolver', () => {
    expect(parse('https://maps.app.goo.gl/Gk7uVbNw3cXz9PqR6?g_st=aw')).toBeNull();
  });
});

describe('parseGoogleMapsUrl: other Google pages', () => {
  it('refuses a shared place or map view as a place, not a route', () => {
    for (const link of [
      'https://www.google.com/maps/place/Bern/@46.94,7.43,15z',
      'https://www.google.com/maps/@46.94,7.43,15z',
      'https://maps.google.com/?q=Bern+Bahnhof',
      'https://www.google.com/maps/search/Bern+Bahnhof/',
    ]) {
      expect(parse(link), link).toMatchObject({ status: 'failed', code: 'place_not_route' });
    }
  });

  it.each([
    'https://www.google.com/search?q=bern',
    'https://example.com/maps/dir/Bern/Thun',
    'https://notgoogle.com/maps/dir/Bern/Thun',
  ])('returns null for %s', (link) => {
    expect(parse(link)).toBeNull();
  });
});

describe('placeFromLabel', () => {
  it.each([
    ['Zürich HB, Bahnhofplatz, 8001 Zürich', { name: 'Zürich HB', uic: '8503000' }],
    ['Zurich HB', { name: 'Zürich HB', uic: '8503000' }],
    ['Genf', { name: 'Genève', uic: '8501008' }],
    ['Bern, Bahnhof', { name: 'Bern, Bahnhof', uic: '8576646' }],
    ['Lausanne, Switzerland', { name: 'Lausanne', uic: '8501120' }],
    // A city before the comma is not the station: Paradeplatz is a tram stop.
    ['Zürich, Paradeplatz, 8001 Zürich', { name: 'Zürich, Paradeplatz, 8001 Zürich', uic: null }],
    ['Bern, Marktgasse', { name: 'Bern, Marktgasse', uic: null }],
    ['47.3769,8.5417', { name: '47.3769,8.5417', uic: null }],
  ])('%s → %o', (label, place) => {
    expect(placeFromLabel(label)).toEqual(place);
  });

  it('has no place for an empty label', () => {
    expect(placeFromLabel('  ')).toBeNull();
  });
});
