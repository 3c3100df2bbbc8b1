import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ResourceOrderState } from '../../domain/fulfilment/resource-order';
import { taskQueueFor } from '../../layers';
import type { Ports } from '../../ports';
import type { ListedResourceOrder } from '../../ports/resource-orders';
import { orderCollection } from '../collection';
import { allowed, dateBounds } from '../listing';
import { orderWorkflow } from '../order-workflow';
import type { Filter } from '../query';
import type { TmfSpec } from '../spec';
import { cancellationRoutes } from '../workflow-cancellation';
import { fromRecord } from './representation';

/** The spec file this API follows. */
export const RESOURCE_ORDERING_SPEC = 'TMF652-ResourceOrdering-v4.0.0.swagger.json';

export interface ResourceOrderingOptions {
  client: Client;
  ports: Pick<Ports, 'resourceOrders' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
}

const FILTERS = {
  id: 'string',
  state: 'string',
  'relatedParty.id': 'string',
  'externalReference.id': 'string',
  orderDate: 'date',
  completionDate: 'date',
} as const;
const DATE_FIELDS = { orderDate: 'createdAt', completionDate: 'updatedAt' } as const;

const toSearch = (filters: Filter[]) => ({
  ids: allowed(filters, 'id'),
  states: allowed(filters, 'state') as ResourceOrderState[] | undefined,
  customerIds: allowed(filters, 'relatedParty.id'),
  serviceOrderIds: allowed(filters, 'externalReference.id'),
  dates: dateBounds(filters, DATE_FIELDS),
});

/**
 * TMF652 Resource Ordering: the RM&O resource orders (Resource Provisioning, 1.F.3.2), read
 * from the store. There is no POST: a resource order is a step of a service order. It
 * reserves for a service SM&O has designed, then holds the reservation until SM&O's `proceed`
 * signal says the work and the supplier parts are in; started from outside, nothing would
 * send that signal, and the hold would lapse. POST is therefore a 405. A cancellation cancels
 * the order's workflow, which gives back what it took; the service order it serves then
 * fails and undoes its own work.
 */
export async function resourceOrdering(app: FastifyInstance, opts: ResourceOrderingOptions): Promise<void> {
  const { spec, ports, client } = opts;
  const rmoQueue = taskQueueFor('rmo', opts.taskQueuePrefix);
  const shown = (orders: ListedResourceOrder[]) =>
    Promise.all(orders.map(async (o) => fromRecord(spec, o, await ports.resourceOrders.items(o.id))));
  const read = async (id: string) => {
    const { orders } = await ports.resourceOrders.search({ ids: [id], offset: 0, limit: 1 });
    return (await shown(orders))[0];
  };

  orderCollection(app, {
    spec,
    collection: 'resourceOrder',
    definition: 'ResourceOrder',
    filters: FILTERS,
    async search(query) {
      const page = await ports.resourceOrders.search({
        ...toSearch(query.filters),
        offset: query.offset,
        limit: query.limit,
      });
      return { total: page.total, resources: await shown(page.orders) };
    },
    read,
  });

  cancellationRoutes(app, {
    spec,
    order: 'ResourceOrder',
    workflow: (id) => orderWorkflow(client, id, 'resourceOrder', rmoQueue),
    read,
    now: () => ports.clock().toISOString(),
  });
}
