import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../domain/errors.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { libraryRoutes } from './routes/library.js';
import { preferenceRoutes } from './routes/preferences.js';
import { pushRoutes } from './routes/push.js';
import { shareRoutes } from './routes/shares.js';
import { tripRoutes } from './routes/trips.js';

/**
 * The JSON API, registered under `/api` as one encapsulated plugin: every route in it is signed in by
 * its `onRequest` hook, so a path can only reach a handler through the router, which already decoded it.
 * State-changing requests must come from this site (`sameSiteOnly`, which covers signing out) and
 * carry JSON, if anything (`jsonBodiesOnly`): what a cross-site form can send is refused.
 */
export const apiRoutes: FastifyPluginAsyncZod = async (app) => {
  // Before signing in: a forged request is refused without a session lookup.
  app.addHook('onRequest', app.sameSiteOnly);
  app.addHook('onRequest', app.jsonBodiesOnly);
  app.addHook('onRequest', app.authenticate);
  // Per signed-in user, over all their addresses; the global limit counts per address (`app.ts`).
  app.addHook('onRequest', app.limitPerUser);
  // Personal data: no shared cache may keep it. A route that sets its own (`private`) keeps that.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  await app.register(shareRoutes);
  await app.register(tripRoutes);
  await app.register(preferenceRoutes);
  await app.register(accountRoutes);
  await app.register(libraryRoutes);
  await app.register(pushRoutes);
  await app.register(adminRoutes);
  // Unknown API paths answer JSON here instead of the PWA's index.html.
  app.all('/*', async (request) => {
    throw new AppError('not_found', `No API route ${request.method} ${request.url.split('?')[0]}`);
  });
};
