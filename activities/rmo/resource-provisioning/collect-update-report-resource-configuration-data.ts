import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { AllocatedResource, ResourceOrderState } from '../../../src/domain/fulfilment/resource-order';
import { RESOURCE_ORDERING_API, resourceOrderEvent } from '../../../src/events/resource-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustBeOpen, mustOrder } from './resource-order-rules';

export const CollectUpdateAndReportResourceConfigurationDataInput = z.object({ resourceOrderId: z.string().min(1) });
/** The configuration report: what the customer's service runs on, and how each element is set. */
export const CollectUpdateAndReportResourceConfigurationDataOutput = z.object({
  resourceOrderId: z.string(),
  serviceId: z.string(),
  customerId: z.string(),
  state: ResourceOrderState,
  resources: z.array(
    AllocatedResource.extend({ configuration: z.record(z.string(), z.unknown()), adminState: z.enum(['up', 'down']) }),
  ),
});
export type ConfigurationReport = z.infer<typeof CollectUpdateAndReportResourceConfigurationDataOutput>;

/**
 * 1.F.3.2.4 — make sure the inventory shows the resources a customer uses, record the
 * configuration each was given, and report it to the processes that need it (SM&O, assurance).
 */
export function createCollectUpdateAndReportResourceConfigurationData(
  ports: Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders' | 'eventSubscriptions'>,
) {
  const { resourceInventory: inventory, networkActivation: network, resourceOrders, eventSubscriptions } = ports;
  return defineProcess(
    {
      etomId: '1.F.3.2.4',
      input: CollectUpdateAndReportResourceConfigurationDataInput,
      output: CollectUpdateAndReportResourceConfigurationDataOutput,
    },
    async (input, call) => {
      const order = await mustOrder(resourceOrders, input.resourceOrderId);
      if (order.state !== 'completed') mustBeOpen(order);
      const held = await inventory.byReservation(order.id);
      const serving = new Set(
        (await inventory.byCustomer(order.customerId)).filter((r) => r.serviceId === order.serviceId).map((r) => r.id),
      );
      const notReady = held.filter((r) => r.state !== 'inService' || !serving.has(r.id));
      if (held.length === 0 || notReady.length > 0) {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `not in service for ${order.serviceId}: ${notReady.map((r) => r.id).join(', ') || 'nothing held'}`,
        );
      }
      const resources = [];
      for (const r of held) {
        const c = await network.configurationOf(r.id);
        if (c?.serviceId !== order.serviceId) {
          return reject(BusinessErrorType.InvalidStateTransition, `element ${r.id} does not carry ${order.serviceId}`);
        }
        resources.push({ ...r, configuration: c.config, adminState: c.adminState });
      }
      await resourceOrders.recordItems(
        `${call.idempotencyKey}/items`,
        order.id,
        resources.map((r) => ({
          resourceId: r.id,
          resourceSpecId: r.resourceSpecId,
          state: 'completed',
          configuration: r.configuration,
        })),
      );
      const completed = await resourceOrders.setState(
        `${call.idempotencyKey}/completed`,
        order.id,
        'completed',
        null,
        resourceOrderEvent('ResourceOrderStateChangeEvent'),
      );
      await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
      return {
        resourceOrderId: order.id,
        serviceId: order.serviceId,
        customerId: order.customerId,
        state: completed.state,
        resources,
      };
    },
  );
}
