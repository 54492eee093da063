import { randomInt } from 'node:crypto';
import { defineConfig } from 'vitest/config';

/**
 * `npm run fuzz`: the `*.fuzz.ts` properties with many runs, from a new random seed each time.
 * The seed is printed first and again at the end; replay a failure with the same `FC_SEED` (and
 * `FUZZ_RUNS`, when it was set): `FC_SEED=123 FUZZ_RUNS=5000 npm run fuzz`.
 */

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

const seed = intFromEnv('FC_SEED') ?? randomInt(-(2 ** 31), 2 ** 31);
// Five properties (`share.fuzz.ts`: 1, `api.fuzz.ts`: 4): 20,000 runs each is 100,000 requests.
const PROPERTIES = 5;
const runs = intFromEnv('FUZZ_RUNS') ?? 20_000;
const replay = `FC_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`;
const line = () =>
  `fuzz: seed ${seed}, ${runs} runs per property, ${PROPERTIES * runs} in all (replay: ${replay})`;
console.log(line());

export default defineConfig({
  test: {
    include: ['src/**/*.fuzz.ts', 'test/**/*.fuzz.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    // Reads FC_SEED and FUZZ_RUNS (set here for the workers) into fast-check's global settings.
    setupFiles: ['./test/support/fast-check-seed.ts'],
    env: { FC_SEED: String(seed), FUZZ_RUNS: String(runs) },
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: [
      'default',
      {
        onTestRunEnd: () => {
          console.log(line());
        },
      },
    ],
  },
});
