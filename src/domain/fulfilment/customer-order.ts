import { z } from 'zod';
import {
  Characteristics,
  ProductOrderItemAction,
  ProductOrderItemState,
  ProductOrderRequest,
  ProductOrderState,
} from './product-order';
import { ServiceOrderRequest } from './service-order';

/**
 * The customer order as Order Handling (1.F.1.5) shows it to the product order workflow: its
 * state, its committed date and its items, with what each item became (service orders, product).
 */
export const OrderView = z.object({
  id: z.string(),
  customerId: z.string(),
  state: ProductOrderState,
  stateReason: z.string().nullable(),
  committedDate: z.string().nullable(),
  items: z.array(
    z.object({
      itemId: z.string(),
      productOfferingId: z.string(),
      state: ProductOrderItemState,
      stateReason: z.string().nullable(),
      serviceOrderIds: z.array(z.string()),
      productId: z.string().nullable(),
    }),
  ),
});
export type OrderView = z.infer<typeof OrderView>;

/** What Receive PO & Issue Orders (1.F.1.5.3) answers, on receiving the order and on issuing it. */
export const ReceiveOrderOutput = z.object({
  order: OrderView,
  /** On 'receive': the order as validated, defaults filled in (timings). */
  request: ProductOrderRequest.nullable(),
  /** What each item decomposes into: the customer-facing services SM&O must deliver. */
  decomposition: z.array(
    z.object({
      itemId: z.string(),
      /** The item's action (#12): feasibility assesses only what an add delivers. Absent before #12: add. */
      action: ProductOrderItemAction.optional(),
      region: z.string(),
      cfsSpecIds: z.array(z.string()),
      /** An add's characteristics; a modify's complete ones after the change. */
      characteristics: Characteristics,
      /** A modify's product characteristics before the change: what a rollback modifies back to. */
      before: Characteristics.nullable().optional(),
    }),
  ),
  leadTimeDays: z.number().int(),
  /** On 'issue': the service orders to hand to SM&O, one per customer-facing service. */
  serviceOrders: z.array(ServiceOrderRequest),
});
export type ReceiveOrderOutput = z.infer<typeof ReceiveOrderOutput>;

/** What Complete Customer Order (1.F.1.5.5) answers: the products the order became. */
export const CompleteOutput = z.object({
  order: OrderView,
  billingAccountId: z.string().nullable(),
  products: z.array(
    z.object({
      productId: z.string(),
      itemId: z.string(),
      serviceIds: z.array(z.string()),
      recurringMinor: z.number().int(),
    }),
  ),
  /** The products a modify or delete item changed (#12): absent before #12. */
  changes: z
    .array(
      z.object({
        productId: z.string(),
        itemId: z.string(),
        action: z.enum(['modify', 'delete']),
        status: z.enum(['active', 'suspended', 'terminated']),
        recurringMinor: z.number().int(),
        billingAccountId: z.string(),
        /** When the change took effect (the charge periods change there). */
        at: z.string().optional(),
      }),
    )
    .optional(),
  notificationId: z.string(),
});
export type CompleteOutput = z.infer<typeof CompleteOutput>;
