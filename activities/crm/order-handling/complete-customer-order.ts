import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { CompleteOutput } from '../../../src/domain/fulfilment/customer-order';
import { finalOrderState, isTerminalOrderState } from '../../../src/domain/fulfilment/product-order-lifecycle';
import { pricedFor } from '../../../src/domain/catalog';
import { priceLine } from '../../../src/domain/lifecycle/sales';
import { PRODUCT_ORDERING_API, productOrderEvent } from '../../../src/events/product-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustOrder, orderView } from './order-record';
import { recordProductChanges } from './product-changes';

export const CompleteInput = z.object({
  orderId: z.string(),
  /** Services SM&O activated, per item, as handed back by the service orders. */
  services: z.array(z.object({ itemId: z.string(), serviceIds: z.array(z.string()) })),
});
export { CompleteOutput };

/**
 * 1.F.1.5.5 — close the order with the customer: what was delivered becomes products in the
 * inventory on the customer's billing account (what billing charges), with the services
 * behind them (what assurance supports); what was modified or ceased changes its product from
 * now (its characteristics and price; terminated), which the product's charge periods tell
 * billing; and the customer is told.
 */
export function createCompleteCustomerOrder(
  ports: Pick<
    Ports,
    'catalog' | 'customerManagement' | 'productOrders' | 'notifications' | 'eventSubscriptions' | 'clock'
  >,
) {
  const { catalog, customerManagement: customers, productOrders, notifications, eventSubscriptions, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcess(
    { etomId: '1.F.1.5.5', input: CompleteInput, output: CompleteOutput },
    async ({ orderId, services }, call) => {
      const order = await mustOrder(productOrders, orderId);
      const completed = order.items.filter((i) => i.state === 'completed');
      let billingAccountId: string | null = null;
      const products = [];
      const changes = [];
      if (completed.length > 0) {
        billingAccountId = await productOrders.ensureBillingAccount(
          `${call.idempotencyKey}/account`,
          order.customerId,
          now(),
        );
        await productOrders.update(order.id, { billingAccountId }, now());
        for (const item of completed.filter((i) => i.action === 'add')) {
          // The order's terms: the discount its quote agreed (none without one) on the offering's price.
          // The offering's price for the item's characteristics (its speed tier), less the discount.
          const offering = pricedFor((await catalog.getOffering(item.productOfferingId))!, item.characteristics);
          const price = priceLine(offering, 1, order.discountPct);
          const serviceIds = services.find((s) => s.itemId === item.itemId)?.serviceIds ?? [];
          const p = await productOrders.recordProduct(`${call.idempotencyKey}/product/${item.itemId}`, {
            customerId: order.customerId,
            productOfferingId: item.productOfferingId,
            orderId: order.id,
            itemId: item.itemId,
            billingAccountId,
            recurringMinor: price.recurringMinor,
            oneTimeMinor: price.oneTimeMinor,
            serviceIds,
            region: item.region,
            startDate: now(),
            characteristics: item.characteristics,
          });
          products.push({ productId: p.id, itemId: item.itemId, serviceIds, recurringMinor: p.recurringMinor });
        }
        changes.push(...(await recordProductChanges(ports, order, completed, call.idempotencyKey, now())));
      }
      const finalState = isTerminalOrderState(order.state)
        ? order.state
        : finalOrderState(order.items.map((i) => i.state));
      const closed = isTerminalOrderState(order.state)
        ? order
        : await productOrders.transition(
            `${call.idempotencyKey}/state`,
            order.id,
            finalState,
            `${completed.length} of ${order.items.length} item(s) delivered`,
            now(),
            productOrderEvent('ProductOrderStateChangeEvent'),
          );
      await wakeEventDelivery(eventSubscriptions, PRODUCT_ORDERING_API);
      const customer = await customers.getCustomer(order.customerId);
      const lines = closed.items.map(
        (i) => `- ${i.itemId} ${i.productOfferingId}: ${i.state}${i.stateReason ? ` (${i.stateReason})` : ''}`,
      );
      const n = await notifications.send(`${call.idempotencyKey}/notify`, {
        recipient: customer?.email ?? order.customerId,
        channel: 'email',
        subject: `Your order ${order.id} is ${closed.state}`,
        body: [`Order ${order.id}: ${closed.state}.`, ...lines].join('\n'),
        reference: order.id,
      });
      return { order: orderView(closed), billingAccountId, products, changes, notificationId: n.id };
    },
  );
}
