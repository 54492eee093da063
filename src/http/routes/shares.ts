import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import type { SharePayload } from '../../links/types.js';
import {
  idParams,
  type ShareBody,
  shareBody,
  shareDismissedView,
  shareList,
  shareOriginBody,
  shareResult,
} from '../schemas.js';
import { shareResultView, shareView } from '../views.js';

export function toPayload(body: ShareBody): SharePayload {
  const payload = { title: body.title ?? null, text: body.text ?? null, url: body.url ?? null };
  if (![payload.title, payload.text, payload.url].some((v) => v && v.trim() !== '')) {
    throw new AppError('empty_share', 'The share has no title, text or url.');
  }
  return payload;
}

/** `/api/shares`: what the traveller shared, stored verbatim, and what became of it. */
export const shareRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/shares',
    { schema: { body: shareBody.default({}), response: { 200: shareResult, 201: shareResult } } },
    async (request, reply) => {
      const result = await app.shares.receiveShare(request.userId, toPayload(request.body));
      reply.status(result.duplicate ? 200 : 201);
      return shareResultView(result, request.locale);
    },
  );

  app.get('/shares', { schema: { response: { 200: shareList } } }, async (request) => {
    const rows = await app.stores.shares.list(request.userId);
    return { shares: rows.map((s) => shareView(s, request.locale)) };
  });

  app.get(
    '/shares/:id',
    { schema: { params: idParams, response: { 200: shareResult } } },
    async (request) => {
      const share = await app.stores.shares.get(request.userId, request.params.id);
      if (!share) throw new AppError('share_not_found', 'No such share.');
      return shareResultView(await app.shares.resultFor(share, false), request.locale);
    },
  );

  // Off the traveller's list, not out of the database: the export and a retry still find it.
  app.delete(
    '/shares/:id',
    { schema: { params: idParams, response: { 200: shareDismissedView } } },
    async (request) => {
      const share = await app.shares.dismissShare(request.userId, request.params.id);
      if (!share) throw new AppError('share_not_found', 'No such share.');
      return { id: share.id, dismissed: true as const };
    },
  );

  // A share from "My location" waits for its start; this fills it and plans the search.
  app.post(
    '/shares/:id/origin',
    { schema: { params: idParams, body: shareOriginBody, response: { 200: shareResult } } },
    async (request) => {
      const result = await app.shares.fillOrigin(request.userId, request.params.id, request.body);
      if (!result) throw new AppError('share_not_found', 'No such share.');
      return shareResultView(result, request.locale);
    },
  );

  app.post(
    '/shares/:id/retry',
    { schema: { params: idParams, response: { 200: shareResult } } },
    async (request) => {
      const result = await app.shares.retryShare(request.userId, request.params.id);
      if (!result) throw new AppError('share_not_found', 'No such share.');
      return shareResultView(result, request.locale);
    },
  );
};
