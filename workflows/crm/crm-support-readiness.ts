import { proxyActivities } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { READINESS_CALL, type ReadinessStep, runReadinessSteps } from '../shared/readiness-run';
import { ReadinessWorkflowInput as ReadinessWorkflowInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

const crm = proxyActivities<CrmActivities>(READINESS_CALL);

/**
 * CRM Support & Readiness (1.O.1.1), one run: each Level-3 process studies its trend on stored
 * history and stores its report; Support Order Handling tops up the number pools before Manage
 * Campaign plans the campaign that could draw on them.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts).
 */
export async function crmReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  validInput(ReadinessWorkflowInputContract, input);
  const steps: ReadinessStep[] = [
    ['1.O.1.1.1', crm.supportCustomerInterfaceManagement],
    ['1.O.1.1.2', crm.supportOrderHandling],
    ['1.O.1.1.3', crm.supportProblemHandling],
    ['1.O.1.1.4', crm.supportBillingAndCollections],
    ['1.O.1.1.5', crm.supportRetentionAndLoyalty],
    ['1.O.1.1.6', crm.supportMarketingFulfillment],
    ['1.O.1.1.7', crm.supportSelling],
    ['1.O.1.1.8', crm.supportCustomerQoSSLAManagement],
    ['1.O.1.1.9', crm.manageCampaign],
  ];
  return runReadinessSteps('CRM', steps, input);
}
