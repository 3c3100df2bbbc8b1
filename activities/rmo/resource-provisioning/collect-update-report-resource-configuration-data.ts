import { z } from 'zod';
import { defineProcess, type ProcessCall } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { AllocatedResource, ResourceOrderState } from '../../../src/domain/fulfilment/resource-order';
import { RESOURCE_ORDERING_API, resourceOrderEvent } from '../../../src/events/resource-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import type { ResourceOrderRecord } from '../../../src/ports/resource-orders';
import { mustBeOpen, mustOrder } from './resource-order-rules';

/** What a resource order set up (an 'add' order completing, or a 'delete' order that took it all back). */
export const CollectOrderConfigurationInput = z.object({ resourceOrderId: z.string().min(1) });
/** What a protection switch (1.F.3.2.2 for a resource trouble) changed: the elements the mate now carries. */
export const CollectSwitchedConfigurationInput = z.object({
  troubleId: z.string().min(1),
  resourceIds: z.array(z.string().min(1)).max(1_000),
});
export const CollectUpdateAndReportResourceConfigurationDataInput = z.union([
  CollectOrderConfigurationInput,
  CollectSwitchedConfigurationInput,
]);
/** The configuration report: what the customer's service runs on, and how each element is set. */
export const OrderConfigurationReport = z.object({
  resourceOrderId: z.string(),
  serviceId: z.string(),
  customerId: z.string(),
  state: ResourceOrderState,
  resources: z.array(
    AllocatedResource.extend({ configuration: z.record(z.string(), z.unknown()), adminState: z.enum(['up', 'down']) }),
  ),
});
export type ConfigurationReport = z.infer<typeof OrderConfigurationReport>;
/** After a switch: each element's new configuration, the service it carries and the order that holds it. */
export const SwitchedConfigurationReport = z.object({
  troubleId: z.string(),
  resources: z.array(
    z.object({
      resourceId: z.string(),
      serviceId: z.string(),
      resourceOrderId: z.string().nullable(),
      configuration: z.record(z.string(), z.unknown()),
      adminState: z.enum(['up', 'down']),
    }),
  ),
});
export type SwitchedConfigurationReport = z.infer<typeof SwitchedConfigurationReport>;
export const CollectUpdateAndReportResourceConfigurationDataOutput = z.union([
  OrderConfigurationReport,
  SwitchedConfigurationReport,
]);

/** The report follows what was asked about: workflows need no guard on what they got back. */
type CollectByInput = {
  (input: z.input<typeof CollectOrderConfigurationInput>, call?: Partial<ProcessCall>): Promise<ConfigurationReport>;
  (
    input: z.input<typeof CollectSwitchedConfigurationInput>,
    call?: Partial<ProcessCall>,
  ): Promise<SwitchedConfigurationReport>;
};

/**
 * 1.F.3.2.4 — make sure the inventory shows the resources a customer uses, record the
 * configuration each was given, and report it to the processes that need it (SM&O, assurance).
 */
export function createCollectUpdateAndReportResourceConfigurationData(
  ports: Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders' | 'eventSubscriptions'>,
) {
  const { resourceInventory: inventory, networkActivation: network, resourceOrders, eventSubscriptions } = ports;
  const moved = resourceOrderEvent('ResourceOrderStateChangeEvent');

  /**
   * A protection switch changed how elements are set (they now name their protecting mate):
   * the order that holds each one records it, as TMF652 shows it, and the report goes back.
   */
  async function switched(
    input: z.infer<typeof CollectSwitchedConfigurationInput>,
    key: string,
  ): Promise<SwitchedConfigurationReport> {
    const resources: SwitchedConfigurationReport['resources'] = [];
    for (const resourceId of input.resourceIds) {
      const c = await network.configurationOf(resourceId);
      if (!c) continue;
      let holder: string | null = null;
      for (const o of await resourceOrders.ofService(c.serviceId)) {
        const held = o.action === 'add' && (await inventory.byReservation(o.id)).find((r) => r.id === resourceId);
        if (!held) continue;
        holder = o.id;
        const state = (await resourceOrders.items(o.id)).find((i) => i.resourceId === resourceId)?.state ?? 'completed';
        await resourceOrders.recordItems(`${key}/items/${resourceId}`, o.id, [
          { resourceId, resourceSpecId: held.resourceSpecId, state, configuration: c.config },
        ]);
      }
      resources.push({
        resourceId,
        serviceId: c.serviceId,
        resourceOrderId: holder,
        configuration: c.config,
        adminState: c.adminState,
      });
    }
    return { troubleId: input.troubleId, resources };
  }

  /**
   * A 'delete' order took the service's resources back: the elements it took must carry the
   * service no more; each item records what is left on it (nothing), and the report says so.
   */
  async function ceased(order: ResourceOrderRecord, key: string): Promise<ConfigurationReport> {
    const taken = await resourceOrders.items(order.id);
    const ids = taken.map((i) => i.resourceId);
    const records = ids.length ? (await inventory.search({ ids, offset: 0, limit: ids.length })).orders : [];
    const resources = [];
    for (const r of records) {
      const c = await network.configurationOf(r.id);
      if (c?.serviceId === order.serviceId) {
        return reject(BusinessErrorType.InvalidStateTransition, `element ${r.id} still carries ${order.serviceId}`);
      }
      const { id, resourceSpecId, resourceType, name, state } = r;
      resources.push({ id, resourceSpecId, resourceType, name, state, configuration: {}, adminState: 'down' as const });
    }
    return recordAndReport(key, order, resources, order.reason);
  }

  /** A 'modify' order configured the service's elements again: each one's configuration as it now is. */
  async function modified(order: ResourceOrderRecord, key: string): Promise<ConfigurationReport> {
    const ids = (await resourceOrders.items(order.id)).map((i) => i.resourceId);
    const records = ids.length ? (await inventory.search({ ids, offset: 0, limit: ids.length })).orders : [];
    const resources = [];
    for (const r of records) {
      const c = await network.configurationOf(r.id);
      if (c?.serviceId !== order.serviceId)
        return reject(BusinessErrorType.InvalidStateTransition, `element ${r.id} does not carry ${order.serviceId}`);
      const { id, resourceSpecId, resourceType, name, state } = r;
      resources.push({
        id,
        resourceSpecId,
        resourceType,
        name,
        state,
        configuration: c.config,
        adminState: c.adminState,
      });
    }
    return recordAndReport(key, order, resources, null);
  }

  /** Each element's configuration on the order's items; the order completed; the report. */
  async function recordAndReport(
    key: string,
    order: ResourceOrderRecord,
    resources: ConfigurationReport['resources'],
    reason: string | null,
  ): Promise<ConfigurationReport> {
    await resourceOrders.recordItems(
      `${key}/items`,
      order.id,
      resources.map((r) => ({
        resourceId: r.id,
        resourceSpecId: r.resourceSpecId,
        state: 'completed',
        configuration: r.configuration,
      })),
    );
    const completed = await resourceOrders.setState(`${key}/completed`, order.id, 'completed', reason, moved);
    await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
    return {
      resourceOrderId: order.id,
      serviceId: order.serviceId,
      customerId: order.customerId,
      state: completed.state,
      resources,
    };
  }

  const activity = defineProcess(
    {
      etomId: '1.F.3.2.4',
      input: CollectUpdateAndReportResourceConfigurationDataInput,
      output: CollectUpdateAndReportResourceConfigurationDataOutput,
    },
    async (input, call) => {
      if ('troubleId' in input) return switched(input, call.idempotencyKey);
      const order = await mustOrder(resourceOrders, input.resourceOrderId);
      if (order.state !== 'completed') mustBeOpen(order);
      if (order.action === 'delete') return ceased(order, call.idempotencyKey);
      if (order.action === 'modify') return modified(order, call.idempotencyKey);
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
      return recordAndReport(call.idempotencyKey, order, resources, null);
    },
  );
  // Typed per input, as a process with handlers is: an order's report for an order, a switch's for a switch.
  return activity as CollectByInput & typeof activity;
}
