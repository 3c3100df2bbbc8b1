import type { FastifyInstance } from 'fastify';
import type { FulfilmentTimingsInput } from '../../domain/fulfilment/timings';
import type { ProductOrderState } from '../../domain/fulfilment/product-order';
import { differsFromStarted, OrderConflictError, startProductOrder } from '../../fulfilment/submit';
import type { ProductOrderDateBound } from '../../ports/product-orders';
import { ApiError } from '../errors';
import { allowed, dateBounds, sendPage } from '../listing';
import { type Filter, parseFields, parseListQuery, project } from '../query';
import { resource, validBody } from '../routes';
import { cancellation, cancellationHref, readCancellation } from './cancellation';
import { createProductOrders, type OrderDeps } from './orders';
import { fromRecord, fromRequest } from './representation';
import { checkedOrderRequest, productOrderIdFor, type ProductOrderBody, toAmendment, toOrderRequest } from './request';

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
  return {
    ids: allowed(filters, 'id'),
    states: allowed(filters, 'state') as ProductOrderState[] | undefined,
    customerIds: allowed(filters, 'relatedParty.id'),
    channels: allowed(filters, 'channel'),
    dates: dateBounds(filters, DATE_FIELDS),
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
      const id = productOrderIdFor(body);
      const submitted = checkedOrderRequest(body, toOrderRequest(id, body, opts.orderTimings));
      // The same order posted again is the one order: answer where it is, start nothing new.
      // Other content under its id is another order: 409, and nothing is started or changed.
      const known = await ports.productOrders.get(id);
      try {
        if (known && (await differsFromStarted(client, submitted))) throw new OrderConflictError(id);
        if (!known) await startProductOrder(client, submitted, opts);
      } catch (err) {
        if (err instanceof OrderConflictError) throw ApiError.conflict(err.message);
        throw err;
      }
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
      return sendPage(
        reply,
        total,
        page.map((o) => project(fromRecord(spec, o), query.fields, required)),
      );
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
