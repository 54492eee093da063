import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeErrorCode } from '../../test/support/decode-errors.js';
import { formatZurichIso, zurichToEpochMs } from '../domain/time.js';
import { hkiSection, type OffsetHints, readHkiLegs, tripFromLegs, writeHkiLegs } from './hki.js';

const stop = (name: string, uic: string, x: number, y: number) =>
  `A=1@O=${name}@X=${x}@Y=${y}@L=${uic}@a=128@`;
const SAMEDAN = stop('Samedan', '8509251', 9873185, 46533757);
const LANDQUART = stop('Landquart', '8509002', 9554041, 46967442);
const ZUERICH = stop('Zürich HB', '8503000', 8540211, 47378177);
const BERN = stop('Bern', '8507000', 7439131, 46948834);
const BERN_BAHNHOF = stop('Bern, Bahnhof', '8576646', 7440210, 46948106);
const CAECILIEN = stop('Bern, Cäcilienstrasse', '8590011', 7425620, 46941625);

const leg = (kind: string, from: string, to: string, dep: string, arr: string, line = '') =>
  `${kind}$${from}$${to}$${dep}$${arr}$${line}$$1$$$$$$`;

/** Real decoded example 1 (JIT-Pack, trip-links.md §1.3). */
const JITPACK_HKI = [
  leg('T', SAMEDAN, LANDQUART, '202610101058', '202610101239', 'RE 3 1334'),
  leg('T', LANDQUART, ZUERICH, '202610101248', '202610101356', 'IC 3 10104'),
  leg('T', ZUERICH, BERN, '202610101422', '202610101528', 'IC 1 10722'),
  leg('W', BERN, BERN_BAHNHOF, '202610101528', '202610101534'),
  leg('T', BERN_BAHNHOF, CAECILIEN, '202610101539', '202610101546', 'T 6'),
].join('§');

const codeOf = decodeErrorCode;

describe('readHkiLegs', () => {
  it('reads the real JIT-Pack trip: rides, a walk, a tram, coordinates and UIC ids', () => {
    const { legs, departureMs, arrivalMs } = readHkiLegs(JITPACK_HKI);
    expect(legs.map((l) => [l.mode, l.line, l.trainNumber])).toEqual([
      ['rail', 'RE 3', '1334'],
      ['rail', 'IC 3', '10104'],
      ['rail', 'IC 1', '10722'],
      ['walk', null, null],
      ['tram', 'T 6', null],
    ]);
    expect(legs[0]?.from).toEqual({
      name: 'Samedan',
      uic: '8509251',
      platform: null,
      lat: 46.533757,
      lon: 9.873185,
    });
    expect(legs[4]?.to.name).toBe('Bern, Cäcilienstrasse');
    expect(legs[0]?.departure).toBe('2026-10-10T10:58:00+02:00');
    expect(legs[4]?.arrival).toBe('2026-10-10T15:46:00+02:00');
    expect((arrivalMs - departureMs) / 60_000).toBe(4 * 60 + 48);
  });

  it('reads a footpath from a coordinate (G@F, A=2: the name is the O= value, no UIC)', () => {
    const hki = leg(
      'G@F',
      'A=2@O=46.230888, 7.354565@X=7354565@Y=46230888@a=128@',
      stop('Sion', '8501506', 7359199, 46227549),
      '202607051250',
      '202607051302',
    );
    const [walk] = readHkiLegs(hki).legs;
    expect(walk).toEqual({
      mode: 'walk',
      line: null,
      trainNumber: null,
      from: { name: '46.230888, 7.354565', uic: null, platform: null, lat: 46.230888, lon: 7.354565 },
      to: { name: 'Sion', uic: '8501506', platform: null, lat: 46.227549, lon: 7.359199 },
      departure: '2026-07-05T12:50:00+02:00',
      arrival: '2026-07-05T13:02:00+02:00',
    });
  });

  it('reads the short legacy leg of the bookingAPI sample (no coordinates, padded line)', () => {
    const hki =
      'T$A=1@O=Bern@L=8507000@a=128@$A=1@O=Papiermühle@L=8507096@a=128@$201708272030$201708272037$S 7     $$1$';
    const [ride] = readHkiLegs(hki).legs;
    expect(ride?.line).toBe('S 7');
    expect(ride?.from).toEqual({ name: 'Bern', uic: '8507000', platform: null, lat: null, lon: null });
  });

  it('converts wall times with the offset in force: summer, winter, past midnight, across the year end', () => {
    const times = (dep: string, arr: string) => {
      const [ride] = readHkiLegs(leg('T', ZUERICH, BERN, dep, arr, 'IC 1 1')).legs;
      return [ride?.departure, ride?.arrival];
    };
    expect(times('202607051302', '202607051302')).toEqual([
      '2026-07-05T13:02:00+02:00',
      '2026-07-05T13:02:00+02:00',
    ]);
    expect(times('202612051302', '202612051302')).toEqual([
      '2026-12-05T13:02:00+01:00',
      '2026-12-05T13:02:00+01:00',
    ]);
    expect(times('202611282335', '202611290019')).toEqual([
      '2026-11-28T23:35:00+01:00',
      '2026-11-29T00:19:00+01:00',
    ]);
    expect(times('202612312350', '202701010010')).toEqual([
      '2026-12-31T23:50:00+01:00',
      '2027-01-01T00:10:00+01:00',
    ]);
    // Spring forward: 01:50 CET → 03:10 CEST is 20 minutes.
    const spring = readHkiLegs(leg('T', ZUERICH, BERN, '202603290150', '202603290310', 'IC 1 1'));
    expect((spring.arrivalMs - spring.departureMs) / 60_000).toBe(20);
  });

  it('agrees with time.ts for any wall time 1900-2100 (its own per-year cache of the changes)', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const wallArb = fc.oneof(
      fc.record({
        year: fc.integer({ min: 1900, max: 2100 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minute: fc.integer({ min: 0, max: 59 }),
      }),
      // The change days: the last Sunday is always on or after the 25th.
      fc.record({
        year: fc.integer({ min: 1975, max: 2100 }),
        month: fc.constantFrom(3, 9, 10),
        day: fc.integer({ min: 24, max: 30 }),
        hour: fc.integer({ min: 0, max: 4 }),
        minute: fc.integer({ min: 0, max: 59 }),
      }),
    );
    fc.assert(
      fc.property(wallArb, (wall) => {
        const raw = `${pad(wall.year, 4)}${pad(wall.month)}${pad(wall.day)}${pad(wall.hour)}${pad(wall.minute)}`;
        const { legs, departureMs } = readHkiLegs(leg('T', ZUERICH, BERN, raw, raw, 'IC 1'));
        const expected = zurichToEpochMs(wall, 'earlier');
        expect(departureMs).toBe(expected);
        expect(legs[0]?.departure).toBe(formatZurichIso(expected));
      }),
      { numRuns: 5000 },
    );
  });

  describe('the repeated October hour (2026-10-25 02:00-02:59 happens twice)', () => {
    const ride = leg('T', ZUERICH, BERN, '202610250240', '202610250210', 'IR 13 1999');
    const hints = (offsets: Record<string, number>): OffsetHints => ({
      offsetFor: (uic, wall) => offsets[`${uic}|${wall}`],
    });

    it('takes the offsets the stop list states', () => {
      const [r] = readHkiLegs(ride, hints({ '8503000|202610250240': 120, '8507000|202610250210': 60 })).legs;
      expect([r?.departure, r?.arrival]).toEqual(['2026-10-25T02:40:00+02:00', '2026-10-25T02:10:00+01:00']);
      const late = leg('T', ZUERICH, BERN, '202610250220', '202610250250', 'IR 13 1999');
      const [l] = readHkiLegs(late, hints({ '8503000|202610250220': 60, '8507000|202610250250': 60 })).legs;
      expect([l?.departure, l?.arrival]).toEqual(['2026-10-25T02:20:00+01:00', '2026-10-25T02:50:00+01:00']);
    });

    it('without offsets takes the earlier instant, unless the trip would go back in time', () => {
      const [r] = readHkiLegs(ride).legs;
      expect([r?.departure, r?.arrival]).toEqual(['2026-10-25T02:40:00+02:00', '2026-10-25T02:10:00+01:00']);
      const [e] = readHkiLegs(leg('T', ZUERICH, BERN, '202610250210', '202610250240', 'IR 13 1999')).legs;
      expect([e?.departure, e?.arrival]).toEqual(['2026-10-25T02:10:00+02:00', '2026-10-25T02:40:00+02:00']);
    });
  });

  it.each([
    ['an unknown leg kind', leg('X', ZUERICH, BERN, '202612051302', '202612051402', 'IC 1')],
    ['too few fields', `T$${ZUERICH}$${BERN}`],
    ['a month 13', leg('T', ZUERICH, BERN, '202613051302', '202613051402', 'IC 1')],
    ['a 30 February', leg('T', ZUERICH, BERN, '202602301302', '202602301402', 'IC 1')],
    ['a 29 February outside a leap year', leg('T', ZUERICH, BERN, '202702291302', '202702291402', 'IC 1')],
    ['hour 24', leg('T', ZUERICH, BERN, '202612052400', '202612052410', 'IC 1')],
    ['a short time', leg('T', ZUERICH, BERN, '20261205130', '202612051402', 'IC 1')],
    ['an arrival before the departure', leg('T', ZUERICH, BERN, '202612051402', '202612051302', 'IC 1')],
    [
      'a stop without a name',
      leg('T', 'A=1@O=@L=8503000@a=128@', BERN, '202612051302', '202612051402', 'IC 1'),
    ],
    ['a stop without a type', leg('T', 'O=Bern@L=8507000@', BERN, '202612051302', '202612051402', 'IC 1')],
    ['a non-numeric UIC', leg('T', 'A=1@O=Bern@L=85O7000@', BERN, '202612051302', '202612051402', 'IC 1')],
    ['a mangled stop', leg('T', 'A=1@O=Bern@garbage@', BERN, '202612051302', '202612051402', 'IC 1')],
    [
      'a bad coordinate',
      leg('T', 'A=1@O=Bern@X=7.4@Y=46@L=8507000@', BERN, '202612051302', '202612051402', 'IC 1'),
    ],
  ])('fails the whole trip (bad_leg) on %s', (_why, bad) => {
    expect(codeOf(() => readHkiLegs(`${JITPACK_HKI}§${bad}`))).toBe('bad_leg');
  });

  it('accepts leap days', () => {
    const [r] = readHkiLegs(leg('T', ZUERICH, BERN, '202802291302', '202802291402', 'IC 1')).legs;
    expect(r?.departure).toBe('2028-02-29T13:02:00+01:00');
  });

  it('reports an empty HKI as a bad link', () => {
    expect(codeOf(() => readHkiLegs(''))).toBe('bad_link');
  });

  it('tolerates a trailing leg separator but not an empty leg in the middle', () => {
    expect(readHkiLegs(`${JITPACK_HKI}§`).legs).toHaveLength(5);
    expect(codeOf(() => readHkiLegs(JITPACK_HKI.replace('§', '§§')))).toBe('bad_leg');
  });

  it('normalises a 9-digit padded UIC', () => {
    const [r] = readHkiLegs(
      leg('T', 'A=1@O=Bern@L=008507000@a=128@', BERN, '202612051302', '202612051402', 'IC 1'),
    ).legs;
    expect(r?.from.uic).toBe('8507000');
  });
});

describe('hkiSection', () => {
  it('takes the HKI value out of a sectioned reconstruction string', () => {
    expect(hkiSection(`¶HKI¶${JITPACK_HKI}¶KC¶#VE#2#¶SC¶1_H4s`)).toBe(JITPACK_HKI);
    expect(hkiSection(`¶GP¶x¶HKI¶${JITPACK_HKI}`)).toBe(JITPACK_HKI);
    expect(hkiSection('¶KC¶#VE#2#')).toBeNull();
  });
});

describe('writeHkiLegs', () => {
  it('writes what readHkiLegs reads', () => {
    const { legs } = readHkiLegs(JITPACK_HKI);
    expect(readHkiLegs(writeHkiLegs(legs)).legs).toEqual(legs);
  });

  it('writes a walk touching an address as G@F and one between stops as W', () => {
    const { legs } = readHkiLegs(JITPACK_HKI);
    const walk = legs[3];
    if (walk === undefined) throw new Error('no walk');
    expect(writeHkiLegs([walk]).startsWith('W$')).toBe(true);
    expect(writeHkiLegs([{ ...walk, to: { ...walk.to, uic: null } }]).startsWith('G@F$')).toBe(true);
  });

  it('refuses names that would break the format', () => {
    const { legs } = readHkiLegs(JITPACK_HKI);
    const first = legs[0];
    if (first === undefined) throw new Error('no leg');
    expect(() => writeHkiLegs([{ ...first, from: { ...first.from, name: 'A$B' } }])).toThrow(RangeError);
  });
});

describe('tripFromLegs', () => {
  it('spans from the first leg (walks included) to the last', () => {
    const trip = tripFromLegs(readHkiLegs(JITPACK_HKI), 'sbb-trip-link');
    expect(trip).toMatchObject({
      source: 'sbb-trip-link',
      exactness: 'exact',
      origin: 'Samedan',
      destination: 'Bern, Cäcilienstrasse',
      departure: '2026-10-10T10:58:00+02:00',
      arrival: '2026-10-10T15:46:00+02:00',
      durationSeconds: (4 * 60 + 48) * 60,
    });
    expect(formatZurichIso(Date.parse(trip.departure))).toBe(trip.departure);
  });
});
