import { z } from 'zod';
import { TmfOrderState } from './order-states';
import { CustomerId } from '../customer';
import { FulfilmentTimings } from './timings';
import { Characteristics } from '../limits';

/** TMF622 product order states. */
export const ProductOrderState = TmfOrderState;
export type ProductOrderState = z.infer<typeof ProductOrderState>;

/** TMF622 product order item states (no 'partial': an item is done or not). */
export const ProductOrderItemState = ProductOrderState.exclude(['partial']);
export type ProductOrderItemState = z.infer<typeof ProductOrderItemState>;

/** Bounded, and in range where the operator's services define one (src/domain/limits.ts). */
export { Characteristics } from '../limits';

export const ProductOrderItem = z.object({
  /** The item's id within the order, as the customer's system numbers it. */
  id: z.string().min(1).max(32),
  /** Ceasing a product goes through its service orders' 'delete'; a customer order adds. */
  action: z.literal('add').default('add'),
  productOfferingId: z.string().regex(/^PO-[A-Z0-9-]+$/, 'a product offering id such as PO-FIBRE-BIZ'),
  /** The region of the site where the product is delivered. */
  region: z.string().min(2).max(8),
  characteristics: Characteristics.default({}),
});
export type ProductOrderItem = z.infer<typeof ProductOrderItem>;

/** A customer's product order as it enters Order Handling (a TMF622 ProductOrder, trimmed). */
export const ProductOrderRequest = z.object({
  /** The customer's own id for the order: also the workflow id, so a resubmission is one order. */
  externalId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$/, 'letters, digits and . _ : - (3 to 64)'),
  customerId: CustomerId,
  channel: z.enum(['phone', 'email', 'web', 'shop', 'chat', 'partner']).default('web'),
  requestedCompletionDate: z.iso.datetime().optional(),
  items: z.array(ProductOrderItem).min(1).max(20),
  /** The accepted quote the order fulfils (TMF622 `quote`): its terms price the items. */
  quoteId: z.string().min(1).max(64).optional(),
  timings: FulfilmentTimings.default(FulfilmentTimings.parse({})),
});
export type ProductOrderRequest = z.output<typeof ProductOrderRequest>;
export type ProductOrderRequestInput = z.input<typeof ProductOrderRequest>;
