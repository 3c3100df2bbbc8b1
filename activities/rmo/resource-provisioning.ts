import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, BusinessRejection, reject } from '../../src/contracts/errors';
import {
  AllocatedResource,
  ResourceAvailability,
  ResourceNeed,
  ResourceOrderState,
} from '../../src/domain/fulfilment/resource-order';
import type { Ports } from '../../src/ports';
import type { ResourceOrderRecord } from '../../src/ports/resource-orders';

/**
 * Resource Provisioning (1.F.3.2): allocating and configuring resources to the service
 * instances of customers. The resource order's id is the reservation every resource it takes
 * carries, so what an order holds can always be found, and given back.
 */

const Id = z.string().min(1);

export const AllocateInput = z.discriminatedUnion('action', [
  /** Pre-order feasibility: are the resources there? Nothing is reserved. */
  z.object({ action: z.literal('check'), region: Id, needs: z.array(ResourceNeed) }),
  z.object({
    action: z.literal('reserve'),
    resourceOrderId: Id,
    serviceOrderId: Id,
    serviceId: Id,
    customerId: Id,
    region: Id,
    /** May be empty: everything the service needs may come from suppliers (S/PRM). */
    needs: z.array(ResourceNeed),
    /** When an unconfirmed reservation lapses (the workflow computes it from its own clock). */
    holdUntil: z.iso.datetime(),
  }),
  /** Gives back what the order holds and closes it (failed or cancelled) with the reason. */
  z.object({
    action: z.literal('release'),
    resourceOrderId: Id,
    reason: z.string().min(1),
    finalState: z.enum(['failed', 'cancelled']),
  }),
  /** Housekeeping: lets go of every reservation whose hold ended, whatever order took it. */
  z.object({ action: z.literal('releaseExpired') }),
]);
export type AllocateInput = z.input<typeof AllocateInput>;
export const AllocateOutput = z.object({
  availability: ResourceAvailability.nullable(),
  resources: z.array(AllocatedResource),
  /** Resources given back. */
  released: z.array(z.string()),
  /** Resource orders whose hold had ended (releaseExpired). */
  expiredOrders: z.array(z.string()),
});

export const ConfigureInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('activate'),
    resourceOrderId: Id,
    serviceId: Id,
    /** Bought from a supplier (S/PRM) and recorded reserved for the service: configured too. */
    deliveredResourceIds: z.array(Id).default([]),
  }),
  /**
   * Undo, for compensation and for ceasing a service: unconfigure the elements and give the
   * resources back. With `cease`, `resourceOrderId` is a 'delete' order, recorded here, that
   * takes back everything the service's earlier orders hold.
   */
  z.object({
    action: z.literal('deactivate'),
    resourceOrderId: Id,
    reason: z.string().min(1),
    cease: z.object({ serviceOrderId: Id, serviceId: Id, customerId: Id, region: Id }).optional(),
  }),
]);
export type ConfigureInput = z.input<typeof ConfigureInput>;
export const ConfigureOutput = z.object({ resources: z.array(AllocatedResource), released: z.array(z.string()) });

export const TestInput = z.object({ resourceOrderId: Id });
export const ResourceTestResult = z.object({
  target: z.string(),
  passed: z.boolean(),
  measurements: z.record(z.string(), z.number()),
  detail: z.string(),
});
export const TestOutput = z.object({ resources: z.array(AllocatedResource), results: z.array(ResourceTestResult) });

export const ReportInput = z.object({ resourceOrderId: Id });
export const ConfigurationReport = z.object({
  resourceOrderId: z.string(),
  serviceId: z.string(),
  customerId: z.string(),
  state: ResourceOrderState,
  resources: z.array(
    AllocatedResource.extend({ configuration: z.record(z.string(), z.unknown()), adminState: z.enum(['up', 'down']) }),
  ),
});
export type ConfigurationReport = z.infer<typeof ConfigurationReport>;

const CLOSED: readonly ResourceOrderState[] = ['completed', 'failed', 'cancelled', 'rejected'];

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

export function createResourceProvisioningActivities(
  ports: Pick<Ports, 'resourceInventory' | 'networkActivation' | 'resourceOrders' | 'clock'>,
) {
  const { resourceInventory: inventory, networkActivation: network, resourceOrders, clock } = ports;

  const mustOrder = async (id: string): Promise<ResourceOrderRecord> =>
    (await resourceOrders.get(id)) ?? reject(BusinessErrorType.NotFound, `no resource order ${id}`);
  const mustBeOpen = (order: ResourceOrderRecord) => {
    if (CLOSED.includes(order.state)) {
      reject(BusinessErrorType.InvalidStateTransition, `resource order ${order.id} is ${order.state}`);
    }
  };
  const markItems = (key: string, orderId: string, resources: AllocatedResource[], state: 'reserved' | 'released') =>
    resourceOrders.recordItems(
      key,
      orderId,
      resources.map((r) => ({ resourceId: r.id, resourceSpecId: r.resourceSpecId, state, configuration: null })),
    );

  /** Unconfigures the elements a reservation holds on the network, then gives the reservation back. */
  const takeBack = async (key: string, reservationId: string, reason: string) => {
    const held = await inventory.byReservation(reservationId);
    for (const r of held) {
      if (await network.configurationOf(r.id)) await network.unconfigure(`${key}/unconfigure/${r.id}`, r.id);
    }
    const released = await inventory.release(`${key}/release`, reservationId, reason);
    return { held, released };
  };

  /**
   * 1.F.3.2.1 — identify the resources a service instance needs: check them before an order,
   * or reserve them for the service order, for a time; a reservation not confirmed by
   * configuration before its hold ends is released.
   */
  const allocateAndInstallResource = defineProcess(
    { etomId: '1.F.3.2.1', input: AllocateInput, output: AllocateOutput },
    async (input, call) => {
      const none = { availability: null, resources: [], released: [], expiredOrders: [] };
      switch (input.action) {
        case 'check':
          return { ...none, availability: await inventory.checkAvailability(input.region, input.needs) };

        case 'reserve': {
          const { resourceOrderId, serviceOrderId, serviceId, customerId, region, needs, holdUntil } = input;
          await resourceOrders.record(`${call.idempotencyKey}/record`, {
            id: resourceOrderId,
            action: 'add',
            serviceOrderId,
            serviceId,
            customerId,
            region,
            needs,
            holdUntil,
          });
          let resources: AllocatedResource[];
          try {
            resources = await inventory.reserve(`${call.idempotencyKey}/reserve`, {
              reservationId: resourceOrderId,
              serviceId,
              customerId,
              region,
              needs,
              holdUntil,
            });
          } catch (err) {
            // Nothing was reserved: the order is closed with the inventory's answer.
            if (err instanceof BusinessRejection) {
              await resourceOrders.setState(`${call.idempotencyKey}/failed`, resourceOrderId, 'failed', err.message);
            }
            throw err;
          }
          await markItems(`${call.idempotencyKey}/items`, resourceOrderId, resources, 'reserved');
          // Held until the service order says go (or the hold ends).
          await resourceOrders.setState(`${call.idempotencyKey}/pending`, resourceOrderId, 'pending', null);
          return { ...none, resources };
        }

        case 'release': {
          const order = await resourceOrders.get(input.resourceOrderId);
          if (order?.state === 'completed') {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `resource order ${order.id} is completed: cease its service instead`,
            );
          }
          const held = await inventory.byReservation(input.resourceOrderId);
          const released = await inventory.release(
            `${call.idempotencyKey}/release`,
            input.resourceOrderId,
            input.reason,
          );
          if (order) {
            await markItems(`${call.idempotencyKey}/items`, order.id, held, 'released');
            // An order the sweep already closed (its hold ended) keeps that answer.
            if (!CLOSED.includes(order.state)) {
              await resourceOrders.setState(`${call.idempotencyKey}/state`, order.id, input.finalState, input.reason);
            }
          }
          return { ...none, released };
        }

        case 'releaseExpired': {
          const expired = await inventory.releaseExpiredHolds(`${call.idempotencyKey}/release`, clock().toISOString());
          const expiredOrders: string[] = [];
          for (const id of expired) {
            const order = await resourceOrders.get(id);
            if (!order || CLOSED.includes(order.state)) continue;
            await resourceOrders.setState(
              `${call.idempotencyKey}/expired/${id}`,
              id,
              'failed',
              'reservation hold expired',
            );
            expiredOrders.push(id);
          }
          return { ...none, expiredOrders };
        }
      }
    },
  );

  /**
   * 1.F.3.2.2 — configure and activate the reserved resources for the service; done, they
   * move from reserved to out of service (the text's "hors service": taken, not yet usable).
   */
  const configureAndActivateResource = defineProcess(
    { etomId: '1.F.3.2.2', input: ConfigureInput, output: ConfigureOutput },
    async (input, call) => {
      if (input.action === 'deactivate') {
        if (!input.cease) {
          const { held, released } = await takeBack(call.idempotencyKey, input.resourceOrderId, input.reason);
          if (await resourceOrders.get(input.resourceOrderId)) {
            await markItems(`${call.idempotencyKey}/items`, input.resourceOrderId, held, 'released');
          }
          return { resources: await inventory.byReservation(input.resourceOrderId), released };
        }
        return cease(call.idempotencyKey, input.resourceOrderId, input.reason, input.cease);
      }

      const order = await mustOrder(input.resourceOrderId);
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
        const delivered = forService.find((r) => r.id === id && (r.state === 'reserved' || r.state === 'outOfService'));
        if (!delivered)
          return reject(BusinessErrorType.NotFound, `delivered resource ${id} is not reserved for ${order.serviceId}`);
        held.push(delivered);
      }
      if (held.length === 0) {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `resource order ${order.id} holds nothing to configure`,
        );
      }
      await resourceOrders.setState(`${call.idempotencyKey}/state`, order.id, 'inProgress', null);
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
  );

  /** A 'delete' order: everything the service's earlier orders hold is unconfigured and given back. */
  async function cease(
    key: string,
    resourceOrderId: string,
    reason: string,
    target: { serviceOrderId: string; serviceId: string; customerId: string; region: string },
  ) {
    await resourceOrders.record(`${key}/record`, {
      id: resourceOrderId,
      action: 'delete',
      needs: [],
      holdUntil: null,
      ...target,
    });
    await resourceOrders.setState(`${key}/inProgress`, resourceOrderId, 'inProgress', null);
    const earlier = (await resourceOrders.ofService(target.serviceId)).filter((o) => o.action === 'add');
    const taken: AllocatedResource[] = [];
    const released: string[] = [];
    for (const o of earlier) {
      const out = await takeBack(`${key}/${o.id}`, o.id, reason);
      await markItems(`${key}/items/${o.id}`, o.id, out.held, 'released');
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
    await resourceOrders.setState(`${key}/completed`, resourceOrderId, 'completed', reason);
    return { resources: [], released };
  }

  /** 1.F.3.2.3 — test the resources supporting the service; when all pass they are in service. */
  const testResource = defineProcess(
    { etomId: '1.F.3.2.3', input: TestInput, output: TestOutput },
    async (input, call) => {
      const order = await mustOrder(input.resourceOrderId);
      mustBeOpen(order);
      // A retry may find them in service already: testing them again changes nothing.
      const held = (await inventory.byReservation(order.id)).filter(
        (r) => r.state === 'outOfService' || r.state === 'inService',
      );
      if (held.length === 0)
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `resource order ${order.id} has nothing configured to test`,
        );
      const results = [];
      for (const r of held) results.push(await network.testResource(r.id));
      const failed = results.filter((r) => !r.passed);
      if (failed.length > 0) {
        return reject(BusinessErrorType.TestFailed, failed.map((f) => `${f.target}: ${f.detail}`).join('; '), {
          resourceIds: failed.map((f) => f.target),
          results: failed,
        });
      }
      await inventory.transition(
        `${call.idempotencyKey}/inService`,
        held.filter((r) => r.state === 'outOfService').map((r) => r.id),
        'outOfService',
        'inService',
        'resource tests passed',
      );
      return { resources: await inventory.byReservation(order.id), results };
    },
  );

  /**
   * 1.F.3.2.4 — make sure the inventory shows the resources a customer uses, record the
   * configuration each was given, and report it to the processes that need it (SM&O, assurance).
   */
  const collectUpdateAndReportResourceConfigurationData = defineProcess(
    { etomId: '1.F.3.2.4', input: ReportInput, output: ConfigurationReport },
    async (input, call) => {
      const order = await mustOrder(input.resourceOrderId);
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
      const completed = await resourceOrders.setState(`${call.idempotencyKey}/completed`, order.id, 'completed', null);
      return {
        resourceOrderId: order.id,
        serviceId: order.serviceId,
        customerId: order.customerId,
        state: completed.state,
        resources,
      };
    },
  );

  return {
    allocateAndInstallResource,
    configureAndActivateResource,
    testResource,
    collectUpdateAndReportResourceConfigurationData,
  };
}
