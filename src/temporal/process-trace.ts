import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { processByActivity } from '../catalog';

/** One Level-3 process a flow ran, read back from Temporal's own record of it. */
export interface ProcessRun {
  etomId: string;
  nameEn: string;
  layer: string;
  activity: string;
  workflowId: string;
  workflowType: string;
  at: string;
}

/**
 * The eTOM processes a workflow ran, and those of every child it started, in the order they
 * were scheduled. It reads the histories rather than trusting what the workflow says about
 * itself: the proof of what ran is what the server recorded.
 */
export async function traceProcesses(client: Client, workflowId: string, runId?: string): Promise<ProcessRun[]> {
  const runs: ProcessRun[] = [];
  await collect(client, workflowId, runId, runs);
  return runs.sort((a, b) => a.at.localeCompare(b.at));
}

async function collect(client: Client, workflowId: string, runId: string | undefined, out: ProcessRun[]) {
  const handle = client.workflow.getHandle(workflowId, runId);
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  const children: Array<{ workflowId: string; runId: string }> = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const name = scheduled?.activityType?.name;
    if (name) {
      const p = processByActivity(name);
      if (p) {
        out.push({
          etomId: p.id,
          nameEn: p.nameEn,
          layer: p.layer,
          activity: name,
          workflowId,
          workflowType: description.type,
          at: new Date(tsToMs(event.eventTime)).toISOString(),
        });
      }
    }
    const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId && child.runId) children.push({ workflowId: child.workflowId, runId: child.runId });
    const next = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (next) children.push({ workflowId, runId: next });
  }
  for (const c of children) await collect(client, c.workflowId, c.runId, out);
}
