import { ActivityFailure, ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import type { ReadinessOutcome, ReadinessRunResult, ReadinessWorkflowInput } from '../../src/domain/readiness/report';
import { markProgress } from './search-attributes';

/** Readiness studies read months of history: more time per call than an OSS request, fewer tries. */
export const READINESS_CALL: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
};

export type ReadinessStep = [
  etomId: string,
  run: (i: { runId: string; windowDays: number }) => Promise<ReadinessOutcome>,
];

/**
 * One run of a layer's Support & Readiness: its Level-3 processes in the order given, each
 * storing its report. The run is the workflow id, so every report and readiness action says
 * which run found it. A process that cannot run this time is recorded and the others still
 * run: the next scheduled run tries again.
 */
export async function runReadinessSteps(
  layer: string,
  steps: readonly ReadinessStep[],
  input: ReadinessWorkflowInput,
): Promise<ReadinessRunResult> {
  const runId = workflowInfo().workflowId;
  const windowDays = input.windowDays ?? 90;
  const result: ReadinessRunResult = { runId, layer, reports: [], failures: [] };
  for (const [etomId, step] of steps) {
    markProgress({ layer, process: etomId, state: 'inProgress' });
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
