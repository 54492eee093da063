import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  apiRequest,
  apiRequestExamples,
  type KnownIds,
  sendAndCheck,
  storeFixtureShares,
} from './support/api-payloads.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { postShareAndCheck, sharePost, sharePostExamples } from './support/share-payloads.js';

/**
 * The whole share pipeline over HTTP under hostile input: mutated real links, random text and raw
 * JSON hiding reserved keys. Never a 500, never a crash; every rejection and every failed share
 * carries a code from the one list (`ERROR_CODES`). A small sample from the fixed seed
 * (`test/support/fast-check-seed.ts`); `npm run fuzz` explores the same space at length
 * (`test/share.fuzz.ts`, `test/api.fuzz.ts`).
 */

const target = testDatabases[0]!;

describe(`share pipeline fuzz on ${target.name}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    // The per-client rate limit would answer 429 long before the property runs out.
    t = await startTestApp(target, { rateLimitMax: 10_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every payload with a stored share or a coded 4xx, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(sharePost, async (post) => {
        await postShareAndCheck(t.app, post);
      }),
      { numRuns: 250, examples: sharePostExamples },
    );
  });

  // The API-body fuzz of `test/api.fuzz.ts` (share target, preferences, `:id` actions, raw bodies).
  it('answers every API request without a 5xx, every refusal with a listed code', async () => {
    const known: KnownIds = await storeFixtureShares(t.app);
    await fc.assert(
      fc.asyncProperty(apiRequest(known), async (request) => {
        await sendAndCheck(t.app, request);
      }),
      { numRuns: 300, examples: apiRequestExamples },
    );
  });
});
