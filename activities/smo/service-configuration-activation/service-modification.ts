import { z } from 'zod';
import type { ProcessCall } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Characteristics } from '../../../src/domain/fulfilment/product-order';
import { ServiceDesign } from '../../../src/domain/fulfilment/service-design';
import { SERVICE_ORDERING_API, serviceOrderEvent } from '../../../src/events/service-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { designOf, orderOf, serviceOf, specOf } from './service-records';
import { ownCharacteristics, serviceLevels } from './service-levels';

/**
 * 1.F.2.2.1 for a `modify`: the solution redesigned from the service's complete characteristics
 * after the change (Order Handling merges them). The new revision is kept on the order only:
 * the service inventory takes it when the change is in (1.F.2.2.6), so a failure leaves the
 * service as it was. `from` / `to` are the characteristics that change: what RM&O reconfigures.
 */
export const RedesignChangeInput = z.object({ serviceOrderId: z.string().min(1), characteristics: Characteristics });
export const RedesignChangeOutput = z.object({
  action: z.literal('redesignChange'),
  serviceId: z.string(),
  design: ServiceDesign,
  from: Characteristics,
  to: Characteristics,
});

/** 1.F.2.2.6 for a `modify`: the inventory takes the new characteristics, design and QoS. */
export const CommitChangeInput = z.object({ serviceOrderId: z.string().min(1) });
export const CommitChangeOutput = z.object({
  serviceId: z.string(),
  characteristics: Characteristics,
  orderState: z.string(),
});

export function createRedesignChange(ports: Pick<Ports, 'catalog' | 'serviceInventory' | 'clock'>) {
  const { catalog, serviceInventory: services, clock } = ports;
  const now = () => clock().toISOString();
  return async function redesignChange(input: z.output<typeof RedesignChangeInput>, call: ProcessCall) {
    const order = await orderOf(services, input.serviceOrderId);
    if (order.action !== 'modify' || !order.serviceId || order.state !== 'inProgress')
      return reject(BusinessErrorType.InvalidStateTransition, `service order ${order.id} is no modify in progress`);
    const service = await serviceOf(services, order.serviceId);
    const spec = await specOf(catalog, service.cfsSpecId);
    const characteristics = ownCharacteristics(spec, input.characteristics);
    const current = designOf(service);
    const from: Characteristics = {};
    const to: Characteristics = {};
    for (const k of new Set([...Object.keys(service.characteristics), ...Object.keys(characteristics)])) {
      if (service.characteristics[k] === characteristics[k]) continue;
      if (characteristics[k] === undefined)
        return reject(BusinessErrorType.ConflictingRequest, `a modify gives every characteristic: ${k} is missing`);
      to[k] = characteristics[k]!;
      if (service.characteristics[k] !== undefined) from[k] = service.characteristics[k]!;
    }
    const design: ServiceDesign = {
      ...current,
      revision: current.revision + 1,
      reason: `modify by ${order.id}`,
      characteristics,
      ...serviceLevels(spec, characteristics),
    };
    await services.updateServiceOrder(call.idempotencyKey, order.id, { design }, now());
    return { action: 'redesignChange' as const, serviceId: service.id, design, from, to };
  };
}

export function createCommitChange(ports: Pick<Ports, 'serviceInventory' | 'eventSubscriptions' | 'clock'>) {
  const { serviceInventory: services, eventSubscriptions, clock } = ports;
  const now = () => clock().toISOString();
  const moved = serviceOrderEvent('ServiceOrderStateChangeEvent');
  return async function commitChange(input: z.output<typeof CommitChangeInput>, call: ProcessCall) {
    const order = await orderOf(services, input.serviceOrderId);
    const service = await serviceOf(services, order.serviceId ?? '');
    const design = designOf(order);
    const at = now();
    const assurance =
      service.assurance && typeof service.assurance === 'object'
        ? { ...service.assurance, qos: design.qos, sla: design.sla }
        : service.assurance;
    await services.updateService(
      `${call.idempotencyKey}/service`,
      service.id,
      { characteristics: design.characteristics, design, assurance },
      at,
    );
    const closed =
      order.state === 'completed'
        ? order
        : await services.transitionServiceOrder(
            `${call.idempotencyKey}/order`,
            order.id,
            'completed',
            `service ${service.id} modified`,
            at,
            moved,
          );
    await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
    return { serviceId: service.id, characteristics: design.characteristics, orderState: closed.state };
  };
}
