import { ChildWorkflowFailure, executeChild, patched, proxyActivities } from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type { ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { READINESS_CALL, type ReadinessStep, runReadinessSteps } from '../shared/readiness-run';
import { ReadinessWorkflowInput as ReadinessWorkflowInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';
import { customerMaintenanceWorkflowId, customerSla, customerSlaStart } from '../crm/customer-qos-sla-management';

const rmo = proxyActivities<RmoActivities>(READINESS_CALL);

/** From this patch on, a run ends with Manage Workforce acting on the readiness actions addressed to it. */
export const WORKFORCE_ACTS_ON_READINESS = 'workforce-acts-on-readiness-actions';

/** From this patch on, 1.O.3.1.3 plans its jobs first and the customers they affect are told before the work. */
export const MAINTENANCE_ANNOUNCED = 'planned-maintenance-announced-to-customers';

/**
 * 1.O.3.1.3 → CRM 1.A.1.7.2 ("informé de toute activité planifiée de maintenance"): each open
 * job's customers are told, one customerSla run per job and customer, awaited so the notice goes
 * out before the work. A notice that cannot go out does not hold the maintenance: it is in the
 * child's history, and the job goes on.
 */
async function announcePlannedMaintenance(i: { runId: string; windowDays: number }): Promise<void> {
  const { jobs } = await rmo.supportResourceTroubleManagement({ action: 'planMaintenance', ...i });
  const now = new Date(); // workflow time: the same on replay
  const month = (m: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1)).toISOString();
  const told = jobs.flatMap((j) =>
    j.customers.map(async ({ customerId, serviceIds }) => {
      try {
        await executeChild(
          customerSla,
          customerSlaStart(customerMaintenanceWorkflowId(j.jobId, customerId), {
            customerId,
            periodStart: month(0),
            periodEnd: month(1),
            kqis: [],
            maintenance: {
              jobId: j.jobId,
              resourceId: j.resourceId,
              serviceIds,
              plannedFor: now.toISOString(),
              reason: j.reason,
            },
          }),
        );
      } catch (err) {
        // Another run announcing the same job at once: that one tells the customer.
        if (
          !(err instanceof ChildWorkflowFailure) &&
          !(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')
        )
          throw err;
      }
    }),
  );
  await Promise.all(told);
}

/**
 * RM&O Support & Readiness (1.O.3.1, without Manage Workforce), one run: the inventory is
 * reconciled with discovery and capacity ordered where a class is short (1.O.3.1.5); logistics
 * moves goods (1.O.3.1.7); maintenance repairs (1.O.3.1.3), once the customers its planned
 * jobs affect are told (1.A.1.7.2); then everything new or repaired is
 * tested and accepted into the pools (1.O.3.1.1) before performance and availability are
 * sampled and analysed (1.O.3.1.2, 1.O.3.1.4). Last, Manage Workforce (1.O.3.1.6) acts on the
 * readiness actions addressed to it (1.O.1.1.3's "more technician capacity for a region"): the
 * region gets a technician more, and the action records it.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts).
 */
export async function rmoReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  validInput(ReadinessWorkflowInputContract, input);
  const steps: ReadinessStep[] = [
    ['1.O.3.1.5', rmo.manageResourceInventory],
    ['1.O.3.1.7', rmo.manageLogistics],
    [
      '1.O.3.1.3',
      async (i) => {
        if (patched(MAINTENANCE_ANNOUNCED)) await announcePlannedMaintenance(i);
        return rmo.supportResourceTroubleManagement({ action: 'support', ...i });
      },
    ],
    ['1.O.3.1.1', rmo.enableResourceProvisioning],
    ['1.O.3.1.2', rmo.enableResourcePerformanceManagement],
    ['1.O.3.1.4', rmo.enableResourceDataCollectionAndProcessing],
  ];
  if (patched(WORKFORCE_ACTS_ON_READINESS))
    steps.push(['1.O.3.1.6', (i) => rmo.manageWorkforce({ action: 'actOnReadiness', ...i })]);
  return runReadinessSteps('RM&O', steps, input);
}
