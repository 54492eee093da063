/**
 * The shared share fixtures (`../shared/fixtures/share-examples.json`, beside the repository), typed and
 * checked on load, plus the comparison of a parse outcome with a fixture's `expected` block that the
 * fixture test and the decode benchmark both use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { formatZurichLocalMinute, parseInstant } from '../src/domain/time.js';
import { countTransfers, isRide, type Trip } from '../src/domain/trip.js';
import type { ParseOutcome, SharePayload } from '../src/links/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `RAILTAPE_SHARED_DIR` overrides the default `../shared` next to the repository root. */
export const SHARED_DIR = process.env.RAILTAPE_SHARED_DIR ?? join(REPO_ROOT, '..', 'shared');
/** The team's fixtures, the source of truth, present in the workspace and in `.ci/run`. */
export const SHARED_FIXTURES_PATH = join(SHARED_DIR, 'fixtures', 'share-examples.json');
/**
 * A committed snapshot of the same file for checkouts without `../shared` beside them (GitHub Actions).
 * `test/share-fixtures.test.ts` fails when the snapshot drifts from the shared file.
 */
export const SNAPSHOT_FIXTURES_PATH = join(REPO_ROOT, 'test', 'fixtures', 'share-examples.json');
export const SHARE_FIXTURES_PATH = existsSync(SHARED_FIXTURES_PATH)
  ? SHARED_FIXTURES_PATH
  : SNAPSHOT_FIXTURES_PATH;

const localMinute = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

const expectedSchema = z.object({
  origin: z.string().nullable(),
  destination: z.string().nullable(),
  departure: localMinute.nullable(),
  arrival: localMinute.nullable(),
  legs: z.number().int().positive().nullable(),
  transfers: z.number().int().nonnegative().optional(),
  lines: z.array(z.string()).optional(),
  searchTime: localMinute.optional(),
  uic: z.object({ origin: z.string().nullable(), destination: z.string().nullable() }).optional(),
  timeKind: z.enum(['depart-at', 'arrive-by', 'leave-now']).optional(),
  arriveBy: z.boolean().optional(),
  travelMode: z.string().optional(),
  firstRide: z
    .object({
      from: z.string(),
      to: z.string(),
      dep: localMinute,
      arr: localMinute,
      line: z.string(),
      train: z.string().nullable(),
    })
    .optional(),
});

const fixtureSchema = z.object({
  id: z.string(),
  source: z.string(),
  kind: z.string(),
  lang: z.string(),
  title: z.string().nullable(),
  text: z.string().nullable(),
  url: z.string().nullable(),
  expected: expectedSchema,
  resolvesTo: z.string().optional(),
  notes: z.string().nullable().optional(),
});

export type ShareFixture = z.infer<typeof fixtureSchema>;
export type ExpectedShare = z.infer<typeof expectedSchema>;

let cache: ShareFixture[] | undefined;

export function loadShareFixtures(): ShareFixture[] {
  cache ??= z.array(fixtureSchema).parse(JSON.parse(readFileSync(SHARE_FIXTURES_PATH, 'utf8')));
  return cache;
}

export function fixtureById(id: string): ShareFixture {
  const fixture = loadShareFixtures().find((f) => f.id === id);
  if (fixture === undefined) throw new Error(`no share fixture ${id}`);
  return fixture;
}

export const payloadOf = (f: Pick<ShareFixture, 'title' | 'text' | 'url'>): SharePayload => ({
  title: f.title,
  text: f.text,
  url: f.url,
});

/** When the fixtures were collected (trip-links.md: "compiled 2026-11-24"): the `now` of every parse. */
export const FIXTURE_NOW = Date.UTC(2026, 10, 24, 9, 0);

/** A short link that only the network can turn into a trip (the Firebase `link=` form is not one). */
export const isShortLinkFixture = (f: ShareFixture): boolean =>
  f.kind.endsWith('short-link') && !/[?&]link=/.test(`${f.text ?? ''} ${f.url ?? ''}`);

/** A share that must not become a trip or a search: it names no place and no time. */
export const isNegativeFixture = (f: ShareFixture): boolean => {
  const e = f.expected;
  return (
    !isShortLinkFixture(f) &&
    e.origin === null &&
    e.destination === null &&
    e.legs === null &&
    e.departure === null &&
    e.arrival === null &&
    e.searchTime === undefined &&
    e.timeKind === undefined
  );
};

const local = (iso: string) => formatZurichLocalMinute(parseInstant(iso));

/**
 * Every non-null `expected` field that `outcome` contradicts, as `field: expected ≠ actual` lines; empty
 * when the outcome matches. Fields an outcome cannot carry (`searchTime` of a trip link lives in the
 * tripId's search segment) are checked by the caller.
 */
export function mismatches(outcome: ParseOutcome, expected: ExpectedShare, negative: boolean): string[] {
  const problems: string[] = [];
  const check = (field: string, want: unknown, got: unknown) => {
    if (want === null || want === undefined) return;
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      problems.push(`${field}: ${JSON.stringify(want)} ≠ ${JSON.stringify(got)}`);
    }
  };
  if (expected.travelMode !== undefined && expected.travelMode !== 'transit') {
    if (outcome.status !== 'failed') return [`status: failed/not_transit ≠ ${describe(outcome)}`];
    check('code', 'not_transit', outcome.code);
    checkMessage(outcome.message, expected, problems);
    return problems;
  }
  if (negative) {
    if (outcome.status !== 'failed') problems.push(`status: failed ≠ ${describe(outcome)}`);
    return problems;
  }
  if (expected.legs !== null) {
    if (outcome.status !== 'parsed') return [`status: parsed ≠ ${describe(outcome)}`];
    checkTrip(outcome.trip, expected, check);
    return problems;
  }
  if (expected.origin === null || expected.destination === null) {
    // A one-sided search is not a trip; the outcome has no query, so the message states what the link
    // said in a fixed shape (`to: …; arrive by: …`, see sbb-search.ts describeIncompleteSearch).
    if (outcome.status !== 'failed') return [`status: failed/incomplete_search ≠ ${describe(outcome)}`];
    check('code', 'incomplete_search', outcome.code);
    checkMessage(outcome.message, expected, problems);
    return problems;
  }
  if (outcome.status !== 'needs_resolution' || outcome.code !== 'timetable_query') {
    return [`status: timetable_query ≠ ${describe(outcome)}`];
  }
  const q = outcome.query;
  check('origin', expected.origin, q.origin.name);
  check('destination', expected.destination, q.destination.name);
  check('uic.origin', expected.uic?.origin, q.origin.uic);
  check('uic.destination', expected.uic?.destination, q.destination.uic);
  check('searchTime', expected.searchTime, q.time);
  check('timeKind', expected.timeKind, q.timeKind);
  if (expected.arriveBy === true) check('timeKind', 'arrive-by', q.timeKind);
  check('departure', expected.departure, q.timeKind === 'depart-at' ? q.time : null);
  check('arrival', expected.arrival, q.timeKind === 'arrive-by' ? q.time : null);
  return problems;
}

/**
 * A failed search has no query to compare, so sbb-search.ts and google-maps.ts state what the link did
 * say in the message, in a fixed shape (`from: …; to: …; arrive by: …`).
 */
function checkMessage(message: string, expected: ExpectedShare, problems: string[]): void {
  const says = (label: string, value: string | null | undefined) => {
    if (value != null && !message.includes(`${label}: ${value}`)) {
      problems.push(`message lacks "${label}: ${value}": ${message}`);
    }
  };
  says('from', expected.origin);
  says('to', expected.destination);
  says('depart at', expected.departure ?? (expected.arriveBy ? null : expected.searchTime));
  says('arrive by', expected.arrival);
}

function checkTrip(trip: Trip, expected: ExpectedShare, check: (f: string, w: unknown, g: unknown) => void) {
  const rides = trip.legs.filter(isRide);
  check('origin', expected.origin, trip.origin);
  check('destination', expected.destination, trip.destination);
  check('departure', expected.departure, local(trip.departure));
  check('arrival', expected.arrival, local(trip.arrival));
  check('legs', expected.legs, trip.legs.length);
  check('transfers', expected.transfers, countTransfers(trip));
  check('transfers = rides − 1', expected.transfers, Math.max(0, rides.length - 1));
  check(
    'lines',
    expected.lines,
    rides.map((leg) => leg.line),
  );
  check('uic.origin', expected.uic?.origin, trip.legs[0]?.from.uic);
  check('uic.destination', expected.uic?.destination, trip.legs[trip.legs.length - 1]?.to.uic);
  const first = rides[0];
  if (expected.firstRide !== undefined) {
    check(
      'firstRide',
      expected.firstRide,
      first && {
        from: first.from.name,
        to: first.to.name,
        dep: local(first.departure),
        arr: local(first.arrival),
        line: first.line,
        train: first.trainNumber,
      },
    );
  }
}

function describe(outcome: ParseOutcome): string {
  if (outcome.status === 'failed') return `failed/${outcome.code}: ${outcome.message}`;
  if (outcome.status === 'needs_resolution') return `needs_resolution/${outcome.code}`;
  return 'parsed';
}
