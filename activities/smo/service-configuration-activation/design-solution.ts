import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Characteristics } from '../../../src/domain/fulfilment/product-order';
import { ResourceAvailability, ResourceNeed } from '../../../src/domain/fulfilment/resource-order';
import { ServiceDesign } from '../../../src/domain/fulfilment/service-design';
import { TERMINAL_SERVICE_ORDER_STATES } from '../../../src/domain/fulfilment/service-lifecycle';
import { ServiceFeasibility, ServiceOrderRequestFields } from '../../../src/domain/fulfilment/service-order';
import { SERVICE_ORDERING_API, serviceOrderEvent } from '../../../src/events/service-order-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { assessSolution } from './feasibility';
import { designOf, orderOf, serviceOf, specOf } from './service-records';
import { ownCharacteristics, serviceLevels } from './service-levels';
import { OpenChangeInput, OpenChangeOutput, serviceChangeHandlers } from './service-suspension';
import { createRedesignChange, RedesignChangeInput, RedesignChangeOutput } from './service-modification';

const CfsSpecId = z.string().regex(/^CFS-[A-Z0-9-]+$/);

/** The service order as CRM issued it, less how it is to be run. */
const OrderHeader = ServiceOrderRequestFields.pick({
  serviceOrderId: true,
  productOrderId: true,
  itemId: true,
  customerId: true,
  region: true,
  cfsSpecId: true,
  characteristics: true,
});

/** A solution designed (or revised, or planned for a cease) for a service order. */
const Designed = z.object({ serviceOrderId: z.string(), serviceId: z.string(), design: ServiceDesign });

/** Which resources of our own the solution would take: what to ask RM&O about. Writes nothing. */
export const PlanInput = z.object({ cfsSpecId: CfsSpecId });
export const PlanOutput = z.object({
  action: z.literal('plan'),
  cfsSpecId: z.string(),
  resourceNeeds: z.array(ResourceNeed),
});

/** Pre-order: could we deliver it, given what RM&O says it has? Writes nothing. */
export const AssessInput = z.object({
  cfsSpecId: CfsSpecId,
  region: z.string().min(1),
  characteristics: Characteristics.default({}),
  availability: ResourceAvailability,
});
export const AssessOutput = z.object({ action: z.literal('assess'), feasibility: ServiceFeasibility });

/** The order is taken: the service is designed, recorded and attached to its order. */
export const DesignInput = z.object({
  order: OrderHeader,
  resourceOrderId: z.string().min(1),
  availability: ResourceAvailability,
});
export const DesignOutput = Designed.extend({ action: z.literal('design') });

/**
 * The service did not work as designed (1.F.2.2.4 asks for a change): a new revision. Given the
 * resources it was built on, each is diagnosed and those failing it are left out of the revision
 * (`replaced`), for other resources to be reserved in their place.
 */
export const RedesignInput = z.object({
  serviceOrderId: z.string().min(1),
  reason: z.string().min(1),
  resources: z
    .array(z.object({ resourceId: z.string().min(1), resourceSpecId: z.string().min(1) }))
    .max(500)
    .optional(),
});
export const RedesignOutput = Designed.extend({ action: z.literal('redesign') });

/** The customer changed the service's characteristics; refused once it is implemented. */
export const AmendInput = z.object({ serviceOrderId: z.string().min(1), characteristics: Characteristics });
export const AmendOutput = z.object({
  action: z.literal('amend'),
  serviceOrderId: z.string(),
  applied: z.boolean(),
  reason: z.string().nullable(),
  characteristics: Characteristics,
});

/** A cease: the plan to take an existing service down. */
export const CeaseInput = z.object({ order: OrderHeader, serviceId: z.string().min(1) });
export const CeaseOutput = Designed.extend({ action: z.literal('cease') });

/**
 * 1.F.2.2.1 Design Solution — define a solution that meets the customer's specification: plan
 * what it takes and assess it before the order, design it when ordered, redesign it when it
 * fails its tests, amend it while the customer may still change it, plan its cease.
 */
export function createDesignSolution(
  ports: Pick<
    Ports,
    'catalog' | 'serviceInventory' | 'workforce' | 'networkActivation' | 'eventSubscriptions' | 'clock'
  >,
) {
  const { catalog, serviceInventory: services, networkActivation: network, eventSubscriptions, clock } = ports;
  const now = () => clock().toISOString();
  const received = serviceOrderEvent('ServiceOrderCreateEvent');
  const moved = serviceOrderEvent('ServiceOrderStateChangeEvent');

  /** Attaches the designed service to its order and puts the order in progress. */
  const startServiceOrder = async (
    key: string,
    serviceOrderId: string,
    serviceId: string,
    design: ServiceDesign,
    reason: string,
    at: string,
  ) => {
    await services.updateServiceOrder(`${key}/design`, serviceOrderId, { serviceId, design }, at);
    await services.transitionServiceOrder(`${key}/inProgress`, serviceOrderId, 'inProgress', reason, at, moved);
    await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
  };

  return defineProcessHandlers(
    {
      etomId: '1.F.2.2.1',
      handlers: {
        plan: { input: PlanInput, output: PlanOutput },
        assess: { input: AssessInput, output: AssessOutput },
        design: { input: DesignInput, output: DesignOutput },
        redesign: { input: RedesignInput, output: RedesignOutput },
        amend: { input: AmendInput, output: AmendOutput },
        cease: { input: CeaseInput, output: CeaseOutput },
        openChange: { input: OpenChangeInput, output: OpenChangeOutput },
        redesignChange: { input: RedesignChangeInput, output: RedesignChangeOutput },
      },
    },
    {
      redesignChange: createRedesignChange(ports),
      openChange: serviceChangeHandlers(ports).openChange,
      async plan(input) {
        const spec = await specOf(catalog, input.cfsSpecId);
        const resourceNeeds = spec.resources
          .filter((r) => r.role === 'resource')
          .map((r) => ({ resourceSpecId: r.resourceSpecId, quantity: r.quantity }));
        return { action: 'plan' as const, cfsSpecId: spec.id, resourceNeeds };
      },

      async assess(input) {
        const spec = await specOf(catalog, input.cfsSpecId);
        const a = await assessSolution(ports, spec, input.region, input.characteristics, input.availability);
        return {
          action: 'assess' as const,
          feasibility: {
            cfsSpecId: spec.id,
            region: input.region,
            feasible: a.feasible,
            reasons: a.reasons,
            supplierComponents: a.supplierComponents.map((c) => c.resourceSpecId),
          },
        };
      },

      async design(input, call) {
        const { order } = input;
        const spec = await specOf(catalog, order.cfsSpecId);
        const existing = await services.getServiceOrder(order.serviceOrderId);
        if (existing && (existing.action !== 'add' || existing.cfsSpecId !== order.cfsSpecId)) {
          return reject(
            BusinessErrorType.ConflictingRequest,
            `service order ${existing.id} exists for another request`,
          );
        }
        if (existing && TERMINAL_SERVICE_ORDER_STATES.includes(existing.state)) {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service order ${existing.id} is already ${existing.state}`,
          );
        }
        if (existing?.serviceId && existing.design) {
          // A retry whose attempt stored the design and lost its answer (#16's chaos): finish what it began.
          if (existing.state === 'acknowledged')
            await startServiceOrder(
              call.idempotencyKey,
              existing.id,
              existing.serviceId,
              designOf(existing),
              'solution designed',
              now(),
            );
          return {
            action: 'design' as const,
            serviceOrderId: existing.id,
            serviceId: existing.serviceId,
            design: designOf(existing),
          };
        }
        const a = await assessSolution(ports, spec, order.region, order.characteristics, input.availability);
        const at = now();
        await services.recordServiceOrder(
          `${call.idempotencyKey}/order`,
          { ...order, id: order.serviceOrderId, action: 'add' },
          at,
          received,
        );
        if (!a.feasible) {
          // The order was received and is answered: rejected, with the reasons.
          await services.transitionServiceOrder(
            `${call.idempotencyKey}/rejected`,
            order.serviceOrderId,
            'rejected',
            a.reasons.join('; '),
            at,
            moved,
          );
          await wakeEventDelivery(eventSubscriptions, SERVICE_ORDERING_API);
          return reject(BusinessErrorType.NotFeasible, a.reasons.join('; '), { reasons: a.reasons });
        }
        const design: ServiceDesign = {
          revision: 1,
          reason: null,
          cfsSpecId: spec.id,
          serviceType: spec.serviceType,
          region: order.region,
          characteristics: a.characteristics,
          resourceOrderId: input.resourceOrderId,
          resourceNeeds: a.resourceNeeds,
          identifierNeeds: a.identifierNeeds,
          supplierComponents: a.supplierComponents,
          onsiteWork: a.onsiteWork,
          ...serviceLevels(spec, a.characteristics),
        };
        const service = await services.createService(
          `${call.idempotencyKey}/service`,
          {
            cfsSpecId: spec.id,
            customerId: order.customerId,
            region: order.region,
            characteristics: a.characteristics,
            serviceOrderId: order.serviceOrderId,
            design,
          },
          at,
        );
        await startServiceOrder(call.idempotencyKey, order.serviceOrderId, service.id, design, 'solution designed', at);
        return { action: 'design' as const, serviceOrderId: order.serviceOrderId, serviceId: service.id, design };
      },

      async redesign(input, call) {
        const order = await orderOf(services, input.serviceOrderId);
        if (order.state !== 'inProgress' || !order.serviceId) {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service order ${order.id} is ${order.state}: nothing to redesign`,
          );
        }
        const current = designOf(order);
        // Another path for the service: the elements failing it are found and left out.
        const replaced = [];
        for (const r of input.resources ?? []) {
          const found = await network.diagnose(r.resourceId);
          if (!found.passed) replaced.push({ ...r, detail: found.detail });
        }
        const design: ServiceDesign = {
          ...current,
          revision: current.revision + 1,
          reason: input.reason,
          ...(input.resources ? { replaced } : {}),
        };
        const at = now();
        await services.updateService(`${call.idempotencyKey}/service`, order.serviceId, { design }, at);
        await services.updateServiceOrder(`${call.idempotencyKey}/order`, order.id, { design }, at);
        return { action: 'redesign' as const, serviceOrderId: order.id, serviceId: order.serviceId, design };
      },

      async amend(input, call) {
        const order = await orderOf(services, input.serviceOrderId);
        const spec = await specOf(catalog, order.cfsSpecId);
        const service = order.serviceId ? await serviceOf(services, order.serviceId) : undefined;
        const asked = ownCharacteristics(spec, input.characteristics);
        const refuse = async (reason: string) => {
          await services.recordAmendment(call.idempotencyKey, {
            serviceOrderId: order.id,
            characteristics: asked,
            outcome: 'refused',
            reason,
            at: now(),
          });
          return {
            action: 'amend' as const,
            serviceOrderId: order.id,
            applied: false,
            reason,
            characteristics: service?.characteristics ?? {},
          };
        };
        if (TERMINAL_SERVICE_ORDER_STATES.includes(order.state)) return refuse(`the service order is ${order.state}`);
        if (!service)
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `service order ${order.id} has no design to amend yet`,
          );
        if (!['designed', 'reserved'].includes(service.state))
          return refuse(`service ${service.id} is already implemented (${service.state})`);
        const characteristics = { ...service.characteristics, ...asked };
        const design: ServiceDesign = {
          ...designOf(service),
          characteristics,
          ...serviceLevels(spec, characteristics),
        };
        const at = now();
        await services.updateService(`${call.idempotencyKey}/service`, service.id, { characteristics, design }, at);
        await services.updateServiceOrder(`${call.idempotencyKey}/order`, order.id, { design }, at);
        await services.recordAmendment(`${call.idempotencyKey}/record`, {
          serviceOrderId: order.id,
          characteristics: asked,
          outcome: 'applied',
          reason: null,
          at,
        });
        return { action: 'amend' as const, serviceOrderId: order.id, applied: true, reason: null, characteristics };
      },

      async cease(input, call) {
        const { order } = input;
        const service = await serviceOf(services, input.serviceId);
        if (service.state === 'terminated')
          return reject(BusinessErrorType.InvalidStateTransition, `service ${service.id} is already terminated`);
        if (service.customerId !== order.customerId || service.cfsSpecId !== order.cfsSpecId) {
          return reject(
            BusinessErrorType.ConflictingRequest,
            `service ${service.id} is not a ${order.cfsSpecId} of ${order.customerId}`,
          );
        }
        const design = designOf(service);
        const at = now();
        await services.recordServiceOrder(
          `${call.idempotencyKey}/order`,
          { ...order, id: order.serviceOrderId, action: 'delete', serviceId: service.id },
          at,
          received,
        );
        await startServiceOrder(
          call.idempotencyKey,
          order.serviceOrderId,
          service.id,
          design,
          `cease of ${service.id}`,
          at,
        );
        return { action: 'cease' as const, serviceOrderId: order.serviceOrderId, serviceId: service.id, design };
      },
    },
  );
}
