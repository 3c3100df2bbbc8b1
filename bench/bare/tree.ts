import { executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';

/**
 * The bare-Temporal baseline: a tree of workflows with the same shape as a real flow — the
 * same number of activities in each workflow, the same children on the same layer queues —
 * but whose activities do nothing. The difference with the real flow is the cost of the
 * processes themselves (validation, store, simulators), not of Temporal.
 */
export interface TreeShape {
  taskQueue: string;
  activities: number;
  children: TreeShape[];
}

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function bareTree(shape: TreeShape): Promise<number> {
  let executed = 0;
  for (let i = 0; i < shape.activities; i++) {
    await noop();
    executed++;
  }
  const id = workflowInfo().workflowId;
  const counts = await Promise.all(
    shape.children.map((child, i) =>
      executeChild(bareTree, { taskQueue: child.taskQueue, workflowId: `${id}/${i}`, args: [child] }),
    ),
  );
  return executed + counts.reduce((a, b) => a + b, 0);
}
