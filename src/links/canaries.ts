/**
 * Canary shares: one per decoder, with the essentials each must produce. `runSelfTest()` runs them for
 * `/healthz` (every probe) and `railtape selftest` (before a deploy), so a build that stops decoding a
 * format never takes traffic. The links are copied from ../shared/fixtures/share-examples.json (the app
 * must not read that directory at run time); each names its fixture.
 */
import type { Leg } from '../domain/trip.js';
import { encodeTripId, parseShare } from './index.js';
import type { ParseOutcome, SharePayload } from './types.js';

/** real-sbb-triplink-jitpack: Samedan → Bern, Cäcilienstrasse, 5 legs incl. a walk and a tram. */
const SBB_TRIP_LINK = [
  'https://www.sbb.ch/en/trip?tripId=3HA.eNqlVFtr41YQxl7vputAKXooXUNBrEwJpEvOnJukgMHyJZZiO45tJXH8Um',
  'RHjp2L7fiyubB_oa-FPhYK_Qd5KhSy_6B_qD2SLctO0sLuSubozBl_33wzGk3817j0S_zh3ixaD_d20khBupKqO5fuidNPN1',
  'K6phLQWPo4RTkjRGVqupTSGNIxg7STAqyl55iS0z-5mjqjiYdijCIKPkrnKqV4jkIIByiMMAfk3UwLDUz0ZC0vExkIockkJP',
  '3r4Q_7M6PMUM2Pf4567a5sZgRMEygMPkwlqgbqPCWCEHoiDtMlcYTxpJX1xAnrOXWfHGcGy7gjr9YqJTqQeT5U0widAdTnhF',
  'GMQ4NhzRMGQpgqzkNhR58eIQT8KGecbr876PhILxkUIAFxH6lyTvkTbZ6c0PDe49NSfU6AZWT24-_t3kXP7Y8nI2c8dn0KzD',
  'gOKIBj5lOIdgB4qlE0WmhQnrRlHsq8L2Yf7pXDvIKV7I4CCClZQxFLWSx1K2sroBhlBYQ2JjZYnBo2MvaUSk5RaraiKh7DnA',
  'Ip-VpBYYpp7Xn7bFGhhDGifQgfGubBA4lbfHC-E7MP4Jv-6TsMVKUa4VTz6GsBPwirLvbwk0nHljG7sgbGlVs8ypUzmZ0t3D',
  'hqDXPtadl2oJHfyx0XnBtrkuUHpXx9OujV-blrtVuU3FXqxVrd6bf5SRu1767PD46P80bDrQ52e8VJDmc6O7Rf2HXK1f1xpn',
  'Cg3k5Oj2qWm7Gz9dN9Z8ry_PSSlVCvtlu0rOYeULd6fnlYqPbr5cINGxgT_eqqWL07wkbHUs-6ZsnuDycXE1QZQmErd9E5hm',
  't6Yplub9LdHFw3Ri29Ir4bbZpp9Ee2Wj4iOYSviuz2vOc2u3UVxmAetsziWat_xgZ2dWuT7U7NUsMw9ws91IOLwf54JzM0S1',
  'PcbrWqpH56uyMUQOe6DRNoYnhP8M2B2SD7hjtsFJxh9_2gc6cbzWpelDCVkn6LSj_E1-bjTnrj9cs7QOJnA9pm2jZCmwiLVY',
  '5K68H_NPlFaOhybGFwLL-U1uIvgGjyK8mYnSKurfJ6dAvexIoLthkPQ64FxIgz-avQoPLr0EByPMhADMXEo0hED-nWE2_i0V',
  'peipBEzJu9b1-JmSCmyUYUrSUSvisKng8t-dbQuvR3ZCnC41zoUo0igSwKIArmVULlolgztDcVV_WRlXRjnggr6-l76Y_fmQ',
  'iAjQiKvf0-HjGk6GFN_ie4Ihvhdu6uyf_h_iYesaRos5J4IXjlyEZM-isiJReyVpOi2xgvZM3eJ5aDGqhPsmDbeLlPEt_Nsg',
  'AvCzGrgyxQ9Atz-HqRg2DdiEqX8ddGu-2OxyX3VNpaiJP-R1zINgP4s_dxNoQ-C_h5XjAf8zjIUp_NekDVNZ0HDeEZavAFec',
  'MaBU3hT-7HAuhKU3wbj9hShCdiKujgF1PDKor9C1UMRjs.eNqrVirLTCxWsoqO1QGz_PJLkDkhRYl5xWmpRRCx1IrknNKUVJ',
  'fEktSUsNSMzOScVK_80qK81EqoCf5KVkoWpgaWRqaGSjpKLmCepYGBIYiXAuQZGRiZ6RoaABFQAGiRkqGBlYkpkJ0IZPsB6R',
  'wg7Qik85Ss8kpzcnSUckEG1wIAmVIuSQ',
].join('');

/** real-blob-sbbmobile-scheme: a GPS point → Sion → Lausanne → Lausanne, gare (G@F, T, W). */
const SBB_APP_SCHEME = [
  'sbbmobile://trip?recon=3HA.eNqtU8lu2zAQRdM0W2--NSehMooCTqIhJVJSAAOSFVuWFdmy7HjppfAar8piy4aD_E9Ov',
  'foD_AUF-kOl7CgL0kuLksRw3gzfvAFBHvzai_3cWy2ztrVamlomriexVkhK9ASLoCjKESefiEQilGi1pPzo1Vl-k9YaSYQVj',
  'bEQY5X6V_7mmIpUdXMMy0RStfOkQgARoBEBA6YgA0GYwDMQAcfjcRRfj9VD-e_rbgjnjWDS8P0OI1GKVVA3PRNEZeZuSAjDm',
  '2ZC_ScgIRy3PE4FDikYXrRV_TeV16Qj7rJxG1EpwY9UmYK0pqoYyNsGw55eAPnFbS1Nd7XsTjXQMABoofAx0lDoshho4eg2R',
  'pOOtk6sDVvx7uu1emj-hxrT7h-Cq6VtrJZ8Jc1j3sjwrCxv6DwzDjMlyyjziNcdHlF2EczBLOqVeZHyIfGRCXzaM3mRz1r50',
  'DdsHqtEleH-aaNA5GgDNhEl66Sk3JMQKuvoMUaSLCkilZSwvBfVRwyVmI--Z6WJpW-GoQPOl3DizEkZaUEJOo1q0clNvKw5r',
  'NijYv6mRad0YhplS88Egt03hq4qI6onmoPgzlEFR7EuzJxdambrrbRSyFizTK2Sm0xz5u3izDezMJ-bw1Ih511Wi7lGQcCLf',
  'mZU6DgZfGel-qIf9Mb98Xmq4wxrlW-sg-uiTxO1dkvQK7eKW_DHKTenpoJpFVlpe1D1B9KlO8z3CsQ2e6BfD2uumR9V6835s',
  'K4vyG3bRoZTuUoV5buh1xIsNyOnam1hduFAb-z26TVyhVq7ZI3PaSDezKq9mXc9v5Fb3argCxeL6U1ikqBMBAejSvqs16kX5',
  '4NucFa4K7l6ml1XMhn78S725WD38W_GPoVP9hjkYyBlJJ4CPgVIrC33PvYxOgfcdgQkELkPzwC4nQiIDOxGgD1Sbi8SYujwl',
  'ZB0il4I7R8eHmxZXmxLhcPt8EN_3mFPnNG-vof933KiTdw.eNpNjL0OwjAMhN_Fc1qZNO5PNqRODGVBLFWHqDWiUkiltEUgx',
  'LvjCga8nO-7s19Qg4WSKo2EoOAori3SjAzlVCmTpzrDUqaT0EnYiA6iGnWeYJEgCeBH79eBa7fwcObr2Hs-TGsM_JzBtp0CL',
  'xd7Kd6-NoANq_cKFuE7tGZ7ch_dr71tzXSKLswXjv9s2cz7Aw0WMbU',
].join('');

/** real-sbbmobile-tripoffer-bookingapi: base64 of one plain HKI leg, padded line `S 7     `. */
const SBB_TRIPOFFER = [
  'https://app.sbbmobile.ch/tripoffer?appid=bookingAPI&recon=VCRBPTFATz1CZXJuQEw9ODUwNzAwMEBhPTEyOE',
  'AkQT0xQE89UGFwaWVybcO8aGxlQEw9ODUwNzA5NkBhPTEyOEAkMjAxNzA4MjcyMDMwJDIwMTcwODI3MjAzNyRTIDcgICAgIC',
  'QkMSQ=&date=2017-08-27',
].join('');

/** real-sbb-stops-link-lauterbrunnen */
const SBB_SEARCH_LINK =
  'https://www.sbb.ch/en?stops=Lauterbrunnen_I8507384~Z%C3%BCrich+HB_I8503000&day=2026-07-12&time=20_05&moment=dep&reduction=none';

/** c-gmaps-arrive-by */
const GOOGLE_DIRECTIONS =
  'https://www.google.com/maps/dir/Bern/Interlaken+Ost/data=!4m6!4m5!2m3!6e1!7e2!8j1796115600!3e3';

/** c-text-fr */
const PLAIN_TEXT_FR =
  'Lausanne → Genève-Aéroport\nma, 01.12.2026\ndép. 07:45 Lausanne, voie 5 · IR 90\narr. 08:33 Genève-Aéroport, voie 3\nDurée 48 min, direct';

/** c-negative-no-trip */
const NO_TRIP_TEXT = 'Treffpunkt 13:02 beim Meeting Point, bis später!';

/** When the fixtures were collected; plain text without a year is read relative to it. */
const NOW = Date.UTC(2026, 10, 24, 9, 0);

export interface SelfTestResult {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface SelfTestReport {
  ok: boolean;
  results: SelfTestResult[];
}

interface Canary {
  name: string;
  /** Null when the canary decoded as expected, else what differed. */
  run(): string | null;
}

const share = (text: string | null, url: string | null = null): SharePayload => ({ title: null, text, url });

/** `field: expected ≠ actual` for each differing field, or null. */
function differences(actual: Record<string, unknown>, expected: Record<string, unknown>): string | null {
  const diffs: string[] = [];
  for (const [field, want] of Object.entries(expected)) {
    const got = actual[field];
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      diffs.push(`${field}: ${JSON.stringify(want)} ≠ ${JSON.stringify(got)}`);
    }
  }
  return diffs.length === 0 ? null : diffs.join('; ');
}

function describe(outcome: ParseOutcome): string {
  if (outcome.status === 'failed') return `failed (${outcome.code}: ${outcome.message})`;
  if (outcome.status === 'needs_resolution') return `needs_resolution (${outcome.code})`;
  return 'parsed';
}

function tripCanary(name: string, payload: SharePayload, expected: Record<string, unknown>): Canary {
  return {
    name,
    run() {
      const outcome = parseShare(payload, { now: NOW });
      if (outcome.status !== 'parsed') return `expected a trip, got ${describe(outcome)}`;
      const { trip } = outcome;
      return differences(
        {
          source: trip.source,
          origin: trip.origin,
          destination: trip.destination,
          departure: trip.departure,
          arrival: trip.arrival,
          lines: trip.legs.map((leg) => leg.line),
          modes: trip.legs.map((leg) => leg.mode),
        },
        expected,
      );
    },
  };
}

function queryCanary(name: string, payload: SharePayload, expected: Record<string, unknown>): Canary {
  return {
    name,
    run() {
      const outcome = parseShare(payload, { now: NOW });
      if (outcome.status !== 'needs_resolution' || outcome.code !== 'timetable_query') {
        return `expected a timetable query, got ${describe(outcome)}`;
      }
      const { query } = outcome;
      return differences(
        {
          origin: query.origin.name,
          destination: query.destination.name,
          time: query.time,
          timeKind: query.timeKind,
        },
        expected,
      );
    },
  };
}

/** Two legs around the October change: 02:40 CEST → 02:10 CET, then a walk in the repeated hour. */
const REPEATED_HOUR_LEGS: Leg[] = [
  {
    mode: 'rail',
    line: 'IR 13',
    trainNumber: '1999',
    from: { name: 'Zürich HB', uic: '8503000', platform: null, lat: 47.378177, lon: 8.540211 },
    to: { name: 'Chur', uic: '8509000', platform: null, lat: 46.8531, lon: 9.529 },
    departure: '2026-10-25T02:40:00+02:00',
    arrival: '2026-10-25T02:10:00+01:00',
  },
  {
    mode: 'walk',
    line: null,
    trainNumber: null,
    from: { name: 'Chur', uic: '8509000', platform: null, lat: 46.8531, lon: 9.529 },
    to: { name: '46.853600, 9.529600', uic: null, platform: null, lat: 46.8536, lon: 9.5296 },
    departure: '2026-10-25T02:10:00+01:00',
    arrival: '2026-10-25T02:25:00+01:00',
  },
];

const CANARIES: Canary[] = [
  tripCanary('sbb-trip-link (3HA)', share(SBB_TRIP_LINK), {
    source: 'sbb-trip-link',
    origin: 'Samedan',
    destination: 'Bern, Cäcilienstrasse',
    departure: '2026-10-10T10:58:00+02:00',
    arrival: '2026-10-10T15:46:00+02:00',
    lines: ['RE 3', 'IC 3', 'IC 1', null, 'T 6'],
    modes: ['rail', 'rail', 'rail', 'walk', 'tram'],
  }),
  tripCanary('sbbmobile://trip?recon=', share(null, SBB_APP_SCHEME), {
    source: 'sbb-app-link',
    origin: '46.230888, 7.354565',
    destination: 'Lausanne, gare',
    departure: '2026-07-05T12:50:00+02:00',
    arrival: '2026-07-05T14:17:00+02:00',
    lines: [null, 'IR 90', null],
  }),
  tripCanary('app.sbbmobile.ch/tripoffer recon', share(null, SBB_TRIPOFFER), {
    source: 'sbb-app-link',
    origin: 'Bern',
    destination: 'Papiermühle',
    departure: '2017-08-27T20:30:00+02:00',
    arrival: '2017-08-27T20:37:00+02:00',
    lines: ['S 7'],
  }),
  tripCanary(
    'wrapped trip link in prose',
    share(`Unsere Verbindung:\n${SBB_TRIP_LINK.slice(0, 400)}\n${SBB_TRIP_LINK.slice(400)}).`),
    { origin: 'Samedan', destination: 'Bern, Cäcilienstrasse', departure: '2026-10-10T10:58:00+02:00' },
  ),
  {
    name: 'sbb short link',
    run() {
      const outcome = parseShare(
        share('Check out my trip! https://a.sbbmobile.ch/s/Zk8pQ2mA sent from SBB Mobile'),
        {
          now: NOW,
        },
      );
      if (outcome.status !== 'needs_resolution' || outcome.code !== 'short_link') {
        return `expected a short link, got ${describe(outcome)}`;
      }
      return differences(outcome, { host: 'sbb', link: 'https://a.sbbmobile.ch/s/Zk8pQ2mA' });
    },
  },
  queryCanary('sbb.ch stops search link', share(null, SBB_SEARCH_LINK), {
    origin: 'Lauterbrunnen',
    destination: 'Zürich HB',
    time: '2026-07-12T20:05',
    timeKind: 'depart-at',
  }),
  queryCanary('google maps directions', share(null, GOOGLE_DIRECTIONS), {
    origin: 'Bern',
    destination: 'Interlaken Ost',
    time: '2026-12-01T09:00',
    timeKind: 'arrive-by',
  }),
  tripCanary('plain text (fr)', share(PLAIN_TEXT_FR), {
    origin: 'Lausanne',
    destination: 'Genève-Aéroport',
    departure: '2026-12-01T07:45:00+01:00',
    arrival: '2026-12-01T08:33:00+01:00',
  }),
  {
    name: 'no trip (negative)',
    run() {
      const outcome = parseShare(share(NO_TRIP_TEXT), { now: NOW });
      return outcome.status === 'failed' ? null : `expected a failure, got ${describe(outcome)}`;
    },
  },
  {
    name: '3HA encode → decode, repeated October hour',
    run() {
      const outcome = parseShare(
        share(`https://www.sbb.ch/de/trip?tripId=${encodeTripId(REPEATED_HOUR_LEGS)}`),
        {
          now: NOW,
        },
      );
      if (outcome.status !== 'parsed') return `expected a trip, got ${describe(outcome)}`;
      return JSON.stringify(outcome.trip.legs) === JSON.stringify(REPEATED_HOUR_LEGS)
        ? null
        : 'the decoded legs differ from the encoded ones';
    },
  },
];

export const canaryNames = (): string[] => CANARIES.map((c) => c.name);

/** Runs every canary (pure; well under a millisecond each). Never throws. */
export function runSelfTest(): SelfTestReport {
  const results = CANARIES.map((canary): SelfTestResult => {
    let detail: string | null;
    try {
      detail = canary.run();
    } catch (err) {
      detail = `threw: ${err instanceof Error ? err.message : String(err)}`;
    }
    return detail === null ? { name: canary.name, ok: true } : { name: canary.name, ok: false, detail };
  });
  return { ok: results.every((r) => r.ok), results };
}
