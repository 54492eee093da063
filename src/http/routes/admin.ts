import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createAnalyticsStore } from '../../db/analytics.js';
import { AppError } from '../../domain/errors.js';
import { isAdmin } from '../../ops/operator.js';
import { parseSince, statsReport } from '../../ops/stats.js';
import { adminMeView, adminStatsQuery, adminStatsView } from '../schemas.js';

/**
 * The operator's page: analytics on the read connection, for the accounts in `ADMIN_ACCOUNTS` only.
 * Everyone else gets 403 `admin_only` (signed in, so not 401; the page exists, so not 404).
 */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  async function admin(userId: string): Promise<boolean> {
    return isAdmin(await app.stores.users.find(userId), app.operator?.adminAccounts ?? []);
  }

  app.get('/admin/me', { schema: { response: { 200: adminMeView } } }, async (request) => ({
    admin: await admin(request.userId),
  }));

  app.get(
    '/admin/stats',
    { schema: { querystring: adminStatsQuery, response: { 200: adminStatsView } } },
    async (request) => {
      if (!(await admin(request.userId)))
        throw new AppError('admin_only', 'Only Railtape’s operators may see this page.');
      const sinceMs = parseSince(request.query.since);
      // The schema already refused anything parseSince cannot read.
      if (sinceMs === undefined) throw new AppError('invalid_request', 'since must be like 7d');
      const until = app.clock();
      const analytics = app.operator?.analytics ?? createAnalyticsStore(app.database.db);
      return statsReport(analytics, { since: new Date(until.getTime() - sinceMs), until });
    },
  );
};
