import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shareBody } from '../schemas.js';
import { toPayload } from './shares.js';

/**
 * The PWA's Web Share Target (manifest `share_target`, POST multipart). Android sends the link in
 * `text` and attaches SBB's trip picture as `media`, which is drained and ignored: the link carries
 * the same data. Answers with a redirect so the installed app opens on the share.
 */
export const shareTargetRoutes: FastifyPluginAsyncZod = async (app) => {
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
    const parsed = shareBody.safeParse({ title: fields.title, text: fields.text, url: fields.url });
    if (!parsed.success) throw parsed.error;
    const result = await app.shares.receiveShare(request.userId, toPayload(parsed.data));
    return reply.redirect(`/?share=${result.share.id}`, 303);
  });
};
