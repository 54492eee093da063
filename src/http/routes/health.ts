import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createOpsStore } from '../../db/analytics.js';
import { healthView, readyView } from '../schemas.js';

const DB_TIMEOUT_MS = 800;

class PingTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PingTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `/healthz` is Render's health check: the process answers, the database answers and the parser
 * canaries decode (a deploy that breaks parsing never takes traffic). `/readyz` says whether this
 * instance should get new requests; it turns 503 as soon as shutdown starts.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const ops = createOpsStore(app.database.db);
  app.get(
    '/healthz',
    { config: { rateLimit: false }, schema: { response: { 200: healthView, 503: healthView } } },
    async (request, reply) => {
      const started = performance.now();
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      try {
        await withTimeout(app.database.ping(), DB_TIMEOUT_MS);
        checks.database = { ok: true };
      } catch (err) {
        // The probe is public: a driver's message names hosts, users and databases. It goes to the log;
        // the answer says only which way the database failed.
        request.log.error({ err }, 'health check: the database did not answer');
        checks.database = { ok: false, detail: err instanceof PingTimeout ? 'timeout' : 'unreachable' };
      }
      const selfTest = app.selfTest();
      const failed = selfTest.results.filter((r) => !r.ok).map((r) => r.name);
      checks.parser =
        failed.length === 0 ? { ok: true } : { ok: false, detail: `canaries failed: ${failed.join(', ')}` };
      const ok = Object.values(checks).every((c) => c.ok);
      // Live traffic failing (`ops/parser-health.ts`): shown, but not a reason to leave the rotation.
      let alarms: Array<{ family: string; reason: string; hour: string; failed: number; total: number }> = [];
      if (checks.database?.ok) {
        try {
          const since = new Date(app.clock().getTime() - 3_600_000);
          alarms = (await withTimeout(ops.parserAlarmsSince(since), DB_TIMEOUT_MS)).map((a) => ({
            family: a.family,
            reason: a.reason,
            hour: a.hour.toISOString(),
            failed: a.failed,
            total: a.total,
          }));
        } catch (err) {
          request.log.warn({ err }, 'health check: parser alarms not readable');
        }
      }
      reply.status(ok ? 200 : 503).header('cache-control', 'no-store');
      return {
        status: ok ? ('ok' as const) : ('failing' as const),
        checks,
        elapsedMs: Math.round(performance.now() - started),
        ...(alarms.length > 0 ? { alarms } : {}),
      };
    },
  );

  app.get(
    '/readyz',
    { config: { rateLimit: false }, schema: { response: { 200: readyView, 503: readyView } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (app.shuttingDown) return reply.status(503).send({ status: 'shutting_down' });
      try {
        await withTimeout(app.database.ping(), DB_TIMEOUT_MS);
        return { status: 'ready' as const };
      } catch {
        return reply.status(503).send({ status: 'database_unavailable' });
      }
    },
  );
};
