import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type TmfError, TmfRequestError } from '../contracts/tmf-error';
import type { Violation } from './spec';

/** A refusal the API answers with the TMF `Error` body and its HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** 400: a body or query that breaks the specification, naming every invalid field. */
  static invalid(reason: string, problems: readonly Violation[]): ApiError {
    return new ApiError(400, 'INVALID_BODY', reason, problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', 'Not found', what);
  }

  /** 409: a move the state table (or the running process) refuses. */
  static conflict(message: string): ApiError {
    return new ApiError(409, 'STATE_CONFLICT', 'Refused in the current state', message);
  }
}

export function tmfError(status: number, code: string, reason: string, message: string): TmfError {
  return { '@type': 'Error', code, reason, message, status: String(status) };
}

/** What Fastify's own refusals (parsing, size, media type) mean in TMF terms. */
const FASTIFY_ERRORS: Record<string, { code: string; reason: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', reason: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', reason: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID_CONTENT_LENGTH', reason: 'Invalid content length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_BODY', reason: 'Empty JSON body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_BODY', reason: 'Malformed JSON' },
};

/**
 * What Fastify's router refuses before any route runs (a malformed URL, an id longer than a
 * path parameter may be) answered as every other refusal, with the TMF `Error` body: found by
 * the fuzzer (#16), these were Fastify's own bodies.
 */
export function frameworkErrors(err: FastifyError, _request: unknown, reply: FastifyReply): void {
  const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  const reason = status === 414 ? 'URI too long' : 'Malformed URL';
  void reply.code(status).send(tmfError(status, status === 414 ? 'URI_TOO_LONG' : 'INVALID_URL', reason, reason));
}

/**
 * Every failure becomes a TMF `Error` body. A client's mistake says what was wrong; anything
 * else is a 500 that says only that, and is logged on the server: no response ever carries a
 * stack trace or an internal message.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | TmfRequestError, request, reply) => {
    // A process's own door refusing what the API passed on (ingest's, submitProductOrder's): its TMF body.
    if (err instanceof TmfRequestError) return reply.code(Number(err.body.status)).send(err.body);
    if (err instanceof ApiError) {
      return reply
        .code(err.status)
        .headers(err.headers)
        .send(tmfError(err.status, err.code, err.reason, err.message));
    }
    const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
    const status = err.statusCode ?? 500;
    if (known || (status >= 400 && status < 500 && err instanceof SyntaxError)) {
      const { code, reason } = known ?? { code: 'INVALID_BODY', reason: 'Malformed JSON' };
      return reply.code(status).send(tmfError(status, code, reason, err.message));
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send(tmfError(500, 'INTERNAL', 'Internal error', 'the request could not be completed'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(tmfError(404, 'NOT_FOUND', 'Not found', `no resource at ${request.url.split('?')[0]!.slice(0, 200)}`)),
  );
}
