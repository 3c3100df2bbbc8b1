import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { ReadinessOutcome, ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { markProgress } from '../shared/search-attributes';

const crm = proxyActivities<CrmActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

const LAYER = 'CRM';

/**
 * CRM Support & Readiness (1.O.1.1), one run: each Level-3 process studies its trend on stored
 * history and stores its report; Support Order Handling tops up the number pools before Manage
 * Campaign plans the campaign that could draw on them.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts); the run is the workflow id, so
 * every report and readiness action it stores says which run found it. A process that cannot
 * run this time is recorded and the others still run: the next run tries again.
 */
export async function crmReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  const runId = workflowInfo().workflowId;
  const windowDays = input.windowDays ?? 90;
  const result: ReadinessRunResult = { runId, layer: LAYER, reports: [], failures: [] };
  const steps: Array<[string, (i: { runId: string; windowDays: number }) => Promise<ReadinessOutcome>]> = [
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
  for (const [etomId, step] of steps) {
    markProgress({ layer: LAYER, process: etomId, state: 'inProgress' });
    try {
      const out = await step({ runId, windowDays });
      result.reports.push({ etomId, reportId: out.reportId, actions: out.actions, findings: out.findings.length });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const cause = err.cause instanceof ApplicationFailure ? err.cause.message : err.message;
      result.failures.push({ etomId, message: cause });
    }
  }
  markProgress({ state: result.failures.length ? 'partial' : 'completed' });
  return result;
}
