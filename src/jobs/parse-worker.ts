import type { ShareStore } from '../db/shares.js';
import type { ShareService } from '../share/service.js';

export interface ParseRunSummary {
  claimed: number;
  parsed: number;
  waiting: number;
  failed: number;
  /** Families the parser alarm raised this run (`ops/parser-health.ts`), when it ran. */
  degraded?: string[];
}

const LEASE_MS = 5 * 60_000;

/**
 * One run of the parse worker (a Render cron run, or a tick of the in-process timer on PGlite):
 * claims due shares in batches until none are left or the batch budget is spent.
 */
export async function runParseWorker(
  deps: {
    store: ShareStore;
    shares: ShareService;
    clock: () => Date;
    /** The parser alarm, checked once at the end of each run; never fails the run. */
    checkParserHealth?: (now: Date) => Promise<Array<{ family: string }>>;
  },
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<ParseRunSummary> {
  const summary: ParseRunSummary = { claimed: 0, parsed: 0, waiting: 0, failed: 0 };
  const batchSize = options.batchSize ?? 20;
  for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
    const claimed = await deps.store.claimDue(deps.clock(), batchSize, LEASE_MS);
    if (claimed.length === 0) break;
    summary.claimed += claimed.length;
    for (const share of claimed) {
      const result = await deps.shares.processShare(share, 'worker');
      if (result.share.status === 'parsed') summary.parsed++;
      else if (result.share.status === 'failed') summary.failed++;
      else summary.waiting++;
    }
  }
  if (deps.checkParserHealth) {
    summary.degraded = (await deps.checkParserHealth(deps.clock())).map((alarm) => alarm.family);
  }
  return summary;
}

/** Re-runs every failed share through the current parser (after a parser upgrade). */
export async function reparseFailedShares(deps: {
  store: ShareStore;
  shares: ShareService;
  clock?: () => Date;
}): Promise<ParseRunSummary> {
  const failed = await deps.store.listFailed();
  const summary: ParseRunSummary = { claimed: 0, parsed: 0, waiting: 0, failed: 0 };
  for (const listed of failed) {
    // A share a worker or a retry holds right now is theirs: processing it twice races on its trip.
    const share = await deps.store.claimOne(listed.id, (deps.clock ?? (() => new Date()))(), LEASE_MS);
    if (!share) continue;
    summary.claimed++;
    const result = await deps.shares.processShare(share, 'worker');
    if (result.share.status === 'parsed') summary.parsed++;
    else if (result.share.status === 'failed') summary.failed++;
    else summary.waiting++;
  }
  return summary;
}
