import { expect } from 'vitest';
import type { LayerKey } from '../../src/layers';
import type { ReadinessRunResult } from '../../src/domain/readiness/report';
import { traceProcesses } from '../../src/temporal/process-trace';
import type { TestRuntime } from './runtime';

/**
 * The Level-3 processes of each layer's readiness run, in the order a run takes them, with the
 * process that acts on the actions addressed to it last (1.FAB.1.2.1 in CRM, 1.O.3.1.6 in RM&O).
 */
export const CRM_READINESS_PROCESSES = [
  '1.O.1.1.1',
  '1.O.1.1.2',
  '1.O.1.1.3',
  '1.O.1.1.4',
  '1.O.1.1.5',
  '1.O.1.1.6',
  '1.O.1.1.7',
  '1.O.1.1.8',
  '1.O.1.1.9',
  '1.FAB.1.2.1',
] as const;
export const RMO_READINESS_PROCESSES = [
  '1.O.3.1.5',
  '1.O.3.1.7',
  '1.O.3.1.3',
  '1.O.3.1.1',
  '1.O.3.1.2',
  '1.O.3.1.4',
  '1.O.3.1.6',
] as const;
export const SMO_READINESS_PROCESSES = ['1.O.2.1.1', '1.O.2.1.2', '1.O.2.1.3', '1.O.2.1.4', '1.O.2.1.5'] as const;
export const SPRM_READINESS_PROCESSES = ['1.O.4.1.1', '1.O.4.1.2', '1.O.4.1.3', '1.O.4.1.4', '1.O.4.1.5'] as const;

/**
 * One run of a layer's readiness workflow, as its schedule would start it, held to what every
 * run owes: no process failed, each of `processes` ran in order (by the history) and stored
 * exactly one report under the run.
 */
export async function runReadinessOnce(
  rt: TestRuntime,
  layer: LayerKey,
  processes: readonly string[],
): Promise<{ workflowId: string; result: ReadinessRunResult }> {
  const h = await rt.client.workflow.start(`${layer}Readiness`, {
    taskQueue: rt.queue(layer),
    workflowId: rt.id(`${layer}-readiness`),
    args: [{ windowDays: 30 }],
  });
  const result = (await h.result()) as ReadinessRunResult;

  expect(result.failures).toEqual([]);
  expect(result.reports.map((r) => r.etomId)).toEqual(processes);
  // A process may take two activity calls in a row (1.O.3.1.3 plans its jobs, then works them).
  // The run's own steps: a child it starts (the service problem SM&O's inventory opens) is its own process.
  const traced = (await traceProcesses(rt.client, h.workflowId))
    .filter((p) => p.workflowId === h.workflowId)
    .map((p) => p.etomId);
  expect(traced.filter((id, i) => id !== traced[i - 1])).toEqual(processes);
  expect(
    rt.store.db
      .prepare('SELECT etom_id FROM readiness_reports WHERE run_id = ? ORDER BY etom_id')
      .pluck()
      .all(h.workflowId),
  ).toEqual([...processes].sort());
  return { workflowId: h.workflowId, result };
}
