import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import { endSession } from '../auth.js';
import { accountView, signedOutView } from '../schemas.js';

/** `/api/me` and signing out. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/me', { schema: { response: { 200: accountView } } }, async (request) => {
    const user = await app.stores.users.find(request.userId);
    if (!user) throw new AppError('sign_in_required', 'Sign in to see your trips.');
    const spotify = app.services.spotify;
    const connection = spotify ? await spotify.connection(user.id) : undefined;
    return {
      user: { id: user.id, displayName: user.displayName },
      signIn: app.signInMode,
      spotify:
        connection === undefined
          ? null
          : connection.status === 'connected'
            ? {
                status: 'connected' as const,
                accountId: connection.accountId,
                consentEndsAt: connection.consentEndsAt.toISOString(),
              }
            : connection.status === 'reconnect_required'
              ? { status: 'reconnect_required' as const, reason: connection.reason }
              : { status: 'not_connected' as const },
    };
  });

  app.post('/auth/sign-out', { schema: { response: { 200: signedOutView } } }, async (request, reply) => ({
    sessionsEnded: await endSession(request, reply, false),
  }));

  app.post(
    '/auth/sign-out-everywhere',
    { schema: { response: { 200: signedOutView } } },
    async (request, reply) => ({
      sessionsEnded: await endSession(request, reply, true),
    }),
  );
};
