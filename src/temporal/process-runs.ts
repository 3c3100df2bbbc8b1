import type { Context as ActivityContext } from '@temporalio/activity';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory, Worker } from '@temporalio/worker';
import { processByActivity } from '../catalog';
import type { ProcessRunEvent, ProcessRunPort } from '../ports/process-runs';
// The header in which every activity carries its flow's root workflow id (an activity's info
// names only its workflow), set by the workflow interceptor of workflows/shared/summaries.ts.
import { ROOT_WORKFLOW_HEADER } from '../../workflows/shared/summaries';

export interface ProcessRunRecorder {
  /** The worker's activity interceptor: each Level-3 process attempt's start and end, buffered. */
  interceptor: ActivityInterceptorsFactory;
  /** Writes what is buffered, in one transaction. */
  flush(): Promise<void>;
  /** Makes each worker flush when it stops, so the last runs before a shutdown are kept. */
  flushOnStop(workers: Worker[]): Worker[];
}

function rootOf(ctx: ActivityContext, headers: Record<string, unknown>): string {
  const payload = headers[ROOT_WORKFLOW_HEADER];
  if (payload) {
    try {
      const root = defaultPayloadConverter.fromPayload(payload as never);
      if (typeof root === 'string' && root) return root;
    } catch {
      // A header that is not ours: the workflow is its own flow.
    }
  }
  return ctx.info.workflowExecution?.workflowId ?? '';
}

/**
 * Write-behind: the runs wait in memory and go to the store in one transaction at most every
 * `flushMs` (and when a worker stops), so a process run pays no write of its own on its path.
 * A failed write is logged and dropped: the record is for people watching, not for the flows.
 */
export function createProcessRunRecorder(
  port: ProcessRunPort,
  opts: { flushMs?: number; onError?: (err: unknown) => void } = {},
): ProcessRunRecorder {
  const flushMs = opts.flushMs ?? 500;
  const onError =
    opts.onError ??
    ((err: unknown) =>
      process.stderr.write(`process runs not recorded: ${err instanceof Error ? err.message : String(err)}\n`));
  let buffer: ProcessRunEvent[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    await port.record(batch).catch(onError);
  };
  const push = (e: ProcessRunEvent) => {
    buffer.push(e);
    // The timer runs only while something waits, and never keeps the process alive.
    timer ??= setTimeout(() => void flush(), flushMs).unref();
  };

  const interceptor: ActivityInterceptorsFactory = (ctx: ActivityContext) => ({
    inbound: {
      async execute(input, next) {
        const p = processByActivity(ctx.info.activityType);
        const wf = ctx.info.workflowExecution;
        if (!p || !wf) return next(input);
        const run = {
          etomId: p.id,
          workflowId: wf.workflowId,
          runId: wf.runId,
          workflowType: ctx.info.workflowType ?? '',
          rootWorkflowId: rootOf(ctx, input.headers),
          activityId: ctx.info.activityId,
          attempt: ctx.info.attempt,
          startedAt: new Date().toISOString(),
        };
        push({ kind: 'start', ...run });
        const t0 = performance.now();
        const end = (outcome: 'completed' | 'refused' | 'failed') =>
          push({ kind: 'end', ...run, outcome, durationMs: Math.round(performance.now() - t0) });
        try {
          const result = await next(input);
          end('completed');
          return result;
        } catch (err) {
          end(err instanceof ApplicationFailure && err.nonRetryable ? 'refused' : 'failed');
          throw err;
        }
      },
    },
  });

  const flushOnStop = (workers: Worker[]) => {
    for (const w of workers) {
      // runUntil calls run(): both end through here.
      const run = w.run.bind(w);
      w.run = () => run().finally(flush);
    }
    return workers;
  };

  return { interceptor, flush, flushOnStop };
}
