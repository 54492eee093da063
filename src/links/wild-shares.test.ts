/**
 * Shares from the wild (issue #15): layouts real people paste, written afresh. Each was read wrong
 * once (a wrong trip is worse than a refusal), so each test pins every field the parser fills.
 */
import { describe, expect, it } from 'vitest';
import type { Trip } from '../domain/trip.js';
import { parseShare } from './index.js';
import type { ParseOutcome } from './types.js';

/** Wednesday 2 December 2026, noon in Zurich: when these shares arrive. */
const NOW = Date.parse('2026-12-02T12:00:00+01:00');

const parseText = (text: string, now = NOW): ParseOutcome =>
  parseShare({ title: null, text, url: null }, { now });

function tripOf(text: string, now = NOW): Trip {
  const outcome = parseText(text, now);
  if (outcome.status !== 'parsed') throw new Error(`expected a trip, got ${JSON.stringify(outcome)}`);
  return outcome.trip;
}

const local = (iso: string) => iso.slice(0, 16);

describe('plain-text layouts that once gave a wrong trip', () => {
  it('reads "A (07:14, Plat. 3) -> B (08:09, Plat. 11) | 55min" without the parentheses in the names', () => {
    const trip = tripOf('Olten (06:31, Plat. 7) -> Aarau (06:40, Plat. 2) | 9min');
    expect([trip.origin, trip.destination]).toEqual(['Olten', 'Aarau']);
    expect(trip.legs.map((l) => [l.from.platform, l.to.platform])).toEqual([['7', '2']]);
    expect([local(trip.departure), local(trip.arrival)]).toEqual(['2026-12-03T06:31', '2026-12-03T06:40']);
    expect(trip.guessed).toEqual(['date']);
  });

  it('reads a DB Navigator bullet text ("• von X, Abfahrt … mit ICE 571") without the connecting words', () => {
    const trip = tripOf(
      'Meine Verbindung\n• von Basel SBB, Abfahrt 09:47 Uhr Gl. 2 mit ICE 271\n• nach Karlsruhe Hbf, Ankunft 11:22 Uhr Gl. 4\nGesendet mit DB Navigator',
    );
    expect([trip.origin, trip.destination]).toEqual(['Basel SBB', 'Karlsruhe Hbf']);
    expect(trip.legs[0]).toMatchObject({ line: 'ICE 271', mode: 'rail' });
    expect([trip.legs[0]?.from.platform, trip.legs[0]?.to.platform]).toEqual(['2', '4']);
  });

  it('reads a ticket e-mail: the destination from the heading, not the payment line; the year that fits the weekday', () => {
    const trip = tripOf(
      'Ihr Billett\nOlten → Zürich HB\nSo 7. März · Abfahrt 08:04, Gleis 11 · Ankunft 08:35, Gleis 33\n2. Klasse, Halbtax\nPreis CHF 17.20\nBezahlt mit TWINT.\nFreundliche Grüsse, Ihre SBB',
    );
    expect([trip.origin, trip.destination]).toEqual(['Olten', 'Zürich HB']);
    // 7 March 2027 is a Sunday, the next 7 March after the share.
    expect(local(trip.departure)).toBe('2027-03-07T08:04');
    expect(trip.guessed).toContain('year');
    expect([trip.legs[0]?.from.platform, trip.legs[0]?.to.platform]).toEqual(['11', '33']);
  });

  it('refuses a date without a year whose weekday is not that of its next occurrence', () => {
    // 13 March 2027 is a Saturday: "Fr 13. März" was 2026, already past when shared.
    const outcome = parseText(
      'Basel SBB → Luzern\nFr 13. März · Abfahrt 09:30, Gleis 8 · Ankunft 10:35, Gleis 4\nBezahlt mit TWINT.',
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'date_unclear' });
  });

  it('keeps a weekday that agrees in every language (ven 5 mars, gio 4 marzo, Thu 4 March)', () => {
    for (const [text, day] of [
      [
        'ven 5 mars\ndép. 07:45 Lausanne, voie 5 · IR 90\narr. 08:33 Genève-Aéroport, voie 3',
        '2027-03-05T07:45',
      ],
      ['gio 4 marzo\npart. 07:02 Lugano, bin. 3 · IC 2\narr. 09:00 Zürich HB, bin. 9', '2027-03-04T07:02'],
      ['Thu 4 March\ndep 07:02 Lugano Pl. 3 IC 2\narr 09:00 Zürich HB Pl. 9', '2027-03-04T07:02'],
    ] as const) {
      expect(local(tripOf(text).departure), text).toBe(day);
    }
  });
});

describe('weekdays that mean two days', () => {
  it('takes German "Di" as Tuesday and French "di" as Sunday: either agrees', () => {
    // 8 December 2026 is a Tuesday, 6 December a Sunday.
    expect(local(tripOf('Di 8.12.\n08:02 ab Bern, Gl. 7 · IC 1\n08:58 an Zürich HB, Gl. 32').departure)).toBe(
      '2026-12-08T08:02',
    );
    expect(
      local(
        tripOf('di 6 décembre\ndép. 07:45 Lausanne, voie 5 · IR 90\narr. 08:33 Genève-Aéroport, voie 3')
          .departure,
      ),
    ).toBe('2026-12-06T07:45');
    expect(parseText('Mi 8.12.\n08:02 ab Bern, Gl. 7 · IC 1\n08:58 an Zürich HB, Gl. 32')).toMatchObject({
      status: 'failed',
      code: 'date_unclear',
    });
  });

  it('never checks the weekday of a date with a year (real links carry wrong ones)', () => {
    expect(
      local(tripOf('Mo, 01.12.2026\n08:02 ab Bern, Gl. 7 · IC 1\n08:58 an Zürich HB, Gl. 32').departure),
    ).toBe('2026-12-01T08:02');
  });
});

describe("other timetables' search links", () => {
  it('refuses an unreadable date or time with bad_link, not a wrong search', () => {
    for (const link of [
      'https://search.ch/fahrplan/?from=Bern&to=Thun&date=31.02.2026&time=08:15',
      'https://search.ch/fahrplan/?from=Bern&to=Thun&date=5.12.2026&time=25:15',
      'https://www.bahn.de/buchung/fahrplan/suche#so=Bern&zo=Thun&hd=morgen',
      'https://opentdatach.github.io/ojp-demo-app/?from=8507000&to=8503000&trip_datetime=5.12.2026',
    ]) {
      expect(parseText(link), link).toMatchObject({ status: 'failed', code: 'bad_link' });
    }
  });

  it('reads a search.ch link without a date as leaving now, and one without a stop as incomplete', () => {
    expect(parseText('https://search.ch/fahrplan/?from=Bern&to=Thun&time=08:15')).toMatchObject({
      query: { source: 'search-ch-link', time: null, timeKind: 'leave-now' },
    });
    expect(parseText('https://search.ch/fahrplan/?to=Thun')).toMatchObject({
      status: 'failed',
      code: 'incomplete_search',
    });
  });

  it('keeps a German EVA id out of the UIC and a Swiss one in (bahn.de)', () => {
    const outcome = parseText(
      'https://www.bahn.de/buchung/fahrplan/suche#sts=true&soid=A%3D1%40O%3DZ%C3%BCrich%20HB%40L%3D8503000%40&zoid=A%3D1%40O%3DStuttgart%20Hbf%40L%3D8000096%40',
    );
    expect(outcome).toMatchObject({
      query: {
        origin: { name: 'Zürich HB', uic: '8503000' },
        destination: { name: 'Stuttgart Hbf', uic: null },
      },
    });
  });

  it('prefers an SBB trip link in the same share over a bahn.de search', () => {
    const outcome = parseText(
      'https://www.bahn.de/buchung/fahrplan/suche#so=Bern&zo=Thun https://app.sbbmobile.ch/tripoffer?recon=T%24A%3D1%40O%3DBern%40L%3D8507000%40a%3D128%40%24A%3D1%40O%3DThun%40L%3D8507100%40a%3D128%40%24202612050802%24202612050819%24IC%2061%20965%24%241%24%24%24%24%24%24',
    );
    expect(outcome).toMatchObject({
      status: 'parsed',
      trip: { origin: 'Bern', destination: 'Thun', source: 'sbb-app-link' },
    });
  });
});

describe('nearestStation', () => {
  it('finds the known station within the distance and none beyond it', async () => {
    const { nearestStation } = await import('./stations.js');
    expect(nearestStation(46.9485, 7.4392, 2000)?.name).toBe('Bern');
    expect(nearestStation(47.3768, 8.5417, 2000)?.name).toBe('Zürich HB');
    expect(nearestStation(46.0, 8.95, 2000)).toBeUndefined();
  });
});

describe('a station from a bare name', () => {
  it('records a city taken for its main station as guessed, not a translation', () => {
    const city = tripOf('01.12.2026: Zug um 8:02 ab Bern, an 8:58 in Zürich');
    expect([city.origin, city.destination]).toEqual(['Bern', 'Zürich HB']);
    expect(city.guessed).toEqual(['destination']);
    expect(city.exactness).toBe('approximate');
    const translated = tripOf('1.12.2026 Zürich HB 07:04 → Genf 09:48 IC 1');
    expect(translated.destination).toBe('Genève');
    expect(translated.guessed).toBeUndefined();
  });
});
