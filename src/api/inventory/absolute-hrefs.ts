import type { FastifyInstance } from 'fastify';

/** Every `href` (and `…Href`) under `/tmf-api/` made absolute against `origin`. */
export function absolute(value: unknown, origin: string): unknown {
  if (Array.isArray(value)) return value.map((v) => absolute(v, origin));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === 'string' && /href$/i.test(k) && v.startsWith('/tmf-api/') ? `${origin}${v}` : absolute(v, origin),
    ]),
  );
}

/**
 * TMF638 and TMF633 declare their hrefs `format: uri`, which a path alone is not: those APIs
 * answer with hrefs absolute against the address the client called.
 */
export function absoluteHrefs(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, _reply, payload) =>
    absolute(payload, `${request.protocol}://${request.host}`),
  );
}
