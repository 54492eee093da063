import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type ApiRequest,
  apiRequestExamples,
  createTally,
  idActionRequest,
  type KnownIds,
  preferencesRequest,
  rawBodyRequest,
  sendAndCheck,
  shareTargetRequest,
  storeFixtureShares,
} from './support/api-payloads.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/**
 * `npm run fuzz`: the rest of the HTTP surface under hostile input, one app for all four properties
 * (the share target's forms, preferences, the `:id` actions on real and broken ids, raw bodies under
 * odd content types). Never a 5xx, every refusal a listed code with a message, every share a valid
 * status (`sendAndCheck`). Seeded like the share fuzz (`vitest.fuzz.config.ts`).
 */

const target = testDatabases[0]!;
const runs = fc.readConfigureGlobal().numRuns ?? 100;
// About 1-2 ms a run on a quiet machine; room for a loaded one.
const timeout = Math.max(120_000, runs * 100);

describe(`API fuzz on ${target.name}, ${runs} runs per property`, () => {
  let t: TestApp;
  let known: KnownIds = { shares: [], trips: [] };
  const tally = createTally();
  beforeAll(async () => {
    t = await startTestApp(target, { rateLimitMax: Number.MAX_SAFE_INTEGER });
    known = await storeFixtureShares(t.app);
  });
  afterAll(async () => {
    tally.print('fuzz: API');
    await t?.close();
  });

  const check = async (request: ApiRequest) => {
    tally.add(await sendAndCheck(t.app, request));
  };

  it('the share target (multipart, urlencoded)', { timeout }, async () => {
    await fc.assert(fc.asyncProperty(shareTargetRequest, check), {
      examples: apiRequestExamples.slice(1, 2),
    });
  });

  it('PUT /api/preferences with random and mangled JSON', { timeout }, async () => {
    await fc.assert(fc.asyncProperty(preferencesRequest, check), {
      examples: apiRequestExamples.slice(0, 1),
    });
  });

  it('retry, refit, play and reads on real, random and broken ids', { timeout }, async () => {
    await fc.assert(fc.asyncProperty(idActionRequest(known), check), {
      examples: apiRequestExamples.slice(3),
    });
  });

  it('raw bodies under odd content types', { timeout }, async () => {
    await fc.assert(fc.asyncProperty(rawBodyRequest, check), { examples: apiRequestExamples.slice(2, 3) });
  });
});
