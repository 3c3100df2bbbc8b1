import type { ChildWorkflowOptions, Workflow } from '@temporalio/workflow';
import type { LayerKey } from '../../src/layers';
import { layerQueue } from './task-queues';

/**
 * How one workflow starts another, in the manner of Temporal's reference order app: the called
 * workflow's file owns its layer (so its task queue) and the function that names its runs, and
 * exports typed start options built here; the caller writes
 * `executeChild(resourceOrder, resourceOrderStart(id, request))`, so the arguments are checked
 * against the called workflow's own signature.
 */
export type ChildStart<W extends Workflow> = ChildWorkflowOptions & {
  taskQueue: string;
  workflowId: string;
  args: Parameters<W>;
};

/** Everything but where the child runs, its id and its arguments, which the called file decides. */
export type ChildExtras = Omit<ChildWorkflowOptions, 'taskQueue' | 'workflowId' | 'args'>;

/** Start options for workflow `W` on `layer`'s task queue (derived from the caller's prefix). */
export function childStart<W extends Workflow>(
  layer: LayerKey,
  workflowId: string,
  args: Parameters<W>,
  extras: ChildExtras = {},
): ChildStart<W> {
  return { ...extras, taskQueue: layerQueue(layer), workflowId, args };
}
