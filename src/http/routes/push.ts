import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import { sendTestNotification } from '../../push/test-notification.js';
import {
  pushKeyView,
  pushSubscriptionBody,
  pushSubscriptionView,
  pushTestView,
  pushUnsubscribeBody,
  pushUnsubscribedView,
} from '../schemas.js';

/** Test notifications a traveller may ask for per minute: enough to try, too few to spam a phone. */
export const PUSH_TESTS_PER_MINUTE = 5;

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

  // Its own counter (in Redis when there is one, like every limit), apart from the per-user limit.
  const testLimit = app.createRateLimit({
    max: PUSH_TESTS_PER_MINUTE,
    timeWindow: '1 minute',
    keyGenerator: (request) => `push-test:${request.userId}`,
  });
  app.post(
    '/push/test',
    {
      schema: { response: { 200: pushTestView } },
      preHandler: async (request, reply) => {
        const limit = await testLimit(request);
        if (limit.isAllowed || !limit.isExceeded) return;
        reply.header('retry-after', limit.ttlInSeconds);
        throw new AppError(
          'rate_limited',
          `At most ${PUSH_TESTS_PER_MINUTE} test notifications a minute; try again in ${limit.ttlInSeconds} s.`,
          { retryAfterMs: limit.ttl },
        );
      },
    },
    async (request) =>
      sendTestNotification(
        { subscriptions: app.stores.pushSubscriptions, send: app.services.push.send },
        request.userId,
        request.locale,
      ),
  );

  app.delete(
    '/push/subscriptions',
    { schema: { body: pushUnsubscribeBody, response: { 200: pushUnsubscribedView } } },
    async (request) => ({
      removed: await app.stores.pushSubscriptions.remove(request.userId, request.body.endpoint),
    }),
  );
};
