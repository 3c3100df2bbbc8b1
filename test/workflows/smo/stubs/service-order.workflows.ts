import { condition, setHandler } from '@temporalio/workflow';
import type { PartnerOrderRequest, PartnerOrderResult } from '../../../../src/domain/fulfilment/partner-order';
import type {
  ResourceAvailability,
  ResourceOrderRequest,
  ResourceOrderResult,
} from '../../../../src/domain/fulfilment/resource-order';
import type { ResourceAvailabilityInput } from '../../../../workflows/rmo/resource-provisioning';
import { proceedWithResourceOrderSignal } from '../../../../workflows/shared/fulfilment-messages';

/**
 * The real service order, and stubs of the RM&O and S/PRM children it starts (registered
 * under the same names): the test decides what each answers, and reads from the history
 * what the service order asked of them.
 */
export { serviceOrder } from '../../../../workflows/smo/service-configuration-activation';

/** A supplier component of this spec is never delivered: the order waits for it. */
export const NEVER_DELIVERED = 'RS-NEVER-DELIVERED';

/** Everything is available. */
export async function resourceAvailability(input: ResourceAvailabilityInput): Promise<ResourceAvailability> {
  return {
    region: input.region,
    lines: input.needs.map((n) => ({
      resourceSpecId: n.resourceSpecId,
      needed: n.quantity,
      available: n.quantity,
      supplierContracts: [],
    })),
  };
}

/** Reserves, waits for SM&O's go-ahead (or a cancellation), then reports its resources in service. */
export async function resourceOrder(req: ResourceOrderRequest): Promise<ResourceOrderResult> {
  const done = (resources: ResourceOrderResult['resources']): ResourceOrderResult => ({
    resourceOrderId: req.resourceOrderId,
    state: 'completed',
    reason: null,
    resources,
  });
  if (req.action === 'delete') return done([]);
  let proceed: string[] | undefined;
  setHandler(proceedWithResourceOrderSignal, ({ deliveredResourceIds }) => {
    proceed = deliveredResourceIds;
  });
  await condition(() => proceed !== undefined);
  return done(
    req.needs.map((n, i) => ({
      id: `RES-${i + 1}`,
      resourceSpecId: n.resourceSpecId,
      resourceType: 'port',
      name: `port ${i + 1}`,
      state: 'inService',
    })),
  );
}

/** Delivers at once, except a component the test wants never delivered. */
export async function partnerOrder(req: PartnerOrderRequest): Promise<PartnerOrderResult> {
  if (req.resourceSpecId === NEVER_DELIVERED) await condition(() => false);
  return {
    partnerOrderId: req.partnerOrderId,
    state: 'accepted',
    supplierId: 'SUP-STUB',
    resourceIds: [`${req.resourceSpecId}-DELIVERED`],
    reason: null,
  };
}
