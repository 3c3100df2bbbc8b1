import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { AllocatedResource } from '../../../src/domain/fulfilment/resource-order';
import { RESOURCE_ORDERING_API, resourceOrderEvent } from '../../../src/events/resource-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { BlockInput, BlockOutput, createBlockResources } from './block-resources';
import {
  createReconfigureResources,
  ReconfigureInput,
  ReconfigureOutput,
  RestoreInput,
  SnapshotInput,
  SnapshotOutput,
} from './reconfigure-resources';
import { markItems, mustBeOpen, mustOrder } from './resource-order-rules';

const Id = z.string().min(1);

export const ActivateResourcesInput = z.object({
  resourceOrderId: Id,
  serviceId: Id,
  /** Bought from a supplier (S/PRM) and recorded reserved for the service: configured too. */
  deliveredResourceIds: z.array(Id).default([]),
});
/**
 * Undo, for compensation and for ceasing a service: unconfigure the elements and give the
 * resources back. With `cease`, `resourceOrderId` is a 'delete' order, recorded here, that
 * takes back everything the service's earlier orders hold.
 */
export const DeactivateResourcesInput = z.object({
  resourceOrderId: Id,
  reason: z.string().min(1),
  cease: z.object({ serviceOrderId: Id, serviceId: Id, customerId: Id, region: Id }).optional(),
  /**
   * Only these resources of the order (a redesign leaves them out of the service): unconfigured
   * and back to available, the rest of the order untouched.
   */
  resourceIds: z.array(Id).min(1).optional(),
});
export const ConfigureAndActivateResourceOutput = z.object({
  resources: z.array(AllocatedResource),
  released: z.array(z.string()),
});

/**
 * Resource Trouble Management (1.A.3.3.3) asks for a failed unit's traffic to go onto its
 * redundant mate: the text of 1.F.3.2.2 takes configuration requests "pour faire face à des
 * problèmes de ressources", so the network is changed here, not by the trouble process.
 */
export const SwitchoverInput = z.object({ troubleId: Id, workingId: Id, protectingId: Id });
export const SwitchoverOutput = z.object({
  troubleId: z.string(),
  workingId: z.string(),
  protectingId: z.string(),
  /** The elements the mate now carries: what 1.F.3.2.4 collects and 1.A.3.3.3 tests. */
  restored: z.array(z.string()),
});

const handlers = {
  activate: { input: ActivateResourcesInput, output: ConfigureAndActivateResourceOutput },
  deactivate: { input: DeactivateResourcesInput, output: ConfigureAndActivateResourceOutput },
  switchover: { input: SwitchoverInput, output: SwitchoverOutput },
  block: { input: BlockInput, output: BlockOutput },
  snapshot: { input: SnapshotInput, output: SnapshotOutput },
  reconfigure: { input: ReconfigureInput, output: ReconfigureOutput },
  restore: { input: RestoreInput, output: ReconfigureOutput },
};

/** What a network element is told to carry for a service, by the kind of resource it is. */
function elementConfig(r: AllocatedResource, serviceId: string): Record<string, unknown> {
  const base = { service: serviceId, description: `${serviceId} on ${r.name}` };
  switch (r.resourceType) {
    case 'port':
      return { ...base, mode: 'access', mtu: 9000 };
    case 'access-circuit':
      return { ...base, encapsulation: 'dot1q', mtu: 9000 };
    case 'vlan':
      return { ...base, mode: 'tagged' };
    case 'cpe':
      return { ...base, managed: true };
    default:
      return base;
  }
}

/**
 * 1.F.3.2.2 — configure and activate the reserved resources for the service; done, they
 * move from reserved to out of service (the text's "hors service": taken, not yet usable).
 */
export function createConfigureAndActivateResource(
  ports: Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders' | 'eventSubscriptions'>,
) {
  const { resourceInventory: inventory, networkActivation: network, resourceOrders, eventSubscriptions } = ports;
  const moved = resourceOrderEvent('ResourceOrderStateChangeEvent');

  /** Unconfigures the elements a reservation holds on the network, then gives the reservation back. */
  const takeBack = async (key: string, reservationId: string, reason: string) => {
    const held = await inventory.byReservation(reservationId);
    for (const r of held) {
      if (await network.configurationOf(r.id)) await network.unconfigure(`${key}/unconfigure/${r.id}`, r.id);
    }
    const released = await inventory.release(`${key}/release`, reservationId, reason);
    return { held, released };
  };

  /** Some of an order's resources, left out by a redesign: unconfigured and back in the pool. */
  async function giveBackSome(key: string, resourceOrderId: string, resourceIds: string[], reason: string) {
    const held = (await inventory.byReservation(resourceOrderId)).filter((r) => resourceIds.includes(r.id));
    for (const r of held) {
      if (await network.configurationOf(r.id)) await network.unconfigure(`${key}/unconfigure/${r.id}`, r.id);
    }
    const ids = (...states: string[]) => held.filter((r) => states.includes(r.state)).map((r) => r.id);
    // A resource in service (1.F.3.2.3 passed it) is taken out of service before it goes back.
    if (ids('inService').length > 0)
      await inventory.transition(`${key}/outOfService`, ids('inService'), 'inService', 'outOfService', reason);
    if (ids('reserved').length > 0)
      await inventory.transition(`${key}/available/reserved`, ids('reserved'), 'reserved', 'available', reason);
    const taken = ids('outOfService', 'inService');
    if (taken.length > 0) await inventory.transition(`${key}/available`, taken, 'outOfService', 'available', reason);
    await markItems(resourceOrders, `${key}/items`, resourceOrderId, held, 'released');
    return { resources: await inventory.byReservation(resourceOrderId), released: held.map((r) => r.id) };
  }

  /** A 'delete' order: everything the service's earlier orders hold is unconfigured and given back. */
  async function cease(
    key: string,
    resourceOrderId: string,
    reason: string,
    target: { serviceOrderId: string; serviceId: string; customerId: string; region: string },
  ) {
    await resourceOrders.record(
      `${key}/record`,
      { id: resourceOrderId, action: 'delete', needs: [], holdUntil: null, ...target },
      resourceOrderEvent('ResourceOrderCreateEvent'),
    );
    await resourceOrders.setState(`${key}/inProgress`, resourceOrderId, 'inProgress', null, moved);
    await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
    const earlier = (await resourceOrders.ofService(target.serviceId)).filter((o) => o.action === 'add');
    const taken: AllocatedResource[] = [];
    const released: string[] = [];
    for (const o of earlier) {
      const out = await takeBack(`${key}/${o.id}`, o.id, reason);
      await markItems(resourceOrders, `${key}/items/${o.id}`, o.id, out.held, 'released');
      taken.push(...out.held);
      released.push(...out.released);
    }
    // Identifiers SM&O allocated (numbers, address ranges) are held under its service order,
    // not a resource order: SM&O gives those back itself.
    await resourceOrders.recordItems(
      `${key}/items`,
      resourceOrderId,
      taken.map((r) => ({
        resourceId: r.id,
        resourceSpecId: r.resourceSpecId,
        state: 'completed',
        configuration: null,
      })),
    );
    await resourceOrders.setState(`${key}/completed`, resourceOrderId, 'completed', reason, moved);
    await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
    return { resources: [], released };
  }

  return defineProcessHandlers(
    { etomId: '1.F.3.2.2', handlers },
    {
      block: createBlockResources(ports),
      ...createReconfigureResources(ports),
      activate: async (input, call) => {
        const order = await mustOrder(resourceOrders, input.resourceOrderId);
        mustBeOpen(order);
        if (order.serviceId !== input.serviceId) {
          return reject(
            BusinessErrorType.ConflictingRequest,
            `resource order ${order.id} is for ${order.serviceId}, not ${input.serviceId}`,
          );
        }
        // What this order holds, and what suppliers delivered for the service: a retry finds
        // some of it already out of service, and configures it again to the same effect.
        const held = (await inventory.byReservation(order.id)).filter(
          (r) => r.state === 'reserved' || r.state === 'outOfService',
        );
        const forService = await inventory.byService(order.serviceId);
        for (const id of input.deliveredResourceIds) {
          if (held.some((r) => r.id === id)) continue;
          const delivered = forService.find(
            (r) => r.id === id && (r.state === 'reserved' || r.state === 'outOfService'),
          );
          if (!delivered)
            return reject(
              BusinessErrorType.NotFound,
              `delivered resource ${id} is not reserved for ${order.serviceId}`,
            );
          held.push(delivered);
        }
        if (held.length === 0) {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `resource order ${order.id} holds nothing to configure`,
          );
        }
        await resourceOrders.setState(`${call.idempotencyKey}/state`, order.id, 'inProgress', null, moved);
        await wakeEventDelivery(eventSubscriptions, RESOURCE_ORDERING_API);
        for (const r of held) {
          await network.configure(
            `${call.idempotencyKey}/configure/${r.id}`,
            r.id,
            order.serviceId,
            elementConfig(r, order.serviceId),
          );
          await network.setAdminState(`${call.idempotencyKey}/up/${r.id}`, r.id, 'up');
          call.heartbeat({ configured: r.id });
        }
        await inventory.transition(
          `${call.idempotencyKey}/outOfService`,
          held.filter((r) => r.state === 'reserved').map((r) => r.id),
          'reserved',
          'outOfService',
          `configured and activated for ${order.serviceId}`,
        );
        const now = await inventory.byService(order.serviceId);
        return { resources: now.filter((r) => held.some((h) => h.id === r.id)), released: [] };
      },

      deactivate: async (input, call) => {
        if (input.cease) return cease(call.idempotencyKey, input.resourceOrderId, input.reason, input.cease);
        if (input.resourceIds)
          return giveBackSome(call.idempotencyKey, input.resourceOrderId, input.resourceIds, input.reason);
        const { held, released } = await takeBack(call.idempotencyKey, input.resourceOrderId, input.reason);
        if (await resourceOrders.get(input.resourceOrderId)) {
          await markItems(resourceOrders, `${call.idempotencyKey}/items`, input.resourceOrderId, held, 'released');
        }
        return { resources: await inventory.byReservation(input.resourceOrderId), released };
      },

      switchover: async (input, call) => {
        const { troubleId, workingId, protectingId } = input;
        const restored = await network.protectionSwitch(`${call.idempotencyKey}/switch`, workingId, protectingId);
        return { troubleId, workingId, protectingId, restored };
      },
    },
  );
}
