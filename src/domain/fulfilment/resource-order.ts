import { z } from 'zod';
import { TmfOrderState } from './order-states';
import { FulfilmentTimings } from './timings';

/** TMF652 resource order states. */
export const ResourceOrderState = TmfOrderState.exclude(['assessingCancellation', 'pendingCancellation']);
export type ResourceOrderState = z.infer<typeof ResourceOrderState>;

/** TMF639 administrative view of a resource, as this project tracks it. */
export const ResourceState = z.enum(['available', 'reserved', 'outOfService', 'inService', 'retired']);
export type ResourceState = z.infer<typeof ResourceState>;

export const ResourceNeed = z.object({
  resourceSpecId: z.string().regex(/^RS-[A-Z0-9-]+$/),
  quantity: z.number().int().positive().default(1),
});
export type ResourceNeed = z.infer<typeof ResourceNeed>;

/**
 * The moves an inventory's `transition` allows (TMF639 administrative states, as the text uses
 * them); every adapter enforces this one table. Taking an available resource is a reservation's
 * job alone, so that a reservation always has its links.
 */
export const RESOURCE_TRANSITIONS: Readonly<Record<ResourceState, readonly ResourceState[]>> = {
  available: [],
  reserved: ['outOfService', 'available'],
  outOfService: ['inService', 'available'],
  inService: ['outOfService'],
  retired: [],
};

/** Needs of one specification added up, in the order they were first asked for. */
export function totalBySpec(needs: readonly ResourceNeed[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const n of needs) total.set(n.resourceSpecId, (total.get(n.resourceSpecId) ?? 0) + n.quantity);
  return total;
}

/** One element's configuration as a `modify` found it: what puts it back exactly. */
export const ElementSnapshot = z.object({
  resourceId: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  adminState: z.enum(['up', 'down']),
});
export type ElementSnapshot = z.infer<typeof ElementSnapshot>;

/**
 * What SM&O hands to Resource Provisioning (RM&O): the `resourceOrder` child workflow's input,
 * whose id is `resourceOrderId`. After reserving, the order waits for SM&O's `proceed` signal
 * (the work is scheduled, supplier parts are in) for at most `timings.reservationHold`.
 */
export const ResourceOrderRequest = z.object({
  resourceOrderId: z.string().min(1),
  serviceOrderId: z.string().min(1),
  serviceId: z.string().min(1),
  customerId: z.string().min(1),
  region: z.string().min(1),
  /**
   * 'add' allocates, configures, tests and records; 'modify' reconfigures the service's resources
   * (and, with `replaces`, swaps some); 'delete' takes them back; 'suspend' / 'resume' block /
   * unblock the service's ports on its elements.
   */
  action: z.enum(['add', 'modify', 'delete', 'suspend', 'resume']),
  needs: z.array(ResourceNeed),
  /**
   * A redesign's order: once what it reserved is configured and tested, these resources of the
   * earlier orders are unconfigured and given back (the elements the new design leaves out).
   */
  replaces: z
    .array(z.object({ resourceOrderId: z.string().min(1), resourceIds: z.array(z.string().min(1)).min(1) }))
    .optional(),
  /** A `modify`'s element settings that change (a new speed): the elements are configured with them in place. */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** A `modify` that undoes an earlier one: its elements put back exactly as that one found them. */
  restore: z.array(ElementSnapshot).optional(),
  timings: FulfilmentTimings,
});
export type ResourceOrderRequest = z.output<typeof ResourceOrderRequest>;

export const AllocatedResource = z.object({
  id: z.string(),
  resourceSpecId: z.string(),
  resourceType: z.string(),
  name: z.string(),
  state: ResourceState,
});
export type AllocatedResource = z.infer<typeof AllocatedResource>;

export const ResourceOrderResult = z.object({
  resourceOrderId: z.string(),
  state: z.enum(['completed', 'failed', 'cancelled']),
  reason: z.string().nullable(),
  /**
   * With what 1.F.3.2.4 collected: each element's configuration (empty once a cease took it
   * back), which SM&O's implementation (1.F.2.2.4) checks the service against.
   */
  resources: z.array(
    AllocatedResource.extend({
      configuration: z.record(z.string(), z.unknown()).optional(),
      adminState: z.enum(['up', 'down']).optional(),
    }),
  ),
  /** A `modify`'s elements as it found them, for an undo to restore. */
  before: z.array(ElementSnapshot).optional(),
});
export type ResourceOrderResult = z.infer<typeof ResourceOrderResult>;

/** RM&O's answer to "are these resources there?" — checked, never reserved (1.F.3.2.1). */
export const ResourceAvailability = z.object({
  region: z.string(),
  lines: z.array(
    z.object({
      resourceSpecId: z.string(),
      needed: z.number().int(),
      available: z.number().int(),
      /** Suppliers with a valid contract for this spec in the region, when we lack it. */
      supplierContracts: z.array(z.string()),
    }),
  ),
});
export type ResourceAvailability = z.infer<typeof ResourceAvailability>;
