import fc from 'fast-check';
import { beforeEach } from 'vitest';

/**
 * Every fast-check property runs from one seed, so `npm test` explores the same cases on every run
 * and machine. `FC_SEED=<int>` picks another seed (the one a failure or `npm run fuzz` printed);
 * `FUZZ_RUNS=<n>` sets the default number of runs per property (fast-check's 100 otherwise; a
 * property that passes its own `numRuns` keeps it).
 */
export const DEFAULT_FC_SEED = 20_261_124;

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

const seed = intFromEnv('FC_SEED') ?? DEFAULT_FC_SEED;
const numRuns = intFromEnv('FUZZ_RUNS');

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  seed,
  ...(numRuns !== undefined ? { numRuns } : {}),
});

// fast-check's own report carries `{ seed, path }`; say also how to replay the whole file.
beforeEach(({ onTestFailed }) => {
  onTestFailed(({ task }) => {
    const errors = task.result?.errors ?? [];
    if (!errors.some((e) => /Property failed/.test(String(e?.message)))) return;
    console.error(
      `fast-check seed ${seed}${process.env.FC_SEED ? ' (from FC_SEED)' : ''}: replay with FC_SEED=${seed}` +
        `${numRuns !== undefined ? ` FUZZ_RUNS=${numRuns}` : ''}`,
    );
  });
});
