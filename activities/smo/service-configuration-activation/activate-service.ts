import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { TERMINAL_SERVICE_ORDER_STATES } from '../../../src/domain/fulfilment/service-lifecycle';
import { ServiceOrderState, ServiceState } from '../../../src/domain/fulfilment/service-order';
import { SERVICE_ORDERING_API, serviceOrderEvent } from '../../../src/events/service-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { SERVICE_CONFIG, carriesService, removeServiceConfiguration } from './element-configuration';
import { designOf, orderOf, parametersOf, serviceOf } from './service-records';
import {
  FailChangeInput,
  FailChangeOutput,
  serviceChangeHandlers,
  SuspensionInput,
  SuspensionOutput,
} from './service-suspension';
import { CommitChangeInput, CommitChangeOutput, createCommitChange } from './service-modification';

export const ActivateInput = z.object({ serviceOrderId: z.string().min(1), serviceId: z.string().min(1) });
/** Ceasing, or undoing a service that will not be delivered: terminated, order closed. */
export const DeactivateInput = z.object({
  serviceId: z.string().min(1),
  reason: z.string().min(1),
  closeOrder: z
    .object({ serviceOrderId: z.string().min(1), state: z.enum(['completed', 'failed', 'cancelled']) })
    .optional(),
});
/** What assurance needs to support the service: what it runs on and what it promises. */
export const AssuranceRecord = z.object({
  serviceId: z.string(),
  customerId: z.string(),
  cfsSpecId: z.string(),
  region: z.string(),
  resourceIds: z.array(z.string()),
  parameters: z.record(z.string(), z.string()),
  qos: z.record(z.string(), z.number()),
  sla: z.object({ availabilityPct: z.number(), restoreHours: z.number() }),
  activatedAt: z.string(),
});
export type AssuranceRecord = z.infer<typeof AssuranceRecord>;
export const ActivateOutput = z.object({
  serviceId: z.string(),
  state: ServiceState,
  orderState: ServiceOrderState.nullable(),
  assurance: AssuranceRecord.nullable(),
});
export type ActivateOutput = z.infer<typeof ActivateOutput>;

/**
 * 1.F.2.2.6 Activate Service — activate every installed element end to end, tell the customer
 * processes the service is there (the order completes), and keep what assurance needs; or
 * deactivate.
 */
export function createActivateService(
  ports: Pick<Ports, 'serviceInventory' | 'networkActivation' | 'eventSubscriptions' | 'clock'>,
) {
  const { serviceInventory: services, networkActivation: network, eventSubscriptions, clock } = ports;
  const now = () => clock().toISOString();
  const moved = serviceOrderEvent('ServiceOrderStateChangeEvent');

  /** Closes a service order; a cancellation goes through its TMF641 assessment steps. */
  async function closeOrder(
    key: string,
    serviceOrderId: string,
    to: 'completed' | 'failed' | 'cancelled',
    reason: string,
  ) {
    const order = await orderOf(services, serviceOrderId);
    if (TERMINAL_SERVICE_ORDER_STATES.includes(order.state)) return order;
    const steps: ServiceOrderState[] =
      to === 'cancelled' ? ['assessingCancellation', 'pendingCancellation', 'cancelled'] : [to];
    let closed = order;
    for (const step of steps)
      closed = await services.transitionServiceOrder(
        `${key}/order/${step}`,
        serviceOrderId,
        step,
        reason,
        now(),
        moved,
      );
    await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
    return closed;
  }

  /** The service and the elements that carry its configuration. */
  const serviceAndElements = async (serviceId: string) => {
    const service = await serviceOf(services, serviceId);
    return { service, elements: (await network.configurationsOfService(service.id)).filter(carriesService) };
  };

  return defineProcessHandlers(
    {
      etomId: '1.F.2.2.6',
      handlers: {
        activate: { input: ActivateInput, output: ActivateOutput },
        deactivate: { input: DeactivateInput, output: ActivateOutput },
        suspend: { input: SuspensionInput, output: SuspensionOutput },
        resume: { input: SuspensionInput, output: SuspensionOutput },
        failChange: { input: FailChangeInput, output: FailChangeOutput },
        commitChange: { input: CommitChangeInput, output: CommitChangeOutput },
      },
    },
    {
      commitChange: createCommitChange(ports),
      ...(({ suspend, resume, failChange }) => ({ suspend, resume, failChange }))(serviceChangeHandlers(ports)),
      async activate(input, call) {
        const { service, elements } = await serviceAndElements(input.serviceId);
        const order = await orderOf(services, input.serviceOrderId);
        if (service.state === 'active' && order.state === 'completed') {
          return {
            serviceId: service.id,
            state: service.state,
            orderState: order.state,
            assurance: AssuranceRecord.parse(service.assurance),
          };
        }
        if (service.state === 'active' && service.serviceOrderId === order.id && order.state === 'inProgress') {
          // A retry whose attempt activated this order's service and failed before completing the order (#16's chaos).
          const completed = await services.transitionServiceOrder(
            `${call.idempotencyKey}/order`,
            order.id,
            'completed',
            `service ${service.id} active`,
            now(),
            moved,
          );
          await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
          const assurance = AssuranceRecord.parse(service.assurance);
          return { serviceId: service.id, state: service.state, orderState: completed.state, assurance };
        }
        if (service.state !== 'inactive') {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service ${service.id} is ${service.state}: only an installed service is activated`,
          );
        }
        const lastTest = (await services.testsOf(service.id)).at(-1);
        if (!lastTest?.passed)
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service ${service.id} has not passed its end-to-end test`,
          );
        for (const e of elements) {
          const current = e.config[SERVICE_CONFIG] as Record<string, unknown>;
          await network.configure(`${call.idempotencyKey}/activate/${e.resourceId}`, e.resourceId, service.id, {
            [SERVICE_CONFIG]: { ...current, status: 'active' },
          });
          await network.setAdminState(`${call.idempotencyKey}/up/${e.resourceId}`, e.resourceId, 'up');
        }
        const at = now();
        await services.putIdentifiersInService(`${call.idempotencyKey}/identifiers`, service.id, at);
        const design = designOf(service);
        const assurance: AssuranceRecord = {
          serviceId: service.id,
          customerId: service.customerId,
          cfsSpecId: service.cfsSpecId,
          region: service.region,
          resourceIds: elements.map((e) => e.resourceId),
          parameters: (await parametersOf(services, service.id)).parameters,
          qos: design.qos,
          sla: design.sla,
          activatedAt: at,
        };
        await services.updateService(`${call.idempotencyKey}/assurance`, service.id, { assurance }, at);
        const active = await services.transitionService(
          `${call.idempotencyKey}/state`,
          service.id,
          'active',
          'activated end to end',
          at,
        );
        const completed = await services.transitionServiceOrder(
          `${call.idempotencyKey}/order`,
          order.id,
          'completed',
          `service ${service.id} active`,
          at,
          moved,
        );
        await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
        return { serviceId: service.id, state: active.state, orderState: completed.state, assurance };
      },

      async deactivate(input, call) {
        const { service, elements } = await serviceAndElements(input.serviceId);
        for (const e of elements) {
          await network.setAdminState(`${call.idempotencyKey}/down/${e.resourceId}`, e.resourceId, 'down');
          await removeServiceConfiguration(network, `${call.idempotencyKey}/remove/${e.resourceId}`, e);
        }
        const at = now();
        const terminated = await services.transitionService(
          `${call.idempotencyKey}/state`,
          service.id,
          'terminated',
          input.reason,
          at,
        );
        let orderState: ServiceOrderState | null = null;
        if (input.closeOrder)
          orderState = (
            await closeOrder(call.idempotencyKey, input.closeOrder.serviceOrderId, input.closeOrder.state, input.reason)
          ).state;
        return { serviceId: service.id, state: terminated.state, orderState, assurance: null };
      },
    },
  );
}
