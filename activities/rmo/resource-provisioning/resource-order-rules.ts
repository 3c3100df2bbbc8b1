import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { AllocatedResource, ResourceOrderState } from '../../../src/domain/fulfilment/resource-order';
import type { Ports } from '../../../src/ports';
import type { ResourceOrderRecord } from '../../../src/ports/resource-orders';

/**
 * What the Resource Provisioning processes (1.F.3.2) hold to about a resource order: its id is
 * the reservation every resource it takes carries, so what an order holds can always be found,
 * and given back; a closed order takes no more work.
 */

export const CLOSED: readonly ResourceOrderState[] = ['completed', 'failed', 'cancelled', 'rejected'];

type ResourceOrders = Ports['resourceOrders'];

export const mustOrder = async (resourceOrders: ResourceOrders, id: string): Promise<ResourceOrderRecord> =>
  (await resourceOrders.get(id)) ?? reject(BusinessErrorType.NotFound, `no resource order ${id}`);

export const mustBeOpen = (order: ResourceOrderRecord) => {
  if (CLOSED.includes(order.state)) {
    reject(BusinessErrorType.InvalidStateTransition, `resource order ${order.id} is ${order.state}`);
  }
};

/** Records on the order the resources it took (reserved) or gave back (released). */
export const markItems = (
  resourceOrders: ResourceOrders,
  key: string,
  orderId: string,
  resources: AllocatedResource[],
  state: 'reserved' | 'released',
) =>
  resourceOrders.recordItems(
    key,
    orderId,
    resources.map((r) => ({ resourceId: r.id, resourceSpecId: r.resourceSpecId, state, configuration: null })),
  );
