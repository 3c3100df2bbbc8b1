import type { FastifyInstance } from 'fastify';
import type { Page } from '../../ports/search';
import { type OrderCollection, orderCollection } from '../collection';
import type { Filter } from '../query';
import type { Resource } from '../representation';

type Paged = { offset: number; limit: number };

/** A collection the store lists page by page: the filters as the port's search, each row as its resource. */
export interface StoreCollection<Q, R> extends Omit<OrderCollection, 'search' | 'read'> {
  toSearch(filters: Filter[]): Q;
  /** The port's search; reading one resource searches its id. */
  search(query: (Q | { ids: string[] }) & Paged): Promise<Page<R>>;
  shown(rows: R[]): Promise<Resource[]>;
}

export function storeCollection<Q, R>(app: FastifyInstance, c: StoreCollection<Q, R>): void {
  orderCollection(app, {
    ...c,
    async search(query) {
      const page = await c.search({ ...c.toSearch(query.filters), offset: query.offset, limit: query.limit });
      return { total: page.total, resources: await c.shown(page.orders) };
    },
    async read(id) {
      const { orders } = await c.search({ ids: [id], offset: 0, limit: 1 });
      return (await c.shown(orders))[0];
    },
  });
}
