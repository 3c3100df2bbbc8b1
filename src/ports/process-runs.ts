/** How a Level-3 process run (one activity attempt) ended: a business refusal is an outcome, not a failure. */
export type ProcessRunOutcome = 'completed' | 'refused' | 'failed';

/** One activity attempt that runs a Level-3 process, as its worker saw it start. */
export interface ProcessRunStart {
  etomId: string;
  workflowId: string;
  runId: string;
  /** The workflow type that scheduled it. */
  workflowType: string;
  /** The flow it belongs to: the root of its workflow's tree (the product order, the ticket…). */
  rootWorkflowId: string;
  activityId: string;
  attempt: number;
  startedAt: string;
}

export interface ProcessRunEnd extends ProcessRunStart {
  outcome: ProcessRunOutcome;
  durationMs: number;
}

export type ProcessRunEvent = ({ kind: 'start' } & ProcessRunStart) | ({ kind: 'end' } & ProcessRunEnd);

/** What the runs of one process add up to, read from aggregates (never a scan of the runs). */
export interface ProcessRunStats {
  etomId: string;
  /** Attempts started. */
  runs: number;
  /** Started and not ended (a worker that died mid-run leaves its attempt here). */
  running: number;
  completed: number;
  refused: number;
  failed: number;
  /** The median duration of the ended attempts, from a histogram; null before any ended. */
  p50Ms: number | null;
}

/** A flow that ran a process: its root workflow, that root's type when known, and when it last ran it. */
export interface ProcessFlow {
  rootWorkflowId: string;
  rootWorkflowType: string | null;
  at: string;
}

/**
 * The record of Level-3 process runs across every worker process sharing the store, for the
 * dashboard: written in batches by the workers (src/temporal/process-runs.ts), read as
 * per-process counters, a duration histogram and the flows that ran each process.
 */
export interface ProcessRunPort {
  /** Records starts and ends, in order, in one transaction; a start or end recorded before is ignored. */
  record(events: readonly ProcessRunEvent[]): Promise<void>;
  /** Every process that has runs. */
  stats(): Promise<ProcessRunStats[]>;
  statsOf(etomId: string): Promise<ProcessRunStats>;
  /** The flows that ran `etomId`, the most recent first. */
  recentFlows(etomId: string, limit: number): Promise<ProcessFlow[]>;
}
