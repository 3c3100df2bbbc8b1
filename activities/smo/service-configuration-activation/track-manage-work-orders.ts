import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { TERMINAL_SERVICE_ORDER_STATES } from '../../../src/domain/fulfilment/service-lifecycle';
import type { Ports } from '../../../src/ports';
import { designOf, orderOf } from './service-records';

const WorkPlan = z.object({
  state: z.enum(['dispatched', 'completed', 'cancelled']),
  workOrderId: z.string().nullable(),
  technicianId: z.string().nullable(),
  /** External work: what suppliers are to deliver, and what they did. */
  expectedFromSuppliers: z.array(
    z.object({
      resourceSpecId: z.string(),
      quantity: z.number().int(),
      resourceIds: z.array(z.string()).nullable(),
      /** The supplier's latest promise for it, once S/PRM (1.F.4.2.3) reported a change. */
      expectedDelivery: z.string().optional(),
      partnerOrderId: z.string().optional(),
    }),
  ),
});
export type WorkPlan = z.infer<typeof WorkPlan>;

/**
 * Launch the work the design needs: a technician on site, what suppliers are to deliver. With
 * `viaWorkforce` the technician is not dispatched here: the answer names the on-site work, and
 * the order hands it to Manage Workforce (1.O.3.1.6, RM&O's `workOrder`), which assigns, tracks
 * and escalates it. Without it (orders started before that hand-off) it dispatches itself.
 */
export const DispatchInput = z.object({
  serviceOrderId: z.string().min(1),
  viaWorkforce: z.boolean().default(false),
});
/**
 * The technician is done and the suppliers delivered. `workOrder` is what 1.O.3.1.6 reported
 * when it tracked the visit: it must show the work order closed (this process then closes
 * nothing itself).
 */
export const CompleteInput = z.object({
  serviceOrderId: z.string().min(1),
  delivered: z.array(z.object({ resourceSpecId: z.string(), resourceIds: z.array(z.string()) })).default([]),
  workOrder: z
    .object({ workOrderId: z.string().min(1), technicianId: z.string().nullable(), notes: z.string() })
    .optional(),
});
/** A supplier moved the date of a component the work waits for (1.F.4.2.3 told the order). */
export const RescheduleInput = z.object({
  serviceOrderId: z.string().min(1),
  resourceSpecId: z.string().min(1),
  partnerOrderId: z.string().min(1),
  expectedDelivery: z.string().min(1),
});
/** Call the work off. */
export const CancelInput = z.object({ serviceOrderId: z.string().min(1), reason: z.string().min(1) });
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
  /** With a dispatch `viaWorkforce`: the on-site work for Manage Workforce, none when the design needs none. */
  onSiteWork: z
    .object({ kind: z.literal('install'), skill: z.string(), region: z.string(), description: z.string() })
    .nullable()
    .optional(),
});
export type WorkOrdersOutput = z.infer<typeof WorkOrdersOutput>;

/**
 * 1.F.2.2.3 Track & Manage Work Orders — launch the operational tasks the solution needs (a
 * technician on site) and keep track of what suppliers are to deliver, until the work is done
 * or called off.
 */
export function createTrackAndManageWorkOrders(ports: Pick<Ports, 'serviceInventory' | 'workforce' | 'clock'>) {
  const { serviceInventory: services, workforce, clock } = ports;
  const now = () => clock().toISOString();

  const planOf = async (serviceOrderId: string) => {
    const order = await orderOf(services, serviceOrderId);
    return { order, plan: order.workPlan === null ? null : WorkPlan.parse(order.workPlan) };
  };
  const workOrderOf = async (p: WorkPlan | null) => {
    const wo = p?.workOrderId ? await workforce.get(p.workOrderId) : undefined;
    return wo ? { id: wo.id, technicianId: wo.technicianId, skill: wo.skill, state: wo.state } : null;
  };

  return defineProcessHandlers(
    {
      etomId: '1.F.2.2.3',
      handlers: {
        dispatch: { input: DispatchInput, output: WorkOrdersOutput },
        complete: { input: CompleteInput, output: WorkOrdersOutput },
        cancel: { input: CancelInput, output: WorkOrdersOutput },
        reschedule: { input: RescheduleInput, output: WorkOrdersOutput },
      },
    },
    {
      async dispatch(input, call) {
        const { order, plan } = await planOf(input.serviceOrderId);
        if (TERMINAL_SERVICE_ORDER_STATES.includes(order.state)) {
          return reject(BusinessErrorType.InvalidStateTransition, `service order ${order.id} is ${order.state}`);
        }
        const design = designOf(order);
        const description = `install ${order.cfsSpecId} (service ${order.serviceId}) for ${order.customerId}`;
        const onSiteWork =
          input.viaWorkforce && design.onsiteWork
            ? { kind: 'install' as const, skill: design.onsiteWork.skill, region: order.region, description }
            : null;
        if (plan) return { serviceOrderId: order.id, plan, workOrder: await workOrderOf(plan), onSiteWork };
        const wo =
          design.onsiteWork && !input.viaWorkforce
            ? await workforce.dispatch(`${call.idempotencyKey}/dispatch`, {
                reference: order.id,
                kind: 'install',
                skill: design.onsiteWork.skill,
                region: order.region,
                notes: description,
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
        return { serviceOrderId: order.id, plan: dispatched, workOrder: await workOrderOf(dispatched), onSiteWork };
      },

      async complete(input, call) {
        const { order, plan } = await planOf(input.serviceOrderId);
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
            {
              missing,
            },
          );
        }
        if (input.workOrder) {
          // Manage Workforce tracked the visit: the technician's report is what says it is done.
          const wo = await workforce.get(input.workOrder.workOrderId);
          if (wo?.reference !== order.id || wo.state !== 'completed') {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `work order ${input.workOrder.workOrderId} for ${order.id} is ${wo?.state ?? 'unknown'}, not completed`,
            );
          }
        } else if (plan.workOrderId) {
          await workforce.complete(
            `${call.idempotencyKey}/complete`,
            plan.workOrderId,
            `on-site work done for ${order.serviceId}`,
          );
        }
        const completed: WorkPlan = {
          ...plan,
          state: 'completed',
          expectedFromSuppliers: expected,
          ...(input.workOrder
            ? { workOrderId: input.workOrder.workOrderId, technicianId: input.workOrder.technicianId }
            : {}),
        };
        await services.updateServiceOrder(`${call.idempotencyKey}/plan`, order.id, { workPlan: completed }, now());
        return { serviceOrderId: order.id, plan: completed, workOrder: await workOrderOf(completed) };
      },

      /** The plan takes the supplier's new date for its component: what the work now waits for. */
      async reschedule(input, call) {
        const { order, plan } = await planOf(input.serviceOrderId);
        if (!plan || plan.state !== 'dispatched') {
          return reject(BusinessErrorType.InvalidStateTransition, `service order ${order.id} has no work under way`);
        }
        if (!plan.expectedFromSuppliers.some((e) => e.resourceSpecId === input.resourceSpecId)) {
          return reject(BusinessErrorType.NotFound, `service order ${order.id} expects no ${input.resourceSpecId}`);
        }
        const rescheduled: WorkPlan = {
          ...plan,
          expectedFromSuppliers: plan.expectedFromSuppliers.map((e) =>
            e.resourceSpecId === input.resourceSpecId
              ? { ...e, expectedDelivery: input.expectedDelivery, partnerOrderId: input.partnerOrderId }
              : e,
          ),
        };
        await services.updateServiceOrder(`${call.idempotencyKey}/plan`, order.id, { workPlan: rescheduled }, now());
        return { serviceOrderId: order.id, plan: rescheduled, workOrder: await workOrderOf(rescheduled) };
      },

      /** Call the technician off; work already done stays done. */
      async cancel(input, call) {
        const { order, plan } = await planOf(input.serviceOrderId);
        if (!plan) return { serviceOrderId: order.id, plan: null, workOrder: null };
        const wo = await workOrderOf(plan);
        if (wo && (wo.state === 'assigned' || wo.state === 'inProgress')) {
          await workforce.cancel(`${call.idempotencyKey}/cancel`, wo.id, input.reason);
        }
        const cancelled: WorkPlan = plan.state === 'completed' ? plan : { ...plan, state: 'cancelled' };
        await services.updateServiceOrder(`${call.idempotencyKey}/plan`, order.id, { workPlan: cancelled }, now());
        return { serviceOrderId: order.id, plan: cancelled, workOrder: await workOrderOf(cancelled) };
      },
    },
  );
}
