import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { designOf, identifierOf, parametersOf, serviceOf } from './service-records';

const Identifier = z.object({
  name: z.string(),
  value: z.string(),
  resourceId: z.string(),
  resourceSpecId: z.string(),
});

/** Allot the identifiers the design asks for. */
export const AllocateInput = z.object({ serviceId: z.string().min(1) });
/** Give the identifiers back to their pools: the service will not be delivered, or is ceased. */
export const ReleaseInput = z.object({ serviceId: z.string().min(1), reason: z.string().min(1) });
export const AllocateOutput = z.object({
  serviceId: z.string(),
  /** Identifiers by parameter name, as the service order result reports them. */
  parameters: z.record(z.string(), z.string()),
  identifiers: z.array(Identifier),
  released: z.array(Identifier),
});
export type AllocateOutput = z.infer<typeof AllocateOutput>;

/**
 * 1.F.2.2.2 Allocate Specific Service Parameters to Services — establish the new service's
 * identifiers from the pools SM&O manages.
 */
export function createAllocateSpecificServiceParameters(ports: Pick<Ports, 'serviceInventory' | 'clock'>) {
  const { serviceInventory: services, clock } = ports;
  const now = () => clock().toISOString();

  return defineProcessHandlers(
    {
      etomId: '1.F.2.2.2',
      handlers: {
        allocate: { input: AllocateInput, output: AllocateOutput },
        release: { input: ReleaseInput, output: AllocateOutput },
      },
    },
    {
      async allocate(input, call) {
        const service = await serviceOf(services, input.serviceId);
        if (service.state !== 'designed' && service.state !== 'reserved') {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service ${service.id} is ${service.state}: its identifiers are settled`,
          );
        }
        const design = designOf(service);
        const at = now();
        await services.reserveIdentifiers(
          `${call.idempotencyKey}/reserve`,
          {
            serviceId: service.id,
            serviceOrderId: service.serviceOrderId,
            customerId: service.customerId,
            needs: design.identifierNeeds,
          },
          at,
        );
        await services.transitionService(
          `${call.idempotencyKey}/state`,
          service.id,
          'reserved',
          'service identifiers allotted',
          at,
        );
        return { serviceId: service.id, ...(await parametersOf(services, service.id)), released: [] };
      },

      async release(input, call) {
        const service = await serviceOf(services, input.serviceId);
        const released = await services.releaseIdentifiers(call.idempotencyKey, service.id, input.reason, now());
        return { serviceId: service.id, parameters: {}, identifiers: [], released: released.map(identifierOf) };
      },
    },
  );
}
