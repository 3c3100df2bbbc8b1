import { z } from 'zod';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { ProcessCall } from '../../../src/contracts/activity';
import { TERMINAL_SERVICE_ORDER_STATES } from '../../../src/domain/fulfilment/service-lifecycle';
import { ServiceOrderRequestFields, ServiceState } from '../../../src/domain/fulfilment/service-order';
import { SERVICE_ORDERING_API, serviceOrderEvent } from '../../../src/events/service-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import type { ServiceRecord } from '../../../src/ports/service-inventory';
import { orderOf, serviceOf } from './service-records';

/**
 * A service suspended (dunning's 1.B.1.8.5, through a service order `suspend`) is, in the
 * TMF638 v4 states this inventory and its API serve, `inactive`: installed, not in use (v4 has
 * no `suspended`; v5 adds it). What tells it from one installed and never activated is that it
 * has been active: `activatedAt` is set.
 */
export const isSuspended = (s: ServiceRecord) => s.state === 'inactive' && s.activatedAt !== null;

const Header = ServiceOrderRequestFields.pick({
  serviceOrderId: true,
  productOrderId: true,
  itemId: true,
  customerId: true,
  region: true,
  cfsSpecId: true,
});

/** 1.F.2.2.1 for a change of an existing service: the order recorded, with its action, and started. */
export const OpenChangeInput = z.object({
  order: Header,
  serviceId: z.string().min(1),
  change: z.enum(['modify', 'suspend', 'resume']),
});
export const OpenChangeOutput = z.object({
  action: z.literal('openChange'),
  serviceOrderId: z.string(),
  serviceId: z.string(),
  state: ServiceState,
  /** False when the service is already as asked (suspending a suspended one): nothing to do. */
  needed: z.boolean(),
});

/** 1.F.2.2.6: the service suspended or resumed in the inventory, and its order completed. */
export const SuspensionInput = z.object({ serviceOrderId: z.string().min(1), serviceId: z.string().min(1) });
export const SuspensionOutput = z.object({ serviceId: z.string(), state: ServiceState, orderState: z.string() });

/** A change that did not go through: its order closes failed, the service as it was. */
export const FailChangeInput = z.object({
  serviceOrderId: z.string().min(1),
  reason: z.string().min(1),
  /** 'cancelled' when the requester called it off: TMF641's assessment steps, then cancelled. */
  outcome: z.enum(['failed', 'cancelled']).default('failed'),
});
export const FailChangeOutput = z.object({ serviceOrderId: z.string(), orderState: z.string() });

type SmoPorts = Pick<Ports, 'serviceInventory' | 'networkActivation' | 'eventSubscriptions' | 'clock'>;

export function serviceChangeHandlers(ports: SmoPorts) {
  const { serviceInventory: services, networkActivation: network, eventSubscriptions, clock } = ports;
  const now = () => clock().toISOString();
  const received = serviceOrderEvent('ServiceOrderCreateEvent');
  const moved = serviceOrderEvent('ServiceOrderStateChangeEvent');

  const closeOrder = async (
    key: string,
    serviceOrderId: string,
    to: 'completed' | 'failed' | 'cancelled',
    reason: string,
  ) => {
    const order = await orderOf(services, serviceOrderId);
    if (TERMINAL_SERVICE_ORDER_STATES.includes(order.state)) return order;
    const steps = to === 'cancelled' ? (['assessingCancellation', 'pendingCancellation', 'cancelled'] as const) : [to];
    let closed = order;
    for (const step of steps)
      closed = await services.transitionServiceOrder(`${key}/${step}`, serviceOrderId, step, reason, now(), moved);
    await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
    return closed;
  };

  return {
    async openChange(input: z.output<typeof OpenChangeInput>, call: ProcessCall) {
      const { order, change } = input;
      const service = await serviceOf(services, input.serviceId);
      if (service.customerId !== order.customerId || service.cfsSpecId !== order.cfsSpecId)
        return reject(
          BusinessErrorType.ConflictingRequest,
          `service ${service.id} is not a ${order.cfsSpecId} of ${order.customerId}`,
        );
      const wanted = change !== 'suspend' || service.state === 'active' || isSuspended(service);
      const resumable = change !== 'resume' || service.state === 'active' || isSuspended(service);
      const modifiable = change !== 'modify' || service.state === 'active';
      if (!wanted || !resumable || !modifiable)
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `service ${service.id} is ${service.state}: no ${change} of it`,
        );
      const at = now();
      await services.recordServiceOrder(
        `${call.idempotencyKey}/order`,
        { ...order, id: order.serviceOrderId, action: change, serviceId: service.id },
        at,
        received,
      );
      await services.transitionServiceOrder(
        `${call.idempotencyKey}/inProgress`,
        order.serviceOrderId,
        'inProgress',
        `${change} of ${service.id}`,
        at,
        moved,
      );
      await services.updateServiceOrder(
        `${call.idempotencyKey}/design`,
        order.serviceOrderId,
        { serviceId: service.id, design: service.design },
        at,
      );
      await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
      const needed =
        change === 'modify' ||
        (change === 'suspend' && service.state === 'active') ||
        (change === 'resume' && isSuspended(service));
      return {
        action: 'openChange' as const,
        serviceOrderId: order.serviceOrderId,
        serviceId: service.id,
        state: service.state,
        needed,
      };
    },

    /** Active → inactive (suspended); done already, nothing changes. */
    async suspend(input: z.output<typeof SuspensionInput>, call: ProcessCall) {
      const service = await serviceOf(services, input.serviceId);
      const at = now();
      const after =
        service.state === 'active'
          ? await services.transitionService(`${call.idempotencyKey}/state`, service.id, 'inactive', 'suspended', at)
          : service;
      const order = await closeOrder(`${call.idempotencyKey}/order`, input.serviceOrderId, 'completed', 'suspended');
      return { serviceId: service.id, state: after.state, orderState: order.state };
    },

    /**
     * Inactive (suspended) → active, once its end-to-end test passed; done already, nothing changes.
     * A service no element carries (a static IP range: identifiers alone) was blocked nowhere and
     * has nothing to test on the network: it is resumed in the inventory alone, its identifiers
     * held all along.
     */
    async resume(input: z.output<typeof SuspensionInput>, call: ProcessCall) {
      const service = await serviceOf(services, input.serviceId);
      const at = now();
      let after = service;
      if (isSuspended(service)) {
        const carried = (await network.configurationsOfService(service.id)).length > 0;
        const lastTest = (await services.testsOf(service.id)).at(-1);
        if (carried && (!lastTest?.passed || lastTest.serviceOrderId !== input.serviceOrderId))
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service ${service.id} is not tested since its block`,
          );
        after = await services.transitionService(`${call.idempotencyKey}/state`, service.id, 'active', 'resumed', at);
      }
      const order = await closeOrder(`${call.idempotencyKey}/order`, input.serviceOrderId, 'completed', 'resumed');
      return { serviceId: service.id, state: after.state, orderState: order.state };
    },

    async failChange(input: z.output<typeof FailChangeInput>, call: ProcessCall) {
      const order = await closeOrder(call.idempotencyKey, input.serviceOrderId, input.outcome, input.reason);
      return { serviceOrderId: order.id, orderState: order.state };
    },
  };
}
