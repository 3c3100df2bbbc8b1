import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { designOf, identifierOf, orderOf, parametersOf, serviceOf } from './service-records';

const Identifier = z.object({
  name: z.string(),
  value: z.string(),
  resourceId: z.string(),
  resourceSpecId: z.string(),
});

/**
 * Allot the identifiers the design asks for: a new service's, or — given the `modify` order
 * that redesigned a service in service — only those its new design asks for beyond what the
 * service holds (an extra static range). A second run allots nothing new.
 */
export const AllocateInput = z.object({ serviceId: z.string().min(1), serviceOrderId: z.string().min(1).optional() });
/**
 * Give back what the service holds beyond what its design in the inventory asks for, newest
 * first: before a modify is in, the identifiers it allotted (its compensation); once in, those
 * the new design no longer needs (one range fewer).
 */
export const TrimInput = z.object({ serviceId: z.string().min(1), reason: z.string().min(1) });
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
 * identifiers and manage the pools of service identifiers (the text's 'gérer les groupes
 * d'identificateurs'): a service changed in service takes more, or gives back what it no longer needs.
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
        trim: { input: TrimInput, output: AllocateOutput },
      },
    },
    {
      async allocate(input, call) {
        const service = await serviceOf(services, input.serviceId);
        if (input.serviceOrderId) {
          // A change of a service in service: it stays as it is, its new identifiers reserved
          // until 1.F.2.2.6 puts them in service with the change.
          const order = await orderOf(services, input.serviceOrderId);
          if (order.action !== 'modify' || order.serviceId !== service.id || order.state !== 'inProgress')
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `service order ${order.id} is no modify of ${service.id} in progress`,
            );
          await services.reserveIdentifiers(
            `${call.idempotencyKey}/reserve`,
            {
              serviceId: service.id,
              serviceOrderId: order.id,
              customerId: service.customerId,
              needs: designOf(order).identifierNeeds,
            },
            now(),
          );
          return { serviceId: service.id, ...(await parametersOf(services, service.id)), released: [] };
        }
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

      async trim(input, call) {
        const service = await serviceOf(services, input.serviceId);
        const needs = designOf(service).identifierNeeds;
        const held = await services.parametersOf(service.id);
        // Kept: the oldest of each kind, as many as the design asks for; the rest goes back.
        const beyond = held.filter((p, i) => {
          const kept = needs.find((n) => n.resourceSpecId === p.resourceSpecId)?.quantity ?? 0;
          return held.slice(0, i).filter((q) => q.resourceSpecId === p.resourceSpecId).length >= kept;
        });
        const released =
          beyond.length === 0
            ? []
            : await services.releaseIdentifiers(
                call.idempotencyKey,
                service.id,
                input.reason,
                now(),
                beyond.map((p) => p.resourceId),
              );
        return {
          serviceId: service.id,
          ...(await parametersOf(services, service.id)),
          released: released.map(identifierOf),
        };
      },

      async release(input, call) {
        const service = await serviceOf(services, input.serviceId);
        const released = await services.releaseIdentifiers(call.idempotencyKey, service.id, input.reason, now());
        return { serviceId: service.id, parameters: {}, identifiers: [], released: released.map(identifierOf) };
      },
    },
  );
}
