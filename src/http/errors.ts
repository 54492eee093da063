import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../domain/errors.js';
import { localeFrom, messageFor } from '../share/messages.js';

/** Validates a request part with zod; failures become a 400 `invalid_request` naming the fields. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new AppError('invalid_request', 400, `The request is not valid: ${fields.join('; ')}`, { fields });
  }
  return result.data;
}

/**
 * The one error handler: every error leaves as `{"error":{"code","message"}}`. Messages of 4xx are
 * safe to show; 5xx never carry internals (stack, SQL, upstream bodies), only a request id to quote.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    const locale = localeFrom(request.headers['accept-language']);
    if (isAppError(err)) {
      if (err.status >= 500) request.log.error({ err }, err.message);
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: messageFor(err.code, locale, err.message) } });
    }
    const fastifyError = err as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status < 500) {
      const code =
        status === 413
          ? 'payload_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : status === 429
              ? 'rate_limited'
              : fastifyError.validation
                ? 'invalid_request'
                : 'bad_request';
      return reply.status(status).send({ error: { code, message: fastifyError.message } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: { code: 'internal_error', message: `Something went wrong on our side (request ${request.id}).` },
    });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    });
  });
}

export const uuidParam = z.object({ id: z.uuid({ message: 'must be an id' }) });
