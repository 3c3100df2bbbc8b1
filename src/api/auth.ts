import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors';
import { allows, type TokenSet } from './tokens';

/**
 * Bearer tokens (RFC 6750) with scopes: no token or an unknown one is a 401, a token
 * without the scope the request needs (read for GET, write for the rest, on this API) is a
 * 403. The token itself is never logged nor echoed.
 */
export function bearerAuth(tokens: TokenSet, apiName: string, access?: 'read' | 'write') {
  // A plain hook, not an async one: the request goes on to its handler in the same tick
  // instead of after a promise (a measurable share of a one-order GET: bench/README.md).
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) =>
    done(refusal(tokens, apiName, request, access));
}

/** Why `request` may not go on (401 or 403), or undefined when its token allows it. */
function refusal(
  tokens: TokenSet,
  apiName: string,
  request: FastifyRequest,
  // A POST that only reads (the codec's decode) names its access; otherwise the method says.
  asked?: 'read' | 'write',
): ApiError | undefined {
  const header = request.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const scopes = token ? tokens.scopesOf(token) : undefined;
  if (!scopes) {
    return new ApiError(401, 'UNAUTHORIZED', 'Unauthorized', 'a valid bearer token is required', {
      'WWW-Authenticate': `Bearer realm="etom", error="invalid_token"`,
    });
  }
  const access = asked ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
  if (!allows(scopes, apiName, access)) {
    return new ApiError(403, 'FORBIDDEN', 'Forbidden', `this token may not ${access} ${apiName}`, {
      'WWW-Authenticate': `Bearer realm="etom", error="insufficient_scope", scope="${access} ${apiName}:${access}"`,
    });
  }
  return undefined;
}
