import type { AlarmAckState, AlarmState, AlarmType, PerceivedSeverity } from '../domain/assurance/states';
import type { NewEvent } from './event-subscriptions';
import type { DateBound, Page } from './search';

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
  /** Of a clear an operator asked for (TMF642 clearAlarms): who, from which system. */
  clearUserId?: string;
  clearSystemId?: string;
}

/** What survey & analysis (1.A.3.3.1) made of an alarm. */
export type AlarmAnalysis = 'pending' | 'waiting' | 'root' | 'duplicate' | 'transient' | 'folded';

export interface AlarmRecord {
  id: string;
  /** Its number in the alarm list: the integer id TMF642 shows. */
  number: number;
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
  /** When the alarm list received it (TMF642 alarmReportingTime). */
  reportedTime: string;
  ackUserId: string | null;
  ackSystemId: string | null;
  ackTime: string | null;
  clearUserId: string | null;
  clearSystemId: string | null;
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

/** An alarm as the alarm list shows it (TMF642): the record and what correlation made of it. */
export interface ListedAlarm extends AlarmRecord {
  /** The alarm it was merged or folded into: the one it repeats, else its root cause's root alarm. */
  parent: { id: string; number: number } | null;
  /** Of a root alarm: the alarms its root cause gathered (a bounded sample, by number). */
  correlated: Array<{ id: string; number: number }>;
  /** The root cause it belongs to; the resource trouble worked for it has the same id. */
  rootCause: { id: string; reason: string; state: 'open' | 'closed' } | null;
}

/**
 * What changed an alarm, for the event its listeners hear (TMF642 create, state, attribute):
 * `updated` is a repeat merged into it (state raised → updated), `correlated` what surveillance
 * made of it (isRootCause, parentAlarm, correlatedAlarm, its details, its root cause closed).
 */
export type AlarmChange = 'raised' | 'cleared' | 'acknowledged' | 'updated' | 'correlated';
/** The event a change of the alarm publishes, stored with the change. */
export type AlarmEvents = (alarm: ListedAlarm, change: AlarmChange) => NewEvent;

/** Which alarms to list: every given criterion holds (values of one are alternatives), newest raised first. */
export interface AlarmSearch {
  numbers?: number[];
  states?: AlarmState[];
  ackStates?: AlarmAckState[];
  severities?: string[];
  alarmTypes?: string[];
  probableCauses?: string[];
  alarmedObjects?: string[];
  sourceSystemIds?: string[];
  externalAlarmIds?: string[];
  analyses?: AlarmAnalysis[];
  dates?: DateBound<'raisedTime' | 'clearedTime'>[];
  offset: number;
  limit: number;
}

/** A TMF642 alarm pattern: an alarm matches when every attribute given equals its own. */
export interface AlarmPattern {
  number?: number;
  externalAlarmId?: string;
  alarmType?: string;
  perceivedSeverity?: string;
  probableCause?: string;
  specificProblem?: string;
  alarmedObject?: string;
  sourceSystemId?: string;
  state?: string;
  ackState?: string;
  isRootCause?: boolean;
}

/** A TMF642 task on the alarm list (ackAlarms, clearAlarms), as recorded once applied. */
export interface AlarmTask {
  id: string;
  kind: 'ackAlarms' | 'clearAlarms';
  userId: string;
  systemId: string;
  /** ackTime, or alarmClearedTime. */
  at: string;
  /** The patterns as posted. */
  alarmPattern: unknown[];
  /** The numbers of the alarms the task acknowledged or cleared. */
  alarmNumbers: number[];
  createdAt: string;
}

/**
 * The alarm list (TMF642) and the correlation store behind it. Batches are written whole by
 * alarm ingest and read back by survey & analysis: alarms never travel in workflow payloads.
 */
export interface AlarmPort {
  /**
   * Stores a batch: raises become alarms, clears clear the raised alarms they name. With
   * `publish`, each alarm raised or cleared stores its event in the same transaction.
   */
  ingest(
    idempotencyKey: string,
    sourceSystemId: string,
    events: AlarmEvent[],
    publish?: AlarmEvents,
  ): Promise<{ batchId: string; count: number }>;
  /** The batch's alarms still to analyse, and (with `withWaiting`) every alarm waiting for information. */
  toAnalyze(batchId: string | null, withWaiting: boolean): Promise<AlarmRecord[]>;
  /** Raised alarms on these resources already analysed (root, folded, waiting), oldest first. */
  raisedOn(resourceIds: readonly string[]): Promise<AlarmRecord[]>;
  /** Open root causes on these resources. */
  openRootCausesOn(resourceIds: readonly string[]): Promise<RootCauseRecord[]>;
  /**
   * Records every verdict and the new root causes at once; returns the root causes created.
   * With `publish`, each alarm the analysis changed as GET shows it stores its event with it.
   */
  recordAnalysis(idempotencyKey: string, analysis: AnalysisRecord, publish?: AlarmEvents): Promise<RootCauseRecord[]>;
  rootCause(id: string): Promise<RootCauseRecord | undefined>;
  /** Acknowledges (TMF642 ackState) every alarm of a root cause; with `publish`, each stores its event. */
  acknowledgeRootCause(idempotencyKey: string, rootCauseId: string, publish?: AlarmEvents): Promise<number>;
  /**
   * Closes a root cause; its alarms still raised are cleared with it. With `publish`, each alarm
   * cleared (and each whose shown details name the root cause now closed) stores its event.
   */
  closeRootCause(
    idempotencyKey: string,
    rootCauseId: string,
    clearedTime: string,
    publish?: AlarmEvents,
  ): Promise<void>;
  get(alarmId: string): Promise<AlarmRecord | undefined>;
  batchOutcome(batchId: string): Promise<Record<string, number> | null>;

  // The alarm list as TMF642 reads and changes it.
  /** One page of the alarms that match, newest raised first, and how many match in all. */
  search(query: AlarmSearch): Promise<Page<ListedAlarm>>;
  byNumber(number: number): Promise<ListedAlarm | undefined>;
  /** The alarm a source system raised under its own id. */
  byExternalId(sourceSystemId: string, externalAlarmId: string): Promise<ListedAlarm | undefined>;
  /** The alarms the batch raised, and those its clears ended. */
  ofBatch(batchId: string): Promise<{ raised: ListedAlarm[]; cleared: ListedAlarm[] }>;
  /** The alarms that match any of the patterns (at most `limit`), oldest first. */
  matching(patterns: readonly AlarmPattern[], limit: number): Promise<ListedAlarm[]>;
  /**
   * Acknowledges the alarms of any pattern not acknowledged yet, and records the task; a task
   * id already recorded changes nothing and answers the task as it was.
   */
  acknowledge(
    task: Omit<AlarmTask, 'kind' | 'alarmNumbers' | 'createdAt'>,
    patterns: readonly AlarmPattern[],
    publish?: AlarmEvents,
  ): Promise<AlarmTask>;
  /** Records a clearAlarms task once its clears went through ingest (a recorded id is kept as it was). */
  recordTask(task: Omit<AlarmTask, 'createdAt'>): Promise<AlarmTask>;
  task(id: string): Promise<AlarmTask | undefined>;
  /** One page of the tasks of a kind, newest first, and how many there are. */
  tasks(kind: AlarmTask['kind'], ids: string[] | undefined, offset: number, limit: number): Promise<Page<AlarmTask>>;
}
