import { alarmEvent } from '../../src/events/alarm-events';
import type { AlarmEvent, AlarmPort, AnalysisRecord } from '../../src/ports/alarms';
import type { EventEnvelope } from '../../src/ports/event-subscriptions';
import { expectValid } from '../api/support';
import type { withHarness } from './harness';

/**
 * What the alarm list's contract parts share (alarms.contract.ts): the store's clock, the harness,
 * the alarms raised and cleared, and the reads of the events stored.
 */

export const NOW = '2026-06-10T10:05:00.000Z';
export const T0 = '2026-06-10T10:00:00.000Z';
export const TMF642 = 'TMF642-AlarmManagement-v4.0.0.swagger.json';

export interface AlarmHarness {
  port: AlarmPort;
  /** Every alarm event stored, oldest first. */
  events(): Promise<EventEnvelope[]>;
  count(what: 'alarms' | 'batches' | 'rootCauses' | 'tasks'): Promise<number>;
  close(): Promise<void>;
}

export type Shown = {
  id: string;
  state: string;
  ackState: string;
  alarmDetails?: string;
  isRootCause?: boolean;
} & Partial<Record<'parentAlarm' | 'correlatedAlarm', Array<{ id: string }>>>;

export const raise = (
  alarmedObject: string,
  probableCause: string,
  at = T0,
  over: Partial<AlarmEvent> = {},
): AlarmEvent => ({
  alarmType: 'equipmentAlarm',
  perceivedSeverity: 'major',
  probableCause,
  alarmedObject,
  sourceSystemId: 'EMS-PAR',
  state: 'raised',
  eventTime: at,
  ...over,
});
export const clear = (alarmedObject: string, probableCause: string, at: string): AlarmEvent => ({
  ...raise(alarmedObject, probableCause, at),
  state: 'cleared',
});
export const CARD = 'CARD-X-1';
export const PORT = 'PORT-X-1-1';

/** The events stored after the first `from`, as `number eventType state/ackState`, each valid against TMF642. */
export async function since(h: AlarmHarness, from: number): Promise<string[]> {
  return (await h.events()).slice(from).map((e) => {
    expectValid(e.eventType, e, TMF642);
    const a = (e.event as { alarm: Shown }).alarm;
    return `${a.id} ${e.eventType} ${a.state}/${a.ackState}`;
  });
}
export const shownAt = async (h: AlarmHarness, i: number) =>
  ((await h.events()).at(i)!.event as { alarm: Shown }).alarm;

/** A card's alarm taken as root cause RT-…, the port's folded under it. */
export const fold = (batchId: string, card: string, port: string): AnalysisRecord => ({
  batchId,
  idPrefix: 'RT',
  decisions: [
    { alarmId: card, analysis: 'root', rootCause: 'new:0' },
    { alarmId: port, analysis: 'folded', rootCause: 'new:0' },
  ],
  newRootCauses: [
    { key: 'new:0', resourceId: CARD, probableCause: 'equipmentMalfunction', rootAlarmId: card, reason: 'card failed' },
  ],
  outcome: { folded: 1, rootCauses: 1 },
});

/** A card's alarm and its port's, ingested in one batch. */
export const ingestTwo = async (h: AlarmHarness) => {
  const b = await h.port.ingest(
    'k/ingest',
    'EMS-PAR',
    [raise(CARD, 'equipmentMalfunction', T0, { externalAlarmId: 'EMS-77' }), raise(PORT, 'lossOfSignal')],
    alarmEvent,
  );
  const [card, port] = (await h.port.ofBatch(b.batchId)).raised;
  return { batchId: b.batchId, card: card!, port: port! };
};

/** A test body run on an empty store. */
export type WithStore = ReturnType<typeof withHarness<AlarmHarness>>;
