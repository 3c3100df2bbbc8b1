import { z } from 'zod';
import type { ProcessCall } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Characteristics } from '../../../src/domain/fulfilment/product-order';
import { ServiceDesign } from '../../../src/domain/fulfilment/service-design';
import { SERVICE_ORDERING_API, serviceOrderEvent } from '../../../src/events/service-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { designOf, orderOf, serviceOf, specOf } from './service-records';
import { countingCharacteristics, identifierQuantity } from './feasibility';
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
  /** The service is to hold other identifiers than it does (an extra static range): 1.F.2.2.2's. */
  identifiersChange: z.boolean(),
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
    // Only the spec's own characteristics are compared: a service recorded with its product's
    // (the installed base's static range carries the access's speed) changes by its own only.
    const had = ownCharacteristics(spec, service.characteristics);
    const counting = countingCharacteristics(spec);
    const current = designOf(service);
    const from: Characteristics = {};
    const to: Characteristics = {};
    for (const k of new Set([...Object.keys(had), ...Object.keys(characteristics)])) {
      if (had[k] === characteristics[k]) continue;
      if (had[k] !== undefined) from[k] = had[k];
      // A count of identifiers left out is the catalog's quantity again (a modify undone).
      if (characteristics[k] === undefined && counting.includes(k)) continue;
      if (characteristics[k] === undefined)
        return reject(BusinessErrorType.ConflictingRequest, `a modify gives every characteristic: ${k} is missing`);
      to[k] = characteristics[k]!;
    }
    const identifierNeeds = current.identifierNeeds.map((need) => {
      const r = spec.resources.find((x) => x.role === 'identifier' && x.resourceSpecId === need.resourceSpecId);
      return r ? { ...need, quantity: identifierQuantity(spec, r, characteristics) } : need;
    });
    const held = await services.parametersOf(service.id);
    const identifiersChange = identifierNeeds.some(
      (need) => held.filter((p) => p.resourceSpecId === need.resourceSpecId).length !== need.quantity,
    );
    // What else the record carries stays as it is, so a modify undone leaves it exactly as it was.
    const others = Object.fromEntries(
      Object.entries(service.characteristics).filter(([k]) => !spec.parameters.includes(k)),
    );
    const design: ServiceDesign = {
      ...current,
      revision: current.revision + 1,
      reason: `modify by ${order.id}`,
      characteristics: { ...others, ...characteristics },
      identifierNeeds,
      ...serviceLevels(spec, characteristics),
    };
    await services.updateServiceOrder(call.idempotencyKey, order.id, { design }, now());
    return { action: 'redesignChange' as const, serviceId: service.id, design, from, to, identifiersChange };
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
    // The identifiers 1.F.2.2.2 allotted for the change (reserved until now) go into service.
    await services.putIdentifiersInService(`${call.idempotencyKey}/identifiers`, service.id, at);
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
