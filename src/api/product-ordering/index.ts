import type { FastifyInstance } from 'fastify';
import type { FulfilmentTimingsInput } from '../../domain/fulfilment/timings';
import type { ProductOrderState } from '../../domain/fulfilment/product-order';
import { startProductOrder } from '../../fulfilment/submit';
import type { ProductOrderDateBound } from '../../ports/product-orders';
import { ApiError } from '../errors';
import { type Filter, parseFields, parseListQuery, project } from '../query';
import { resource, validBody } from '../routes';
import { cancellation, cancellationHref, readCancellation } from './cancellation';
import { createProductOrders, type OrderDeps } from './orders';
import { fromRecord, fromRequest } from './representation';
import { orderIdFor, type ProductOrderBody, toAmendment, toOrderRequest } from './request';

/** The spec file this API follows. */
export const PRODUCT_ORDERING_SPEC = 'TMF622-ProductOrdering-v4.0.0.swagger.json';

export interface ProductOrderingOptions extends OrderDeps {
  /** The order's waits (reservation hold, supplier polling…); the workflow's defaults when absent. */
  orderTimings?: FulfilmentTimingsInput;
}

/** The filters GET /productOrder understands: TMF attribute → the store's field. */
const FILTERS = {
  id: 'string',
  state: 'string',
  'relatedParty.id': 'string',
  channel: 'string',
  orderDate: 'date',
  completionDate: 'date',
  requestedCompletionDate: 'date',
  expectedCompletionDate: 'date',
} as const;
const DATE_FIELDS: Record<string, ProductOrderDateBound['field']> = {
  orderDate: 'createdAt',
  completionDate: 'completedAt',
  requestedCompletionDate: 'requestedCompletionDate',
  expectedCompletionDate: 'committedDate',
};

function toSearch(filters: Filter[]) {
  const values = (attribute: string) => {
    const f = filters.filter((x) => x.attribute === attribute);
    // Repeating an attribute narrows the list: only values every repetition allows remain.
    return f.length ? f.map((x) => x.values).reduce((a, b) => a.filter((v) => b.includes(v))) : undefined;
  };
  return {
    ids: values('id'),
    states: values('state') as ProductOrderState[] | undefined,
    customerIds: values('relatedParty.id'),
    channels: values('channel'),
    dates: filters
      .filter((f) => DATE_FIELDS[f.attribute])
      .map((f) => ({ field: DATE_FIELDS[f.attribute]!, op: f.op, value: f.values[0]! })),
  };
}

/** TMF622 Product Ordering: productOrder and cancelProductOrder, in front of Order Handling (1.F.1.5). */
export async function productOrdering(app: FastifyInstance, opts: ProductOrderingOptions): Promise<void> {
  const { spec, ports, client } = opts;
  const orders = createProductOrders(opts);
  const required = spec.definitions['ProductOrder']?.required ?? [];
  const now = () => ports.clock().toISOString();

  resource(app, '/productOrder', {
    async POST(request, reply) {
      const body = validBody<ProductOrderBody>(spec, 'ProductOrder_Create', request.body);
      const id = orderIdFor(body);
      // The same order posted again is the one order: answer where it is, start nothing new.
      const known = await ports.productOrders.get(id);
      if (!known) await startProductOrder(client, toOrderRequest(id, body, opts.orderTimings), opts);
      const order = known ? fromRecord(spec, known) : fromRequest(spec, id, body, now());
      return reply.code(201).header('Location', order.href).send(order);
    },
    async GET(request, reply) {
      const query = parseListQuery(request.query as Record<string, string>, FILTERS);
      const { total, orders: page } = await ports.productOrders.search({
        ...toSearch(query.filters),
        offset: query.offset,
        limit: query.limit,
      });
      const body = page.map((o) => project(fromRecord(spec, o), query.fields, required));
      return reply.header('X-Total-Count', String(total)).header('X-Result-Count', String(body.length)).send(body);
    },
  });

  resource(app, '/productOrder/:id', {
    async GET(request) {
      const { id } = request.params as { id: string };
      return project(await orders.mustRead(id), parseFields(request.query as Record<string, string>), required);
    },
    async PATCH(request) {
      const { id } = request.params as { id: string };
      const order = await orders.mustRead(id);
      const body = validBody<ProductOrderBody>(spec, 'ProductOrder_Update', request.body);
      const itemIds = (order['productOrderItem'] as Array<{ id: string }>).map((i) => i.id);
      await orders.update(id, 'amendProductOrder', [toAmendment(body, itemIds)]);
      return orders.mustRead(id);
    },
  });

  resource(app, '/cancelProductOrder', {
    async POST(request, reply) {
      const body = validBody<{
        productOrder: { id: string };
        cancellationReason?: string;
        requestedCancellationDate?: string;
      }>(spec, 'CancelProductOrder_Create', request.body);
      const orderId = body.productOrder.id;
      await orders.mustRead(orderId);
      const reason = body.cancellationReason || 'cancelled at the customer’s request';
      const view = await orders.update(orderId, 'cancelProductOrder', [{ reason }]);
      const requestedAt = body.requestedCancellationDate ?? now();
      const cancelled = view.state === 'cancelled' ? now() : null;
      const created = cancellation(spec, {
        orderId,
        orderState: view.state,
        reason,
        requestedAt,
        cancelledAt: cancelled,
      });
      return reply.code(201).header('Location', cancellationHref(spec, orderId)).send(created);
    },
  });

  resource(app, '/cancelProductOrder/:id', {
    async GET(request) {
      const { id } = request.params as { id: string };
      const found = await readCancellation(spec, ports, id);
      if (!found) throw ApiError.notFound(`no cancellation of product order ${id}`);
      return project(found, parseFields(request.query as Record<string, string>), ['productOrder']);
    },
  });
}
