import { getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import type { AssuranceTimings } from '../../../src/domain/assurance/timings';
import type { PlanTask } from '../../../src/domain/assurance/resolution-plan';
import type {
  ResourceTroubleUpdate,
  ServiceProblemRequestInput,
  ServiceProblemUpdate,
} from '../../../src/domain/assurance/messages';
import {
  followServiceProblemSignal,
  resourceTroubleUpdateSignal,
  serviceProblemUpdateSignal,
} from '../../shared/assurance-messages';
import { proceedWithResourceOrderSignal } from '../../shared/fulfilment-messages';
import { logDecision } from '../../shared/decision-log';
import { resourceOrder, resourceOrderStart } from '../../rmo/resource-provisioning';
import { serviceProblem, serviceProblemStart } from '../service-problem-management';
import { customerQosDegradationWorkflowId, customerSla, customerSlaStart } from '../../crm/customer-qos-sla-management';

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

/** Asks the problem worked already to report its outcome to `self`; false when it is gone. */
export async function followPrimary(workflowId: string, serviceProblemId: string, self: string): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(followServiceProblemSignal, {
      serviceProblemId,
      workflowId: self,
    });
    return true;
  } catch {
    return false;
  }
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

/**
 * Starts a service problem that outlives whoever opens it (abandoned: its repair takes its own
 * time); one open already under that id is left to go on. Its workflow id is its problem id.
 */
export async function openServiceProblem(request: ServiceProblemRequestInput): Promise<string> {
  const id = request.serviceProblemId;
  try {
    await startChild(
      serviceProblem,
      serviceProblemStart(id, request, { parentClosePolicy: ParentClosePolicy.ABANDON }),
    );
  } catch (err) {
    if (!alreadyStarted(err)) throw err;
  }
  return id;
}

/** From this patch on, a customer's report that finds a shared fault opens the others' problems. */
export const RELATED_PROBLEMS = 'customer-report-opens-related-problems';
const alreadyStarted = (err: unknown) => err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';

/**
 * 1.A.2.3.1 → 1.A.2.3 for the others: a customer's report revealed a fault on an element that
 * other services run on (1.A.2.3.1 "détermineront leur incidence sur les clients"). Each gets
 * its own service problem, as the alarm path gives them: origin resourceTrouble, on the RM&O
 * trouble this problem requested, so each tells its customer before they call (a proactive
 * CRM ticket) and awaits RM&O's word, which this problem relays (`relayResourceUpdate`), since
 * RM&O answers the problem that asked. Ids as RM&O's report names them (serviceProblemIdFor).
 */
export async function openRelatedProblems(
  req: ServiceProblemRequestInput,
  related: ReadonlyArray<{ serviceId: string; customerId: string }>,
  task: Extract<PlanTask, { kind: 'resourceTrouble' }>,
  timings: AssuranceTimings,
): Promise<string[]> {
  const opened: string[] = [];
  for (const r of related) {
    const id = `SP-${task.troubleId}-${r.serviceId}`;
    logDecision('service problem opened for a service sharing the fault', '1.A.2.3.1', { serviceProblemId: id });
    const request: ServiceProblemRequestInput = {
      serviceProblemId: id,
      origin: 'resourceTrouble',
      serviceId: r.serviceId,
      customerId: r.customerId,
      description: `${r.serviceId} affected by ${task.resourceId}, found from ${req.serviceProblemId}: ${task.description}`,
      urgency: 'high',
      resourceTrouble: { troubleId: task.troubleId, resourceId: task.resourceId, workflowId: task.troubleId },
      timings,
    };
    opened.push(await openServiceProblem(request));
  }
  return opened;
}

/** RM&O's word on the trouble, passed on to the problems opened for the others. */
export async function relayResourceUpdate(workflowIds: readonly string[], u: ResourceTroubleUpdate): Promise<void> {
  for (const id of workflowIds) {
    await getExternalWorkflowHandle(id)
      .signal(resourceTroubleUpdateSignal, u)
      .catch(() => undefined);
  }
}

/** From this patch on, a qualified problem tells Customer QoS/SLA Management of its impact. */
export const TELLS_CUSTOMER_SLA = 'service-problem-tells-customer-sla';

/**
 * 1.A.2.3.1 → CRM 1.A.1.7.2, when it happens: "les processus de gestion de la qualité de
 * service/accords SLA des clients seront informés de l'incidence du problème sur les
 * performances du service". The SLA period in progress is the calendar month (UTC); CRM holds
 * the impact against it, and tells the customer past its soft threshold. Abandoned: CRM's
 * handling does not hold up the repair.
 */
export async function tellCustomerQos(
  req: ServiceProblemRequestInput,
  estimatedRestoration: string,
  detail: string,
): Promise<void> {
  const now = new Date(); // workflow time: the same on replay
  const month = (m: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1)).toISOString();
  const id = customerQosDegradationWorkflowId(req.serviceProblemId);
  try {
    await startChild(
      customerSla,
      customerSlaStart(
        id,
        {
          customerId: req.customerId,
          periodStart: month(0),
          periodEnd: month(1),
          kqis: [],
          degradation: {
            serviceId: req.serviceId,
            serviceProblemId: req.serviceProblemId,
            startedAt: now.toISOString(),
            estimatedRestoration,
            detail: detail.slice(0, 1000),
          },
        },
        { parentClosePolicy: ParentClosePolicy.ABANDON },
      ),
    );
  } catch (err) {
    if (!alreadyStarted(err)) throw err;
  }
}
