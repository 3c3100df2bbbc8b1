import type { Figures, Objective } from '../domain/readiness/report';

/** What a readiness action asks: a figure of a subject past its objective, and what to do about it. */
export interface ReadinessActionRequest {
  etomId: string;
  runId: string;
  metric: string;
  subject: string;
  value: number;
  limit: number;
  action: string;
  /**
   * The eTOM id of the process that acts on it (#13), which reads the actions addressed to it
   * (`addressedTo`) and records what it did (`actedOn`); absent: the layer's operations team.
   */
  addressedTo?: string;
}

/** A stored readiness action, with whom it is addressed to and what that process did. */
export type ReadinessAction = Omit<ReadinessActionRequest, 'addressedTo'> & {
  id: string;
  state: string;
  addressedTo: string | null;
  actedBy: string | null;
  outcome: string | null;
};

/**
 * The objectives readiness figures are held against, the report each process of a readiness run
 * stores, and the readiness actions raised when a figure crosses its objective (1.O.*.1). Every
 * write takes an idempotency key.
 */
export interface ReadinessReportPort {
  objectives(): Promise<Record<string, Objective>>;
  setObjective(metric: string, limit: number, direction?: 'max' | 'min'): Promise<void>;
  recordReport(
    key: string,
    r: { runId: string; layer: string; etomId: string; figures: Figures; findings: string[]; details: unknown },
  ): Promise<string>;
  /** Stores the action and notifies its owner; an action still open on the same subject is returned instead. */
  raiseAction(key: string, a: ReadinessActionRequest): Promise<string>;
  /** Closes the open actions of a process on a metric whose subject is back within its objective. */
  closeActions(key: string, etomId: string, metric: string, stillCrossing: string[]): Promise<string[]>;
  actions(runId?: string): Promise<ReadinessAction[]>;
  /** The open actions addressed to process `etomId` that no process has acted on yet, oldest first. */
  addressedTo(etomId: string): Promise<ReadinessAction[]>;
  /**
   * The open actions addressed to process `etomId`, acted on or not, oldest first: what it must
   * keep doing while the figure stays past its objective (a supplier to avoid while it is late).
   */
  standingFor(etomId: string): Promise<ReadinessAction[]>;
  /** Records that process `etomId` acted on the action and what it did; once only (a second call returns the first). */
  actedOn(key: string, actionId: string, etomId: string, outcome: string): Promise<ReadinessAction>;
  reports(runId: string): Promise<Array<{ id: string; etomId: string; figures: Figures; findings: string[] }>>;
}
