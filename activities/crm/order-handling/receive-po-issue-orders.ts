import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { ReceiveOrderOutput } from '../../../src/domain/fulfilment/customer-order';
import { ProductOrderRequest } from '../../../src/domain/fulfilment/product-order';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { pricedFor } from '../../../src/domain/catalog';
import { priceLine } from '../../../src/domain/lifecycle/sales';
import { PRODUCT_ORDERING_API, productOrderEvent } from '../../../src/events/product-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustOrder, orderView } from './order-record';
import { changeServiceOrders, resolveItem } from './product-changes';

export const ReceiveOrderInput = z.object({
  orderId: z.string().min(1),
  contactId: z.string().nullable(),
  requestId: z.string().nullable(),
  /** The order as the customer sent it: validated here, at the boundary of the layer. */
  order: ProductOrderRequest,
});
export const IssueOrdersInput = z.object({ orderId: z.string().min(1), timings: FulfilmentTimings });
export { ReceiveOrderOutput };

/** 1.F.1.5.3 — validate and record the order; then issue correct, complete service orders. */
export function createReceivePurchaseOrderAndIssueOrders(
  ports: Pick<
    Ports,
    'catalog' | 'customerManagement' | 'productOrders' | 'sales' | 'eventSubscriptions' | 'clock' | 'serviceInventory'
  >,
) {
  const { catalog, customerManagement: customers, productOrders, sales, eventSubscriptions, clock } = ports;
  const now = () => clock().toISOString();

  /** The terms an order is priced at: its quote's, or the catalog's (no discount) without one. */
  const quoteTerms = async (orderId: string, request: ProductOrderRequest) => {
    if (!request.quoteId) return { quoteId: null, discountPct: 0, offeringIds: null };
    const quote = await sales.getQuote(request.quoteId);
    if (!quote) return reject(BusinessErrorType.InvalidInput, `unknown quote ${request.quoteId}`);
    // A quote made to a prospect belongs to the customer the prospect became (1.F.1.4.4).
    const owner = quote.customerId ?? (await sales.getProspect(quote.prospectId))?.customerId;
    if (owner !== request.customerId) {
      return reject(BusinessErrorType.InvalidInput, `quote ${quote.id} was not made to customer ${request.customerId}`);
    }
    // Selling marks the accepted quote ordered for one order before placing it: its terms price no other.
    if (quote.state !== 'ordered' || quote.orderId !== orderId) {
      return reject(
        BusinessErrorType.InvalidInput,
        `quote ${quote.id} is ${quote.state}${quote.orderId ? ` for order ${quote.orderId}` : ''}, not ordered for ${orderId}`,
      );
    }
    return {
      quoteId: quote.id,
      discountPct: quote.discountPct,
      offeringIds: new Set(quote.lines.map((l) => l.productOfferingId)),
    };
  };

  return defineProcessHandlers(
    {
      etomId: '1.F.1.5.3',
      handlers: {
        receive: { input: ReceiveOrderInput, output: ReceiveOrderOutput },
        issue: { input: IssueOrdersInput, output: ReceiveOrderOutput },
      },
    },
    {
      async receive(input, call) {
        const { order: request } = input;
        if (request.externalId !== input.orderId) {
          return reject(
            BusinessErrorType.InvalidInput,
            `externalId ${request.externalId} is not the order id ${input.orderId}`,
          );
        }
        const customer = await customers.getCustomer(request.customerId);
        if (!customer) return reject(BusinessErrorType.InvalidInput, `unknown customer ${request.customerId}`);
        if (customer.status !== 'active') {
          return reject(BusinessErrorType.InvalidInput, `customer ${customer.id} is ${customer.status}`);
        }
        const ids = request.items.map((i) => i.id);
        if (new Set(ids).size !== ids.length)
          return reject(BusinessErrorType.InvalidInput, 'order item ids must be unique');
        const terms = await quoteTerms(input.orderId, request);
        const decomposition = [];
        const resolved = [];
        const named = new Set<string>();
        let oneTimeMinor = 0;
        let recurringMinor = 0;
        let leadTimeDays = 0;
        for (const item of request.items) {
          const r = await resolveItem(ports, request.customerId, item, named);
          if (terms.offeringIds && item.action === 'add' && !terms.offeringIds.has(r.offering.id)) {
            return reject(
              BusinessErrorType.InvalidInput,
              `item ${item.id}: offering ${r.offering.id} is not on quote ${terms.quoteId}`,
            );
          }
          resolved.push(r);
          // What the order charges: an add's price, a modify's new recurring one; a cease or noChange nothing.
          if (r.action === 'add' || r.action === 'modify') {
            const price = priceLine(pricedFor(r.offering, r.characteristics), 1, terms.discountPct);
            if (r.action === 'add') oneTimeMinor += price.oneTimeMinor;
            recurringMinor += price.recurringMinor;
          }
          if (r.action !== 'noChange') leadTimeDays = Math.max(leadTimeDays, r.offering.leadTimeDays);
          decomposition.push({
            itemId: item.id,
            action: r.action,
            region: r.region,
            cfsSpecIds: r.offering.cfsSpecIds,
            characteristics: r.characteristics,
            ...(r.action === 'modify' ? { before: r.product!.characteristics } : {}),
          });
        }
        const order = await productOrders.create(
          call.idempotencyKey,
          {
            id: input.orderId,
            customerId: request.customerId,
            channel: request.channel,
            contactId: input.contactId,
            requestId: input.requestId,
            requestedCompletionDate: request.requestedCompletionDate ?? null,
            quoteId: terms.quoteId,
            discountPct: terms.discountPct,
            oneTimeMinor,
            recurringMinor,
            items: resolved.map((r) => ({
              itemId: r.itemId,
              action: r.action,
              productOfferingId: r.offering.id,
              region: r.region,
              characteristics: r.characteristics,
              productId: r.product?.id ?? null,
            })),
          },
          now(),
          productOrderEvent('ProductOrderCreateEvent'),
        );
        await wakeEventDelivery(eventSubscriptions, PRODUCT_ORDERING_API);
        return { order: orderView(order), request, decomposition, leadTimeDays, serviceOrders: [] };
      },
      async issue(input, call) {
        // Issue: one service order per customer-facing service, from the order as it stands now
        // (amendments made before issue are in the store).
        const order = await mustOrder(productOrders, input.orderId);
        if (order.state !== 'acknowledged' && order.state !== 'inProgress') {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `order ${order.id} is ${order.state}: nothing to issue`,
          );
        }
        const serviceOrders: ServiceOrderRequest[] = [];
        const decomposition = [];
        let leadTimeDays = 0;
        for (const item of order.items) {
          const offering = (await catalog.getOffering(item.productOfferingId))!;
          leadTimeDays = Math.max(leadTimeDays, offering.leadTimeDays);
          decomposition.push({
            itemId: item.itemId,
            action: item.action,
            region: item.region,
            cfsSpecIds: offering.cfsSpecIds,
            characteristics: item.characteristics,
          });
          const requests =
            item.action === 'add'
              ? offering.cfsSpecIds.map((cfsSpecId): ServiceOrderRequest => ({
                  serviceOrderId: `${order.id}/${item.itemId}/${cfsSpecId}`,
                  productOrderId: order.id,
                  itemId: item.itemId,
                  customerId: order.customerId,
                  region: item.region,
                  cfsSpecId,
                  action: 'add',
                  characteristics: item.characteristics,
                  timings: input.timings,
                }))
              : await changeServiceOrders(ports, order, item, input.timings);
          serviceOrders.push(...requests);
          const ids = requests.map((r) => r.serviceOrderId);
          await productOrders.update(
            order.id,
            { itemServiceOrders: { itemId: item.itemId, serviceOrderIds: ids } },
            now(),
          );
          await productOrders.transitionItem(
            `${call.idempotencyKey}/${item.itemId}`,
            order.id,
            item.itemId,
            'inProgress',
            'service orders issued',
            now(),
            productOrderEvent('ProductOrderAttributeValueChangeEvent'),
          );
        }
        const issued = await productOrders.transition(
          `${call.idempotencyKey}/order`,
          order.id,
          'inProgress',
          'service orders issued',
          now(),
          productOrderEvent('ProductOrderStateChangeEvent'),
        );
        await wakeEventDelivery(eventSubscriptions, PRODUCT_ORDERING_API);
        return { order: orderView(issued), request: null, decomposition, leadTimeDays, serviceOrders };
      },
    },
  );
}
