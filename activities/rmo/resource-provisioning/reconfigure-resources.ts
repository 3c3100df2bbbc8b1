import { z } from 'zod';
import type { ProcessCall } from '../../../src/contracts/activity';
import { ElementSnapshot } from '../../../src/domain/fulfilment/resource-order';
import { RESOURCE_ORDERING_API, resourceOrderEvent } from '../../../src/events/resource-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { CLOSED } from './resource-order-rules';

const Id = z.string().min(1);
const Element = ElementSnapshot;

/**
 * 1.F.3.2.2 for a `modify` (the text's "modify" requests): the elements carrying the service are
 * configured again, in place, with the settings that change (a new speed). First `snapshot`
 * records the order and returns each element's configuration as it is, for `restore` to put
 * back exactly when the change fails part-way (the order then closes failed).
 */
export const SnapshotInput = z.object({
  resourceOrderId: Id,
  target: z.object({ serviceOrderId: Id, serviceId: Id, customerId: Id, region: Id }),
});
export const SnapshotOutput = z.object({ elements: z.array(Element) });
export const ReconfigureInput = z.object({
  resourceOrderId: Id,
  serviceId: Id,
  settings: z.record(z.string(), z.unknown()),
});
export const RestoreInput = z.object({
  resourceOrderId: Id,
  serviceId: Id,
  elements: z.array(Element),
  /** Given, the order failed and closes so (a compensation); without, it is an undo order 1.F.3.2.4 completes. */
  reason: z.string().min(1).optional(),
});
export const ReconfigureOutput = z.object({ elements: z.array(Element) });

type RmoPorts = Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders' | 'eventSubscriptions'>;

export function createReconfigureResources(ports: RmoPorts) {
  const { resourceInventory: inventory, networkActivation: network, resourceOrders, eventSubscriptions } = ports;
  const moved = resourceOrderEvent('ResourceOrderStateChangeEvent');
  const elementsOf = async (serviceId: string) =>
    (await network.configurationsOfService(serviceId))
      .map((e) => ({ resourceId: e.resourceId, config: e.config, adminState: e.adminState }))
      .sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  const fail = async (key: string, id: string, reason: string) => {
    const order = await resourceOrders.get(id);
    if (!order || CLOSED.includes(order.state)) return;
    await resourceOrders.setState(key, id, 'failed', reason, moved);
    await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
  };

  return {
    async snapshot(input: z.output<typeof SnapshotInput>, call: ProcessCall) {
      const { resourceOrderId, target } = input;
      await resourceOrders.record(
        `${call.idempotencyKey}/record`,
        { id: resourceOrderId, action: 'modify', needs: [], holdUntil: null, ...target },
        resourceOrderEvent('ResourceOrderCreateEvent'),
      );
      await resourceOrders.setState(`${call.idempotencyKey}/inProgress`, resourceOrderId, 'inProgress', null, moved);
      await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
      return { elements: await elementsOf(target.serviceId) };
    },

    async reconfigure(input: z.output<typeof ReconfigureInput>, call: ProcessCall) {
      const key = call.idempotencyKey;
      for (const e of await elementsOf(input.serviceId)) {
        await network.configure(`${key}/configure/${e.resourceId}`, e.resourceId, input.serviceId, input.settings);
        call.heartbeat({ configured: e.resourceId });
      }
      const elements = await elementsOf(input.serviceId);
      const held = await inventory.byService(input.serviceId);
      await resourceOrders.recordItems(
        `${key}/items`,
        input.resourceOrderId,
        elements.flatMap((e) => {
          const r = held.find((h) => h.id === e.resourceId);
          return r
            ? [
                {
                  resourceId: r.id,
                  resourceSpecId: r.resourceSpecId,
                  state: 'completed' as const,
                  configuration: e.config,
                },
              ]
            : [];
        }),
      );
      // 1.F.3.2.4 reports the configuration and completes the order.
      return { elements };
    },

    async restore(input: z.output<typeof RestoreInput>, call: ProcessCall) {
      const key = call.idempotencyKey;
      const now = await elementsOf(input.serviceId);
      for (const was of input.elements) {
        const is = now.find((e) => e.resourceId === was.resourceId);
        if (is && JSON.stringify(is.config) === JSON.stringify(was.config) && is.adminState === was.adminState)
          continue;
        // Exactly as it was: the settings the change added go too, not only its values.
        if (is) await network.unconfigure(`${key}/unconfigure/${was.resourceId}`, was.resourceId);
        await network.configure(`${key}/configure/${was.resourceId}`, was.resourceId, input.serviceId, was.config);
        await network.setAdminState(`${key}/admin/${was.resourceId}`, was.resourceId, was.adminState);
      }
      if (input.reason) await fail(`${key}/failed`, input.resourceOrderId, input.reason);
      else
        await resourceOrders.recordItems(
          `${key}/items`,
          input.resourceOrderId,
          (await inventory.byService(input.serviceId))
            .filter((r) => input.elements.some((e) => e.resourceId === r.id))
            .map((r) => ({
              resourceId: r.id,
              resourceSpecId: r.resourceSpecId,
              state: 'completed' as const,
              configuration: null,
            })),
        );
      return { elements: await elementsOf(input.serviceId) };
    },
  };
}
