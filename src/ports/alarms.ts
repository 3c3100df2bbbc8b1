import type { AlarmAckState, AlarmState, AlarmType, PerceivedSeverity } from '../domain/assurance/states';

/**
 * One notification from the network's element managers (TMF642 Alarm): a raise, or the clear
 * of an alarm raised before on the same object for the same probable cause.
 */
export interface AlarmEvent {
  externalAlarmId?: string;
  alarmType: AlarmType;
  perceivedSeverity: PerceivedSeverity;
  probableCause: string;
  specificProblem?: string;
  /** The resource (inventory id) the alarm is about. */
  alarmedObject: string;
  sourceSystemId: string;
  state: 'raised' | 'cleared';
  /** ISO time: raisedTime of a raise, clearedTime of a clear. */
  eventTime: string;
}

/** What survey & analysis (1.A.3.3.1) made of an alarm. */
export type AlarmAnalysis = 'pending' | 'waiting' | 'root' | 'duplicate' | 'transient' | 'folded';

export interface AlarmRecord {
  id: string;
  batchId: string;
  externalAlarmId: string | null;
  alarmType: AlarmType;
  perceivedSeverity: PerceivedSeverity;
  probableCause: string;
  specificProblem: string | null;
  alarmedObject: string;
  sourceSystemId: string;
  state: AlarmState;
  ackState: AlarmAckState;
  raisedTime: string;
  clearedTime: string | null;
  analysis: AlarmAnalysis;
  duplicateOf: string | null;
  occurrences: number;
  rootCauseId: string | null;
}

export interface RootCauseRecord {
  id: string;
  resourceId: string;
  probableCause: string;
  rootAlarmId: string;
  alarmCount: number;
  reason: string;
  state: 'open' | 'closed';
  /** Alarms of this root cause still raised (not cleared). */
  openAlarms: number;
  /** A bounded sample of its alarm ids, oldest first. */
  sampleAlarmIds: string[];
}

/** One alarm's verdict, as 1.A.3.3.1 records it. */
export interface AlarmDecision {
  alarmId: string;
  analysis: Exclude<AlarmAnalysis, 'pending'>;
  duplicateOf?: string;
  /** An existing root cause id, or the `key` of a new one in the same record call. */
  rootCause?: string;
}

export interface NewRootCause {
  key: string;
  resourceId: string;
  probableCause: string;
  rootAlarmId: string;
  reason: string;
}

export interface AnalysisRecord {
  batchId: string | null;
  /** Root cause ids are `${idPrefix}-000001`…: they name the resource troubles too. */
  idPrefix: string;
  decisions: AlarmDecision[];
  newRootCauses: NewRootCause[];
  outcome: Record<string, number>;
}

/**
 * The alarm list (TMF642) and the correlation store behind it. Batches are written whole by
 * alarm ingest and read back by survey & analysis: alarms never travel in workflow payloads.
 */
export interface AlarmPort {
  /** Stores a batch: raises become alarms, clears clear the raised alarms they name. */
  ingest(
    idempotencyKey: string,
    sourceSystemId: string,
    events: AlarmEvent[],
  ): Promise<{ batchId: string; count: number }>;
  /** The batch's alarms still to analyse, and (with `withWaiting`) every alarm waiting for information. */
  toAnalyze(batchId: string | null, withWaiting: boolean): Promise<AlarmRecord[]>;
  /** Raised alarms on these resources already analysed (root, folded, waiting), oldest first. */
  raisedOn(resourceIds: readonly string[]): Promise<AlarmRecord[]>;
  /** Open root causes on these resources. */
  openRootCausesOn(resourceIds: readonly string[]): Promise<RootCauseRecord[]>;
  /** Records every verdict and the new root causes at once; returns the root causes created. */
  recordAnalysis(idempotencyKey: string, analysis: AnalysisRecord): Promise<RootCauseRecord[]>;
  rootCause(id: string): Promise<RootCauseRecord | undefined>;
  /** Acknowledges (TMF642 ackState) every alarm of a root cause. */
  acknowledgeRootCause(idempotencyKey: string, rootCauseId: string): Promise<number>;
  /** Closes a root cause; its alarms still raised are cleared with it. */
  closeRootCause(idempotencyKey: string, rootCauseId: string, clearedTime: string): Promise<void>;
  get(alarmId: string): Promise<AlarmRecord | undefined>;
  batchOutcome(batchId: string): Promise<Record<string, number> | null>;
}
