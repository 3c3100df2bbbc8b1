import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type { ReadinessOutcome, ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { markProgress } from '../shared/search-attributes';

const sprm = proxyActivities<SprmActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

const LAYER = 'S/PRM';

/**
 * S/PRM Support & Readiness (1.O.4.1), one run: requisition, problem, performance, settlement
 * and interface trends per supplier.
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts); the run is the workflow id, so
 * every report and readiness action it stores says which run found it. A process that cannot
 * run this time is recorded and the others still run: the next run tries again.
 */
export async function sprmReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  const runId = workflowInfo().workflowId;
  const windowDays = input.windowDays ?? 90;
  const result: ReadinessRunResult = { runId, layer: LAYER, reports: [], failures: [] };
  const steps: Array<[string, (i: { runId: string; windowDays: number }) => Promise<ReadinessOutcome>]> = [
    ['1.O.4.1.1', sprm.supportSPRequisitionManagement],
    ['1.O.4.1.2', sprm.supportSPProblemReportingAndManagement],
    ['1.O.4.1.3', sprm.supportSPPerformanceManagement],
    ['1.O.4.1.4', sprm.supportSPSettlementsAndBillingManagement],
    ['1.O.4.1.5', sprm.supportSPInterfaceManagement],
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
