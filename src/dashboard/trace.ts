import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { LRUCache } from 'lru-cache';
import { ApiError } from '../api/errors';
import { buildTrace } from '../trace/build';
import { clientSource, type History, type HistorySource } from '../trace/history';
import { renderMermaid } from '../trace/mermaid';
import type { Step, Trace } from '../trace/model';

type Payloads = temporal.api.common.v1.IPayloads;

/** Histories read once per request: the trace and the steps' payloads read the same ones. */
function rememberingSource(source: HistorySource): HistorySource & { read: Map<string, History> } {
  const read = new Map<string, History>();
  const pending = new Map<string, Promise<History>>();
  return {
    read,
    history(workflowId, runId) {
      const key = `${workflowId}/${runId ?? ''}`;
      let p = pending.get(key);
      if (!p) {
        p = source.history(workflowId, runId).then((h) => {
          read.set(workflowId, h);
          return h;
        });
        pending.set(key, p);
      }
      return p;
    },
  };
}

/** A call's arguments as JSON: the first alone when there is one (every process takes one input). */
function decoded(payloads: Payloads | null | undefined): unknown {
  const values = (payloads?.payloads ?? []).map((p) => {
    try {
      return defaultPayloadConverter.fromPayload(p);
    } catch {
      return '(not JSON)';
    }
  });
  return values.length === 0 ? null : values.length === 1 ? values[0] : values;
}

export type StepWithPayloads = Step & { input: unknown; output: unknown };

/**
 * Each step's input and output, decoded from the histories the trace was read from: the input
 * its ActivityTaskScheduled event holds, the result its ActivityTaskCompleted event holds.
 */
export function stepPayloads(trace: Trace, histories: ReadonlyMap<string, History>): StepWithPayloads[] {
  const byStep = new Map<string, { input: unknown; output: unknown }>();
  for (const [workflowId, history] of histories) {
    const scheduled = new Map<string, string>();
    for (const e of history.events ?? []) {
      const s = e.activityTaskScheduledEventAttributes;
      if (s) {
        const key = `${workflowId}/${s.activityId ?? ''}`;
        scheduled.set(String(e.eventId), key);
        byStep.set(key, { input: decoded(s.input), output: null });
      }
      const done = e.activityTaskCompletedEventAttributes;
      const key = done && scheduled.get(String(done.scheduledEventId));
      if (done && key) byStep.get(key)!.output = decoded(done.result);
    }
  }
  return trace.steps.map((s) => ({
    ...s,
    ...(byStep.get(`${s.workflowId}/${s.activityId}`) ?? { input: null, output: null }),
  }));
}

export interface TraceOptions {
  client: Client;
  /** Traces of flows that have ended, kept: their histories can no longer change. */
  cache?: LRUCache<string, object>;
  /** The Temporal Web UI's address (http://localhost:8233), when known. */
  webUiUrl?: string;
  payloads: boolean;
}

/** GET /dashboard/api/flows/:workflowId/trace: the trace, its mermaid text, the Web UI links, and payloads on request. */
export async function flowTrace(workflowId: string, opts: TraceOptions): Promise<object> {
  const key = `${workflowId}\n${opts.payloads ? 'payloads' : ''}`;
  const kept = opts.cache?.get(key);
  if (kept) return kept;
  const source = rememberingSource(clientSource(opts.client));
  const trace = await buildTrace(source, workflowId).catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) throw ApiError.notFound(`no flow ${workflowId.slice(0, 200)}`);
    throw err;
  });
  const ns = encodeURIComponent(opts.client.options.namespace);
  const ui = opts.webUiUrl?.replace(/\/+$/, '');
  const webUi = ui
    ? Object.fromEntries(
        trace.workflows.map((w) => [
          w.workflowId,
          `${ui}/namespaces/${ns}/workflows/${encodeURIComponent(w.workflowId)}/${encodeURIComponent(w.runId)}/history`,
        ]),
      )
    : null;
  const answer = {
    ...trace,
    ...(opts.payloads ? { steps: stepPayloads(trace, source.read) } : {}),
    mermaid: renderMermaid(trace),
    webUi,
  };
  // Whole and ended: every workflow of the tree closed, none missing, the walk not cut short.
  const ended = trace.workflows.every((w) => !w.inTree || w.outcome !== 'running');
  if (ended && !trace.truncated && trace.missing.length === 0) opts.cache?.set(key, answer);
  return answer;
}
