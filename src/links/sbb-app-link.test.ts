import { describe, expect, it } from 'vitest';
import { decodeErrorCode } from '../../test/support/decode-errors.js';
import { parseAppRecon } from './sbb-app-link.js';
import { encodeTripId, parseTripId } from './sbb-trip-id.js';

/** From the bookingAPI sample link (trip-links.md §1.4). */
const BOOKING_API_RECON =
  'VCRBPTFATz1CZXJuQEw9ODUwNzAwMEBhPTEyOEAkQT0xQE89UGFwaWVybcO8aGxlQEw9ODUwNzA5NkBhPTEyOEAkMjAxNzA4MjcyMDMwJDIwMTcwODI3MjAzNyRTIDcgICAgICQkMSQ=';

const codeOf = decodeErrorCode;

describe('parseAppRecon', () => {
  it('decodes the plain base64 HKI leg of a tripoffer link', () => {
    const trip = parseAppRecon(BOOKING_API_RECON);
    expect(trip).toMatchObject({
      source: 'sbb-app-link',
      exactness: 'exact',
      origin: 'Bern',
      destination: 'Papiermühle',
      departure: '2017-08-27T20:30:00+02:00',
      arrival: '2017-08-27T20:37:00+02:00',
      durationSeconds: 420,
    });
    expect(trip.legs[0]).toMatchObject({ line: 'S 7', trainNumber: null, mode: 'rail' });
  });

  it('accepts the value as query decoding or a share sheet left it', () => {
    const expected = parseAppRecon(BOOKING_API_RECON);
    // `~` (0x7E) makes base64 write a `+` here, which form decoding turns into a space.
    const hki =
      'T$A=1@O=Bern@L=8507000@a=128@$A=1@O=Bern ~ Thun@L=8507100@a=128@$202612051302$202612051320$IC 6$$1$';
    const plus = Buffer.from(hki).toString('base64');
    expect(plus).toContain('+');
    expect(parseAppRecon(plus.replaceAll('+', ' ')).destination).toBe('Bern ~ Thun');
    expect(parseAppRecon(encodeURIComponent(BOOKING_API_RECON))).toEqual(expected);
    expect(parseAppRecon(BOOKING_API_RECON.replace(/=+$/, ''))).toEqual(expected);
    expect(parseAppRecon(Buffer.from(BOOKING_API_RECON, 'base64').toString('base64url'))).toEqual(expected);
  });

  it('reads a HKI with its section header', () => {
    const text = `¶HKI¶${Buffer.from(BOOKING_API_RECON, 'base64').toString('utf8')}¶KC¶x`;
    expect(parseAppRecon(Buffer.from(text).toString('base64')).destination).toBe('Papiermühle');
  });

  it('decodes a 3HA recon (sbbmobile://trip) as an app link', () => {
    const { legs } = parseAppRecon(BOOKING_API_RECON);
    const trip = parseAppRecon(encodeTripId(legs));
    expect(trip.source).toBe('sbb-app-link');
    expect(trip.legs).toEqual(legs);
    expect(parseTripId(encodeTripId(legs)).source).toBe('sbb-trip-link');
  });

  it.each([
    ['characters outside base64', 'VCRB*PTFA', 'bad_link'],
    ['an empty value', '', 'bad_link'],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x41]).toString('base64'), 'bad_link'],
    ['text that is not a leg', Buffer.from('hello').toString('base64'), 'bad_leg'],
    ['a 3HA recon of another version', '9ZZ.abc.def', 'unsupported_version'],
  ])('fails on %s', (_why, recon, code) => {
    expect(codeOf(() => parseAppRecon(recon))).toBe(code);
  });
});
