import { Redis } from 'ioredis';

/** The machine's Redis; CI and the dev machines run one, a fresh laptop may not. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` within a second. */
export async function redisAnswers(url: string = REDIS_URL): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export const redisAvailable = await redisAnswers();
// CI sets this: there a missing service is a broken machine, not a reason to skip.
if (!redisAvailable && process.env.RAILTAPE_REQUIRE_SERVICES) {
  throw new Error(`RAILTAPE_REQUIRE_SERVICES is set but Redis does not answer at ${REDIS_URL}`);
}
