import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { ApiError } from './errors';
import { outOfBounds } from './limits';
import { type TmfSpec, violations } from './spec';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const METHODS: readonly Method[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/**
 * One resource path and the methods it serves; every other method gets 405 with `Allow`
 * (Fastify alone would answer 404, as if the resource did not exist).
 */
export function resource(
  app: FastifyInstance,
  url: string,
  handlers: Partial<Record<Method, RouteHandlerMethod>>,
): void {
  for (const [method, handler] of Object.entries(handlers)) app.route({ method, url, handler });
  const served = METHODS.filter((m) => handlers[m]);
  const allow = [...served, ...(served.includes('GET') ? ['HEAD'] : [])].join(', ');
  const others = [...METHODS.filter((m) => !handlers[m]), ...(served.includes('GET') ? [] : ['HEAD' as const])];
  app.route({
    method: [...others, 'OPTIONS'],
    url,
    handler: async (request) => {
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', `${request.method} is not allowed here`, {
        Allow: allow,
      });
    },
  });
}

/**
 * The body, checked against the specification's definition (e.g. ProductOrder_Create), then
 * against our own bounds (src/api/limits.ts: string lengths, list sizes, nesting), which the
 * specification leaves open: 400 naming every invalid field, before anything is started or written.
 */
export function validBody<T>(spec: TmfSpec, definition: string, body: unknown): T {
  const problems = violations(spec, definition, body);
  if (problems.length) throw ApiError.invalid(`Invalid ${definition}`, problems);
  const outside = outOfBounds(body);
  if (outside.length) throw ApiError.invalid(`${definition} out of bounds`, outside);
  return body as T;
}
