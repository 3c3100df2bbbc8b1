import {
  type Client,
  type WorkflowExecutionDescription,
  WorkflowFailedError,
  type WorkflowHandle,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { ApplicationFailure, type Workflow } from '@temporalio/common';
import { NON_RETRYABLE_ERROR_TYPES } from '../contracts/errors';

/** The message of the innermost cause: the reason a process gave, not the layers it crossed. */
export function innermost(err: unknown): { message: string; type?: string } {
  let e = err as { cause?: unknown; message?: string } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return {
    message: e?.message ?? String(err),
    type: e instanceof ApplicationFailure ? (e.type ?? undefined) : undefined,
  };
}

/**
 * An order's workflow, when `id` names one of this deployment's runs of `type` (an id may name
 * another kind of workflow, or another deployment's).
 */
export async function orderWorkflow(
  client: Client,
  id: string,
  type: string,
  taskQueue: string,
): Promise<{ handle: WorkflowHandle; description: WorkflowExecutionDescription } | undefined> {
  const handle = client.workflow.getHandle(id);
  const description = await handle.describe().catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  });
  if (!description || description.type !== type || description.taskQueue !== taskQueue) return undefined;
  return { handle, description };
}

/** Whether the workflow is still running or ended with its order (the order then says where it is). */
export const answersForItself = (status: string) =>
  status === 'RUNNING' || status === 'COMPLETED' || status === 'CONTINUED_AS_NEW';

/** How a closed workflow that did not return its order reads in TMF order terms. */
export async function closedOrder(
  handle: WorkflowHandle,
  status: string,
): Promise<{ state: 'cancelled' | 'failed' | 'rejected'; reason: string }> {
  if (status === 'CANCELLED') return { state: 'cancelled', reason: 'the order workflow was cancelled' };
  if (status !== 'FAILED') return { state: 'failed', reason: `the order workflow was ${status.toLowerCase()}` };
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  const cause = innermost(err instanceof WorkflowFailedError ? err.cause : err);
  // A business refusal before the order was recorded (e.g. an unknown party): TMF `rejected`.
  const business = cause.type !== undefined && NON_RETRYABLE_ERROR_TYPES.includes(cause.type);
  return { state: business ? 'rejected' : 'failed', reason: cause.message };
}

/**
 * Starts the workflow that follows a posted resource, under the resource's id: a post repeated
 * (or racing itself) finds the one already started and starts nothing new.
 */
export async function startOnce<W extends Workflow>(
  client: Client,
  type: string,
  id: string,
  taskQueue: string,
  args: Parameters<W>,
): Promise<void> {
  await client.workflow
    .start<Workflow>(type, {
      workflowId: id,
      taskQueue,
      args: args as unknown[],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    })
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    });
}
