import { workflowInfo } from '@temporalio/workflow';
import type { LayerKey } from '../../src/layers';

/**
 * The task queue of another layer, derived from the queue this workflow runs on
 * (`<prefix>-<layer>`): a deployment, or a test, that renames its queues renames all four.
 */
export function layerQueue(layer: LayerKey): string {
  const own = workflowInfo().taskQueue;
  const cut = own.lastIndexOf('-');
  if (cut < 0) throw new Error(`task queue ${own} is not of the form <prefix>-<layer>`);
  return `${own.slice(0, cut)}-${layer}`;
}
