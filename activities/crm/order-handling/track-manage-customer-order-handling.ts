import { z } from 'zod';
import { msToNumber } from '@temporalio/common/lib/time';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { OrderView } from '../../../src/domain/fulfilment/customer-order';
import {
  Characteristics,
  ProductOrderItemState,
  ProductOrderState,
} from '../../../src/domain/fulfilment/product-order';
import { committedAfterSlip, SupplierDeliveryChange } from '../../../src/domain/fulfilment/supplier-delivery';
import { isTerminalOrderState } from '../../../src/domain/fulfilment/product-order-lifecycle';
import { Duration } from '../../../src/domain/fulfilment/timings';
import { PRODUCT_ORDERING_API, productOrderEvent } from '../../../src/events/product-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustOrder, orderView } from './order-record';

export const CommitInput = z.object({ orderId: z.string(), now: z.string(), jeopardyMargin: Duration });
export const OrderStateInput = z.object({
  orderId: z.string(),
  state: ProductOrderState,
  reason: z.string().nullable(),
});
export const ItemStateInput = z.object({
  orderId: z.string(),
  itemId: z.string(),
  state: ProductOrderItemState,
  reason: z.string().nullable(),
});
export const JeopardyInput = z.object({ orderId: z.string(), openItems: z.array(z.string()) });
export const AmendInput = z.object({
  orderId: z.string(),
  requestedCompletionDate: z.string().optional(),
  items: z.array(z.object({ itemId: z.string(), characteristics: Characteristics })).default([]),
  jeopardyMargin: Duration,
});
export const SupplierDelayInput = z.object({
  orderId: z.string(),
  /** The committed date the order holds now: the new one is computed from it, so a retry moves it once. */
  committedDate: z.string(),
  change: SupplierDeliveryChange,
  jeopardyMargin: Duration,
});
export const TrackOutput = z.object({
  order: OrderView,
  jeopardyId: z.string().nullable().default(null),
  /** When the order is declared in jeopardy if still open: committed date less the margin. */
  jeopardyAt: z.string().nullable().default(null),
});

const DAY_MS = 86_400_000;

const jeopardyDate = (committedDate: string, margin: Duration) =>
  new Date(Date.parse(committedDate) - msToNumber(margin)).toISOString();

/**
 * 1.F.1.5.4 — track the order against its committed date, update its status as things
 * change, act when the plan is at risk (jeopardy), take amendments, end tracking at the end.
 */
export function createTrackAndManageCustomerOrderHandling(
  ports: Pick<
    Ports,
    'catalog' | 'customerManagement' | 'productOrders' | 'notifications' | 'eventSubscriptions' | 'clock'
  >,
) {
  const { catalog, customerManagement: customers, productOrders, notifications, eventSubscriptions, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcessHandlers(
    {
      etomId: '1.F.1.5.4',
      handlers: {
        commit: { input: CommitInput, output: TrackOutput },
        order: { input: OrderStateInput, output: TrackOutput },
        item: { input: ItemStateInput, output: TrackOutput },
        jeopardy: { input: JeopardyInput, output: TrackOutput },
        amend: { input: AmendInput, output: TrackOutput },
        supplierDelay: { input: SupplierDelayInput, output: TrackOutput },
      },
    },
    {
      async commit(input) {
        const order = await mustOrder(productOrders, input.orderId);
        let leadTimeDays = 0;
        for (const i of order.items) {
          leadTimeDays = Math.max(leadTimeDays, (await catalog.getOffering(i.productOfferingId))?.leadTimeDays ?? 0);
        }
        const earliest = new Date(Date.parse(input.now) + leadTimeDays * DAY_MS).toISOString();
        // The customer's date is kept when asked for; the plan is then at risk from the start
        // if it is sooner than the lead time, which the jeopardy timer will say.
        const committedDate = order.requestedCompletionDate ?? earliest;
        return {
          order: orderView(await productOrders.update(order.id, { committedDate }, now())),
          jeopardyAt: jeopardyDate(committedDate, input.jeopardyMargin),
        };
      },
      async order(input, call) {
        const order = await mustOrder(productOrders, input.orderId);
        const changed = await productOrders.transition(
          call.idempotencyKey,
          order.id,
          input.state,
          input.reason,
          now(),
          productOrderEvent('ProductOrderStateChangeEvent'),
        );
        await wakeEventDelivery(eventSubscriptions, PRODUCT_ORDERING_API);
        return { order: orderView(changed) };
      },
      async item(input, call) {
        const order = await mustOrder(productOrders, input.orderId);
        const changed = await productOrders.transitionItem(
          call.idempotencyKey,
          order.id,
          input.itemId,
          input.state,
          input.reason,
          now(),
          productOrderEvent('ProductOrderAttributeValueChangeEvent', 'productOrderItem.state'),
        );
        await wakeEventDelivery(eventSubscriptions, PRODUCT_ORDERING_API);
        return { order: orderView(changed) };
      },
      async jeopardy(input, call) {
        const order = await mustOrder(productOrders, input.orderId);
        if (isTerminalOrderState(order.state)) return { order: orderView(order) };
        const customer = await customers.getCustomer(order.customerId);
        const jeopardyId = await productOrders.recordJeopardy(`${call.idempotencyKey}/record`, {
          orderId: order.id,
          committedDate: order.committedDate ?? now(),
          detectedAt: now(),
          openItems: input.openItems,
          action: 'customer informed; order escalated to fulfilment supervisor',
        });
        await notifications.send(`${call.idempotencyKey}/notify`, {
          recipient: customer?.email ?? order.customerId,
          channel: 'email',
          subject: `Your order ${order.id} may be late`,
          body: `We may miss the date we committed to (${order.committedDate}) for item(s) ${input.openItems.join(', ')}. We are on it and will keep you informed.`,
          reference: order.id,
        });
        return { order: orderView(order), jeopardyId };
      },
      /**
       * A supplier moved the delivery of a component (1.F.4.2.3): the committed date moves by
       * its slip, the jeopardy with it (the workflow re-arms its timer), and the customer is told.
       */
      async supplierDelay(input, call) {
        const order = await mustOrder(productOrders, input.orderId);
        if (isTerminalOrderState(order.state)) return { order: orderView(order) };
        const committedDate = committedAfterSlip(input.committedDate, input.change);
        if (committedDate === input.committedDate) return { order: orderView(order) };
        // The new date is news for those who follow the order over TMF622 (a partner that bought
        // it waits for it as its supplier's delivery date): published with the change, once.
        const updated = await productOrders.update(
          order.id,
          { committedDate },
          now(),
          productOrderEvent('ProductOrderAttributeValueChangeEvent', 'expectedCompletionDate'),
        );
        await wakeEventDelivery(eventSubscriptions, PRODUCT_ORDERING_API);
        const customer = await customers.getCustomer(order.customerId);
        await notifications.send(`${call.idempotencyKey}/notify`, {
          recipient: customer?.email ?? order.customerId,
          channel: 'email',
          subject: `Your order ${order.id}: a new date`,
          body: `A supplier moved its delivery (${input.change.detail ?? 'no reason given'}). We now commit to ${committedDate} instead of ${input.committedDate}.`,
          reference: order.id,
        });
        return { order: orderView(updated), jeopardyAt: jeopardyDate(committedDate, input.jeopardyMargin) };
      },
      async amend(input) {
        const order = await mustOrder(productOrders, input.orderId);
        if (isTerminalOrderState(order.state)) {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `order ${order.id} is ${order.state}: it can no longer be amended`,
          );
        }
        for (const a of input.items) {
          if (!order.items.some((i) => i.itemId === a.itemId))
            return reject(BusinessErrorType.NotFound, `no item ${a.itemId}`);
        }
        let updated = order;
        for (const a of input.items) {
          const current = updated.items.find((i) => i.itemId === a.itemId)!;
          updated = await productOrders.update(
            order.id,
            {
              itemCharacteristics: {
                itemId: a.itemId,
                characteristics: { ...current.characteristics, ...a.characteristics },
              },
            },
            now(),
          );
        }
        if (input.requestedCompletionDate) {
          updated = await productOrders.update(
            order.id,
            { requestedCompletionDate: input.requestedCompletionDate, committedDate: input.requestedCompletionDate },
            now(),
          );
        }
        const committed = updated.committedDate;
        return {
          order: orderView(updated),
          jeopardyAt: committed ? jeopardyDate(committed, input.jeopardyMargin) : null,
        };
      },
    },
  );
}
