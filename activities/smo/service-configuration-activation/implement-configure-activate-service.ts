import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { ServiceState } from '../../../src/domain/fulfilment/service-order';
import type { Ports } from '../../../src/ports';
import { SERVICE_CONFIG, carriesService, removeServiceConfiguration } from './element-configuration';
import { designOf, parametersOf, serviceOf } from './service-records';

/** Configure the service over the resources RM&O provisioned for it (and its identifiers). */
export const ImplementInput = z.object({
  serviceId: z.string().min(1),
  resourceIds: z.array(z.string()),
  /**
   * RM&O's configuration report (1.F.3.2.4) for those resources: each must show the element set
   * for this service before SM&O builds on it. Absent from orders whose RM&O did not report it.
   */
  reported: z
    .array(z.object({ resourceId: z.string().min(1), configuration: z.record(z.string(), z.unknown()) }))
    .max(500)
    .optional(),
});
/** Take the service's configuration off its elements again: the installation is undone. */
export const UndoInput = z.object({ serviceId: z.string().min(1), reason: z.string().min(1) });
export const ImplementOutput = z.object({
  serviceId: z.string(),
  state: ServiceState,
  elements: z.array(z.object({ resourceId: z.string(), adminState: z.enum(['up', 'down']) })),
});

/**
 * 1.F.2.2.4 Implement, Configure & Activate Service — install and configure the service end to
 * end, optimised to the customer's spec.
 */
export function createImplementConfigureAndActivateService(
  ports: Pick<Ports, 'serviceInventory' | 'networkActivation' | 'clock'>,
) {
  const { serviceInventory: services, networkActivation: network, clock } = ports;
  const now = () => clock().toISOString();

  return defineProcessHandlers(
    {
      etomId: '1.F.2.2.4',
      handlers: {
        implement: { input: ImplementInput, output: ImplementOutput },
        undo: { input: UndoInput, output: ImplementOutput },
      },
    },
    {
      async implement(input, call) {
        const service = await serviceOf(services, input.serviceId);
        if (service.state !== 'reserved' && service.state !== 'inactive') {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service ${service.id} is ${service.state}: it cannot be implemented`,
          );
        }
        // Every resource must be one RM&O configured for this service, before anything is touched:
        // as its configuration report says, and as the element itself says.
        for (const resourceId of input.resourceIds) {
          const report = input.reported?.find((r) => r.resourceId === resourceId);
          if (input.reported && report?.configuration['service'] !== service.id) {
            return reject(
              BusinessErrorType.InvalidInput,
              `RM&O's configuration report does not show ${resourceId} set for service ${service.id}`,
              { resourceId },
            );
          }
          const element = await network.configurationOf(resourceId);
          if (element?.serviceId !== service.id) {
            return reject(
              BusinessErrorType.InvalidInput,
              `resource ${resourceId} is not provisioned for service ${service.id}`,
              { resourceId },
            );
          }
        }
        const design = designOf(service);
        const { identifiers, parameters } = await parametersOf(services, service.id);
        const serviceConfiguration = {
          serviceId: service.id,
          cfsSpecId: service.cfsSpecId,
          serviceType: design.serviceType,
          designRevision: design.revision,
          characteristics: service.characteristics,
          parameters,
          qos: design.qos,
          status: 'installed',
        };
        const elementIds = [...new Set([...input.resourceIds, ...identifiers.map((i) => i.resourceId)])];
        const elements = [];
        for (const id of elementIds) {
          await network.configure(`${call.idempotencyKey}/configure/${id}`, id, service.id, {
            [SERVICE_CONFIG]: serviceConfiguration,
          });
          const e = await network.setAdminState(`${call.idempotencyKey}/up/${id}`, id, 'up');
          elements.push({ resourceId: e.resourceId, adminState: e.adminState });
          call.heartbeat({ configured: id });
        }
        const installed = await services.transitionService(
          `${call.idempotencyKey}/state`,
          service.id,
          'inactive',
          `installed, design revision ${design.revision}`,
          now(),
        );
        return { serviceId: service.id, state: installed.state, elements };
      },

      async undo(input, call) {
        const service = await serviceOf(services, input.serviceId);
        const elements = (await network.configurationsOfService(service.id)).filter(carriesService);
        for (const e of elements)
          await removeServiceConfiguration(network, `${call.idempotencyKey}/remove/${e.resourceId}`, e);
        const undone =
          service.state === 'inactive'
            ? await services.transitionService(
                `${call.idempotencyKey}/state`,
                service.id,
                'reserved',
                input.reason,
                now(),
              )
            : service;
        const left = await network.configurationsOfService(service.id);
        return {
          serviceId: service.id,
          state: undone.state,
          elements: left.map((e) => ({ resourceId: e.resourceId, adminState: e.adminState })),
        };
      },
    },
  );
}
