import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatZurichIso, parseInstant } from '../src/domain/time.js';
import { decodeTripSearch, parseShare } from '../src/links/index.js';
import { type ParseOutcome, SHARE_ERROR_CODES } from '../src/links/types.js';
import {
  FIXTURE_NOW,
  isNegativeFixture,
  isShortLinkFixture,
  loadShareFixtures,
  mismatches,
  payloadOf,
  SHARED_FIXTURES_PATH,
  SNAPSHOT_FIXTURES_PATH,
} from './fixtures.js';

const fixtures = loadShareFixtures();
const parse = (payload: Parameters<typeof parseShare>[0]): ParseOutcome =>
  parseShare(payload, { now: FIXTURE_NOW });
const ERROR_CODES: ReadonlySet<string> = new Set(SHARE_ERROR_CODES);
const PRECISE_REFUSAL: Readonly<Record<string, string>> = {
  driving: 'driving_route',
  walking: 'walking_route',
  cycling: 'cycling_route',
  bicycling: 'cycling_route',
};
const NON_TRANSIT_CODES: ReadonlySet<string> = new Set(['driving_route', 'walking_route', 'cycling_route']);

describe('share-examples.json', () => {
  it.skipIf(!existsSync(SHARED_FIXTURES_PATH))('the committed snapshot matches the shared fixtures', () => {
    expect(readFileSync(SNAPSHOT_FIXTURES_PATH, 'utf8')).toBe(readFileSync(SHARED_FIXTURES_PATH, 'utf8'));
  });

  it('has at least the 35 fixtures trip-links.md describes, each with a unique id', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(35);
    expect(new Set(fixtures.map((f) => f.id)).size).toBe(fixtures.length);
  });

  describe.each(fixtures.map((f) => [f.id, f] as const))('%s', (_id, fixture) => {
    if (isShortLinkFixture(fixture)) {
      it('asks for the short link to be fetched', () => {
        const outcome = parse(payloadOf(fixture));
        expect(outcome).toMatchObject({ status: 'needs_resolution', code: 'short_link' });
        const host = fixture.kind.startsWith('google') ? 'google' : 'sbb';
        expect(outcome.status === 'needs_resolution' && outcome.code === 'short_link' && outcome.host).toBe(
          host,
        );
      });
      const { resolvesTo } = fixture;
      if (resolvesTo !== undefined) {
        it('parses what the short link resolves to as expected', () => {
          const outcome = parse({ title: null, text: resolvesTo, url: null });
          expect(mismatches(outcome, fixture.expected, false)).toEqual([]);
        });
      }
      return;
    }

    it('parses as expected', () => {
      const outcome = parse(payloadOf(fixture));
      // A route for another mode is refused with its own code (issue #15), a refinement of `not_transit`.
      const { travelMode } = fixture.expected;
      if (travelMode !== undefined && travelMode !== 'transit' && outcome.status === 'failed') {
        expect(outcome.code).toBe(PRECISE_REFUSAL[travelMode] ?? 'not_transit');
      }
      const checked =
        outcome.status === 'failed' && NON_TRANSIT_CODES.has(outcome.code)
          ? { ...outcome, code: 'not_transit' as const }
          : outcome;
      expect(mismatches(checked, fixture.expected, isNegativeFixture(fixture))).toEqual([]);
      if (outcome.status === 'failed') expect(ERROR_CODES.has(outcome.code)).toBe(true);
      if (outcome.status === 'parsed') {
        // Instants carry the Europe/Zurich offset of their own date.
        for (const leg of outcome.trip.legs) {
          expect(formatZurichIso(parseInstant(leg.departure))).toBe(leg.departure);
          expect(formatZurichIso(parseInstant(leg.arrival))).toBe(leg.arrival);
        }
      }
    });

    const { searchTime } = fixture.expected;
    const tripId = /(?:tripId|recon)=(3HA\.[A-Za-z0-9_.-]+)/.exec(fixture.text ?? fixture.url ?? '')?.[1];
    if (searchTime !== undefined && tripId !== undefined) {
      it('carries the original search time in the tripId', () => {
        const search = decodeTripSearch(tripId);
        expect(`${search?.day}T${search?.time}`).toBe(searchTime);
      });
    }
  });

  it('turns every fixture with legs into a trip with exactly those legs', () => {
    const withLegs = fixtures.filter((f) => f.expected.legs !== null);
    expect(withLegs.length).toBeGreaterThan(15);
    for (const fixture of withLegs) {
      const payload = isShortLinkFixture(fixture)
        ? { title: null, text: fixture.resolvesTo ?? null, url: null }
        : payloadOf(fixture);
      const outcome = parse(payload);
      expect(outcome.status === 'parsed' && outcome.trip.legs.length, fixture.id).toBe(fixture.expected.legs);
    }
  });
});
