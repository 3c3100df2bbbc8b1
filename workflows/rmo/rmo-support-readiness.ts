import { patched, proxyActivities } from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type { ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { READINESS_CALL, type ReadinessStep, runReadinessSteps } from '../shared/readiness-run';
import { ReadinessWorkflowInput as ReadinessWorkflowInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

const rmo = proxyActivities<RmoActivities>(READINESS_CALL);

/** From this patch on, a run ends with Manage Workforce acting on the readiness actions addressed to it. */
export const WORKFORCE_ACTS_ON_READINESS = 'workforce-acts-on-readiness-actions';

/**
 * RM&O Support & Readiness (1.O.3.1, without Manage Workforce), one run: the inventory is
 * reconciled with discovery and capacity ordered where a class is short (1.O.3.1.5); logistics
 * moves goods (1.O.3.1.7); maintenance repairs (1.O.3.1.3); then everything new or repaired is
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
    ['1.O.3.1.3', rmo.supportResourceTroubleManagement],
    ['1.O.3.1.1', rmo.enableResourceProvisioning],
    ['1.O.3.1.2', rmo.enableResourcePerformanceManagement],
    ['1.O.3.1.4', rmo.enableResourceDataCollectionAndProcessing],
  ];
  if (patched(WORKFORCE_ACTS_ON_READINESS))
    steps.push(['1.O.3.1.6', (i) => rmo.manageWorkforce({ action: 'actOnReadiness', ...i })]);
  return runReadinessSteps('RM&O', steps, input);
}
