/**
 * The SBB Mobile app's own links (trip-links.md §1.4):
 * - `sbbmobile://trip?recon=3HA.…`: the same blob as sbb.ch's `tripId`;
 * - `https://app.sbbmobile.ch/tripoffer?appid=…&recon=<base64 of plain HKI legs>&date=…` (SBB bookingAPI
 *   samples): the recon is standard base64 of `T$A=1@O=Bern@L=8507000@a=128@$…$S 7     $$1$`, with no
 *   coordinates and no `¶HKI¶` header.
 */
import type { Trip } from '../domain/trip.js';
import { hkiSection, readHkiLegs, ShareDecodeError, tripFromLegs } from './hki.js';
import { parseTripId } from './sbb-trip-id.js';

const MAX_RECON_CHARS = 64 * 1024;

/** The trip in an app link's `recon=` value (raw from the URL: percent-encoding and `+` as space allowed). */
export function parseAppRecon(rawRecon: string): Trip {
  const raw = rawHkiRecon(rawRecon);
  if (raw !== null) return tripFromLegs(readHkiLegs(hkiSection(raw) ?? raw), 'sbb-app-link');
  const recon = unescapeQueryValue(rawRecon);
  // Standard base64 has no `.`, so a dot means the `<version>.<a>.<b>` form of a tripId.
  if (recon.includes('.')) return parseTripId(recon, 'sbb-app-link');
  if (recon.length === 0 || recon.length > MAX_RECON_CHARS || !isBase64(recon)) {
    throw new ShareDecodeError('bad_link', 'The app link is damaged (recon is not base64).');
  }
  const text = Buffer.from(recon, 'base64').toString('utf8');
  if (text.length === 0 || text.includes('\uFFFD')) {
    throw new ShareDecodeError('bad_link', 'The app link is damaged (recon is not text).');
  }
  return tripFromLegs(readHkiLegs(hkiSection(text) ?? text), 'sbb-app-link');
}

/**
 * A recon that is the HAFAS context itself, not base64 (`T$A=1@O=Bern@…@L=8507000@a=128@$…$202612020714$…`
 * or `¶HKI¶T$…`): seen on apptest.sbbmobile.ch and the older `/trip/offer` links. `$` and `@` never occur
 * in base64, so they tell the two apart; here `+` is a space (form encoding), not base64.
 */
function rawHkiRecon(rawRecon: string): string | null {
  let value = rawRecon.replaceAll('+', ' ');
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  if (value.length > MAX_RECON_CHARS || !/^(?:¶HKI¶)?[TWG][^$]*\$A=/.test(value)) return null;
  return value;
}

/**
 * A query value as the app wrote it. Form decoding turns base64's `+` into a space, and some share
 * sheets percent-encode `+ / =`; both are undone here.
 */
function unescapeQueryValue(raw: string): string {
  let value = raw;
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      // A stray `%` is not an escape; keep the value as it was.
    }
  }
  return value.trim().replaceAll(' ', '+');
}

/** Standard or URL-safe base64, optionally padded. */
function isBase64(s: string): boolean {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (s.length - end > 2) return false;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 47 ||
      c === 45 ||
      c === 95;
    if (!ok) return false;
  }
  return true;
}
