import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type { ReadinessOutcome, ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { markProgress } from '../shared/search-attributes';

const rmo = proxyActivities<RmoActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

const LAYER = 'RM&O';

/**
 * RM&O Support & Readiness (1.O.3.1, without Manage Workforce), one run: the inventory is
 * reconciled with discovery and capacity ordered where a class is short (1.O.3.1.5); logistics
 * moves goods (1.O.3.1.7); maintenance repairs (1.O.3.1.3); then everything new or repaired is
 * tested and accepted into the pools (1.O.3.1.1) before performance and availability are
 * sampled and analysed (1.O.3.1.2, 1.O.3.1.4).
 *
 * Started by its Temporal Schedule (src/readiness/schedules.ts); the run is the workflow id, so
 * every report and readiness action it stores says which run found it. A process that cannot
 * run this time is recorded and the others still run: the next run tries again.
 */
export async function rmoReadiness(input: ReadinessWorkflowInput = {}): Promise<ReadinessRunResult> {
  const runId = workflowInfo().workflowId;
  const windowDays = input.windowDays ?? 90;
  const result: ReadinessRunResult = { runId, layer: LAYER, reports: [], failures: [] };
  const steps: Array<[string, (i: { runId: string; windowDays: number }) => Promise<ReadinessOutcome>]> = [
    ['1.O.3.1.5', rmo.manageResourceInventory],
    ['1.O.3.1.7', rmo.manageLogistics],
    ['1.O.3.1.3', rmo.supportResourceTroubleManagement],
    ['1.O.3.1.1', rmo.enableResourceProvisioning],
    ['1.O.3.1.2', rmo.enableResourcePerformanceManagement],
    ['1.O.3.1.4', rmo.enableResourceDataCollectionAndProcessing],
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
