import type { ChildWorkflowOptions, WithWorkflowArgs, Workflow } from '@temporalio/workflow';
import type { LayerKey } from '../../src/layers';
import { layerQueue } from './task-queues';

/**
 * How one workflow starts another, in the manner of Temporal's reference order app: the called
 * workflow's file owns its layer (so its task queue) and the function that names its runs, and
 * exports typed start options built here; the caller writes
 * `executeChild(resourceOrder, resourceOrderStart(id, request))`, so the arguments are checked
 * against the called workflow's own signature.
 */
export type ChildStart<W extends Workflow> = WithWorkflowArgs<
  W,
  ChildExtras & { taskQueue: string; workflowId: string; typeInfo?: never }
>;

/**
 * Everything but where the child runs, its id and its arguments, which the called file decides
 * (and `typeInfo`, which `executeChild(workflowFunction, …)` takes from the function itself).
 */
export type ChildExtras = Omit<ChildWorkflowOptions, 'taskQueue' | 'workflowId' | 'args' | 'typeInfo'>;

/** Start options for workflow `W` on `layer`'s task queue (derived from the caller's prefix). */
export function childStart<W extends Workflow>(
  layer: LayerKey,
  workflowId: string,
  args: Parameters<W>,
  extras: ChildExtras = {},
): ChildStart<W> {
  // `args` has W's parameter types; TypeScript cannot see that through WithWorkflowArgs's condition.
  return { ...extras, taskQueue: layerQueue(layer), workflowId, args } as unknown as ChildStart<W>;
}
