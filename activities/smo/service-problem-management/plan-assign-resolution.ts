import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { ServiceProblemUpdate } from '../../../src/domain/assurance/messages';
import { PlanTask } from '../../../src/domain/assurance/resolution-plan';
import type { Ports } from '../../../src/ports';
import type { ServiceElement } from '../../../src/ports/service-problems';
import { Id, problemOf, updateFor } from './service-problem';

export const PlanInput = z.object({
  serviceProblemId: Id,
  /** 1, then 2, 3… when certification failed and the problem is worked again. */
  round: z.number().int().positive().default(1),
  resourceTroubleId: Id.nullable().default(null),
});
export type PlanInput = z.input<typeof PlanInput>;
export const PlanOutput = z.object({ serviceProblemId: Id, tasks: z.array(PlanTask), update: ServiceProblemUpdate });
export type PlanOutput = z.output<typeof PlanOutput>;

/**
 * 1.A.2.3.3 Plan & Assign Resolution — the resolution plan from the root cause: who is to act
 * (a technician, RM&O, a supplier through S/PRM, service activation) and on what.
 */
export function createPlanAndAssignServiceProblemResolution(
  ports: Pick<Ports, 'serviceProblems' | 'serviceInventory'>,
) {
  const { serviceProblems, serviceInventory: services } = ports;

  return defineProcess({ etomId: '1.A.2.3.3', input: PlanInput, output: PlanOutput }, async (input, call) => {
    const p = await problemOf(serviceProblems, input.serviceProblemId);
    const cause = p.rootCause ?? reject(BusinessErrorType.InvalidStateTransition, `${p.id} has no diagnosis yet`);
    const service = await services.getService(p.serviceId);
    const suffix = input.round > 1 ? `-R${input.round}` : '';
    const elements = await serviceProblems.elementsOf(p.serviceId);
    const element = elements.find((e) => e.resourceId === cause.resourceId);
    let task: PlanTask;
    switch (cause.kind) {
      case 'customerUsage':
      case 'none':
        task = {
          kind: 'advise',
          advice: `Your service tests correctly end to end. Please restart your equipment and check its cabling; call us again if the trouble persists.`,
        };
        break;
      case 'configuration': {
        // A quality shortfall on elements that all work: the text's remedy is resource capacity
        // configured for the service by RM&O (1.F.3.2.2), not the same configuration again.
        const access = p.origin === 'quality' ? capacityElement(elements) : undefined;
        task = access
          ? {
              kind: 'resourceOrder',
              resourceOrderId: `RO-${p.id}${suffix}`,
              region: service?.region ?? reject(BusinessErrorType.NotFound, `no service ${p.serviceId}`),
              needs: [{ resourceSpecId: access.resourceSpecId, quantity: 1 }],
              reason: `${p.serviceId} misses its designed QoS on working elements (${cause.detail}): one more ${access.resourceType} beside ${access.resourceId}`,
            }
          : { kind: 'reconfigure' };
        break;
      }
      case 'supplier':
        task = {
          kind: 'partnerProblem',
          partnerProblemId: `PP-${p.id}${suffix}`,
          supplierId: cause.supplierId ?? reject(BusinessErrorType.InvalidInput, `${p.id}: supplier unknown`),
          requisitionId: cause.requisitionId ?? reject(BusinessErrorType.InvalidInput, `${p.id}: requisition unknown`),
          resourceId: cause.resourceId!,
          description: cause.detail,
        };
        break;
      case 'resource': {
        const resourceId = cause.resourceId!;
        if (input.resourceTroubleId && input.round === 1) {
          task = { kind: 'awaitResourceTrouble', troubleId: input.resourceTroubleId, resourceId };
        } else if (element?.resourceType === 'cpe') {
          // At the customer's premises: a technician goes there.
          task = {
            kind: 'workOrder',
            resourceId,
            workOrder: {
              reference: `${p.id}${suffix}`,
              kind: 'repair',
              skill: 'cpe',
              region: service?.region ?? reject(BusinessErrorType.NotFound, `no service ${p.serviceId}`),
              description: `repair ${resourceId} at ${p.customerId} (service ${p.serviceId}): ${cause.detail}`,
            },
          };
        } else {
          task = { kind: 'resourceTrouble', troubleId: `RT-${p.id}${suffix}`, resourceId, description: cause.detail };
        }
        break;
      }
    }
    const tasks = [task];
    await serviceProblems.update(`${call.idempotencyKey}/plan`, p.id, { plan: { round: input.round, tasks } });
    const detail = `plan: ${tasks.map(describeTask).join('; ')}`;
    await serviceProblems.note(`${call.idempotencyKey}/note`, p.id, '1.A.2.3.3', detail);
    return { serviceProblemId: p.id, tasks, update: updateFor(p, '1.A.2.3.3', detail) };
  });
}

/** Where a service's committed rate is carried: its access port or circuit, else its first element. */
const capacityElement = (elements: ServiceElement[]) =>
  elements.find((e) => e.resourceType === 'port' || e.resourceType === 'access-circuit') ?? elements[0];

/** A task as the problem's notes and CRM's updates word it. */
function describeTask(t: PlanTask): string {
  switch (t.kind) {
    case 'workOrder':
      return `technician (${t.workOrder.skill}, ${t.workOrder.region}) to repair ${t.resourceId}`;
    case 'resourceTrouble':
      return `restoration of ${t.resourceId} requested from RM&O (${t.troubleId})`;
    case 'awaitResourceTrouble':
      return `RM&O restores ${t.resourceId} (${t.troubleId})`;
    case 'partnerProblem':
      return `report to ${t.supplierId} on ${t.resourceId} (requisition ${t.requisitionId})`;
    case 'reconfigure':
      return 'apply the service configuration again';
    case 'resourceOrder':
      return `resource order ${t.resourceOrderId} to RM&O: ${t.reason}`;
    case 'advise':
      return `advise the customer: ${t.advice}`;
  }
}
