import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { LAYERS, taskQueueFor } from '../layers';
import type { Violation } from './violations';

/** Which flows the audit reads: those of one deployment's task queues, closed since a time, at most `limit`. */
export interface FlowScope {
  /** The deployment's task queue prefix; every flow of the namespace when undefined. */
  taskQueuePrefix?: string;
  /** Closed flows since then are replayed (all of them when undefined, up to `limit`). */
  since?: Date;
  /** At most this many closed flows are replayed, the latest first. */
  limit: number;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

function scopeFilter(scope: FlowScope): string {
  if (scope.taskQueuePrefix === undefined) return '';
  const queues = LAYERS.map((l) => quote(taskQueueFor(l, scope.taskQueuePrefix)));
  return `TaskQueue IN (${queues.join(', ')})`;
}

const and = (...parts: string[]) => parts.filter(Boolean).join(' AND ');

/** The ids of the flows running now in scope: what the store's orders and reservations may be waiting on. */
export async function runningFlows(client: Client, scope: FlowScope): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const w of client.workflow.list({ query: and(scopeFilter(scope), "ExecutionStatus = 'Running'") }))
    ids.add(w.workflowId);
  return ids;
}

/** Attempts past which a pending activity no longer waits on a stumble but on something broken. */
const STUCK_ACTIVITY_ATTEMPTS = 10;
/** A workflow task failing this often is a bug (a non-determinism, a TypeError), not a restart. */
const STUCK_WORKFLOW_TASK_ATTEMPTS = 3;

/**
 * A running flow is legitimately waiting (on a supplier, a technician, a customer, a timer)
 * unless it is stuck: an activity failing attempt after attempt, or its own code failing.
 */
export async function checkRunningFlows(client: Client, running: ReadonlySet<string>): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const id of running) {
    const d = await client.workflow
      .getHandle(id)
      .describe()
      .catch(() => undefined);
    if (!d || d.status.name !== 'RUNNING') continue; // ended since it was listed
    for (const a of d.raw.pendingActivities ?? [])
      if ((a.attempt ?? 0) >= STUCK_ACTIVITY_ATTEMPTS)
        out.push({
          check: 'flow-stuck',
          subject: id,
          detail: `activity ${a.activityType?.name ?? '?'} at attempt ${a.attempt}: ${a.lastFailure?.message ?? 'no answer'}`,
        });
    const task = d.raw.pendingWorkflowTask;
    if ((task?.attempt ?? 0) >= STUCK_WORKFLOW_TASK_ATTEMPTS)
      out.push({ check: 'flow-stuck', subject: id, detail: `its workflow task failed ${task?.attempt} times` });
  }
  return out;
}

export interface ClosedFlows {
  violations: Violation[];
  /** Closed flows whose histories were replayed. */
  replayed: number;
  /** Failed activity attempts the flows absorbed (each started activity's attempt − 1). */
  retries: number;
}

type History = temporal.api.history.v1.IHistory;

/**
 * The closed flows in scope: none failed or timed out (a business "no" ends a flow normally,
 * with its outcome), and every history replays against the workflow code (`bundle`).
 */
export async function checkClosedFlows(
  client: Client,
  scope: FlowScope,
  bundle: WorkflowBundleOption | undefined,
): Promise<ClosedFlows> {
  const query = and(
    scopeFilter(scope),
    "ExecutionStatus != 'Running'",
    scope.since ? `CloseTime > ${quote(scope.since.toISOString())}` : '',
  );
  const violations: Violation[] = [];
  const closed: Array<{ workflowId: string; runId: string }> = [];
  for await (const w of client.workflow.list({ query })) {
    if (closed.length >= scope.limit) break;
    closed.push({ workflowId: w.workflowId, runId: w.runId });
    if (w.status.name === 'FAILED' || w.status.name === 'TIMED_OUT')
      violations.push({ check: 'flow-failed', subject: w.workflowId, detail: `${w.type} ended ${w.status.name}` });
  }
  const histories: Array<{ workflowId: string; history: History }> = [];
  let retries = 0;
  // A few fetches at a time: enough to be quick, few enough to leave the server to the flows.
  for (let i = 0; i < closed.length; i += 8) {
    const batch = await Promise.all(
      closed.slice(i, i + 8).map(async ({ workflowId, runId }) => ({
        workflowId,
        history: await client.workflow.getHandle(workflowId, runId).fetchHistory(),
      })),
    );
    for (const h of batch) {
      for (const e of h.history.events ?? [])
        retries += Math.max(0, (e.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
      histories.push(h);
    }
  }
  let replayed = 0;
  if (bundle && histories.length) {
    // Through the client's codec (#16): sealed histories replay as the workers run them.
    const dataConverter = { payloadCodecs: [...client.options.loadedDataConverter.payloadCodecs] };
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter }, histories)) {
      replayed++;
      if (r.error)
        violations.push({
          check: 'history-does-not-replay',
          subject: r.workflowId,
          detail: (r.error.message ?? String(r.error)).split('\n')[0]!,
        });
    }
  }
  return { violations, replayed, retries };
}
