import {
  CancellationScope,
  type ChildWorkflowHandle,
  startChild,
  type Workflow,
  type WorkflowResultType,
} from '@temporalio/workflow';
import type { ChildStart } from '../../shared/child';

/** A child this order owns: cancelled only when its compensation says so, never by cascade. */
export interface OwnedChild<W extends Workflow> {
  scope: CancellationScope;
  handle: ChildWorkflowHandle<W>;
  result: Promise<WorkflowResultType<W>>;
  /** How it ended, once it has: a compensation only cancels a child still running. */
  outcome?: WorkflowResultType<W>;
}

/** Starts `workflow` in a scope of its own, so the order decides when (and whether) to cancel it. */
export async function startOwned<W extends Workflow>(workflow: W, start: ChildStart<W>): Promise<OwnedChild<W>> {
  const scope = new CancellationScope();
  const handle = await scope.run(() => startChild(workflow, start));
  const owned: OwnedChild<W> = { scope, handle, result: handle.result() };
  owned.result.then(
    (r) => (owned.outcome = r),
    () => undefined,
  );
  return owned;
}
