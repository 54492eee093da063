import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getShare, listShares } from '../../db/shares.js';
import { AppError } from '../../domain/errors.js';
import type { SharePayload } from '../../links/types.js';
import { localeFrom } from '../../share/messages.js';
import { uuidParam, validate } from '../errors.js';
import { shareResultView, shareView } from '../views.js';

// Generous for a share sheet (a pasted itinerary is a few hundred characters, a 3HA link ~2 kB).
const MAX_FIELD = 20_000;
const field = z
  .string()
  .max(MAX_FIELD, `must be at most ${MAX_FIELD} characters`)
  // Postgres text cannot hold U+0000, so such a share could not be stored verbatim: refuse it instead.
  .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters')
  .nullish();
const shareBody = z.object({ title: field, text: field, url: field });

function toPayload(body: z.infer<typeof shareBody>): SharePayload {
  const payload = { title: body.title ?? null, text: body.text ?? null, url: body.url ?? null };
  if (![payload.title, payload.text, payload.url].some((v) => v && v.trim() !== '')) {
    throw new AppError('empty_share', 400, 'The share has no title, text or url.');
  }
  return payload;
}

export async function shareRoutes(app: FastifyInstance): Promise<void> {
  app.post('/api/shares', async (request, reply) => {
    const payload = toPayload(validate(shareBody, request.body ?? {}));
    const result = await app.shares.receiveShare(request.userId, payload);
    reply.status(result.duplicate ? 200 : 201);
    return shareResultView(result, localeFrom(request.headers['accept-language']));
  });

  app.get('/api/shares', async (request) => {
    const locale = localeFrom(request.headers['accept-language']);
    const rows = await listShares(app.db, request.userId);
    return { shares: rows.map((s) => shareView(s, locale)) };
  });

  app.get('/api/shares/:id', async (request) => {
    const { id } = validate(uuidParam, request.params);
    const share = await getShare(app.db, request.userId, id);
    if (!share) throw new AppError('share_not_found', 404, 'No such share.');
    return shareResultView(
      await app.shares.resultFor(share, false),
      localeFrom(request.headers['accept-language']),
    );
  });

  app.post('/api/shares/:id/retry', async (request) => {
    const { id } = validate(uuidParam, request.params);
    const result = await app.shares.retryShare(request.userId, id);
    if (!result) throw new AppError('share_not_found', 404, 'No such share.');
    return shareResultView(result, localeFrom(request.headers['accept-language']));
  });

  /**
   * The PWA's Web Share Target (manifest `share_target`, POST multipart). Android sends the link in
   * `text` and attaches SBB's trip picture as `media`, which is drained and ignored: the link carries
   * the same data. Answers with a redirect so the installed app opens on the share.
   */
  app.post('/share', async (request, reply) => {
    const fields: Record<string, string> = {};
    if (request.isMultipart()) {
      for await (const part of request.parts()) {
        if (part.type === 'file') part.file.resume();
        else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
    } else if (request.body && typeof request.body === 'object') {
      for (const [k, v] of Object.entries(request.body)) if (typeof v === 'string') fields[k] = v;
    }
    const payload = toPayload(
      validate(shareBody, { title: fields.title, text: fields.text, url: fields.url }),
    );
    const result = await app.shares.receiveShare(request.userId, payload);
    return reply.redirect(`/?share=${result.share.id}`, 303);
  });
}
