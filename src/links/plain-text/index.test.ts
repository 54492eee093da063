import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatZurichLocalMinute, zurichToEpochMs } from '../../domain/time.js';
import { countTransfers, type Trip } from '../../domain/trip.js';
import { knownStations } from '../stations.js';
import { parsePlainText } from './index.js';

/** The fixtures' share time: Tuesday 2026-11-24, noon in Zurich. */
const NOW = Date.parse('2026-11-24T12:00:00+01:00');

function tripOf(text: string, now = NOW): Trip {
  const outcome = parsePlainText(text, { now });
  if (outcome?.status !== 'parsed')
    throw new Error(`expected a trip from ${JSON.stringify(text)}, got ${JSON.stringify(outcome)}`);
  return outcome.trip;
}

const local = (iso: string) => iso.slice(0, 16);
const summary = (trip: Trip) => ({
  origin: trip.origin,
  destination: trip.destination,
  departure: local(trip.departure),
  arrival: local(trip.arrival),
  legs: trip.legs.map((l) => `${l.mode} ${l.line ?? '-'} ${l.from.name} → ${l.to.name}`),
});

describe('parsePlainText: the fixture layouts', () => {
  it('reads the German multi-leg text with a walk and a tram', () => {
    const trip = tripOf(
      'Bern → Zürich, ETH/Universitätsspital\nMo, 30.11.2026\n08:02 ab Bern, Gl. 7 · IC 1\n08:58 an Zürich HB, Gl. 32\nFussweg 5 Min.\n09:05 ab Zürich, Bahnhofplatz/HB · T 10\n09:11 an Zürich, ETH/Universitätsspital\nReisedauer 1 Std. 9 Min., 1 Umstieg',
    );
    expect(summary(trip)).toEqual({
      origin: 'Bern',
      destination: 'Zürich, ETH/Universitätsspital',
      departure: '2026-11-30T08:02',
      arrival: '2026-11-30T09:11',
      legs: [
        'rail IC 1 Bern → Zürich HB',
        'walk - Zürich HB → Zürich, Bahnhofplatz/HB',
        'tram T 10 Zürich, Bahnhofplatz/HB → Zürich, ETH/Universitätsspital',
      ],
    });
    expect(countTransfers(trip)).toBe(1);
    expect(trip.exactness).toBe('exact');
    expect(trip.guessed).toBeUndefined();
    expect(trip.durationSeconds).toBe(69 * 60);
    // The walk lasts the stated five minutes from the arrival, not until the tram leaves.
    expect([trip.legs[1]?.departure, trip.legs[1]?.arrival]).toEqual([
      '2026-11-30T08:58:00+01:00',
      '2026-11-30T09:03:00+01:00',
    ]);
    expect([trip.legs[0]?.from.platform, trip.legs[0]?.to.platform]).toEqual(['7', '32']);
    expect(trip.legs[0]?.from).toMatchObject({ uic: '8507000', lat: 46.948834, lon: 7.439131 });
  });

  it('reads the French text (dép./arr., voie)', () => {
    const trip = tripOf(
      'Lausanne → Genève-Aéroport\nma, 01.12.2026\ndép. 07:45 Lausanne, voie 5 · IR 90\narr. 08:33 Genève-Aéroport, voie 3\nDurée 48 min, direct',
    );
    expect(summary(trip)).toEqual({
      origin: 'Lausanne',
      destination: 'Genève-Aéroport',
      departure: '2026-12-01T07:45',
      arrival: '2026-12-01T08:33',
      legs: ['rail IR 90 Lausanne → Genève-Aéroport'],
    });
    expect([trip.legs[0]?.from.platform, trip.legs[0]?.to.platform]).toEqual(['5', '3']);
  });

  it('reads the Italian text (part./arr., bin.)', () => {
    const trip = tripOf(
      'Lugano → Zürich HB\nme, 02.12.2026\npart. 07:02 Lugano, bin. 3 · IC 2\narr. 09:00 Zürich HB, bin. 9\nDurata 1 h 58 min',
    );
    expect(summary(trip)).toMatchObject({
      origin: 'Lugano',
      destination: 'Zürich HB',
      departure: '2026-12-02T07:02',
      arrival: '2026-12-02T09:00',
    });
    expect(trip.legs[0]?.to).toEqual({
      name: 'Zürich HB',
      uic: '8503000',
      platform: '9',
      lat: 47.378177,
      lon: 8.540211,
    });
  });

  it('reads the English overnight text: stops from the heading, wrong weekday ignored, arrival on the next day', () => {
    const trip = tripOf('Zürich HB → Luzern\nSun, 28.11.2026\ndep 23:35 Pl. 13 IR 70\narr 00:19 Pl. 6');
    expect(summary(trip)).toEqual({
      origin: 'Zürich HB',
      destination: 'Luzern',
      departure: '2026-11-28T23:35',
      arrival: '2026-11-29T00:19',
      legs: ['rail IR 70 Zürich HB → Luzern'],
    });
    expect(trip.durationSeconds).toBe(44 * 60);
    expect(trip.legs[0]?.from.platform).toBe('13');
  });

  it('reads the one-line form and infers the year from the share time', () => {
    const trip = tripOf('IC 1 Zürich HB 8:02 (Gl. 31) – Bern 8:58 (Gl. 7), Di 1.12.');
    expect(summary(trip)).toEqual({
      origin: 'Zürich HB',
      destination: 'Bern',
      departure: '2026-12-01T08:02',
      arrival: '2026-12-01T08:58',
      legs: ['rail IC 1 Zürich HB → Bern'],
    });
    expect(trip.exactness).toBe('approximate');
    expect(trip.guessed).toEqual(['year']);
    expect([trip.legs[0]?.from.platform, trip.legs[0]?.to.platform]).toEqual(['31', '7']);
  });

  it('does not make a trip of a meeting time', () => {
    expect(parsePlainText('Treffpunkt 13:02 beim Meeting Point, bis später!', { now: NOW })).toBeNull();
  });
});

describe('parsePlainText: other layouts', () => {
  it('reads a copied vertical layout (stop, time, platform and line on their own lines)', () => {
    const trip = tripOf(
      'Verbindung\nZürich HB – Bern\nDi, 01.12.2026\nZürich HB\nab 08:02\nGleis 31\nIC 1 Richtung Bern\nBern\nan 08:58\nGleis 7\nReisezeit 56 Min.',
    );
    expect(summary(trip)).toEqual({
      origin: 'Zürich HB',
      destination: 'Bern',
      departure: '2026-12-01T08:02',
      arrival: '2026-12-01T08:58',
      legs: ['rail IC 1 Zürich HB → Bern'],
    });
    expect([trip.legs[0]?.from.platform, trip.legs[0]?.to.platform]).toEqual(['31', '7']);
  });

  it('reads names after the time on their own lines', () => {
    const trip = tripOf('1.12.2026\nab 08:02\nZürich HB\nan 08:58\nBern');
    expect([trip.origin, trip.destination]).toEqual(['Zürich HB', 'Bern']);
  });

  it('reads a printed timetable with the stop first (an/ab per row) over two rides', () => {
    const trip = tripOf(
      'Dienstag, 1. Dezember 2026\nZürich HB    ab 08:02  Gl. 31  IC 1\nBern         an 08:58  Gl. 7\nBern         ab 09:04  Gl. 12  S 1\nThun         an 09:21  Gl. 1',
    );
    expect(summary(trip).legs).toEqual(['rail IC 1 Zürich HB → Bern', 'rail S 1 Bern → Thun']);
    expect(local(trip.arrival)).toBe('2026-12-01T09:21');
    expect(trip.legs[1]?.from.platform).toBe('12');
    expect(trip.exactness).toBe('exact');
  });

  it('reads English words (Departure/Arrival, Platform, month names) and a change line', () => {
    const trip = tripOf(
      'Tuesday 1 December 2026\nDeparture 08:02 Zürich HB Platform 31 IC 1\nArrival 08:58 Bern Platform 7\nChange\nDeparture 09:04 Bern Platform 12 S 1\nArrival 09:21 Thun Platform 1',
    );
    expect(summary(trip).legs).toEqual(['rail IC 1 Zürich HB → Bern', 'rail S 1 Bern → Thun']);
    expect(trip.legs.map((l) => l.from.platform)).toEqual(['31', '12']);
  });

  it('reads Italian words with dotted times and a label after the arrival', () => {
    const trip = tripOf(
      'Partenza 7.02 Lugano binario 3\nArrivo 9.00 Zürich HB binario 9\nIC 2, 2 dicembre 2026',
    );
    expect(summary(trip)).toMatchObject({
      departure: '2026-12-02T07:02',
      arrival: '2026-12-02T09:00',
      legs: ['rail IC 2 Lugano → Zürich HB'],
    });
  });

  it('reads French times written 8h02', () => {
    const trip = tripOf('1er décembre 2026 : Zürich HB 8h02 → Genève 10h44 IC 1');
    expect(summary(trip)).toMatchObject({
      origin: 'Zürich HB',
      destination: 'Genève',
      departure: '2026-12-01T08:02',
      arrival: '2026-12-01T10:44',
    });
  });

  it('reads a heading with the times beside it (A → B | t1 – t2 | line)', () => {
    const trip = tripOf('01.12.2026 Zürich HB → Bern | 08:02 – 08:58 | IC 1');
    expect(summary(trip)).toEqual({
      origin: 'Zürich HB',
      destination: 'Bern',
      departure: '2026-12-01T08:02',
      arrival: '2026-12-01T08:58',
      legs: ['rail IC 1 Zürich HB → Bern'],
    });
  });

  it('reads platforms in parentheses before the time and an ISO date', () => {
    const trip = tripOf('Zürich HB (Gl. 31) 8:02 → Bern (Gl. 7) 8:58, 2026-12-01');
    expect(trip.legs[0]?.from.platform).toBe('31');
    expect(trip.legs[0]?.to.platform).toBe('7');
    expect(local(trip.departure)).toBe('2026-12-01T08:02');
  });

  it('reads the words of running text around stops', () => {
    const trip = tripOf('01.12.2026: Zug um 8:02 ab Bern, an 8:58 in Zürich');
    expect([trip.origin, trip.destination]).toEqual(['Bern', 'Zürich HB']);
  });

  it('names stops officially and attaches their UIC (Zurich HB, Genf)', () => {
    const trip = tripOf('1.12.2026 Zurich HB 07:04 → Genf 09:48 IC 1');
    expect(trip.legs[0]?.from).toMatchObject({ name: 'Zürich HB', uic: '8503000' });
    expect(trip.legs[0]?.to).toMatchObject({ name: 'Genève', uic: '8501008' });
  });

  it('keeps unknown stops as written, without a UIC', () => {
    const trip = tripOf('1.12.2026\n10:07 ab Chur, Bahnhofplatz, Kante D · B 182\n10:41 an Flims Dorf, Post');
    expect(trip.legs[0]).toMatchObject({
      mode: 'bus',
      line: 'B 182',
      from: { name: 'Chur, Bahnhofplatz', uic: null, platform: 'D' },
      to: { name: 'Flims Dorf, Post', uic: null, platform: null },
    });
  });

  it('splits category, line and train number (IR 90 1820) and picks modes from the category', () => {
    const trip = tripOf(
      '10.10.2026\n08:05 ab Luzern, Gl. 3 · IR 90 1820\n08:50 an Arth-Goldau\n09:00 ab Arth-Goldau · BAT 3600\n09:30 an Vitznau\n09:40 ab Vitznau · PB 12\n09:50 an Rigi Kaltbad\n10:00 ab Rigi Kaltbad · RE24\n10:20 an Zug',
    );
    expect(trip.legs.map((l) => [l.mode, l.line, l.trainNumber])).toEqual([
      ['rail', 'IR 90', '1820'],
      ['boat', 'BAT 3600', null],
      ['cableway', 'PB 12', null],
      ['rail', 'RE 24', null],
    ]);
  });

  it('gives a ride without a line the mode "other"', () => {
    const trip = tripOf('1.12.2026 ab 08:02 Zürich HB – an 08:58 Bern');
    expect(trip.legs[0]).toMatchObject({ mode: 'other', line: null, trainNumber: null });
  });

  it('names an unnamed change after the neighbouring ride and says so', () => {
    const trip = tripOf(
      'Zürich HB → Thun\n1.12.2026\ndep 08:02 IC 1\narr 08:58\ndep 09:04 Bern S 1\narr 09:21',
    );
    expect(summary(trip).legs).toEqual(['rail IC 1 Zürich HB → Bern', 'rail S 1 Bern → Thun']);
    expect(trip.guessed).toEqual(['stop']);
    expect(trip.exactness).toBe('approximate');
  });

  it('adds a walk of unknown length up to the next departure', () => {
    const trip = tripOf(
      '1.12.2026\n08:02 ab Bern · IC 1\n08:58 an Zürich HB\nà pied\n09:10 ab Zürich, Bahnhofplatz/HB · T 10\n09:16 an Zürich, ETH/Universitätsspital',
    );
    expect(trip.legs[1]).toMatchObject({
      mode: 'walk',
      departure: '2026-12-01T08:58:00+01:00',
      arrival: '2026-12-01T09:10:00+01:00',
    });
  });

  it('caps a stated walk at the next departure', () => {
    const trip = tripOf(
      '1.12.2026\n08:02 ab Bern · IC 1\n08:58 an Zürich HB\nWalk 15 min\n09:05 ab Zürich, Bahnhofplatz/HB · T 10\n09:11 an Zürich, ETH/Universitätsspital',
    );
    expect(trip.legs[1]?.arrival).toBe('2026-12-01T09:05:00+01:00');
  });
});

describe('parsePlainText: dates', () => {
  const oneLine = (date: string) => `${date} IC 1 Zürich HB 8:02 – Bern 8:58`;

  it('takes a day-month date that already passed this year as next year', () => {
    expect(local(tripOf(oneLine('23.11.')).departure)).toBe('2027-11-23T08:02');
    expect(local(tripOf(oneLine('24.11.')).departure)).toBe('2026-11-24T08:02');
  });

  it('reads two-digit years and slashes', () => {
    expect(local(tripOf(oneLine('01.12.26')).departure)).toBe('2026-12-01T08:02');
    expect(local(tripOf(oneLine('1/12/2026')).departure)).toBe('2026-12-01T08:02');
  });

  it('reads English month-first dates', () => {
    expect(local(tripOf(oneLine('Dec 1, 2026:')).departure)).toBe('2026-12-01T08:02');
  });

  it('reads today and tomorrow from the share time', () => {
    expect(local(tripOf(oneLine('heute')).departure)).toBe('2026-11-24T08:02');
    const tomorrow = tripOf(oneLine('morgen'));
    expect(local(tomorrow.departure)).toBe('2026-11-25T08:02');
    expect(tomorrow.exactness).toBe('exact');
  });

  it('without a date, takes today unless the trip is already over', () => {
    const later = tripOf('IC 1 Zürich HB 18:02 – Bern 18:58');
    expect(local(later.departure)).toBe('2026-11-24T18:02');
    expect(later.guessed).toEqual(['date']);
    // At noon the 08:02 train has arrived long ago: tomorrow's is meant.
    expect(local(tripOf('IC 1 Zürich HB 8:02 – Bern 8:58').departure)).toBe('2026-11-25T08:02');
    // Someone on board at 08:30 still means today's.
    expect(
      local(tripOf('IC 1 Zürich HB 8:02 – Bern 8:58', Date.parse('2026-11-24T08:30:00+01:00')).departure),
    ).toBe('2026-11-24T08:02');
  });

  it('carries the summer offset in the instants', () => {
    const trip = tripOf(oneLine('5.7.2026'));
    expect(trip.departure).toBe('2026-07-05T08:02:00+02:00');
  });

  it('does not take a price for a time', () => {
    expect(parsePlainText('Billett CHF 12.50, Abfahrt 13:02 Zürich HB', { now: NOW })).toBeNull();
  });
});

describe('parsePlainText: bounds', () => {
  it('ignores a paste far longer than any connection', () => {
    const connection = 'IC 1 Zürich HB 8:02 – Bern 8:58, 1.12.2026';
    expect(parsePlainText(connection, { now: NOW })?.status).toBe('parsed');
    expect(parsePlainText(`${connection}\n${'x'.repeat(10_000)}`, { now: NOW })).toBeNull();
  });

  it('skips a line with more times than a connection line has', () => {
    const crowded = Array.from({ length: 13 }, (_, i) => `Bern ${String(i + 8).padStart(2, '0')}:00`).join(
      ' – ',
    );
    expect(parsePlainText(`1.12.2026\n${crowded}`, { now: NOW })).toBeNull();
  });
});

describe('parsePlainText: not a connection', () => {
  it.each([
    'Ich komme um 18:30 an, wir essen um 19:00.',
    'Meeting 9:00-10:00 in Bern',
    'Abfahrt 18:30, Ankunft 19:45',
    'Wir sehen uns morgen!',
    '',
    'https://example.com/18:30',
    'Zürich HB → Bern',
    'ab 08:02 Zürich HB\nab 09:02 Bern',
    'an 08:58 Bern',
    'Sitzung 9:00 bis 10:00, danach Mittagessen um 12:15 und Kaffee um 14:30 mit allen die kommen wollen!',
  ])('returns null for %j', (text) => {
    expect(parsePlainText(text, { now: NOW })).toBeNull();
  });
});

describe('parsePlainText: generated connections in several layouts', () => {
  interface GenRide {
    from: string;
    to: string;
    line: string;
    depPlatform: string;
    arrPlatform: string;
    /** Minutes after the first departure's midnight. */
    dep: number;
    arr: number;
  }

  const stations = knownStations().map((s) => s.name);
  const line = fc
    .tuple(
      fc.constantFrom('IC', 'IR', 'RE', 'S', 'R', 'EC', 'T', 'B', 'BAT', 'PE', 'ICE'),
      fc.integer({ min: 1, max: 99 }),
    )
    .map(([cat, n]) => `${cat} ${n}`);
  const platform = fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom('', '', '', 'A', 'D'))
    .map(([n, s]) => `${n}${s}`);
  const leg = fc.record({
    to: fc.constantFrom(...stations),
    line,
    depPlatform: platform,
    arrPlatform: platform,
    ride: fc.integer({ min: 1, max: 240 }),
    change: fc.integer({ min: 2, max: 40 }),
  });
  const connection = fc
    .record({
      origin: fc.constantFrom(...stations),
      legs: fc.array(leg, { minLength: 1, maxLength: 3 }),
      start: fc.integer({ min: 0, max: 1439 }),
      day: fc.date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
    })
    .map(({ origin, legs, start, day }) => {
      const rides: GenRide[] = [];
      let at = start;
      let from = origin;
      for (const l of legs) {
        rides.push({
          from,
          to: l.to,
          line: l.line,
          depPlatform: l.depPlatform,
          arrPlatform: l.arrPlatform,
          dep: at,
          arr: at + l.ride,
        });
        at += l.ride + l.change;
        from = l.to;
      }
      return { rides, day: day.toISOString().slice(0, 10) };
    })
    .filter(({ rides }) => (rides[rides.length - 1]?.arr ?? 0) - (rides[0]?.dep ?? 0) < 1440);

  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const hmm = (m: number) => `${Math.floor(m / 60) % 24}:${String(m % 60).padStart(2, '0')}`;
  const dotted = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

  const layouts: Record<string, (rides: GenRide[], day: string) => string> = {
    german: (rides, day) =>
      [
        `${rides[0]?.from} → ${rides[rides.length - 1]?.to}`,
        `Mo, ${dotted(day)}`,
        ...rides.flatMap((r) => [
          `${hhmm(r.dep)} ab ${r.from}, Gl. ${r.depPlatform} · ${r.line}`,
          `${hhmm(r.arr)} an ${r.to}, Gl. ${r.arrPlatform}`,
        ]),
      ].join('\n'),
    french: (rides, day) =>
      [
        `ma, ${dotted(day)}`,
        ...rides.flatMap((r) => [
          `dép. ${hhmm(r.dep)} ${r.from}, voie ${r.depPlatform} · ${r.line}`,
          `arr. ${hhmm(r.arr)} ${r.to}, voie ${r.arrPlatform}`,
        ]),
      ].join('\n'),
    italian: (rides, day) =>
      [
        `me, ${dotted(day)}`,
        ...rides.flatMap((r) => [
          `part. ${hhmm(r.dep)} ${r.from}, bin. ${r.depPlatform} · ${r.line}`,
          `arr. ${hhmm(r.arr)} ${r.to}, bin. ${r.arrPlatform}`,
        ]),
      ].join('\n'),
    stopFirst: (rides, day) =>
      [
        day,
        ...rides.flatMap((r) => [
          `${r.from}  dep ${hhmm(r.dep)}  Pl. ${r.depPlatform}  ${r.line}`,
          `${r.to}  arr ${hhmm(r.arr)}  Pl. ${r.arrPlatform}`,
        ]),
      ].join('\n'),
    vertical: (rides, day) =>
      [
        dotted(day),
        ...rides.flatMap((r) => [
          r.from,
          `ab ${hhmm(r.dep)}`,
          `Gleis ${r.depPlatform}`,
          r.line,
          r.to,
          `an ${hhmm(r.arr)}`,
          `Gleis ${r.arrPlatform}`,
        ]),
      ].join('\n'),
    oneLinePerRide: (rides, day) =>
      rides
        .map(
          (r, i) =>
            `${r.line} ${r.from} ${hmm(r.dep)} (Gl. ${r.depPlatform}) – ${r.to} ${hmm(r.arr)} (Gl. ${r.arrPlatform})${i === 0 ? `, ${dotted(day)}` : ''}`,
        )
        .join('\n'),
  };

  it.each(Object.keys(layouts))('reads back stops, times, lines and platforms (%s)', (layout) => {
    const render = layouts[layout];
    if (render === undefined) throw new Error(layout);
    fc.assert(
      fc.property(connection, ({ rides, day }) => {
        const [year, month, date] = day.split('-').map(Number) as [number, number, number];
        const at = (minutes: number) =>
          formatZurichLocalMinute(
            zurichToEpochMs({
              year,
              month,
              day: date + Math.floor(minutes / 1440),
              hour: Math.floor(minutes / 60) % 24,
              minute: minutes % 60,
            }),
          );
        const trip = tripOf(render(rides, day));
        const legs = trip.legs.filter((l) => l.mode !== 'walk');
        expect(legs.map((l) => [l.from.name, l.to.name])).toEqual(rides.map((r) => [r.from, r.to]));
        expect(legs.map((l) => l.line)).toEqual(rides.map((r) => r.line));
        expect(legs.map((l) => [l.from.platform, l.to.platform])).toEqual(
          rides.map((r) => [r.depPlatform, r.arrPlatform]),
        );
        expect(legs.map((l) => [local(l.departure), local(l.arrival)])).toEqual(
          rides.map((r) => [at(r.dep), at(r.arr)]),
        );
        expect(trip.exactness).toBe('exact');
      }),
      { numRuns: 150 },
    );
  });
});
