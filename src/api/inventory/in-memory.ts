import type { FastifyInstance } from 'fastify';
import { type OrderCollection, orderCollection } from '../collection';
import type { ListQuery } from '../query';
import type { Resource } from '../representation';

/**
 * One page of a short list held whole (a catalog of tens of entries): each filter keeps the
 * entries whose attribute is one of its values. `attribute` reads an entry's value of a filter.
 */
export function pageInMemory<T>(
  all: readonly T[],
  query: ListQuery,
  attribute: (entry: T, name: string) => string | undefined,
): { total: number; page: T[] } {
  const matching = all.filter((e) =>
    query.filters.every((f) => {
      const v = attribute(e, f.attribute);
      return v !== undefined && f.values.includes(v);
    }),
  );
  return { total: matching.length, page: matching.slice(query.offset, query.offset + query.limit) };
}

/** A collection read whole from the store and filtered here: the catalogs. */
export interface MemoryCollection<T> extends Omit<OrderCollection, 'search' | 'read'> {
  list(): Promise<T[]>;
  get(id: string): Promise<T | undefined>;
  attribute(entry: T, name: string): string | undefined;
  shown(entry: T): Resource;
}

export function memoryCollection<T>(app: FastifyInstance, c: MemoryCollection<T>): void {
  orderCollection(app, {
    ...c,
    async search(query) {
      const { total, page } = pageInMemory(await c.list(), query, c.attribute);
      return { total, resources: page.map(c.shown) };
    },
    async read(id) {
      const found = await c.get(id);
      return found && c.shown(found);
    },
  });
}
