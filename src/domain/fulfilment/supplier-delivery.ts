import { z } from 'zod';

/**
 * 1.F.4.2.3 → 1.F.2.2.3 and 1.F.1.5.4: a supplier changed the delivery date of a component an
 * order waits for. S/PRM's partner order tells the service order it works for, whose work plan
 * (1.F.2.2.3) takes the new date, and Order Handling, which moves the order's committed date by
 * the supplier's slip, re-arms its jeopardy timer on it and tells the customer.
 */
export const SupplierDeliveryChange = z.object({
  partnerOrderId: z.string().min(1),
  serviceOrderId: z.string().min(1),
  /** The component the supplier delivers (absent from changes sent before SM&O was told). */
  resourceSpecId: z.string().optional(),
  supplierId: z.string().nullable(),
  /** The date the supplier promised before, null when it had promised none. */
  previousDelivery: z.string().nullable(),
  expectedDelivery: z.string(),
  detail: z.string().nullable(),
});
export type SupplierDeliveryChange = z.infer<typeof SupplierDeliveryChange>;

/**
 * The product order a service order was issued for. Order Handling (1.F.1.5.3) names each
 * service order `<product order>/<item>/<customer-facing service spec>`; an id of another
 * shape (a service order started on its own) has no product order: null.
 */
export function productOrderOfServiceOrder(serviceOrderId: string): string | null {
  const parts = serviceOrderId.split('/');
  return parts.length >= 3 ? parts.slice(0, -2).join('/') : null;
}

/**
 * The committed date once the supplier slipped: moved by the slip (the new promise less the
 * old one) when there was one, else no earlier than the new promise. Never earlier than it was:
 * a supplier who delivers sooner does not make the order's commitment any earlier.
 */
export function committedAfterSlip(committedDate: string, change: SupplierDeliveryChange): string {
  const committed = Date.parse(committedDate);
  const slip = change.previousDelivery
    ? Date.parse(change.expectedDelivery) - Date.parse(change.previousDelivery)
    : Date.parse(change.expectedDelivery) - committed;
  return new Date(committed + Math.max(0, slip)).toISOString();
}
