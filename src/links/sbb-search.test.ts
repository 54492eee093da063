import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TripQuery } from '../domain/trip.js';
import { parseSbbSearchLink } from './sbb-search.js';
import { knownStations } from './stations.js';
import type { ParseOutcome } from './types.js';

const parse = (link: string): ParseOutcome | null => parseSbbSearchLink(new URL(link));

function queryOf(outcome: ParseOutcome | null): TripQuery {
  if (outcome?.status !== 'needs_resolution' || outcome.code !== 'timetable_query') {
    throw new Error(`expected a timetable query, got ${JSON.stringify(outcome)}`);
  }
  return outcome.query;
}

describe('parseSbbSearchLink: current stops= links', () => {
  it('reads the real Torino link (names, UIC ids, search time; trip=2 is ignored)', () => {
    const outcome = parse(
      'https://www.sbb.ch/de?stops=Torino+Porta+Nuova_I8300219~Zug_I8502204&day=2026-06-02&time=12_36&moment=dep&trip=2',
    );
    expect(queryOf(outcome)).toEqual({
      source: 'sbb-search-link',
      origin: { name: 'Torino Porta Nuova', uic: '8300219' },
      destination: { name: 'Zug', uic: '8502204' },
      time: '2026-06-02T12:36',
      timeKind: 'depart-at',
    });
  });

  it('decodes percent-encoded names (Z%C3%BCrich+HB)', () => {
    const query = queryOf(
      parse(
        'https://www.sbb.ch/en?stops=Lauterbrunnen_I8507384~Z%C3%BCrich+HB_I8503000&day=2026-07-12&time=20_05&moment=dep&reduction=none',
      ),
    );
    expect(query.destination).toEqual({ name: 'Zürich HB', uic: '8503000' });
    expect(query.time).toBe('2026-07-12T20:05');
  });

  it('names ID-only stops from the station table', () => {
    const query = queryOf(
      parse('https://www.sbb.ch/fr?stops=_I8501120~_I8501008&day=2026-12-03&time=07_45&moment=dep'),
    );
    expect(query.origin).toEqual({ name: 'Lausanne', uic: '8501120' });
    expect(query.destination).toEqual({ name: 'Genève', uic: '8501008' });
  });

  it('keeps an unknown ID-only stop as an id: timetable APIs take ids', () => {
    const query = queryOf(
      parse('https://www.sbb.ch/it?stops=_I8599999~_I8503000&day=2026-12-03&time=07_45&moment=dep'),
    );
    expect(query.origin).toEqual({ name: null, uic: '8599999' });
  });

  it('reads moment=arr as arrive-by', () => {
    const query = queryOf(
      parse('https://www.sbb.ch/en?stops=Bern_I8507000~Thun_I8507100&day=2026-12-03&time=18_00&moment=arr'),
    );
    expect(query.timeKind).toBe('arrive-by');
    expect(query.time).toBe('2026-12-03T18:00');
  });

  it('runs from the first to the last stop when a via sits in between', () => {
    const query = queryOf(
      parse(
        'https://www.sbb.ch/de?stops=Bern_I8507000~Olten_I8500218~Basel+SBB_I8500010&via=1&day=2026-12-03&time=07_00&moment=dep',
      ),
    );
    expect(query.origin.name).toBe('Bern');
    expect(query.destination.name).toBe('Basel SBB');
  });

  it('treats a link without day and time as "leave now"', () => {
    const query = queryOf(parse('https://www.sbb.ch/de?stops=Bern_I8507000~Thun_I8507100'));
    expect(query.time).toBeNull();
    expect(query.timeKind).toBe('leave-now');
  });

  it('accepts a bare name without _I and attaches the UIC it knows', () => {
    const query = queryOf(parse('https://www.sbb.ch/de?stops=Bern~Genf&day=2026-12-03&time=07_00'));
    expect(query.origin).toEqual({ name: 'Bern', uic: '8507000' });
    expect(query.destination).toEqual({ name: 'Genf', uic: '8501008' });
  });

  it('fails a link with one stop as an incomplete search', () => {
    expect(parse('https://www.sbb.ch/de?stops=Bern_I8507000&day=2026-12-03&time=07_00')).toMatchObject({
      status: 'failed',
      code: 'incomplete_search',
    });
  });

  it('fails an impossible date or time as a bad link', () => {
    expect(parse('https://www.sbb.ch/de?stops=_I8507000~_I8503000&day=2026-02-30&time=07_00')).toMatchObject({
      status: 'failed',
      code: 'bad_link',
    });
    expect(parse('https://www.sbb.ch/de?stops=_I8507000~_I8503000&day=2026-02-03&time=25_00')).toMatchObject({
      status: 'failed',
      code: 'bad_link',
    });
  });
});

describe('parseSbbSearchLink: the older JSON form', () => {
  it('fails the real destination-only link and names the destination in the message', () => {
    const outcome = parse(
      'https://www.sbb.ch/en?stops=[{%22label%22:%22%22,%22type%22:%22ID%22,%22value%22:%22%22},{%22value%22:%228591299%22,%22type%22:%22ID%22,%22label%22:%22Z%C3%BCrich,+Paradeplatz%22}]',
    );
    expect(outcome).toEqual({
      status: 'failed',
      code: 'incomplete_search',
      message: 'The search has no origin (to: Zürich, Paradeplatz).',
    });
  });

  it('reads a complete JSON link with quoted date, time and moment', () => {
    const stops = JSON.stringify([
      { value: '8507000', type: 'ID', label: 'Bern' },
      { value: '8591299', type: 'ID', label: 'Zürich, Paradeplatz' },
    ]);
    const link = `https://www.sbb.ch/en?stops=${encodeURIComponent(stops)}&date=%222024-12-28%22&time=%2214:30%22&moment=%22ARRIVAL%22`;
    expect(queryOf(parse(link))).toEqual({
      source: 'sbb-search-link',
      origin: { name: 'Bern', uic: '8507000' },
      destination: { name: 'Zürich, Paradeplatz', uic: '8591299' },
      time: '2024-12-28T14:30',
      timeKind: 'arrive-by',
    });
  });

  it('names a JSON stop that has an id but no label', () => {
    const stops = JSON.stringify([
      { value: '8501120', type: 'ID', label: '' },
      { value: '8501008', type: 'ID' },
    ]);
    const query = queryOf(parse(`https://www.sbb.ch/fr?stops=${encodeURIComponent(stops)}`));
    expect([query.origin.name, query.destination.name]).toEqual(['Lausanne', 'Genève']);
  });

  it('fails JSON that does not parse as a bad link', () => {
    expect(parse('https://www.sbb.ch/en?stops=[{%22value%22')).toMatchObject({
      status: 'failed',
      code: 'bad_link',
    });
  });
});

describe('parseSbbSearchLink: legacy and app links', () => {
  it('reads the legacy webshop link and ignores its wrong weekday', () => {
    const query = queryOf(
      parse(
        'https://www.sbb.ch/en/buying/pages/fahrplan/fahrplan.xhtml?suche=true&von=Thun&nach=Bern&datum=Sun%2C+14.06.2017&zeit=20%3A04',
      ),
    );
    expect(query).toMatchObject({
      origin: { name: 'Thun' },
      destination: { name: 'Bern', uic: '8507000' },
      time: '2017-06-14T20:04',
      timeKind: 'depart-at',
    });
  });

  it('reads an=true on the legacy link as arrive-by', () => {
    const query = queryOf(
      parse(
        'https://www.sbb.ch/de/kaufen/pages/fahrplan/fahrplan.xhtml?von=Thun&nach=Bern&datum=14.06.2017&zeit=20%3A04&an=true',
      ),
    );
    expect(query.timeKind).toBe('arrive-by');
  });

  it('fails the app timetable link without an origin, keeping destination and time in the message', () => {
    const outcome = parse(
      'https://app.sbbmobile.ch/timetable?nach=Bern&datum=28.12.2024&zeit=14%3A30&an=true',
    );
    expect(outcome).toEqual({
      status: 'failed',
      code: 'incomplete_search',
      message: 'The search has no origin (to: Bern; arrive by: 2024-12-28T14:30).',
    });
  });

  it('reads a complete app timetable link (from/to)', () => {
    const query = queryOf(
      parse('https://app.sbbmobile.ch/timetable?from=Luzern&to=Z%C3%BCrich+HB&datum=01.12.2026&zeit=9%3A05'),
    );
    expect(query).toMatchObject({
      origin: { name: 'Luzern', uic: '8505000' },
      destination: { name: 'Zürich HB', uic: '8503000' },
      time: '2026-12-01T09:05',
    });
  });
});

describe('parseSbbSearchLink: not ours', () => {
  it.each([
    'https://www.sbb.ch/en/trip?tripId=3HA.abc.def',
    'https://www.sbb.ch/de',
    'https://app.sbbmobile.ch/tripoffer?appid=bookingAPI&recon=VCRB&date=2017-08-27',
    'https://example.com/de?stops=Bern_I8507000~Thun_I8507100',
    'sbbmobile://trip?recon=3HA.x.y',
  ])('returns null for %s', (link) => {
    expect(parse(link)).toBeNull();
  });
});

describe('parseSbbSearchLink: generated links round-trip', () => {
  // Names as a person or sbb.ch could write them: letters, umlauts, commas, slashes, '&', '+', '=' …
  const nameChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzÄÖÜäöüéèàç ,./&+='()-".split(''));
  const stopName = fc
    .array(nameChar, { minLength: 1, maxLength: 30 })
    .map((chars) => chars.join('').replace(/\s+/g, ' ').trim())
    .filter((name) => /\p{L}/u.test(name));
  const uic = fc.integer({ min: 8_000_000, max: 8_999_999 }).map(String);
  const day = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const clock = fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) });
  const pad = (n: number) => String(n).padStart(2, '0');

  it('gives back the names, ids, date, time and moment it was built from', () => {
    fc.assert(
      fc.property(
        stopName,
        uic,
        stopName,
        uic,
        day,
        clock,
        fc.boolean(),
        (from, fromUic, to, toUic, d, c, arrive) => {
          const date = d.toISOString().slice(0, 10);
          const params = new URLSearchParams({
            stops: `${from}_I${fromUic}~${to}_I${toUic}`,
            day: date,
            time: `${pad(c.hour)}_${pad(c.minute)}`,
            moment: arrive ? 'arr' : 'dep',
          });
          const query = queryOf(parse(`https://www.sbb.ch/de?${params}`));
          expect(query).toEqual({
            source: 'sbb-search-link',
            origin: { name: from, uic: fromUic },
            destination: { name: to, uic: toUic },
            time: `${date}T${pad(c.hour)}:${pad(c.minute)}`,
            timeKind: arrive ? 'arrive-by' : 'depart-at',
          });
        },
      ),
    );
  });

  it('names every ID-only link between known stations', () => {
    const stations = knownStations();
    fc.assert(
      fc.property(fc.constantFrom(...stations), fc.constantFrom(...stations), (from, to) => {
        const query = queryOf(
          parse(`https://www.sbb.ch/en?stops=_I${from.uic}~_I${to.uic}&day=2026-12-01&time=08_00&moment=dep`),
        );
        expect(query.origin).toEqual({ name: from.name, uic: from.uic });
        expect(query.destination).toEqual({ name: to.name, uic: to.uic });
      }),
    );
  });
});
