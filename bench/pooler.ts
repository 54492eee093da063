/**
 * What PgBouncer in transaction mode costs the claim paths: two reminder workers draining due
 * reminders, and 200 trip reads, each straight to Postgres and through the pooler (unnamed statements,
 * as DATABASE_PREPARED_STATEMENTS=false sends them; named straight to Postgres as the baseline). Needs
 * the pooler `.ci/run` starts (TEST_POOLER_URL). `npx tsx bench/pooler.ts`.
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/client.js';
import { createStores } from '../src/db/stores.js';
import { AppError } from '../src/domain/errors.js';
import { demoMusic } from '../src/music/source.js';
import { createServices } from '../src/services.js';
import { startPushServiceFake } from '../test/fakes/push-service.js';
import { fixtureById } from '../test/fixtures.js';
import { createScratchPostgres, poolerAvailable, viaPooler } from '../test/support/databases.js';
import { drainWithWorkers, seedDueReminders } from '../test/support/reminder-load.js';

const REMINDERS = 1_000;
const READS = 200;

async function drain(route: 'direct' | 'pooler'): Promise<number> {
  const push = await startPushServiceFake();
  const scratch = await createScratchPostgres('railtape_bench_pool');
  const url = route === 'pooler' ? viaPooler(scratch.url) : scratch.url;
  const handles = [
    await openDatabase({ kind: 'postgres', url, maxConnections: 5 }),
    await openDatabase({ kind: 'postgres', url, maxConnections: 5 }),
  ];
  try {
    await handles[0]!.migrate();
    const now = Date.now();
    const seeded = await seedDueReminders(handles[0]!.db, push, {
      count: REMINDERS,
      dueAt: new Date(now - 5_000),
      departsAt: new Date(now + 20 * 60_000),
    });
    const started = performance.now();
    const result = await drainWithWorkers(handles, push, seeded);
    const seconds = (performance.now() - started) / 1000;
    if (result.misses || result.duplicates) throw new Error(`${route}: misses or duplicates`);
    return seconds;
  } finally {
    for (const h of handles) await h.close();
    await scratch.drop();
    await push.close();
  }
}

async function reads(route: 'direct' | 'pooler', prepared: boolean): Promise<number> {
  const scratch = await createScratchPostgres('railtape_bench_pool');
  const url = route === 'pooler' ? viaPooler(scratch.url) : scratch.url;
  const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 5 });
  try {
    await handle.migrate();
    const stores = createStores(handle.db, { preparedStatements: prepared });
    const userId = (await stores.users.ensureLocalUser()).id;
    const services = createServices(stores, {
      resolveLink: async () => {
        throw new AppError('resolution_failed', 'none');
      },
      clock: () => new Date('2026-11-24T09:00:00Z'),
      music: demoMusic(),
    });
    const text = fixtureById('real-sbb-triplink-jitpack').text ?? '';
    const received = await services.shares.receiveShare(userId, { title: 'Trip', text, url: null });
    const tripId = (await stores.trips.findByShare(received.share.id))?.id ?? '';
    for (let i = 0; i < 20; i++) await stores.trips.getWithPlaylist(userId, tripId);
    const started = performance.now();
    for (let i = 0; i < READS; i++) await stores.trips.getWithPlaylist(userId, tripId);
    return ((performance.now() - started) / READS) * 1000;
  } finally {
    await handle.close();
    await scratch.drop();
  }
}

if (!poolerAvailable) {
  process.stdout.write('no pooler at TEST_POOLER_URL: start it as .ci/run does\n');
  process.exit(1);
}
const lines = [
  `two reminder workers, ${REMINDERS} due reminders: direct ${(await drain('direct')).toFixed(2)} s, through PgBouncer ${(await drain('pooler')).toFixed(2)} s`,
  `trip read, sequential, mean of ${READS}: direct named ${(await reads('direct', true)).toFixed(0)} µs, direct unnamed ${(await reads('direct', false)).toFixed(0)} µs, through PgBouncer unnamed ${(await reads('pooler', false)).toFixed(0)} µs`,
];
process.stdout.write(`${lines.join('\n')}\n`);
