import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseOutage } from '../db/outage.js';
import { AppError, type ErrorCode, isAppError } from '../domain/errors.js';
import { localeFrom, messageFor } from '../domain/messages.js';
import type { ErrorBody } from './schemas.js';

/** Fastify's own 4xx errors, mapped onto the closed list by their code (or status when unnamed). */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'invalid_request',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
};
const STATUS_CODES: Record<number, ErrorCode> = {
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function errorFrom(err: FastifyError | Error): AppError | undefined {
  if (isAppError(err)) return err;
  if (err instanceof z.ZodError) {
    const fields = err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return new AppError('invalid_request', `The request is not valid: ${fields.join('; ')}`, { fields });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => {
      const where = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return `${where || `(${err.validationContext ?? 'body'})`}: ${v.message}`;
    });
    return new AppError('invalid_request', `The request is not valid: ${fields.join('; ')}`, { fields });
  }
  const fastifyError = err as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  if (status >= 500) return undefined;
  const code = FASTIFY_CODES[fastifyError.code] ?? STATUS_CODES[status] ?? 'bad_request';
  return new AppError(code, fastifyError.message);
}

/** The one error body: `{"error":{"code","message","requestId"}}`, the message in the request's language. */
export function sendError(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const locale = localeFrom(request.headers['accept-language']);
  const fields = Array.isArray(err.details?.fields) ? (err.details.fields as string[]) : undefined;
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: messageFor(err.code, locale, err.message),
      requestId: request.id,
      ...(fields ? { fields } : {}),
    },
  };
  return reply.status(err.status).send(body);
}

/**
 * The one error handler. Messages of 4xx are safe to show; 5xx never carry internals (stack, SQL,
 * upstream bodies), only the request id to quote.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const known = errorFrom(err);
    if (known && known.status < 500) return sendError(request, reply, known);
    if (!known && isDatabaseOutage(err)) {
      // One line, not a stack per request: `/readyz` already reports the outage.
      // (A failed query's message carries its SQL and parameters: left out.)
      request.log.warn('database unavailable');
      reply.header('retry-after', '5');
      return sendError(request, reply, new AppError('database_unavailable', 'database unavailable'));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ issues: err.cause.issues, url: err.url }, 'response does not match its schema');
    } else {
      request.log.error({ err }, known ? known.message : 'unhandled error');
    }
    return sendError(request, reply, known ?? new AppError('internal_error', 'internal error'));
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}

const FORBIDDEN_KEY = Symbol('forbidden JSON key');

/**
 * JSON bodies, parsed so that the two refusals are told apart: text that is not JSON (`invalid_json`),
 * and JSON that names `__proto__` or `constructor.prototype` (`json_forbidden_key`), keys that could
 * poison prototypes further down. An empty body is no body (a bare `POST …/retry`).
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(
        null,
        JSON.parse(text, function (this: unknown, key, value) {
          if (key === '__proto__') throw FORBIDDEN_KEY;
          if (
            key === 'constructor' &&
            value !== null &&
            typeof value === 'object' &&
            Object.hasOwn(value, 'prototype')
          )
            throw FORBIDDEN_KEY;
          return value;
        }),
      );
    } catch (err) {
      done(
        err === FORBIDDEN_KEY
          ? new AppError(
              'json_forbidden_key',
              'The body uses a reserved key (__proto__ or constructor.prototype).',
            )
          : new AppError('invalid_json', 'The body is not valid JSON.'),
        undefined,
      );
    }
  });
}
