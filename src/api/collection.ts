import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { sendPage } from './listing';
import { ApiError } from './errors';
import { type Filterable, type ListQuery, parseFields, parseListQuery, project } from './query';
import type { Resource } from './representation';
import { resource } from './routes';
import type { TmfSpec } from './spec';

/** A collection of orders read from the store: how to list them and how to read one. */
export interface OrderCollection {
  spec: TmfSpec;
  /** The resource's path and definition, e.g. serviceOrder and ServiceOrder. */
  collection: string;
  definition: string;
  filters: Filterable;
  search(query: ListQuery): Promise<{ total: number; resources: Resource[] }>;
  read(id: string): Promise<Resource | undefined>;
  /** POST on the collection, when the API takes new orders. */
  create?: RouteHandlerMethod;
  /** PATCH on one resource, when the API takes changes. */
  patch?: RouteHandlerMethod;
}

/**
 * GET /<collection> (filters, `fields=`, paging with X-Total-Count and X-Result-Count) and
 * GET /<collection>/{id} (and POST, PATCH when given); every other method is a 405.
 */
export function orderCollection(app: FastifyInstance, c: OrderCollection): void {
  const required = c.spec.definitions[c.definition]?.required ?? [];
  resource(app, `/${c.collection}`, {
    async GET(request, reply) {
      const query = parseListQuery(request.query as Record<string, string>, c.filters);
      const { total, resources } = await c.search(query);
      return sendPage(
        reply,
        total,
        resources.map((r) => project(r, query.fields, required)),
      );
    },
    ...(c.create ? { POST: c.create } : {}),
  });
  resource(app, `/${c.collection}/:id`, {
    async GET(request) {
      const { id } = request.params as { id: string };
      const found = await c.read(id);
      if (!found) throw ApiError.notFound(`no ${c.collection} ${id}`);
      return project(found, parseFields(request.query as Record<string, string>), required);
    },
    ...(c.patch ? { PATCH: c.patch } : {}),
  });
}
