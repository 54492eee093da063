import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferencesBody, preferencesView as preferencesSchema } from '../schemas.js';
import { preferencesView } from '../views.js';

/** `/api/preferences`: how the traveller wants playlists fitted and reminders timed. */
export const preferenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/preferences', { schema: { response: { 200: preferencesSchema } } }, async (request) =>
    preferencesView(await app.stores.users.preferences(request.userId)),
  );

  app.put(
    '/preferences',
    { schema: { body: preferencesBody.default({}), response: { 200: preferencesSchema } } },
    async (request) =>
      preferencesView(await app.stores.users.updatePreferences(request.userId, request.body)),
  );
};
