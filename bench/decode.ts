/**
 * Decode throughput of `parseShare` on the 3HA trip links of the shared fixtures, next to the floor
 * no decoder can beat: base64url-decoding and inflating the same links' segments. Goal: parseShare at
 * least 1/3 of that floor. Also counts the fixtures whose expected trip parses exactly.
 *
 * Also judges the wild shares of issue #15 (right / refused with the reason / missed / wrong), per family.
 *
 * Run alone: `npx tsx bench/decode.ts` (one process, one core; ~12 s).
 */

import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { runSelfTest } from '../src/links/canaries.js';
import { parseShare } from '../src/links/index.js';
import type { SharePayload } from '../src/links/types.js';
import { judge, loadWildShares, type Verdict } from '../test/fixtures/wild-shares.js';
import {
  FIXTURE_NOW,
  isNegativeFixture,
  isShortLinkFixture,
  loadShareFixtures,
  mismatches,
  payloadOf,
} from '../test/fixtures.js';

export interface BenchOptions {
  /** Length of each timed run (default 1000 ms). */
  runMs?: number;
  /** Timed runs per measure; the median is reported (default 5). */
  runs?: number;
}

interface TripLinkSample {
  payload: SharePayload;
  segments: string[];
}

function tripLinkSamples(): TripLinkSample[] {
  const seen = new Set<string>();
  const samples: TripLinkSample[] = [];
  for (const f of loadShareFixtures()) {
    for (const link of [f.text, f.url, f.resolvesTo]) {
      const tripId = /(?:tripId|recon)=(3HA\.[A-Za-z0-9_.-]+)/.exec(link ?? '')?.[1];
      if (link == null || tripId === undefined || seen.has(tripId)) continue;
      seen.add(tripId);
      samples.push({ payload: { title: null, text: link, url: null }, segments: tripId.split('.').slice(1) });
    }
  }
  return samples;
}

type Work = (i: number) => number;

/** Shares per second of one timed run of `work` over the samples, for at least `runMs`. */
function timedRun(runMs: number, count: number, work: Work, sink: { value: number }): number {
  let done = 0;
  let elapsed = 0;
  const started = performance.now();
  do {
    for (let k = 0; k < 64; k++) sink.value += work((done + k) % count);
    done += 64;
    elapsed = performance.now() - started;
  } while (elapsed < runMs);
  return (done / elapsed) * 1000;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/**
 * Median shares/s of each measure over `runs` rounds. The measures take turns within a round, so a
 * slower spell of a shared machine hits all of them, and each round's ratio is taken before the median.
 */
function measure(runMs: number, runs: number, count: number, works: Work[]): { rates: number[][] } {
  const sink = { value: 0 };
  for (const work of works) timedRun(Math.min(300, runMs), count, work, sink);
  const rates: number[][] = works.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [w, work] of works.entries()) rates[w]?.push(timedRun(runMs, count, work, sink));
  }
  // Keeps the work observable, so the engine cannot drop it.
  if (sink.value === Number.MIN_VALUE) process.stdout.write('');
  return { rates };
}

function accuracy(): { exact: number; total: number; failures: string[] } {
  let exact = 0;
  let total = 0;
  const failures: string[] = [];
  for (const f of loadShareFixtures()) {
    if (f.expected.legs === null) continue;
    total++;
    const payload = isShortLinkFixture(f)
      ? { title: null, text: f.resolvesTo ?? null, url: null }
      : payloadOf(f);
    const problems = mismatches(parseShare(payload, { now: FIXTURE_NOW }), f.expected, isNegativeFixture(f));
    if (problems.length === 0) exact++;
    else failures.push(`${f.id}: ${problems.join('; ')}`);
  }
  return { exact, total, failures };
}

/**
 * The wild shares of issue #15 (`test/fixtures/wild-shares.json`): how many are read right, refused
 * with the expected reason, missed (refused where a trip or search was expected) or wrong (a trip or
 * search other than the expected one: must stay 0), per family; and their parse rate.
 */
function wildShares(runMs: number): {
  verdicts: Record<Verdict, number>;
  families: Map<string, Record<Verdict, number>>;
  wrong: string[];
  sharesPerSec: number;
} {
  const { now, shares } = loadWildShares();
  const empty = (): Record<Verdict, number> => ({ right: 0, refused: 0, missed: 0, wrong: 0 });
  const verdicts = empty();
  const families = new Map<string, Record<Verdict, number>>();
  const wrong: string[] = [];
  for (const share of shares) {
    const verdict = judge(parseShare({ title: null, text: share.text, url: null }, { now }), share);
    verdicts[verdict]++;
    const family = families.get(share.family) ?? empty();
    family[verdict]++;
    families.set(share.family, family);
    if (verdict === 'wrong' || verdict === 'missed') wrong.push(`${share.id}: ${verdict}`);
  }
  const payloads = shares.map((s) => ({ title: null, text: s.text, url: null }));
  const sink = { value: 0 };
  const rate = timedRun(
    runMs,
    payloads.length,
    (i) => parseShare(payloads[i] as SharePayload, { now }).status.length,
    sink,
  );
  return { verdicts, families, wrong, sharesPerSec: rate };
}

export async function benchDecode(
  options: BenchOptions = {},
): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const runMs = options.runMs ?? 1000;
  const runs = options.runs ?? 5;
  const samples = tripLinkSamples();
  const ctx = { now: FIXTURE_NOW };

  const parse: Work = (i) => {
    const outcome = parseShare((samples[i] as TripLinkSample).payload, ctx);
    return outcome.status === 'parsed' ? outcome.trip.legs.length : 0;
  };
  const inflateAll: Work = (i) => {
    let bytes = 0;
    for (const segment of (samples[i] as TripLinkSample).segments) {
      bytes += inflateSync(Buffer.from(segment, 'base64url')).length;
    }
    return bytes;
  };
  const inflateContext: Work = (i) => {
    const context = (samples[i] as TripLinkSample).segments[0] ?? '';
    return inflateSync(Buffer.from(context, 'base64url')).length;
  };
  const { rates } = measure(runMs, runs, samples.length, [parse, inflateAll, inflateContext]);
  const [parseRates = [], bareRates = [], contextRates = []] = rates;
  const parseRate = median(parseRates);
  const bareRate = median(bareRates);
  const contextRate = median(contextRates);
  const ratio = median(parseRates.map((rate, r) => rate / (bareRates[r] ?? Number.NaN)));
  const ratioContext = median(parseRates.map((rate, r) => rate / (contextRates[r] ?? Number.NaN)));
  const { exact, total, failures } = accuracy();
  // The deploy's self-test and the first health probe decode every canary; later probes reuse the report.
  runSelfTest();
  const selfTestStarted = performance.now();
  for (let i = 0; i < 20; i++) runSelfTest();
  const selfTestMs = (performance.now() - selfTestStarted) / 20;

  const wild = wildShares(runMs);
  const figures: Record<string, number> = {
    tripLinks: samples.length,
    parseShareSharesPerSec: Math.round(parseRate),
    bareInflateSharesPerSec: Math.round(bareRate),
    bareContextInflateSharesPerSec: Math.round(contextRate),
    ratio: Number(ratio.toFixed(3)),
    ratioContextOnly: Number(ratioContext.toFixed(3)),
    exactTrips: exact,
    tripFixtures: total,
    selfTestMs: Number(selfTestMs.toFixed(2)),
    wildShares: Object.values(wild.verdicts).reduce((a, b) => a + b, 0),
    wildRight: wild.verdicts.right,
    wildRefused: wild.verdicts.refused,
    wildMissed: wild.verdicts.missed,
    wildWrong: wild.verdicts.wrong,
    wildSharesPerSec: Math.round(wild.sharesPerSec),
  };
  const f = (n: number) => n.toLocaleString('en-US');
  const lines = [
    `decode bench (${process.version}, one core; ${runs} interleaved runs × ${runMs} ms each, median; ${samples.length} distinct 3HA links)`,
    `  parseShare (extract + inflate + protobuf + HKI + Europe/Zurich): ${f(figures.parseShareSharesPerSec ?? 0)} shares/s`,
    `  bare base64url + inflateSync, both segments:                     ${f(figures.bareInflateSharesPerSec ?? 0)} shares/s`,
    `  bare base64url + inflateSync, context segment only:              ${f(figures.bareContextInflateSharesPerSec ?? 0)} shares/s`,
    `  ratio parseShare / bare, both segments: ${figures.ratio} (goal ≥ 0.333)`,
    `  ratio parseShare / bare, context segment only (parseShare does not inflate the search): ${figures.ratioContextOnly}`,
    `  accuracy: ${exact}/${total} fixtures with an expected trip parse exactly`,
    `  self-test (every canary, as the deploy and the first /healthz run it): ${figures.selfTestMs} ms per run (mean of 20)`,
    ...failures.map((line) => `    ✗ ${line}`),
    `  wild shares (issue #15): ${figures.wildShares} — read right ${wild.verdicts.right}, refused with the expected reason ${wild.verdicts.refused}, missed ${wild.verdicts.missed}, wrong ${wild.verdicts.wrong}; parseShare over them: ${f(figures.wildSharesPerSec ?? 0)} shares/s`,
    ...[...wild.families].map(
      ([family, v]) =>
        `    ${family.padEnd(18)} ${v.right + v.refused + v.missed + v.wrong} samples: ${v.right} right, ${v.refused} refused, ${v.missed} missed, ${v.wrong} wrong`,
    ),
    ...wild.wrong.map((line) => `    ✗ ${line}`),
  ];
  return { lines, figures };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines } = await benchDecode();
  process.stdout.write(`${lines.join('\n')}\n`);
}
