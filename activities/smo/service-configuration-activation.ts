import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, BusinessRejection, reject } from '../../src/contracts/errors';
import type { CfsSpec } from '../../src/domain/catalog';
import { Characteristics } from '../../src/domain/fulfilment/product-order';
import { ResourceAvailability, ResourceNeed } from '../../src/domain/fulfilment/resource-order';
import { TERMINAL_SERVICE_ORDER_STATES } from '../../src/domain/fulfilment/service-lifecycle';
import {
  ServiceFeasibility,
  ServiceOrderRequest,
  ServiceOrderState,
  ServiceState,
} from '../../src/domain/fulfilment/service-order';
import type { Ports } from '../../src/ports';
import type { ElementConfiguration } from '../../src/ports/network-activation';
import type { ServiceOrderRecord, ServiceRecord } from '../../src/ports/service-inventory';

/**
 * Service Configuration & Activation (1.F.2.2): installing and configuring a service for a
 * customer — designing the solution, allotting its identifiers, running the work orders,
 * configuring it end to end over the resources RM&O provisioned, testing it, activating it.
 */

const IdentifierNeed = z.object({
  /** The parameter the identifier becomes on the service (telephoneNumber, ipv4Range…). */
  name: z.string(),
  resourceSpecId: z.string(),
  region: z.string(),
  quantity: z.number().int().positive(),
});

const SupplierComponent = z.object({
  resourceSpecId: z.string(),
  quantity: z.number().int().positive(),
  supplierContracts: z.array(z.string()),
});

/** The detailed design 1.F.2.2.1 hands to the processes after it. */
export const ServiceDesign = z.object({
  /** 1 at first; each redesign after repeated test failures adds one. */
  revision: z.number().int().positive(),
  /** Why this revision was made (the failed tests, for a redesign). */
  reason: z.string().nullable(),
  cfsSpecId: z.string(),
  serviceType: z.string(),
  region: z.string(),
  characteristics: Characteristics,
  /** The resource order that provisions the service (RM&O reserves under this id). */
  resourceOrderId: z.string(),
  /** What RM&O provisions from our own network (supplier-sourced parts excluded). */
  resourceNeeds: z.array(ResourceNeed),
  identifierNeeds: z.array(IdentifierNeed),
  supplierComponents: z.array(SupplierComponent),
  onsiteWork: z.object({ skill: z.string() }).nullable(),
  /** The levels Service Quality Management measures the service against. */
  qos: z.record(z.string(), z.number()),
  sla: z.object({ availabilityPct: z.number(), restoreHours: z.number() }),
});
export type ServiceDesign = z.infer<typeof ServiceDesign>;

/**
 * The service levels each kind of service is designed to: what the end-to-end test must show
 * and what assurance holds the service to. Business services get the tighter targets.
 */
const SERVICE_LEVELS: Record<string, { maxLatencyMs: number; availabilityPct: number; restoreHours: number }> = {
  broadband: { maxLatencyMs: 20, availabilityPct: 99.9, restoreHours: 4 },
  vpn: { maxLatencyMs: 30, availabilityPct: 99.95, restoreHours: 4 },
  ip: { maxLatencyMs: 20, availabilityPct: 99.9, restoreHours: 4 },
  voice: { maxLatencyMs: 25, availabilityPct: 99.9, restoreHours: 8 },
};
const BEST_EFFORT = { maxLatencyMs: 50, availabilityPct: 99.5, restoreHours: 24 };
/** Below this share of the agreed rate, a test fails whatever else it shows. */
const MIN_THROUGHPUT_PCT = 95;

/** The name an identifier takes on the service, by the type of its pool. */
const PARAMETER_NAMES: Record<string, string> = { 'telephone-number': 'telephoneNumber', 'ip-range': 'ipv4Range' };

/** The service order as CRM issued it, less how it is to be run. */
const OrderHeader = ServiceOrderRequest.pick({
  serviceOrderId: true,
  productOrderId: true,
  itemId: true,
  customerId: true,
  region: true,
  cfsSpecId: true,
  characteristics: true,
});

export const DesignSolutionInput = z.discriminatedUnion('action', [
  /** Which resources of our own the solution would take: what to ask RM&O about. Writes nothing. */
  z.object({ action: z.literal('plan'), cfsSpecId: z.string().regex(/^CFS-[A-Z0-9-]+$/) }),
  /** Pre-order: could we deliver it, given what RM&O says it has? Writes nothing. */
  z.object({
    action: z.literal('assess'),
    cfsSpecId: z.string().regex(/^CFS-[A-Z0-9-]+$/),
    region: z.string().min(1),
    characteristics: Characteristics.default({}),
    availability: ResourceAvailability,
  }),
  z.object({
    action: z.literal('design'),
    order: OrderHeader,
    resourceOrderId: z.string().min(1),
    availability: ResourceAvailability,
  }),
  /** The service did not work as designed (1.F.2.2.4 asks for a change): a new revision. */
  z.object({ action: z.literal('redesign'), serviceOrderId: z.string().min(1), reason: z.string().min(1) }),
  /** The customer changed the service's characteristics; refused once it is implemented. */
  z.object({ action: z.literal('amend'), serviceOrderId: z.string().min(1), characteristics: Characteristics }),
  /** A cease: the plan to take an existing service down. */
  z.object({ action: z.literal('cease'), order: OrderHeader, serviceId: z.string().min(1) }),
]);
export type DesignSolutionInput = z.input<typeof DesignSolutionInput>;

const Designed = z.object({ serviceOrderId: z.string(), serviceId: z.string(), design: ServiceDesign });
export const DesignSolutionOutput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('plan'), cfsSpecId: z.string(), resourceNeeds: z.array(ResourceNeed) }),
  z.object({ action: z.literal('assess'), feasibility: ServiceFeasibility }),
  Designed.extend({ action: z.literal('design') }),
  Designed.extend({ action: z.literal('redesign') }),
  z.object({
    action: z.literal('amend'),
    serviceOrderId: z.string(),
    applied: z.boolean(),
    reason: z.string().nullable(),
    characteristics: Characteristics,
  }),
  Designed.extend({ action: z.literal('cease') }),
]);
export type DesignSolutionOutput = z.infer<typeof DesignSolutionOutput>;

export const AllocateInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('allocate'), serviceId: z.string().min(1) }),
  z.object({ action: z.literal('release'), serviceId: z.string().min(1), reason: z.string().min(1) }),
]);
const Identifier = z.object({
  name: z.string(),
  value: z.string(),
  resourceId: z.string(),
  resourceSpecId: z.string(),
});
export const AllocateOutput = z.object({
  serviceId: z.string(),
  /** Identifiers by parameter name, as the service order result reports them. */
  parameters: z.record(z.string(), z.string()),
  identifiers: z.array(Identifier),
  released: z.array(Identifier),
});
export type AllocateOutput = z.infer<typeof AllocateOutput>;

const WorkPlan = z.object({
  state: z.enum(['dispatched', 'completed', 'cancelled']),
  workOrderId: z.string().nullable(),
  technicianId: z.string().nullable(),
  /** External work: what suppliers are to deliver, and what they did. */
  expectedFromSuppliers: z.array(
    z.object({ resourceSpecId: z.string(), quantity: z.number().int(), resourceIds: z.array(z.string()).nullable() }),
  ),
});
export type WorkPlan = z.infer<typeof WorkPlan>;

export const WorkOrdersInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('dispatch'), serviceOrderId: z.string().min(1) }),
  z.object({
    action: z.literal('complete'),
    serviceOrderId: z.string().min(1),
    delivered: z.array(z.object({ resourceSpecId: z.string(), resourceIds: z.array(z.string()) })).default([]),
  }),
  z.object({ action: z.literal('cancel'), serviceOrderId: z.string().min(1), reason: z.string().min(1) }),
]);
export const WorkOrdersOutput = z.object({
  serviceOrderId: z.string(),
  plan: WorkPlan.nullable(),
  workOrder: z
    .object({
      id: z.string(),
      technicianId: z.string().nullable(),
      skill: z.string(),
      state: z.enum(['assigned', 'inProgress', 'completed', 'cancelled']),
    })
    .nullable(),
});
export type WorkOrdersOutput = z.infer<typeof WorkOrdersOutput>;

export const ImplementInput = z.discriminatedUnion('action', [
  /** Configure the service over the resources RM&O provisioned for it (and its identifiers). */
  z.object({ action: z.literal('implement'), serviceId: z.string().min(1), resourceIds: z.array(z.string()) }),
  z.object({ action: z.literal('undo'), serviceId: z.string().min(1), reason: z.string().min(1) }),
]);
export const ImplementOutput = z.object({
  serviceId: z.string(),
  state: ServiceState,
  elements: z.array(z.object({ resourceId: z.string(), adminState: z.enum(['up', 'down']) })),
});

export const TestInput = z.object({ serviceOrderId: z.string().min(1), serviceId: z.string().min(1) });
export const TestOutput = z.object({
  serviceId: z.string(),
  testId: z.string(),
  passed: z.literal(true),
  measurements: z.record(z.string(), z.number()),
  detail: z.string(),
});

export const ActivateInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('activate'), serviceOrderId: z.string().min(1), serviceId: z.string().min(1) }),
  /** Ceasing, or undoing a service that will not be delivered: terminated, order closed. */
  z.object({
    action: z.literal('deactivate'),
    serviceId: z.string().min(1),
    reason: z.string().min(1),
    closeOrder: z
      .object({ serviceOrderId: z.string().min(1), state: z.enum(['completed', 'failed', 'cancelled']) })
      .optional(),
  }),
]);
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

/** The service-level part of an element's configuration; RM&O's resource-level part sits beside it. */
const SERVICE_CONFIG = 'serviceConfiguration';

export function createServiceConfigurationActivationActivities(
  ports: Pick<Ports, 'catalog' | 'serviceInventory' | 'workforce' | 'networkActivation' | 'clock'>,
) {
  const { catalog, serviceInventory: services, workforce, networkActivation: network, clock } = ports;
  const now = () => clock().toISOString();

  const specOf = async (cfsSpecId: string) =>
    (await catalog.getCfsSpec(cfsSpecId)) ??
    reject(BusinessErrorType.NotFound, `no customer-facing service spec ${cfsSpecId}`);
  const orderOf = async (id: string) =>
    (await services.getServiceOrder(id)) ?? reject(BusinessErrorType.NotFound, `no service order ${id}`);
  const serviceOf = async (id: string) =>
    (await services.getService(id)) ?? reject(BusinessErrorType.NotFound, `no service ${id}`);
  const designOf = (s: ServiceRecord | ServiceOrderRecord) => ServiceDesign.parse(s.design);
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
    await services.transitionServiceOrder(`${key}/inProgress`, serviceOrderId, 'inProgress', reason, at);
  };
  const parametersOf = async (serviceId: string) => {
    const held = await services.parametersOf(serviceId);
    return {
      identifiers: held.map(({ name, value, resourceId, resourceSpecId }) => ({
        name,
        value,
        resourceId,
        resourceSpecId,
      })),
      parameters: Object.fromEntries(held.map((p) => [p.name, p.value])),
    };
  };

  /** Only the characteristics the spec defines belong to the service. */
  const ownCharacteristics = (spec: CfsSpec, c: Characteristics): Characteristics =>
    Object.fromEntries(Object.entries(c).filter(([k]) => spec.parameters.includes(k)));

  const serviceLevels = (spec: CfsSpec, characteristics: Characteristics) => {
    const level = SERVICE_LEVELS[spec.serviceType] ?? BEST_EFFORT;
    const bandwidth = characteristics['bandwidthMbps'];
    return {
      qos: {
        maxLatencyMs: level.maxLatencyMs,
        minThroughputPct: MIN_THROUGHPUT_PCT,
        ...(typeof bandwidth === 'number' ? { committedBandwidthMbps: bandwidth } : {}),
      },
      sla: { availabilityPct: level.availabilityPct, restoreHours: level.restoreHours },
    };
  };

  /**
   * The a-priori feasibility of a solution: each resource RM&O lacks is bought when a supplier
   * has a contract for it and is a show-stopper otherwise; identifiers must be free in their
   * pools; on-site work needs a technician with the skill in the region.
   */
  async function assess(spec: CfsSpec, region: string, requested: Characteristics, availability: ResourceAvailability) {
    const reasons: string[] = [];
    const characteristics = ownCharacteristics(spec, requested);
    if (availability.region !== region)
      reasons.push(`resource availability was checked in ${availability.region}, not ${region}`);

    const resourceNeeds: ResourceNeed[] = [];
    const supplierComponents: Array<z.infer<typeof SupplierComponent>> = [];
    for (const r of spec.resources.filter((x) => x.role === 'resource')) {
      const line = availability.lines.find((l) => l.resourceSpecId === r.resourceSpecId);
      const ours = Math.min(line?.available ?? 0, r.quantity);
      if (ours > 0) resourceNeeds.push({ resourceSpecId: r.resourceSpecId, quantity: ours });
      const gap = r.quantity - ours;
      if (gap === 0) continue;
      if (line && line.supplierContracts.length > 0) {
        supplierComponents.push({
          resourceSpecId: r.resourceSpecId,
          quantity: gap,
          supplierContracts: line.supplierContracts,
        });
      } else {
        reasons.push(`no ${r.resourceSpecId} free in ${region} and no supplier contract for it`);
      }
    }

    const identifierNeeds: Array<z.infer<typeof IdentifierNeed>> = [];
    for (const r of spec.resources.filter((x) => x.role === 'identifier')) {
      // A number may be asked for from another region's numbering plan.
      const numberRegion = characteristics['numberRegion'];
      const pool = r.resourceType === 'telephone-number' && typeof numberRegion === 'string' ? numberRegion : region;
      const free = await services.freeIdentifiers(pool, r.resourceSpecId);
      if (free < r.quantity)
        reasons.push(`the ${r.resourceSpecId} pool of ${pool} has ${free} free, ${r.quantity} needed`);
      identifierNeeds.push({
        name: PARAMETER_NAMES[r.resourceType] ?? r.resourceType,
        resourceSpecId: r.resourceSpecId,
        region: pool,
        quantity: r.quantity,
      });
    }

    let onsiteWork: { skill: string } | null = null;
    if (spec.needsOnsiteWork) {
      const skill = spec.technicianSkill ?? 'general';
      const technicians = (await workforce.technicians(region)).filter((t) => t.skills.includes(skill));
      if (technicians.length === 0) reasons.push(`no technician with the ${skill} skill in ${region}`);
      onsiteWork = { skill };
    }
    return {
      feasible: reasons.length === 0,
      reasons,
      characteristics,
      resourceNeeds,
      supplierComponents,
      identifierNeeds,
      onsiteWork,
    };
  }

  /** 1.F.2.2.1 — define a solution that meets the customer's specification. */
  const designSolution = defineProcess(
    { etomId: '1.F.2.2.1', input: DesignSolutionInput, output: DesignSolutionOutput },
    async (input, call): Promise<z.input<typeof DesignSolutionOutput>> => {
      switch (input.action) {
        case 'plan': {
          const spec = await specOf(input.cfsSpecId);
          const resourceNeeds = spec.resources
            .filter((r) => r.role === 'resource')
            .map((r) => ({ resourceSpecId: r.resourceSpecId, quantity: r.quantity }));
          return { action: 'plan', cfsSpecId: spec.id, resourceNeeds };
        }

        case 'assess': {
          const spec = await specOf(input.cfsSpecId);
          const a = await assess(spec, input.region, input.characteristics, input.availability);
          return {
            action: 'assess',
            feasibility: {
              cfsSpecId: spec.id,
              region: input.region,
              feasible: a.feasible,
              reasons: a.reasons,
              supplierComponents: a.supplierComponents.map((c) => c.resourceSpecId),
            },
          };
        }

        case 'design': {
          const { order } = input;
          const spec = await specOf(order.cfsSpecId);
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
            return {
              action: 'design',
              serviceOrderId: existing.id,
              serviceId: existing.serviceId,
              design: designOf(existing),
            };
          }
          const a = await assess(spec, order.region, order.characteristics, input.availability);
          const at = now();
          await services.recordServiceOrder(
            `${call.idempotencyKey}/order`,
            { ...order, id: order.serviceOrderId, action: 'add' },
            at,
          );
          if (!a.feasible) {
            // The order was received and is answered: rejected, with the reasons.
            await services.transitionServiceOrder(
              `${call.idempotencyKey}/rejected`,
              order.serviceOrderId,
              'rejected',
              a.reasons.join('; '),
              at,
            );
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
          await startServiceOrder(
            call.idempotencyKey,
            order.serviceOrderId,
            service.id,
            design,
            'solution designed',
            at,
          );
          return { action: 'design', serviceOrderId: order.serviceOrderId, serviceId: service.id, design };
        }

        case 'redesign': {
          const order = await orderOf(input.serviceOrderId);
          if (order.state !== 'inProgress' || !order.serviceId) {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `service order ${order.id} is ${order.state}: nothing to redesign`,
            );
          }
          const current = designOf(order);
          const design: ServiceDesign = { ...current, revision: current.revision + 1, reason: input.reason };
          const at = now();
          await services.updateService(`${call.idempotencyKey}/service`, order.serviceId, { design }, at);
          await services.updateServiceOrder(`${call.idempotencyKey}/order`, order.id, { design }, at);
          return { action: 'redesign', serviceOrderId: order.id, serviceId: order.serviceId, design };
        }

        case 'amend': {
          const order = await orderOf(input.serviceOrderId);
          const spec = await specOf(order.cfsSpecId);
          const service = order.serviceId ? await serviceOf(order.serviceId) : undefined;
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
          return { action: 'amend', serviceOrderId: order.id, applied: true, reason: null, characteristics };
        }

        case 'cease': {
          const { order } = input;
          const service = await serviceOf(input.serviceId);
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
          );
          await startServiceOrder(
            call.idempotencyKey,
            order.serviceOrderId,
            service.id,
            design,
            `cease of ${service.id}`,
            at,
          );
          return { action: 'cease', serviceOrderId: order.serviceOrderId, serviceId: service.id, design };
        }
      }
    },
  );

  /** 1.F.2.2.2 — establish the new service's identifiers from the pools SM&O manages. */
  const allocateSpecificServiceParameters = defineProcess(
    { etomId: '1.F.2.2.2', input: AllocateInput, output: AllocateOutput },
    async (input, call) => {
      const service = await serviceOf(input.serviceId);
      if (input.action === 'release') {
        const released = await services.releaseIdentifiers(call.idempotencyKey, service.id, input.reason, now());
        return {
          serviceId: service.id,
          parameters: {},
          identifiers: [],
          released: released.map(({ name, value, resourceId, resourceSpecId }) => ({
            name,
            value,
            resourceId,
            resourceSpecId,
          })),
        };
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
      return { serviceId: service.id, ...(await parametersOf(service.id)), released: [] };
    },
  );

  /**
   * 1.F.2.2.3 — launch the operational tasks the solution needs (a technician on site) and
   * keep track of what suppliers are to deliver, until the work is done or called off.
   */
  const trackAndManageWorkOrders = defineProcess(
    { etomId: '1.F.2.2.3', input: WorkOrdersInput, output: WorkOrdersOutput },
    async (input, call) => {
      const order = await orderOf(input.serviceOrderId);
      const plan = order.workPlan === null ? null : WorkPlan.parse(order.workPlan);
      const workOrderOf = async (p: WorkPlan | null) => {
        const wo = p?.workOrderId ? await workforce.get(p.workOrderId) : undefined;
        return wo ? { id: wo.id, technicianId: wo.technicianId, skill: wo.skill, state: wo.state } : null;
      };

      if (input.action === 'dispatch') {
        if (TERMINAL_SERVICE_ORDER_STATES.includes(order.state)) {
          return reject(BusinessErrorType.InvalidStateTransition, `service order ${order.id} is ${order.state}`);
        }
        if (plan) return { serviceOrderId: order.id, plan, workOrder: await workOrderOf(plan) };
        const design = designOf(order);
        const wo = design.onsiteWork
          ? await workforce.dispatch(`${call.idempotencyKey}/dispatch`, {
              reference: order.id,
              kind: 'install',
              skill: design.onsiteWork.skill,
              region: order.region,
              notes: `install ${order.cfsSpecId} (service ${order.serviceId}) for ${order.customerId}`,
            })
          : undefined;
        const dispatched: WorkPlan = {
          state: 'dispatched',
          workOrderId: wo?.id ?? null,
          technicianId: wo?.technicianId ?? null,
          expectedFromSuppliers: design.supplierComponents.map((c) => ({
            resourceSpecId: c.resourceSpecId,
            quantity: c.quantity,
            resourceIds: null,
          })),
        };
        await services.updateServiceOrder(`${call.idempotencyKey}/plan`, order.id, { workPlan: dispatched }, now());
        return { serviceOrderId: order.id, plan: dispatched, workOrder: await workOrderOf(dispatched) };
      }

      if (input.action === 'complete') {
        if (!plan || plan.state === 'cancelled') {
          return reject(BusinessErrorType.InvalidStateTransition, `service order ${order.id} has no work under way`);
        }
        const expected = plan.expectedFromSuppliers.map((e) => ({
          ...e,
          resourceIds: input.delivered.find((d) => d.resourceSpecId === e.resourceSpecId)?.resourceIds ?? e.resourceIds,
        }));
        const missing = expected.filter((e) => (e.resourceIds?.length ?? 0) < e.quantity).map((e) => e.resourceSpecId);
        if (missing.length > 0) {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `still awaiting from suppliers: ${missing.join(', ')}`,
            { missing },
          );
        }
        if (plan.workOrderId) {
          await workforce.complete(
            `${call.idempotencyKey}/complete`,
            plan.workOrderId,
            `on-site work done for ${order.serviceId}`,
          );
        }
        const completed: WorkPlan = { ...plan, state: 'completed', expectedFromSuppliers: expected };
        await services.updateServiceOrder(`${call.idempotencyKey}/plan`, order.id, { workPlan: completed }, now());
        return { serviceOrderId: order.id, plan: completed, workOrder: await workOrderOf(completed) };
      }

      // Cancel: call the technician off; work already done stays done.
      if (!plan) return { serviceOrderId: order.id, plan: null, workOrder: null };
      const wo = await workOrderOf(plan);
      if (wo && (wo.state === 'assigned' || wo.state === 'inProgress')) {
        await workforce.cancel(`${call.idempotencyKey}/cancel`, wo.id, input.reason);
      }
      const cancelled: WorkPlan = plan.state === 'completed' ? plan : { ...plan, state: 'cancelled' };
      await services.updateServiceOrder(`${call.idempotencyKey}/plan`, order.id, { workPlan: cancelled }, now());
      return { serviceOrderId: order.id, plan: cancelled, workOrder: await workOrderOf(cancelled) };
    },
  );

  /** Takes the service's own configuration off an element, leaving RM&O's part untouched. */
  async function removeServiceConfiguration(key: string, element: ElementConfiguration): Promise<void> {
    const others = Object.keys(element.config).filter((k) => k !== SERVICE_CONFIG);
    if (others.length === 0) await network.unconfigure(key, element.resourceId);
    else await network.configure(key, element.resourceId, element.serviceId, { [SERVICE_CONFIG]: null });
  }
  const carriesService = (e: ElementConfiguration) =>
    e.config[SERVICE_CONFIG] !== undefined && e.config[SERVICE_CONFIG] !== null;

  /** 1.F.2.2.4 — install and configure the service end to end, optimised to the customer's spec. */
  const implementConfigureAndActivateService = defineProcess(
    { etomId: '1.F.2.2.4', input: ImplementInput, output: ImplementOutput },
    async (input, call) => {
      const service = await serviceOf(input.serviceId);
      if (input.action === 'undo') {
        const elements = (await network.configurationsOfService(service.id)).filter(carriesService);
        for (const e of elements) await removeServiceConfiguration(`${call.idempotencyKey}/remove/${e.resourceId}`, e);
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
      }

      if (service.state !== 'reserved' && service.state !== 'inactive') {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `service ${service.id} is ${service.state}: it cannot be implemented`,
        );
      }
      // Every resource must be one RM&O configured for this service, before anything is touched.
      for (const resourceId of input.resourceIds) {
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
      const { identifiers, parameters } = await parametersOf(service.id);
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
  );

  /**
   * 1.F.2.2.5 — make sure every component works and the service performs at the agreed level
   * before it is activated; a failure goes back to implementation (TestFailed).
   */
  const testServiceEndToEnd = defineProcess(
    { etomId: '1.F.2.2.5', input: TestInput, output: TestOutput },
    async (input, call) => {
      const service = await serviceOf(input.serviceId);
      if (service.state !== 'inactive') {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `service ${service.id} is ${service.state}: only an installed service is tested`,
        );
      }
      const { qos } = designOf(service);
      const result = await network.testService(service.id);
      const m = result.measurements;
      const shortfalls: string[] = [];
      const maxLatency = qos['maxLatencyMs'];
      if (maxLatency !== undefined && m['latencyMs'] !== undefined && m['latencyMs'] > maxLatency) {
        shortfalls.push(`latency ${m['latencyMs']} ms above the ${maxLatency} ms agreed`);
      }
      const minThroughput = qos['minThroughputPct'];
      if (minThroughput !== undefined && m['throughputPct'] !== undefined && m['throughputPct'] < minThroughput) {
        shortfalls.push(`throughput at ${m['throughputPct']}% of the agreed rate`);
      }
      const passed = result.passed && shortfalls.length === 0;
      const detail = [result.detail, ...shortfalls].join('; ');
      const test = await services.recordTest(call.idempotencyKey, {
        serviceId: service.id,
        serviceOrderId: input.serviceOrderId,
        passed,
        measurements: m,
        detail,
        at: now(),
      });
      if (!passed) {
        throw new BusinessRejection(
          BusinessErrorType.TestFailed,
          `service ${service.id} failed its end-to-end test: ${detail}`,
          {
            testId: test.id,
            measurements: m,
          },
        );
      }
      return { serviceId: service.id, testId: test.id, passed: true as const, measurements: m, detail };
    },
  );

  /**
   * 1.F.2.2.6 — activate every installed element end to end, tell the customer processes the
   * service is there (the order completes), and keep what assurance needs; or deactivate.
   */
  const activateService = defineProcess(
    { etomId: '1.F.2.2.6', input: ActivateInput, output: ActivateOutput },
    async (input, call) => {
      const service = await serviceOf(input.serviceId);
      const elements = (await network.configurationsOfService(service.id)).filter(carriesService);

      if (input.action === 'deactivate') {
        for (const e of elements) {
          await network.setAdminState(`${call.idempotencyKey}/down/${e.resourceId}`, e.resourceId, 'down');
          await removeServiceConfiguration(`${call.idempotencyKey}/remove/${e.resourceId}`, e);
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
      }

      const order = await orderOf(input.serviceOrderId);
      if (service.state === 'active' && order.state === 'completed') {
        return {
          serviceId: service.id,
          state: service.state,
          orderState: order.state,
          assurance: AssuranceRecord.parse(service.assurance),
        };
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
        parameters: (await parametersOf(service.id)).parameters,
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
      );
      return { serviceId: service.id, state: active.state, orderState: completed.state, assurance };
    },
  );

  /** Closes a service order; a cancellation goes through its TMF641 assessment steps. */
  async function closeOrder(
    key: string,
    serviceOrderId: string,
    to: 'completed' | 'failed' | 'cancelled',
    reason: string,
  ) {
    const order = await orderOf(serviceOrderId);
    if (TERMINAL_SERVICE_ORDER_STATES.includes(order.state)) return order;
    const steps: ServiceOrderState[] =
      to === 'cancelled' ? ['assessingCancellation', 'pendingCancellation', 'cancelled'] : [to];
    let closed = order;
    for (const step of steps)
      closed = await services.transitionServiceOrder(`${key}/order/${step}`, serviceOrderId, step, reason, now());
    return closed;
  }

  return {
    designSolution,
    allocateSpecificServiceParameters,
    trackAndManageWorkOrders,
    implementConfigureAndActivateService,
    testServiceEndToEnd,
    activateService,
  };
}
