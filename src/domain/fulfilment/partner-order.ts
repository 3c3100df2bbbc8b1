import { z } from 'zod';
import { FulfilmentTimings } from './timings';

/** States of a requisition placed with a supplier/partner. */
export const PartnerOrderState = z.enum([
  'acknowledged',
  'supplierSelected',
  'feasibilityChecked',
  'placed',
  'confirmed',
  'delivered',
  'inNegotiation',
  'accepted',
  'rejected',
  'cancelled',
  'failed',
  /** Delivered and accepted, then ended with the supplier when its service was ceased (#12). */
  'ceased',
]);
export type PartnerOrderState = z.infer<typeof PartnerOrderState>;

/**
 * What SM&O hands to S/P Requisition Management (S/PRM): the `partnerOrder` child workflow's
 * input, whose id is `partnerOrderId`.
 */
export const PartnerOrderRequest = z.object({
  partnerOrderId: z.string().min(1),
  serviceOrderId: z.string().min(1),
  serviceId: z.string().min(1),
  customerId: z.string().min(1),
  region: z.string().min(1),
  /** The resource order the delivered product joins: it is recorded reserved under this id. */
  reservationId: z.string().min(1),
  resourceSpecId: z.string().regex(/^RS-[A-Z0-9-]+$/),
  quantity: z.number().int().positive().default(1),
  timings: FulfilmentTimings,
});
export type PartnerOrderRequest = z.output<typeof PartnerOrderRequest>;

export const PartnerOrderResult = z.object({
  partnerOrderId: z.string(),
  state: z.enum(['accepted', 'rejected', 'cancelled', 'failed']),
  supplierId: z.string().nullable(),
  /** The delivered product, recorded in the resource inventory reserved for the service. */
  resourceIds: z.array(z.string()),
  reason: z.string().nullable(),
});
export type PartnerOrderResult = z.infer<typeof PartnerOrderResult>;

/** A report from the supplier about a requisition: it reaches the workflow as a signal. */
export const SupplierReport = z.object({
  requisitionId: z.string(),
  supplierReference: z.string(),
  kind: z.enum(['acknowledged', 'deliveryDateChanged', 'delivered', 'rejected', 'cancelled']),
  deliveryDate: z.string().optional(),
  detail: z.string().optional(),
  at: z.string(),
  /** The supplier's own event id, when the report came from its hub: what the report is applied once by. */
  eventId: z.string().optional(),
});
export type SupplierReport = z.infer<typeof SupplierReport>;
