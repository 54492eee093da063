import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, type ErrorCode, isAppError } from '../../domain/errors.js';
import { MAX_SHARE_FIELD, shareBody } from '../schemas.js';
import { toPayload } from './shares.js';

/**
 * Multipart limits of the share target, in bytes (busboy counts bytes, the schema counts characters).
 * A UTF-16 code unit is at most 3 bytes of UTF-8 (a 4-byte character is two units); 4 bytes per unit
 * fits `MAX_SHARE_FIELD` characters of any text in any charset busboy decodes, and the schema then
 * holds the field to the same character limit as the JSON API.
 */
export const SHARE_TARGET_FIELD_BYTES = MAX_SHARE_FIELD * 4;
/**
 * Android attaches SBB's trip picture (or a screenshot) to the link. Pictures are drained, never kept,
 * and never the reason a share is lost: one bigger than this is cut off and ignored like the rest.
 * (The installed app's service worker drops them before they are even sent.)
 */
export const SHARE_TARGET_FILE_BYTES = 25 * 1024 * 1024;
export const SHARE_TARGET_LIMITS = {
  fieldSize: SHARE_TARGET_FIELD_BYTES,
  fields: 10,
  fileSize: SHARE_TARGET_FILE_BYTES,
  files: 4,
  parts: 14,
};
/** What a share sheet sends at most (a declared length above it is refused before reading). */
export const SHARE_TARGET_BODY_BYTES = 50 * 1024 * 1024;

const tooLarge = (why: string) => new AppError('payload_too_large', `The share is too large (${why}).`);

/**
 * The PWA's Web Share Target (manifest `share_target`, POST multipart). Android sends the link in
 * `text` and attaches SBB's trip picture as `media`, which is drained and ignored: the link carries
 * the same data. Answers with a redirect so the installed app opens on the share.
 *
 * A field cut at the byte limit is refused (`payload_too_large`), never stored cut: the link is often
 * at the end of a long text. Text reaches the share as well-formed UTF-16: a part may declare a
 * charset (`utf-16le`) whose decoding leaves lone surrogates, and those become U+FFFD here rather than
 * failing the share, since the traveller's share sheet, not the traveller, wrote them.
 */
export const shareTargetRoutes: FastifyPluginAsyncZod = async (app) => {
  // The share sheet opens this as a page: a refusal goes back to the app, which says it in words,
  // instead of leaving the traveller on a JSON error. Other clients get the JSON error as everywhere.
  app.setErrorHandler(async (err, request, reply) => {
    if (!isNavigation(request.headers)) throw err;
    const code: ErrorCode = isAppError(err)
      ? err.code
      : err instanceof ZodError
        ? 'invalid_request'
        : (err as { statusCode?: number }).statusCode === 413
          ? 'payload_too_large'
          : 'bad_request';
    request.log.info({ code }, 'share target refused a share');
    return reply.redirect(`/?share_error=${code}`, 303);
  });
  // The service worker posts the share same-origin; a form on another site does not get through.
  // Multipart and urlencoded bodies stay accepted here (the manifest's `share_target` sends them).
  app.addHook('onRequest', app.sameSiteOnly);
  app.post(
    '/share',
    {
      // Multipart bodies are streamed past Fastify's bodyLimit; a declared length says it up front.
      onRequest: async (request) => {
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > SHARE_TARGET_BODY_BYTES) {
          throw tooLarge(`${declared} bytes, at most ${SHARE_TARGET_BODY_BYTES}`);
        }
      },
    },
    async (request, reply) => {
      const fields: Record<string, string> = {};
      if (request.isMultipart()) {
        try {
          for await (const part of request.parts()) {
            if (part.type === 'file') {
              part.file.resume();
              continue;
            }
            if (part.fieldnameTruncated) throw tooLarge('a field name is too long');
            if (part.valueTruncated) {
              throw tooLarge(`the field ${part.fieldname} is over ${SHARE_TARGET_FIELD_BYTES} bytes`);
            }
            if (typeof part.value === 'string') fields[part.fieldname] = part.value.toWellFormed();
          }
        } catch (err) {
          // Busboy's own parse errors (no boundary, a body cut short) are plain errors: the client's
          // malformed form, not ours (found by `npm run fuzz`). Coded and limit errors pass through.
          if (isAppError(err) || (err as { statusCode?: number }).statusCode) throw err;
          throw new AppError('bad_request', 'The share is not a readable multipart form.');
        }
      } else if (request.body && typeof request.body === 'object') {
        for (const [k, v] of Object.entries(request.body))
          if (typeof v === 'string') fields[k] = v.toWellFormed();
      }
      const parsed = shareBody.safeParse({ title: fields.title, text: fields.text, url: fields.url });
      if (!parsed.success) throw parsed.error;
      const result = await app.shares.receiveShare(request.userId, toPayload(parsed.data));
      return reply.redirect(`/?share=${result.share.id}`, 303);
    },
  );
};

/** A page the browser opens (a share sheet, a form), not a script's request. */
function isNavigation(headers: IncomingHttpHeaders): boolean {
  if (headers['sec-fetch-mode'] === 'navigate') return true;
  return /\btext\/html\b/.test(String(headers.accept ?? ''));
}
