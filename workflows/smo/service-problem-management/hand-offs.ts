import { getExternalWorkflowHandle, startChild } from '@temporalio/workflow';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import type { AssuranceTimings } from '../../../src/domain/assurance/timings';
import type { PlanTask } from '../../../src/domain/assurance/resolution-plan';
import type { ServiceProblemRequestInput, ServiceProblemUpdate } from '../../../src/domain/assurance/messages';
import { serviceProblemUpdateSignal } from '../../shared/assurance-messages';
import { proceedWithResourceOrderSignal } from '../../shared/fulfilment-messages';
import { logDecision } from '../../shared/decision-log';
import { resourceOrder, resourceOrderStart } from '../../rmo/resource-provisioning';

/**
 * What Service Problem Management (1.A.2.3) hands to the processes the text names, beside its
 * table of contents in service-problem-management.ts.
 */

type ResourceOrderTask = Extract<PlanTask, { kind: 'resourceOrder' }>;

/**
 * 1.A.2.3.4 → RM&O 1.F.3.2 Resource Provisioning: a quality problem's repair is capacity that
 * RM&O reserves (1.F.3.2.1), configures and activates for the service (1.F.3.2.2), as the
 * text of 1.F.3.2.2 has it ("ajouter les capacités de ressources nécessaires pour remédier à
 * des problèmes de performance"). The work is ours to schedule, so the go-ahead follows at once.
 * What was done, in words; a refusal is reported, and certification (1.A.2.3.5) decides.
 */
export async function orderCapacity(
  req: ServiceProblemRequestInput,
  task: ResourceOrderTask,
  timings: AssuranceTimings,
): Promise<string> {
  logDecision('quality problem: capacity ordered from RM&O', '1.A.2.3.4', { resourceOrderId: task.resourceOrderId });
  const child = await startChild(
    resourceOrder,
    resourceOrderStart(task.resourceOrderId, {
      resourceOrderId: task.resourceOrderId,
      // The request that asked for it: this problem, as a service order would be for a new service.
      serviceOrderId: req.serviceProblemId,
      serviceId: req.serviceId,
      customerId: req.customerId,
      region: task.region,
      action: 'add',
      needs: task.needs,
      timings: FulfilmentTimings.parse({ reservationHold: timings.restorationTarget }),
    }),
  );
  await child.signal(proceedWithResourceOrderSignal, { deliveredResourceIds: [] });
  const out = await child.result();
  return out.state === 'completed'
    ? `RM&O resource order ${out.resourceOrderId} completed: ${out.resources.map((r) => r.id).join(', ')} configured for ${req.serviceId}`
    : `RM&O resource order ${out.resourceOrderId} ${out.state}: ${out.reason ?? 'no reason given'}`;
}

/** Work that serves only the customer who reported: it stops when they withdraw. */
export const forThisCustomerAlone = (task: PlanTask) =>
  task.kind === 'workOrder' || task.kind === 'advise' || task.kind === 'reconfigure';

/** Signals another workflow; one that has finished meanwhile no longer needs to hear. */
export async function signalQuietly(workflowId: string, u: ServiceProblemUpdate): Promise<void> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(serviceProblemUpdateSignal, u);
  } catch {
    // The workflow closed: nothing to tell.
  }
}
