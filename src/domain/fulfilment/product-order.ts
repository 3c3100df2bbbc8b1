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

/**
 * TMF622 item actions: `add` a new product; `modify` (its characteristics, or its offering) and
 * `delete` (cease) a product the customer holds; `noChange` names a product the order leaves
 * as it is (e.g. one another item relies on).
 */
export const ProductOrderItemAction = z.enum(['add', 'modify', 'delete', 'noChange']);
export type ProductOrderItemAction = z.infer<typeof ProductOrderItemAction>;

/**
 * TMF622 `productOrderItemRelationship`: this item relies on another item of the same order
 * (the spec gives "relies on" as a relationship type). A move's `delete` of the old product
 * relies on the `add` at the new site: the old product goes only once the new one is active.
 */
export const OrderItemRelationship = z.object({
  id: z.string().min(1).max(32),
  relationshipType: z.literal('reliesOn'),
});
export type OrderItemRelationship = z.infer<typeof OrderItemRelationship>;

export const ProductOrderItem = z
  .object({
    /** The item's id within the order, as the customer's system numbers it. */
    id: z.string().min(1).max(32),
    action: ProductOrderItemAction.default('add'),
    /** An add's offering; a modify may name another one (a change of offering), else the product's. */
    productOfferingId: z
      .string()
      .regex(/^PO-[A-Z0-9-]+$/, 'a product offering id such as PO-FIBRE-BIZ')
      .optional(),
    /** The region of the site where the product is delivered (an add's; the others keep the product's). */
    region: z.string().min(2).max(8).optional(),
    /** An add's characteristics; a modify's changed ones (merged over the product's current ones). */
    characteristics: Characteristics.default({}),
    /** The product in the inventory (TMF637) a modify, delete or noChange acts on. */
    product: z.object({ id: z.string().min(1).max(64) }).optional(),
    productOrderItemRelationship: z.array(OrderItemRelationship).max(20).optional(),
  })
  .superRefine((item, ctx) => {
    if (item.action === 'add') {
      if (!item.productOfferingId)
        ctx.addIssue({ code: 'custom', path: ['productOfferingId'], message: 'an add names its product offering' });
      if (!item.region)
        ctx.addIssue({ code: 'custom', path: ['region'], message: 'an add names the region of its site' });
      if (item.product)
        ctx.addIssue({ code: 'custom', path: ['product'], message: 'an add creates its product: it names none' });
    } else if (!item.product)
      ctx.addIssue({
        code: 'custom',
        path: ['product'],
        message: `a ${item.action} names the product it acts on (product.id)`,
      });
  });
export type ProductOrderItem = z.infer<typeof ProductOrderItem>;

/** A customer's product order as it enters Order Handling (a TMF622 ProductOrder, trimmed). */
export const ProductOrderRequest = z.object({
  /** The customer's own id for the order: also the workflow id, so a resubmission is one order. */
  externalId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$/, 'letters, digits and . _ : - (3 to 64)'),
  customerId: CustomerId,
  channel: z.enum(['phone', 'email', 'web', 'shop', 'chat', 'partner']).default('web'),
  requestedCompletionDate: z.iso.datetime().optional(),
  items: z
    .array(ProductOrderItem)
    .min(1)
    .max(20)
    .superRefine((items, ctx) => {
      const ids = new Set(items.map((i) => i.id));
      items.forEach((item, n) =>
        (item.productOrderItemRelationship ?? []).forEach((r, k) => {
          if (!ids.has(r.id) || r.id === item.id)
            ctx.addIssue({
              code: 'custom',
              path: [n, 'productOrderItemRelationship', k, 'id'],
              message: `relies on ${r.id}: not another item of this order`,
            });
        }),
      );
    }),
  /** The accepted quote the order fulfils (TMF622 `quote`): its terms price the items. */
  quoteId: z.string().min(1).max(64).optional(),
  timings: FulfilmentTimings.default(FulfilmentTimings.parse({})),
});
export type ProductOrderRequest = z.output<typeof ProductOrderRequest>;
export type ProductOrderRequestInput = z.input<typeof ProductOrderRequest>;
