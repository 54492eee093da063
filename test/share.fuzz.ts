import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTally } from './support/api-payloads.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { postShareAndCheck, sharePost, sharePostExamples } from './support/share-payloads.js';

/**
 * `npm run fuzz`: the share pipeline property of `share-fuzz.test.ts` at length, from a fresh seed
 * each run (printed first; `FC_SEED` and `FUZZ_RUNS` replay a run, see `vitest.fuzz.config.ts`).
 * The tally printed at the end says how many shares really parsed (and were fitted).
 */

const target = testDatabases[0]!;
const runs = fc.readConfigureGlobal().numRuns ?? 100;

describe(`share pipeline fuzz on ${target.name}, ${runs} runs`, () => {
  let t: TestApp;
  const tally = createTally();
  beforeAll(async () => {
    t = await startTestApp(target, { rateLimitMax: Number.MAX_SAFE_INTEGER });
  });
  afterAll(async () => {
    tally.print('fuzz: POST /api/shares');
    await t?.close();
  });

  it(
    'answers every payload with a stored share or a coded 4xx, never a 500',
    async () => {
      await fc.assert(
        fc.asyncProperty(sharePost, async (post) => {
          tally.add(await postShareAndCheck(t.app, post));
        }),
        { examples: sharePostExamples },
      );
    },
    // About 2 ms a run on a quiet machine; room for a loaded one.
    Math.max(120_000, runs * 100),
  );
});
