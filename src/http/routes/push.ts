import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import {
  pushKeyView,
  pushSubscriptionBody,
  pushSubscriptionView,
  pushUnsubscribeBody,
  pushUnsubscribedView,
} from '../schemas.js';

/** `/api/push`: the devices that get departure reminders. */
export const pushRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/push/key', { schema: { response: { 200: pushKeyView } } }, async () => ({
    publicKey: app.services.push.publicKey,
  }));

  app.post(
    '/push/subscriptions',
    { schema: { body: pushSubscriptionBody, response: { 201: pushSubscriptionView } } },
    async (request, reply) => {
      const { publicKey, endpoints } = app.services.push;
      if (!publicKey) throw new AppError('push_not_configured', 'This server sends no reminders.');
      // The worker will POST to this URL: only push services (and listed origins) are accepted.
      endpoints.check(request.body.endpoint);
      const row = await app.stores.pushSubscriptions.save({
        userId: request.userId,
        endpoint: request.body.endpoint,
        p256dh: request.body.keys.p256dh,
        auth: request.body.keys.auth,
      });
      reply.code(201);
      return {
        subscription: { id: row.id, endpoint: row.endpoint, createdAt: row.createdAt.toISOString() },
      };
    },
  );

  app.delete(
    '/push/subscriptions',
    { schema: { body: pushUnsubscribeBody, response: { 200: pushUnsubscribedView } } },
    async (request) => ({
      removed: await app.stores.pushSubscriptions.remove(request.userId, request.body.endpoint),
    }),
  );
};
