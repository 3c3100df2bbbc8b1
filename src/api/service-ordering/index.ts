import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ServiceOrderState } from '../../domain/fulfilment/service-order';
import type { FulfilmentTimingsInput } from '../../domain/fulfilment/timings';
import { taskQueueFor } from '../../layers';
import type { Ports } from '../../ports';
import { ApiError } from '../errors';
import type { LayerOrderView } from '../../../workflows/shared/fulfilment-messages';
import type { serviceOrder } from '../../../workflows/smo/service-configuration-activation';
import { orderCollection } from '../collection';
import { allowed, dateBounds } from '../listing';
import { orderIdFor } from '../order-request';
import { answersForItself, closedOrder, orderWorkflow, startOnce } from '../order-workflow';
import type { Filter } from '../query';
import { validBody } from '../routes';
import type { TmfSpec } from '../spec';
import { cancellationRoutes } from '../workflow-cancellation';
import { fromRecord, fromRequest, fromWorkflow, serviceOrderHref } from './representation';
import { type ServiceOrderBody, toServiceOrderRequest } from './request';

/** The spec file this API follows (v4.1.0 does not pass a strict validator; v4.0.0 does). */
export const SERVICE_ORDERING_SPEC = 'TMF641-ServiceOrdering-v4.0.0.swagger.json';

export interface ServiceOrderingOptions {
  client: Client;
  ports: Pick<Ports, 'serviceInventory' | 'resourceOrders' | 'customerManagement' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
  orderTimings?: FulfilmentTimingsInput;
}

const FILTERS = {
  id: 'string',
  state: 'string',
  'relatedParty.id': 'string',
  'externalReference.name': 'string',
  orderDate: 'date',
  completionDate: 'date',
} as const;
const DATE_FIELDS = { orderDate: 'createdAt', completionDate: 'completedAt' } as const;

const toSearch = (filters: Filter[]) => ({
  ids: allowed(filters, 'id'),
  states: allowed(filters, 'state') as ServiceOrderState[] | undefined,
  customerIds: allowed(filters, 'relatedParty.id'),
  productOrderIds: allowed(filters, 'externalReference.name'),
  dates: dateBounds(filters, DATE_FIELDS),
});

/**
 * TMF641 Service Ordering: the SM&O service orders (Service Configuration & Activation,
 * 1.F.2.2), those Order Handling started and those posted here, which start `serviceOrder`
 * directly on SM&O's queue. A cancellation cancels the order's workflow, which undoes its work.
 */
export async function serviceOrdering(app: FastifyInstance, opts: ServiceOrderingOptions): Promise<void> {
  const { spec, ports, client } = opts;
  const smoQueue = taskQueueFor('smo', opts.taskQueuePrefix);
  const now = () => ports.clock().toISOString();
  const workflow = (id: string) => orderWorkflow(client, id, 'serviceOrder', smoQueue);

  /** The service orders with the resource orders behind each. */
  async function shown(records: Awaited<ReturnType<Ports['serviceInventory']['searchServiceOrders']>>['orders']) {
    if (!records.length) return [];
    const { orders: ros } = await ports.resourceOrders.search({
      serviceOrderIds: records.map((r) => r.id),
      offset: 0,
      limit: 10_000,
    });
    return records.map((r) => fromRecord(spec, r, ros.filter((ro) => ro.serviceOrderId === r.id).reverse()));
  }

  /** The store is the record once design has received the order; before that, its workflow answers. */
  async function read(id: string) {
    const { orders } = await ports.serviceInventory.searchServiceOrders({ ids: [id], offset: 0, limit: 1 });
    if (orders.length) return (await shown(orders))[0];
    const found = await workflow(id);
    if (!found) return undefined;
    const { handle, description } = found;
    const status = description.status.name;
    const view = answersForItself(status)
      ? await handle.query<LayerOrderView<ServiceOrderState>>('getServiceOrder').catch(() => undefined)
      : await closedOrder(handle, status);
    const at = (description.closeTime ?? description.startTime).toISOString();
    const startedAt = description.startTime.toISOString();
    return fromWorkflow(spec, {
      id,
      state: view?.state ?? 'acknowledged',
      reason: view?.reason ?? null,
      at,
      startedAt,
    });
  }

  orderCollection(app, {
    spec,
    collection: 'serviceOrder',
    definition: 'ServiceOrder',
    filters: FILTERS,
    async search(query) {
      const page = await ports.serviceInventory.searchServiceOrders({
        ...toSearch(query.filters),
        offset: query.offset,
        limit: query.limit,
      });
      return { total: page.total, resources: await shown(page.orders) };
    },
    read,
    async create(request, reply) {
      const body = validBody<ServiceOrderBody>(spec, 'ServiceOrder_Create', request.body);
      const id = orderIdFor(body, 'SO');
      const started = toServiceOrderRequest(id, body, opts.orderTimings);
      // SM&O designs for a customer CRM knows: an unknown one is refused here, before any work,
      // rather than found missing by the design step's write and retried.
      if (!(await ports.customerManagement.getCustomer(started.customerId)))
        throw new ApiError(
          422,
          'UNPROCESSABLE_ORDER',
          'Not a service order this operator can run',
          `/relatedParty: no customer ${started.customerId}`,
        );
      // The same order posted again is the one order: answer where it is, start nothing new.
      const known = await ports.serviceInventory.getServiceOrder(id);
      if (known)
        return reply
          .code(201)
          .header('Location', serviceOrderHref(id))
          .send((await shown([known]))[0]);
      await startOnce<typeof serviceOrder>(client, 'serviceOrder', id, smoQueue, [started]);
      const order = fromRequest(spec, id, body, now());
      return reply.code(201).header('Location', order.href).send(order);
    },
  });

  cancellationRoutes(app, { spec, order: 'ServiceOrder', workflow, read, now });
}
