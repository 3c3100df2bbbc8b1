import { z } from 'zod';
import { TmfOrderState } from './order-states';
import { Characteristics } from './product-order';
import { ResourceAvailability } from './resource-order';
import { FulfilmentTimings } from './timings';

/** TMF641 service order states. */
export const ServiceOrderState = TmfOrderState;
export type ServiceOrderState = z.infer<typeof ServiceOrderState>;

/** TMF638 service states. */
export const ServiceState = z.enum(['feasibilityChecked', 'designed', 'reserved', 'inactive', 'active', 'terminated']);
export type ServiceState = z.infer<typeof ServiceState>;

/** TMF641 service order item actions (TMF622's `noChange` never reaches SM&O). */
export const ServiceOrderAction = z.enum(['add', 'modify', 'delete', 'suspend', 'resume']);
export type ServiceOrderAction = z.infer<typeof ServiceOrderAction>;

/**
 * The item action as TMF641 / TMF652 (v4) name it: they know add, modify, delete, noChange; a
 * suspension or a resumption is a `modify` of the service's state there.
 */
export const tmfItemAction = (a: ServiceOrderAction): 'add' | 'modify' | 'delete' =>
  a === 'suspend' || a === 'resume' ? 'modify' : a;

/**
 * What Order Handling (CRM) hands to Service Configuration & Activation (SM&O): one service
 * order per customer-facing service of an order item. It is the input of the `serviceOrder`
 * child workflow, whose id is `serviceOrderId`.
 */
export const ServiceOrderRequestFields = z.object({
  serviceOrderId: z.string().min(1),
  productOrderId: z.string().min(1),
  itemId: z.string().min(1),
  customerId: z.string().min(1),
  region: z.string().min(1),
  cfsSpecId: z.string().regex(/^CFS-[A-Z0-9-]+$/),
  /**
   * 'add' provides a new service; the others act on the existing `serviceId`: 'modify' redesigns
   * it to `characteristics` (then its COMPLETE characteristics after the change), 'delete' ceases
   * it and gives its resources back, 'suspend' / 'resume' block / unblock it on the network.
   */
  action: ServiceOrderAction,
  serviceId: z.string().optional(),
  characteristics: Characteristics.default({}),
  timings: FulfilmentTimings,
  /**
   * What RM&O had for this service when Order Handling's feasibility check (1.F.1.5.1) asked,
   * moments before: design (1.F.2.2.1) works from it instead of asking again. Without it (a
   * service order started on its own) design asks RM&O. RM&O's reservation still refuses
   * what has gone since, so a stale answer fails the order safely.
   */
  availability: ResourceAvailability.optional(),
});

/** Every action but `add` acts on a service that exists: it must be named. */
export const ServiceOrderRequest = ServiceOrderRequestFields.superRefine((req, ctx) => {
  if (req.action !== 'add' && !req.serviceId)
    ctx.addIssue({ code: 'custom', path: ['serviceId'], message: `a ${req.action} names the service it acts on` });
});
export type ServiceOrderRequest = z.output<typeof ServiceOrderRequest>;

export const ServiceOrderResult = z.object({
  serviceOrderId: z.string(),
  state: z.enum(['completed', 'failed', 'cancelled']),
  serviceId: z.string().nullable(),
  reason: z.string().nullable(),
  /** Identifiers allocated to the service (telephone number, IP range…), by name. */
  parameters: z.record(z.string(), z.string()),
  /** Resources in service for it, as RM&O reported them. */
  resourceIds: z.array(z.string()),
});
export type ServiceOrderResult = z.infer<typeof ServiceOrderResult>;

/** SM&O → CRM, by signal, each time a service order moves on: what 1.F.1.5.4 tracks. */
export interface ServiceOrderProgress {
  serviceOrderId: string;
  itemId: string;
  /** The eTOM id of the process the service order has just finished. */
  etomId: string;
  state: ServiceOrderState;
  detail?: string;
}

/** SM&O's answer to "could you deliver this service here?" (pre-order, nothing reserved). */
export const ServiceFeasibility = z.object({
  cfsSpecId: z.string(),
  region: z.string(),
  feasible: z.boolean(),
  reasons: z.array(z.string()),
  /** Components that would come from a supplier rather than from our own network. */
  supplierComponents: z.array(z.string()),
  /** RM&O's answer the assessment was made from (the serviceFeasibility workflow adds it). */
  availability: ResourceAvailability.optional(),
});
export type ServiceFeasibility = z.infer<typeof ServiceFeasibility>;
