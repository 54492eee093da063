import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fixtureById } from '../../test/fixtures.js';
import { formatZurichIso, parseInstant } from '../domain/time.js';
import type { Leg, LegMode, Stop } from '../domain/trip.js';
import { writeHkiLegs } from './hki.js';
import { encodeTripId, PARSER_VERSION, parseShare } from './index.js';
import { type ParseOutcome, SHARE_ERROR_CODES, type SharePayload } from './types.js';

const NOW = Date.UTC(2026, 10, 24, 9, 0);
const MINUTE = 60_000;
const ERROR_CODES: ReadonlySet<string> = new Set(SHARE_ERROR_CODES);

const text = (t: string | null, url: string | null = null, title: string | null = null): SharePayload => ({
  title,
  text: t,
  url,
});
const parse = (payload: SharePayload): ParseOutcome => parseShare(payload, { now: NOW });

const TRIP_LINK = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const SCHEME = fixtureById('real-blob-sbbmobile-scheme').text ?? '';
const TRIPOFFER = fixtureById('real-sbbmobile-tripoffer-bookingapi').url ?? '';
const SHORT = 'https://a.sbbmobile.ch/s/73oNRti7';

describe('parseShare', () => {
  it('decodes a trip link offline into an exact trip', () => {
    const outcome = parse(text(`Unsere Reise am Samstag: ${TRIP_LINK} – bis bald!`));
    expect(outcome.status).toBe('parsed');
    if (outcome.status !== 'parsed') return;
    expect(outcome.trip).toMatchObject({
      source: 'sbb-trip-link',
      exactness: 'exact',
      origin: 'Samedan',
      destination: 'Bern, Cäcilienstrasse',
      durationSeconds: (4 * 60 + 48) * 60,
    });
  });

  it('marks app links as sbb-app-link', () => {
    for (const link of [SCHEME, TRIPOFFER]) {
      const outcome = parse(text(null, link));
      expect(outcome.status === 'parsed' && outcome.trip.source).toBe('sbb-app-link');
    }
  });

  it('asks for a short link to be fetched, and prefers a full trip link beside it', () => {
    expect(parse(text(`Reise ${SHORT}`))).toEqual({
      status: 'needs_resolution',
      code: 'short_link',
      host: 'sbb',
      link: SHORT,
    });
    expect(parse(text(`${SHORT} ${TRIP_LINK}`)).status).toBe('parsed');
    expect(parse(text('https://maps.app.goo.gl/Hq2LmN8sTz4VwXy5A?g_st=isi'))).toMatchObject({
      status: 'needs_resolution',
      code: 'short_link',
      host: 'google',
    });
  });

  it('falls back to the next link when the best one is broken, else reports the best failure', () => {
    const broken = TRIP_LINK.replace('tripId=3HA.eNq', 'tripId=3HA.xNq');
    expect(parse(text(`${broken} ${SHORT}`)).status).toBe('needs_resolution');
    expect(parse(text(broken))).toMatchObject({ status: 'failed', code: 'bad_link' });
    expect(parse(text(TRIP_LINK.replace('tripId=3HA.', 'tripId=4HB.')))).toMatchObject({
      status: 'failed',
      code: 'unsupported_version',
    });
  });

  it('reports an unreadable leg as bad_leg', () => {
    const badRecon = Buffer.from(
      'T$A=1@O=Bern@L=8507000@a=128@$A=1@O=Thun@a=128@$202613011200$202613011230$IC 6$$1$',
    );
    expect(
      parse(text(`https://app.sbbmobile.ch/tripoffer?recon=${badRecon.toString('base64')}`)),
    ).toMatchObject({
      status: 'failed',
      code: 'bad_leg',
    });
  });

  it('reads plain text only when there is no link, and says so when nothing is found', () => {
    const plain = fixtureById('c-text-fr').text;
    expect(parse(text(plain)).status).toBe('parsed');
    expect(parse(text(`${plain}\nhttps://example.com/unrelated`)).status).toBe('parsed');
    expect(parse(text('Treffpunkt 13:02 beim Meeting Point'))).toMatchObject({
      status: 'failed',
      code: 'no_link_found',
    });
    expect(parse(text(null))).toMatchObject({ status: 'failed', code: 'no_link_found' });
  });

  it('turns an exception inside a format parser into a failure', async () => {
    vi.resetModules();
    vi.doMock('./plain-text/index.js', () => ({
      parsePlainText: () => {
        throw new TypeError('boom');
      },
    }));
    try {
      const isolated = await import('./index.js');
      expect(isolated.parseShare(text('Bern → Thun'), { now: NOW })).toEqual({
        status: 'failed',
        code: 'bad_link',
        message: 'The shared link could not be read.',
      });
    } finally {
      vi.doUnmock('./plain-text/index.js');
      vi.resetModules();
    }
  });

  it('has a parser version to store with each share', () => {
    expect(PARSER_VERSION).toMatch(/\S/);
  });
});

/* ------------------------------------------------------------------ round trip through the encoder */

const lastSunday = (year: number, month: number): number => {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
};
const epochMinutes = (ms: number) => Math.floor(ms / MINUTE);

/** Starts spread over 2000-2040, many around the March/October changes, midnight and the year end. */
const startArb = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: epochMinutes(Date.UTC(2000, 0, 1)), max: epochMinutes(Date.UTC(2040, 11, 31)) })
      .map((m) => m * MINUTE),
  },
  {
    weight: 4,
    // The change is at 01:00 UTC; start up to 3 h before and 2 h after it.
    arbitrary: fc
      .record({
        year: fc.integer({ min: 2000, max: 2040 }),
        month: fc.constantFrom(3, 10),
        minutes: fc.integer({ min: -180, max: 120 }),
      })
      .map(
        ({ year, month, minutes }) =>
          Date.UTC(year, month - 1, lastSunday(year, month), 1) + minutes * MINUTE,
      ),
  },
  {
    weight: 1,
    // 23:00 UTC on 31 December is local midnight (CET).
    arbitrary: fc
      .record({ year: fc.integer({ min: 2000, max: 2040 }), minutes: fc.integer({ min: -240, max: 60 }) })
      .map(({ year, minutes }) => Date.UTC(year - 1, 11, 31, 23) + minutes * MINUTE),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        day: fc.integer({ min: Date.UTC(2000, 0, 2) / 86_400_000, max: Date.UTC(2040, 11, 30) / 86_400_000 }),
        minutes: fc.integer({ min: -180, max: 60 }),
      })
      .map(({ day, minutes }) => day * 86_400_000 - 60 * MINUTE + minutes * MINUTE),
  },
);

const NAME_CHARS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüéèàâçÄÖÜ0123456789 ,./-()'"];
const nameArb = fc
  .string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 30 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

const stopArb: fc.Arbitrary<Stop> = fc
  .record({
    name: nameArb,
    uic: fc.option(fc.integer({ min: 8_500_000, max: 8_599_999 }).map(String), { nil: null }),
    coords: fc.option(
      fc.record({ lat: fc.integer({ min: -90e6, max: 90e6 }), lon: fc.integer({ min: -180e6, max: 180e6 }) }),
      { nil: null },
    ),
  })
  .map(({ name, uic, coords }) => ({
    name,
    uic,
    platform: null,
    lat: coords === null ? null : coords.lat / 1e6,
    lon: coords === null ? null : coords.lon / 1e6,
  }));

/** Written out here rather than imported, so the test checks lines.ts instead of repeating it. */
const EXPECTED_MODE: Record<string, LegMode> = {
  BAT: 'boat',
  FAE: 'boat',
  B: 'bus',
  BUS: 'bus',
  NFB: 'bus',
  EV: 'bus',
  T: 'tram',
  TRAM: 'tram',
  PB: 'cableway',
  GB: 'cableway',
  LB: 'cableway',
  SL: 'cableway',
};
const CATEGORIES = [
  'IC',
  'IR',
  'RE',
  'S',
  'EC',
  'ICE',
  'R',
  'CC',
  'PE',
  'RJX',
  ...Object.keys(EXPECTED_MODE),
];

const rideArb = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .record({
        category: fc.constantFrom(...CATEGORIES),
        line: fc.option(fc.integer({ min: 1, max: 9999 }).map(String), { nil: null }),
        train: fc.option(fc.integer({ min: 1, max: 99_999 }).map(String), { nil: null }),
      })
      .map(({ category, line, train }) => ({
        mode: EXPECTED_MODE[category] ?? ('rail' as LegMode),
        line: line === null ? category : `${category} ${line}`,
        trainNumber: line === null ? null : train,
      })),
  },
  { weight: 1, arbitrary: fc.constant({ mode: 'other' as LegMode, line: null, trainNumber: null }) },
);

const legSpecArb = fc.record({
  walk: fc.boolean(),
  ride: rideArb,
  to: stopArb,
  gapMinutes: fc.integer({ min: 0, max: 45 }),
  minutes: fc.integer({ min: 0, max: 240 }),
});

interface BuiltTrip {
  legs: Leg[];
  departureMs: number;
  arrivalMs: number;
}

const tripArb: fc.Arbitrary<BuiltTrip> = fc
  .record({ start: startArb, origin: stopArb, specs: fc.array(legSpecArb, { minLength: 1, maxLength: 6 }) })
  .map(({ start, origin, specs }) => {
    let t = start;
    let from = origin;
    const legs: Leg[] = [];
    specs.forEach((spec, i) => {
      if (i > 0) t += spec.gapMinutes * MINUTE;
      const departure = t;
      const arrival = departure + (spec.walk ? spec.minutes % 30 : spec.minutes) * MINUTE;
      legs.push({
        ...(spec.walk ? { mode: 'walk', line: null, trainNumber: null } : spec.ride),
        from,
        to: spec.to,
        departure: formatZurichIso(departure),
        arrival: formatZurichIso(arrival),
      });
      from = spec.to;
      t = arrival;
    });
    return { legs, departureMs: start, arrivalMs: t };
  });

describe('encodeTripId → parseShare', () => {
  it('gives back exactly the same legs and instants (DST, midnight, year end)', () => {
    fc.assert(
      fc.property(tripArb, fc.constantFrom('de', 'fr', 'it', 'en'), (built, lang) => {
        const outcome = parse(text(`https://www.sbb.ch/${lang}/trip?tripId=${encodeTripId(built.legs)}`));
        if (outcome.status !== 'parsed') throw new Error(`not parsed: ${JSON.stringify(outcome)}`);
        const { trip } = outcome;
        expect(trip.legs).toEqual(built.legs);
        expect(trip.legs.map((l) => parseInstant(l.departure))).toEqual(
          built.legs.map((l) => parseInstant(l.departure)),
        );
        expect(parseInstant(trip.departure)).toBe(built.departureMs);
        expect(parseInstant(trip.arrival)).toBe(built.arrivalMs);
        expect(trip.durationSeconds).toBe((built.arrivalMs - built.departureMs) / 1000);
        expect(trip.origin).toBe(built.legs[0]?.from.name);
        expect(trip.destination).toBe(built.legs[built.legs.length - 1]?.to.name);
        expect(trip.source).toBe('sbb-trip-link');
      }),
      { numRuns: 1000 },
    );
  });

  it('does the same through sbbmobile://trip?recon= (an app link)', () => {
    fc.assert(
      fc.property(tripArb, (built) => {
        const outcome = parse(text(null, `sbbmobile://trip?recon=${encodeTripId(built.legs)}`));
        expect(outcome.status === 'parsed' && outcome.trip.source).toBe('sbb-app-link');
        expect(outcome.status === 'parsed' && outcome.trip.legs).toEqual(built.legs);
      }),
      { numRuns: 200 },
    );
  });

  it('really exercises the repeated October hour', () => {
    const repeated = fc
      .sample(tripArb, { numRuns: 1000, seed: 42 })
      .filter((t) =>
        t.legs.some(
          (l) =>
            /-10-\d\dT02:\d\d:00\+01:00$/.test(l.departure) || /-10-\d\dT02:\d\d:00\+01:00$/.test(l.arrival),
        ),
      );
    expect(repeated.length).toBeGreaterThan(20);
  });
});

/* ------------------------------------------------------------------ fuzz */

const SEEDS = [
  TRIP_LINK,
  SCHEME,
  TRIPOFFER,
  `Check out my trip! ${SHORT} sent from SBB Mobile`,
  fixtureById('real-sbb-stops-link-lauterbrunnen').url ?? '',
  fixtureById('c-gmaps-arrive-by').url ?? '',
  fixtureById('real-gmaps-firebase-shortlink-driving').text ?? '',
  fixtureById('c-text-de-multileg').text ?? '',
];

type Mutation = (s: string) => string;
const charArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (n): Mutation =>
      (s) =>
        s.slice(0, n % (s.length + 1)),
  ),
  fc.tuple(fc.nat(), charArb).map(
    ([n, c]): Mutation =>
      (s) => {
        const at = n % Math.max(1, s.length);
        return s.slice(0, at) + c + s.slice(at + 1);
      },
  ),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 20 })).map(
    ([n, junk]): Mutation =>
      (s) => {
        const at = n % (s.length + 1);
        return s.slice(0, at) + junk + s.slice(at);
      },
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(
    ([a, b, c]): Mutation =>
      (s) => {
        const from = a % (s.length + 1);
        const to = from + (b % 200);
        const at = c % (s.length + 1);
        return s.slice(0, at) + s.slice(from, to) + s.slice(at);
      },
  ),
  fc.constantFrom<Mutation>(
    (s) => s.replaceAll('.', '..'),
    (s) => s.replaceAll('&', '&amp;'),
    (s) => s.replace('3HA.', '3HA.3HA.'),
    (s) => s.split('').reverse().join(''),
    (s) => `${s}\n${s}`,
  ),
);

function assertWellFormed(outcome: ParseOutcome): void {
  if (outcome.status === 'failed') {
    expect(ERROR_CODES.has(outcome.code)).toBe(true);
    expect(outcome.message).toMatch(/^[A-Z].*\.$/);
  } else if (outcome.status === 'parsed') {
    const { trip } = outcome;
    expect(trip.legs.length).toBeGreaterThan(0);
    expect(trip.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(trip.origin).toBe(trip.legs[0]?.from.name);
  } else if (outcome.code === 'short_link') {
    expect(outcome.link).toMatch(/^https:\/\//);
  }
}

describe('parseShare on damaged and random input', () => {
  it('never throws on mutated real links, and every failure has a known code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom<keyof SharePayload>('title', 'text', 'url'),
        (seed, mutations, field) => {
          const mutated = mutations.reduce((s, m) => m(s), seed);
          assertWellFormed(parse({ title: null, text: null, url: null, [field]: mutated }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws on random unicode text', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ unit: 'binary', maxLength: 300 })),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 300 })),
        fc.option(fc.string({ unit: 'binary-ascii', maxLength: 300 })),
        (title, body, url) => assertWellFormed(parse({ title, text: body, url })),
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on link-shaped random input', () => {
    const base64ish = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.+/=%\n'), maxLength: 400 });
    const prefix = fc.constantFrom(
      'https://www.sbb.ch/de/trip?tripId=3HA.',
      'https://www.sbb.ch/de/trip?tripId=',
      'sbbmobile://trip?recon=3HA.',
      'https://app.sbbmobile.ch/tripoffer?recon=',
      'https://a.sbbmobile.ch/s/',
      'https://www.sbb.ch/de?stops=',
      'https://maps.app.goo.gl/?link=',
      'https://www.google.com/maps/dir/',
      'www.sbb.ch/',
    );
    fc.assert(
      fc.property(prefix, base64ish, (p, rest) => assertWellFormed(parse(text(`${p}${rest}`)))),
      { numRuns: 2000 },
    );
  });

  it('survives absurd payloads', () => {
    const odd = [
      { title: null, text: 'x'.repeat(2_000_000), url: null },
      { title: 1, text: {}, url: [] } as unknown as SharePayload,
      { title: null, text: `https://www.sbb.ch/de/trip?tripId=3HA.${'A'.repeat(200_000)}`, url: null },
    ];
    for (const payload of odd) assertWellFormed(parse(payload));
  });
});

describe('leg mode mapping of decoded links', () => {
  it('reads the modes of the fixtures: boat, bus, tram, walk, rail', () => {
    const modes = (id: string) => {
      const f = fixtureById(id);
      const outcome = parse(text(f.resolvesTo ?? f.text, f.url));
      return outcome.status === 'parsed' ? outcome.trip.legs.map((l) => l.mode) : outcome.status;
    };
    expect(modes('c-sbb-triplink-de-boat')).toEqual(['walk', 'boat']);
    expect(modes('c-sbb-short-de-bus')).toEqual(['rail', 'walk', 'bus']);
    expect(modes('c-sbb-triplink-de-walk-tram')).toEqual(['rail', 'walk', 'tram']);
    expect(modes('real-sbb-triplink-jitpack')).toEqual(['rail', 'rail', 'rail', 'walk', 'tram']);
  });
});

describe('parseShare: how long a trip may be', () => {
  // The real JIT-Pack legs (Samedan → Bern, 4 h 48 min), re-encoded with other dates.
  const real = parse(text(TRIP_LINK));
  if (real.status !== 'parsed') throw new Error('the JIT-Pack link no longer parses');
  const legs = real.trip.legs;
  const lastLeg = legs.at(-1) as Leg;
  const departureMs = parseInstant(legs[0]!.departure);

  /** The real legs, the last one arriving `ms` after the first departure instead. */
  const arrivingAfter = (ms: number): Leg[] => [
    ...legs.slice(0, -1),
    { ...lastLeg, arrival: formatZurichIso(departureMs + ms) },
  ];
  const linkOf = (l: readonly Leg[]) => `https://www.sbb.ch/de?tripId=${encodeTripId(l)}`;
  const HOUR = 3_600_000;
  const YEAR = 365 * 24 * HOUR;

  it('refuses a crafted link whose trip lasts years as trip_too_long, at once', () => {
    for (const ms of [10 * YEAR, 70 * YEAR]) {
      const started = performance.now();
      const outcome = parse(text(`Unsere Reise: ${linkOf(arrivingAfter(ms))}`));
      expect(outcome).toMatchObject({ status: 'failed', code: 'trip_too_long' });
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it('takes a trip of exactly 48 hours and refuses one a minute longer', () => {
    const at48 = parse(text(linkOf(arrivingAfter(48 * HOUR))));
    expect(at48.status === 'parsed' && at48.trip.durationSeconds).toBe(48 * 3600);
    expect(parse(text(linkOf(arrivingAfter(48 * HOUR + MINUTE))))).toMatchObject({
      status: 'failed',
      code: 'trip_too_long',
    });
  });

  it('takes 60 legs and refuses 61', () => {
    const many = (count: number): Leg[] =>
      Array.from({ length: count }, (_, i) => ({
        ...legs[i % 3]!,
        departure: formatZurichIso(departureMs + i * 10 * MINUTE),
        arrival: formatZurichIso(departureMs + (i * 10 + 8) * MINUTE),
      }));
    const sixty = parse(text(linkOf(many(60))));
    expect(sixty.status === 'parsed' && sixty.trip.legs).toHaveLength(60);
    expect(parse(text(linkOf(many(61))))).toMatchObject({ status: 'failed', code: 'trip_too_long' });
  });

  it('holds every decoder to the same bounds: the app link with plain HKI legs too', () => {
    const recon = Buffer.from(writeHkiLegs(arrivingAfter(10 * YEAR)), 'utf8').toString('base64');
    const link = TRIPOFFER.replace(/recon=[^&]+/, `recon=${encodeURIComponent(recon)}`);
    expect(link).not.toBe(TRIPOFFER);
    expect(parse(text(null, link))).toMatchObject({ status: 'failed', code: 'trip_too_long' });
  });

  it('refuses a leg that arrives before it departs', () => {
    const backwards = legs.map((l, i) =>
      i === 1 ? { ...l, arrival: l.departure, departure: l.arrival } : l,
    );
    expect(parse(text(linkOf(backwards)))).toMatchObject({ status: 'failed', code: 'bad_leg' });
  });
});
