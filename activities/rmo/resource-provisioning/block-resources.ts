import { z } from 'zod';
import type { ProcessCall } from '../../../src/contracts/activity';
import { AllocatedResource } from '../../../src/domain/fulfilment/resource-order';
import { RESOURCE_ORDERING_API, resourceOrderEvent } from '../../../src/events/resource-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { CLOSED } from './resource-order-rules';

const Id = z.string().min(1);

/**
 * 1.F.3.2.2 for a service suspended or resumed (a resource order `suspend` / `resume`): every
 * element carrying the service — the access port first among them — is blocked (admin down,
 * `blocked: true` in its configuration) or unblocked. An element already as asked is left
 * alone, so suspending a suspended service changes nothing. With `undo`, the elements are put
 * back as they were before the order, and the order closes failed: the compensation of an
 * order that failed part-way.
 */
export const BlockInput = z.object({
  resourceOrderId: Id,
  orderAction: z.enum(['suspend', 'resume']),
  target: z.object({ serviceOrderId: Id, serviceId: Id, customerId: Id, region: Id }),
  undo: z.object({ reason: z.string().min(1) }).optional(),
});
export const BlockOutput = z.object({
  resources: z.array(
    AllocatedResource.extend({
      configuration: z.record(z.string(), z.unknown()).optional(),
      adminState: z.enum(['up', 'down']).optional(),
    }),
  ),
  changed: z.array(z.string()),
});

export function createBlockResources(
  ports: Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders' | 'eventSubscriptions'>,
) {
  const { resourceInventory: inventory, networkActivation: network, resourceOrders, eventSubscriptions } = ports;
  const moved = resourceOrderEvent('ResourceOrderStateChangeEvent');

  return async function block(input: z.output<typeof BlockInput>, call: ProcessCall) {
    const key = call.idempotencyKey;
    const { resourceOrderId, target } = input;
    const blocked = (input.orderAction === 'suspend') !== (input.undo !== undefined);
    if (!input.undo) {
      await resourceOrders.record(
        `${key}/record`,
        { id: resourceOrderId, action: input.orderAction, needs: [], holdUntil: null, ...target },
        resourceOrderEvent('ResourceOrderCreateEvent'),
      );
      await resourceOrders.setState(`${key}/inProgress`, resourceOrderId, 'inProgress', null, moved);
      await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
    }
    const held = await inventory.byService(target.serviceId);
    // Ports first: the customer's access is cut (or given back) before the rest of the path.
    const elements = (await network.configurationsOfService(target.serviceId)).sort(
      (a, b) =>
        Number(held.find((r) => r.id === b.resourceId)?.resourceType === 'port') -
          Number(held.find((r) => r.id === a.resourceId)?.resourceType === 'port') ||
        a.resourceId.localeCompare(b.resourceId),
    );
    const changed: string[] = [];
    for (const e of elements) {
      const adminState = blocked ? 'down' : 'up';
      if ((e.config['blocked'] === true) === blocked && e.adminState === adminState) continue;
      await network.configure(`${key}/block/${e.resourceId}`, e.resourceId, target.serviceId, { blocked });
      await network.setAdminState(`${key}/admin/${e.resourceId}`, e.resourceId, adminState);
      changed.push(e.resourceId);
      call.heartbeat({ changed: e.resourceId });
    }
    const resources = [];
    for (const r of held.filter((h) => elements.some((e) => e.resourceId === h.id))) {
      const now = await network.configurationOf(r.id);
      resources.push({ ...r, configuration: now?.config, adminState: now?.adminState });
    }
    const order = await resourceOrders.get(resourceOrderId);
    if (order && !CLOSED.includes(order.state)) {
      if (!input.undo)
        await resourceOrders.recordItems(
          `${key}/items`,
          resourceOrderId,
          resources.map((r) => ({
            resourceId: r.id,
            resourceSpecId: r.resourceSpecId,
            state: 'completed' as const,
            configuration: r.configuration ?? null,
          })),
        );
      const closing = input.undo ? 'failed' : 'completed';
      await resourceOrders.setState(`${key}/${closing}`, resourceOrderId, closing, input.undo?.reason ?? null, moved);
      await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
    }
    return { resources, changed };
  };
}
