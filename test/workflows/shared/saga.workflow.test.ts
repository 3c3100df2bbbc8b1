import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { sagaProbe, sagaProbeCancelled } from './stubs/saga.workflows';
import { type Call, withStubWorkers } from './stubs/stub-worker';

const workflowsPath = path.resolve(__dirname, 'stubs/saga.workflows.ts');

/** Stub undos that record their calls; those named in `failing` fail for good. */
function undos(failing: string[] = []) {
  const calls: Call[] = [];
  const activities = {
    async undo(label: string, reason: string) {
      calls.push({ name: label, input: { reason } });
      if (failing.includes(label)) throw ApplicationFailure.nonRetryable(`${label} could not be undone`, 'UndoRefused');
    },
  };
  return { calls, activities };
}

describe('Saga (workflows/shared/saga.ts)', () => {
  it('runs the undos newest first, each told why', async () => {
    const { calls, activities } = undos();
    const failures = await withStubWorkers({ workflowsPath, activities, layers: ['smo'] }, (rt) =>
      rt.client.workflow.execute<typeof sagaProbe>('sagaProbe', {
        taskQueue: rt.queue('smo'),
        workflowId: rt.id('saga-all'),
        args: [['design', 'allocate', 'reserve']],
      }),
    );
    expect(failures).toEqual([]);
    expect(calls).toEqual([
      { name: 'reserve', input: { reason: 'step failed' } },
      { name: 'allocate', input: { reason: 'step failed' } },
      { name: 'design', input: { reason: 'step failed' } },
    ]);
  });

  it('still runs the older undos when one in the middle fails, and reports the failure', async () => {
    const { calls, activities } = undos(['allocate']);
    const failures = await withStubWorkers({ workflowsPath, activities, layers: ['smo'] }, (rt) =>
      rt.client.workflow.execute<typeof sagaProbe>('sagaProbe', {
        taskQueue: rt.queue('smo'),
        workflowId: rt.id('saga-middle'),
        args: [['design', 'allocate', 'reserve', 'dispatch']],
      }),
    );
    expect(calls.map((c) => c.name)).toEqual(['dispatch', 'reserve', 'allocate', 'design']);
    expect(failures).toEqual([{ label: 'allocate', reason: 'allocate could not be undone' }]);
  });

  it('stops at the first failed undo when told to (runs made before the patch)', async () => {
    const { calls, activities } = undos(['allocate']);
    const outcome = await withStubWorkers({ workflowsPath, activities, layers: ['smo'] }, (rt) =>
      rt.client.workflow
        .execute<typeof sagaProbe>('sagaProbe', {
          taskQueue: rt.queue('smo'),
          workflowId: rt.id('saga-stop'),
          args: [['design', 'allocate', 'reserve'], true],
        })
        .catch((err: unknown) => err),
    );
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect(calls.map((c) => c.name)).toEqual(['reserve', 'allocate']);
  });

  it('runs every undo even though the workflow is being cancelled', async () => {
    const { calls, activities } = undos();
    await withStubWorkers({ workflowsPath, activities, layers: ['smo'] }, async (rt) => {
      const handle = await rt.client.workflow.start<typeof sagaProbeCancelled>('sagaProbeCancelled', {
        taskQueue: rt.queue('smo'),
        workflowId: rt.id('saga-cancel'),
        args: [['design', 'allocate']],
      });
      // Cancel once the workflow is waiting (its timer is in the history).
      for (;;) {
        const { events } = await handle.fetchHistory();
        if (events?.some((e) => e.timerStartedEventAttributes)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    });
    expect(calls.map((c) => c.name)).toEqual(['allocate', 'design']);
  });
});
