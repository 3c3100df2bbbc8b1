import { proxyActivities } from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type { ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { READINESS_CALL, type ReadinessStep, runReadinessSteps } from '../shared/readiness-run';
import { ReadinessWorkflowInput as ReadinessWorkflowInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

const sprm = proxyActivities<SprmActivities>(READINESS_CALL);

/**
 * S/PRM Support & Readiness (1.O.4.1), one run: requisition, problem, performance, settlement
 * and interface trends per supplier.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts).
 */
export async function sprmReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  validInput(ReadinessWorkflowInputContract, input);
  const steps: ReadinessStep[] = [
    ['1.O.4.1.1', sprm.supportSPRequisitionManagement],
    ['1.O.4.1.2', sprm.supportSPProblemReportingAndManagement],
    ['1.O.4.1.3', sprm.supportSPPerformanceManagement],
    ['1.O.4.1.4', sprm.supportSPSettlementsAndBillingManagement],
    ['1.O.4.1.5', sprm.supportSPInterfaceManagement],
  ];
  return runReadinessSteps('S/PRM', steps, input);
}
