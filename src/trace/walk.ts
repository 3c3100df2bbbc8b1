import { WorkflowNotFoundError } from '@temporalio/client';
import type { History, HistoryEvent, HistorySource } from './history';

/** A workflow the walk reached, with its history. */
export interface WalkedWorkflow {
  workflowId: string;
  history: History;
  /** False for the traced workflow's parent: only the arrows to it are drawn, not its steps. */
  inTree: boolean;
}

export interface Walk {
  workflows: WalkedWorkflow[];
  /** Reached, but the server has no history for them any more (past the namespace's retention). */
  missing: string[];
  truncated: boolean;
}

interface Link {
  workflowId: string;
  runId?: string;
}

/**
 * The workflows an event ties to the one that recorded it: a child it started, a workflow it
 * signalled or asked to cancel, or one that signalled it or asked it to cancel (the server
 * records that sender when it is a workflow).
 */
function linkOf(e: HistoryEvent): Link | undefined {
  const exec =
    e.childWorkflowExecutionStartedEventAttributes?.workflowExecution ??
    e.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution ??
    e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution ??
    e.workflowExecutionSignaledEventAttributes?.externalWorkflowExecution ??
    e.workflowExecutionCancelRequestedEventAttributes?.externalWorkflowExecution;
  if (!exec?.workflowId) return undefined;
  return { workflowId: exec.workflowId, runId: exec.runId || undefined };
}

export const startedAttributes = (history: History) => history.events?.[0]?.workflowExecutionStartedEventAttributes;

/**
 * Walks the tree a flow ran, breadth first from `rootWorkflowId`: its children, theirs, and
 * the workflows they signalled or were signalled by (an alarm's resource trouble, the service
 * problems it opened, their tickets). The traced workflow's own parent is not walked into:
 * a service order's progress signals reach its product order, whose flow is the larger one;
 * it is kept, out of the tree, so the arrows to it have a lane. A workflow whose history is
 * gone is listed as missing; at `limit` workflows the walk stops and says so.
 */
export async function walkFlow(
  source: HistorySource,
  rootWorkflowId: string,
  opts: { runId?: string; limit?: number } = {},
): Promise<Walk> {
  const limit = opts.limit ?? 300;
  const root = await source.history(rootWorkflowId, opts.runId);
  const parentId = startedAttributes(root)?.parentWorkflowExecution?.workflowId ?? undefined;
  const workflows: WalkedWorkflow[] = [{ workflowId: rootWorkflowId, history: root, inTree: true }];
  const seen = new Set([rootWorkflowId]);
  const missing: string[] = [];
  let truncated = false;
  let level: WalkedWorkflow[] = workflows.slice();
  while (level.length > 0) {
    const next: Link[] = [];
    for (const w of level) {
      if (!w.inTree) continue;
      for (const e of w.history.events ?? []) {
        const link = linkOf(e);
        if (!link || seen.has(link.workflowId)) continue;
        if (seen.size >= limit) {
          truncated = true;
          continue;
        }
        seen.add(link.workflowId);
        next.push(link);
      }
    }
    const fetched = await Promise.all(
      next.map(async (l) => {
        const history = await source.history(l.workflowId, l.runId).catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        });
        if (!history) missing.push(l.workflowId);
        return history && { workflowId: l.workflowId, history, inTree: l.workflowId !== parentId };
      }),
    );
    level = fetched.filter((w) => w !== undefined);
    workflows.push(...level);
  }
  return { workflows, missing, truncated };
}
