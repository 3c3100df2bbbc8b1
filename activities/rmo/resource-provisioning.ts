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

/**
 * Resource Provisioning (1.F.3.2): allocating and configuring resources to the service
 * instances of customers. The resource order's id is the reservation every resource it takes
 * carries, so what an order holds can always be found, and given back.
 */

export const AllocateInput = z.discriminatedUnion('action', [
  /** Pre-order feasibility: are the resources there? Nothing is reserved. */
  z.object({ action: z.literal('check'), region: z.string(), needs: z.array(ResourceNeed) }),
  z.object({
    action: z.literal('reserve'),
    resourceOrderId: z.string(),
    serviceOrderId: z.string(),
    serviceId: z.string(),
    customerId: z.string(),
    region: z.string(),
    needs: z.array(ResourceNeed),
    /** When an unconfirmed reservation lapses (the workflow computes it from its own clock). */
    holdUntil: z.string(),
  }),
  z.object({
    action: z.literal('release'),
    resourceOrderId: z.string(),
    reason: z.string(),
    finalState: z.enum(['failed', 'cancelled']),
  }),
]);
export type AllocateInput = z.input<typeof AllocateInput>;
export const AllocateOutput = z.object({
  availability: ResourceAvailability.nullable(),
  resources: z.array(AllocatedResource),
  released: z.array(z.string()),
});

export const ConfigureInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('activate'), resourceOrderId: z.string(), serviceId: z.string() }),
  /** Undo, for compensation and for ceasing a service: unconfigure and give everything back. */
  z.object({ action: z.literal('deactivate'), reservationId: z.string(), reason: z.string() }),
]);
export const ConfigureOutput = z.object({ resources: z.array(AllocatedResource), released: z.array(z.string()) });

export const TestInput = z.object({ resourceOrderId: z.string() });
export const TestOutput = z.object({
  resources: z.array(AllocatedResource),
  results: z.array(z.object({ target: z.string(), passed: z.boolean(), measurements: z.record(z.string(), z.number()), detail: z.string() })),
});

export const ReportInput = z.object({ resourceOrderId: z.string() });
export const ConfigurationReport = z.object({
  resourceOrderId: z.string(),
  serviceId: z.string(),
  customerId: z.string(),
  state: ResourceOrderState,
  resources: z.array(
    AllocatedResource.extend({ configuration: z.record(z.string(), z.unknown()).nullable(), adminState: z.enum(['up', 'down']).nullable() }),
  ),
});
export type ConfigurationReport = z.infer<typeof ConfigurationReport>;

/** The element configuration a resource gets for a service, by resource type. */
function elementConfig(type: string, serviceId: string, attributes: { name: string }): Record<string, unknown> {
  switch (type) {
    case 'port':
    case 'access-circuit':
      return { service: serviceId, description: `${serviceId} on ${attributes.name}`, mtu: 9000, adminUp: true };
    case 'vlan':
      return { service: serviceId, mode: 'tagged' };
    case 'cpe':
      return { service: serviceId, managementVlan: 4000, firmware: 'BR-4200 7.2' };
    default:
      return { service: serviceId };
  }
}

export function createResourceProvisioningActivities(
  ports: Pick<Ports, 'inventory' | 'network' | 'resourceOrders' | 'clock'>,
) {
  const { inventory, network, resourceOrders } = ports;

  /**
   * 1.F.3.2.1 — identify the resources a service instance needs and reserve them, for a time:
   * a reservation not confirmed by configuration before its hold ends is released.
   */
  const allocateAndInstallResource = defineProcess(
    { etomId: '1.F.3.2.1', input: AllocateInput, output: AllocateOutput },
    async (input, call) => {
      switch (input.action) {
        case 'check':
          return { availability: await inventory.checkAvailability(input.region, input.needs), resources: [], released: [] };
        case 'reserve': {
          await resourceOrders.record(`${call.idempotencyKey}/record`, {
            id: input.resourceOrderId,
            serviceOrderId: input.serviceOrderId,
            serviceId: input.serviceId,
            customerId: input.customerId,
            region: input.region,
            action: 'add',
            needs: input.needs,
            holdUntil: input.holdUntil,
          });
          try {
            const resources = await inventory.reserve(`${call.idempotencyKey}/reserve`, {
              reservationId: input.resourceOrderId,
              serviceId: input.serviceId,
              customerId: input.customerId,
              region: input.region,
              needs: input.needs,
              holdUntil: input.holdUntil,
            });
            await resourceOrders.setState(input.resourceOrderId, 'inProgress', null);
            return { availability: null, resources, released: [] };
          } catch (err) {
            if (err instanceof BusinessRejection) await resourceOrders.setState(input.resourceOrderId, 'failed', err.message);
            throw err;
          }
        }
        case 'release': {
          const released = await inventory.release(`${call.idempotencyKey}/release`, input.resourceOrderId, input.reason);
          const order = await resourceOrders.get(input.resourceOrderId);
          if (order && !['completed', 'failed', 'cancelled'].includes(order.state)) {
            await resourceOrders.setState(input.resourceOrderId, input.finalState, input.reason);
          }
          return { availability: null, resources: [], released };
        }
      }
    },
  );

  /**
   * 1.F.3.2.2 — configure and activate the reserved resources for the service; done, they
   * move from reserved to out of service (the text's word for "taken, not yet in use").
   */
  const configureAndActivateResource = defineProcess(
    { etomId: '1.F.3.2.2', input: ConfigureInput, output: ConfigureOutput },
    async (input, call) => {
      if (input.action === 'deactivate') {
        const held = await inventory.byReservation(input.reservationId);
        for (const r of held) await network.unconfigure(`${call.idempotencyKey}/unconfigure/${r.id}`, r.id);
        const released = await inventory.release(`${call.idempotencyKey}/release`, input.reservationId, input.reason);
        return { resources: [], released };
      }
      const reserved = (await inventory.byReservation(input.resourceOrderId)).filter((r) => r.state === 'reserved');
      if (reserved.length === 0) {
        return reject(BusinessErrorType.InvalidStateTransition, `resource order ${input.resourceOrderId} holds nothing to configure`);
      }
      for (const r of reserved) {
        try {
          await network.configure(`${call.idempotencyKey}/configure/${r.id}`, r.id, input.serviceId, elementConfig(r.resourceType, input.serviceId, r));
          await network.setAdminState(`${call.idempotencyKey}/up/${r.id}`, r.id, 'up');
        } catch (err) {
          throw new BusinessRejection(BusinessErrorType.ActivationFailed, `${r.id}: ${(err as Error).message}`, { resourceId: r.id });
        }
      }
      const resources = await inventory.transition(
        `${call.idempotencyKey}/state`,
        reserved.map((r) => r.id),
        'reserved',
        'outOfService',
        `configured for ${input.serviceId}`,
      );
      return { resources, released: [] };
    },
  );

  /** 1.F.3.2.3 — test the resources; when all pass they are in service. */
  const testResource = defineProcess({ etomId: '1.F.3.2.3', input: TestInput, output: TestOutput }, async (input, call) => {
    const held = (await inventory.byReservation(input.resourceOrderId)).filter((r) => r.state === 'outOfService');
    const results = await Promise.all(held.map((r) => network.testResource(r.id)));
    const failed = results.filter((r) => !r.passed);
    if (failed.length > 0) {
      return reject(BusinessErrorType.TestFailed, failed.map((f) => `${f.target}: ${f.detail}`).join('; '), { results: failed });
    }
    const resources = await inventory.transition(
      `${call.idempotencyKey}/state`,
      held.map((r) => r.id),
      'outOfService',
      'inService',
      'resource tests passed',
    );
    return { resources, results };
  });

  /**
   * 1.F.3.2.4 — make the inventory say which resources serve which customer, and report the
   * configuration to the processes that need it (SM&O, assurance).
   */
  const collectUpdateAndReportResourceConfigurationData = defineProcess(
    { etomId: '1.F.3.2.4', input: ReportInput, output: ConfigurationReport },
    async ({ resourceOrderId }) => {
      const order = (await resourceOrders.get(resourceOrderId)) ?? reject(BusinessErrorType.NotFound, `no resource order ${resourceOrderId}`);
      const held = await inventory.byReservation(resourceOrderId);
      const notInService = held.filter((r) => r.state !== 'inService');
      if (notInService.length > 0) {
        return reject(BusinessErrorType.InvalidStateTransition, `not in service yet: ${notInService.map((r) => r.id).join(', ')}`);
      }
      const completed = await resourceOrders.setState(resourceOrderId, 'completed', null);
      const resources = await Promise.all(
        held.map(async (r) => {
          const c = await network.configurationOf(r.id);
          return { ...r, configuration: c?.config ?? null, adminState: c?.adminState ?? null };
        }),
      );
      return { resourceOrderId, serviceId: order.serviceId, customerId: order.customerId, state: completed.state, resources };
    },
  );

  return {
    allocateAndInstallResource,
    configureAndActivateResource,
    testResource,
    collectUpdateAndReportResourceConfigurationData,
  };
}
