import { Worker } from '@temporalio/worker';
import { expect, inject } from 'vitest';
import type { TestRuntime } from './runtime';

/**
 * Replays the histories of runs a test just made against the bundle its workers ran: the
 * paths the test took (a cancellation, a signal mid-way) are deterministic too, beside the
 * recorded histories of the demo flows that test/replay replays.
 */
export async function expectDeterministic(rt: TestRuntime, workflowIds: readonly string[]): Promise<void> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({
      workflowId,
      history: await rt.client.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  const replayed: string[] = [];
  for await (const r of Worker.runReplayHistories(
    { workflowBundle: { codePath: inject('workflowBundlePath') } },
    histories,
  )) {
    expect(r.error, r.workflowId).toBeUndefined();
    replayed.push(r.workflowId);
  }
  expect(replayed.sort()).toEqual([...workflowIds].sort());
}
