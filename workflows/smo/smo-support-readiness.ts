import { proxyActivities } from '@temporalio/workflow';
import type { SmoActivities } from '../../activities/smo';
import type { ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { READINESS_CALL, type ReadinessStep, runReadinessSteps } from '../shared/readiness-run';
import { ReadinessWorkflowInput as ReadinessWorkflowInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

const smo = proxyActivities<SmoActivities>(READINESS_CALL);

/**
 * SM&O Support & Readiness (1.O.2.1), one run: the service inventory reconciled with the network
 * first, then service capacity, problem and quality trends, and rating reference data.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts).
 */
export async function smoReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  validInput(ReadinessWorkflowInputContract, input);
  const steps: ReadinessStep[] = [
    ['1.O.2.1.1', smo.manageServiceInventory],
    ['1.O.2.1.2', smo.enableServiceConfigurationAndActivation],
    ['1.O.2.1.3', smo.supportServiceProblemManagement],
    ['1.O.2.1.4', smo.enableServiceQualityManagement],
    ['1.O.2.1.5', smo.supportServiceAndSpecificInstanceRating],
  ];
  return runReadinessSteps('SM&O', steps, input);
}
