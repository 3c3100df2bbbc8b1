import { describe, expect, it } from 'vitest';
import { createResourceTroubleManagementActivities } from '../../activities/rmo/resource-trouble-management';
import { ResourceTroubleRequest } from '../../src/domain/assurance/messages';
import { DEMO_ASSURANCE_TIMINGS } from '../../src/domain/assurance/timings';
import { ALARM_API, alarmEvent } from '../../src/events/alarm-events';
import type { AlarmEvent } from '../../src/ports/alarms';
import { cardFailure } from '../../src/simulators/alarms';
import { expectValid } from '../api/support';
import { useTestStore } from '../support/store';

const TMF642 = 'TMF642-AlarmManagement-v4.0.0.swagger.json';
const T0 = '2026-06-10T10:00:00.000Z';

const test = useTestStore(T0, { installedBase: true });

/** The alarm as an event carries it: what these tests read of it. */
type Shown = Record<'state' | 'ackState' | 'alarmDetails', string> & {
  id: number;
  isRootCause?: boolean;
} & Partial<Record<'parentAlarm' | 'correlatedAlarm', Array<{ id: string }>>>;
interface Heard {
  eventType: string;
  alarm: Shown;
}

/** Every alarm event stored, oldest first, each valid against TMF642's definition of its type. */
function stored(): Heard[] {
  const rows = test.rows(
    'SELECT api, entity_type, event_type, envelope FROM event_outbox WHERE api = ? ORDER BY seq',
    ALARM_API,
  ) as Array<{ entity_type: string; event_type: string; envelope: string }>;
  return rows.map((r) => {
    const envelope = JSON.parse(r.envelope) as { eventType: string; event: { alarm: Shown } };
    expect([r.entity_type, envelope.eventType]).toEqual(['alarm', r.event_type]);
    expectValid(r.event_type, envelope, TMF642);
    return { eventType: envelope.eventType, alarm: envelope.event.alarm };
  });
}

/** The events stored after the first `from`, as `number eventType state/ackState`. */
const since = (from: number) =>
  stored()
    .slice(from)
    .map((e) => `${e.alarm.id} ${e.eventType} ${e.alarm.state}/${e.alarm.ackState}`);

const raise = (alarmedObject: string, probableCause: string, at: string): AlarmEvent => ({
  alarmType: 'equipmentAlarm',
  perceivedSeverity: 'major',
  probableCause,
  alarmedObject,
  sourceSystemId: 'EMS-PAR',
  state: 'raised',
  eventTime: at,
});

describe('TMF642 events of the changes surveillance (RM&O) makes to the alarm list', () => {
  it('an analysis, an ack and a close store one event per alarm they changed as GET shows it, none on a retry or a no-op', async () => {
    const { alarms } = test.store.ports;
    const card = 'CARD-X-1';
    const port = 'PORT-X-1-1';
    const raised = await alarms.ingest(
      'k/ingest',
      'EMS-PAR',
      [raise(card, 'equipmentMalfunction', T0), raise(port, 'lossOfSignal', T0)],
      alarmEvent,
    );
    const [cardAlarm, portAlarm] = (await alarms.ofBatch(raised.batchId)).raised;
    expect(since(0)).toEqual([`1 AlarmCreateEvent raised/unacknowledged`, `2 AlarmCreateEvent raised/unacknowledged`]);

    // 1.A.3.3.1 folds the port's alarm under the card's: both change (isRootCause, parent, correlated).
    const fold = {
      batchId: raised.batchId,
      idPrefix: 'RT',
      decisions: [
        { alarmId: cardAlarm!.id, analysis: 'root' as const, rootCause: 'new:0' },
        { alarmId: portAlarm!.id, analysis: 'folded' as const, rootCause: 'new:0' },
      ],
      newRootCauses: [
        {
          key: 'new:0',
          resourceId: card,
          probableCause: 'equipmentMalfunction',
          rootAlarmId: cardAlarm!.id,
          reason: 'x',
        },
      ],
      outcome: { folded: 1 },
    };
    const [rc] = await alarms.recordAnalysis('k/fold', fold, alarmEvent);
    await alarms.recordAnalysis('k/fold', fold, alarmEvent);
    const folded = stored().slice(2);
    expect(folded.map((e) => `${e.alarm.id} ${e.eventType}`)).toEqual([
      '1 AlarmAttributeValueChangeEvent',
      '2 AlarmAttributeValueChangeEvent',
    ]);
    expect(folded[0]!.alarm).toMatchObject({ isRootCause: true, correlatedAlarm: [{ id: '2' }] });
    expect(folded[1]!.alarm).toMatchObject({ isRootCause: false, parentAlarm: [{ id: '1' }] });
    expect(folded[1]!.alarm.alarmDetails).toMatch(/^folded into root cause RT-000001/);

    // A repeat of the card's alarm: it is merged (its own attributes change) and the card's
    // alarm moves raised → updated (TMF642's state change).
    const again = await alarms.ingest('k/repeat', 'EMS-PAR', [raise(card, 'equipmentMalfunction', T0)], alarmEvent);
    const [repeat] = (await alarms.ofBatch(again.batchId)).raised;
    const merge = {
      batchId: again.batchId,
      idPrefix: 'RT',
      decisions: [{ alarmId: repeat!.id, analysis: 'duplicate' as const, duplicateOf: cardAlarm!.id }],
      newRootCauses: [],
      outcome: { merged: 1 },
    };
    let from = stored().length;
    await alarms.recordAnalysis('k/merge', merge, alarmEvent);
    await alarms.recordAnalysis('k/merge', merge, alarmEvent);
    expect(since(from)).toEqual([
      '1 AlarmStateChangeEvent updated/unacknowledged',
      '3 AlarmAttributeValueChangeEvent raised/unacknowledged',
    ]);
    // A second repeat leaves the card's alarm updated (its count is not shown), but it joins the
    // root cause, so the card's correlatedAlarm grows: an attribute change, not a state change.
    const third = await alarms.ingest('k/repeat2', 'EMS-PAR', [raise(card, 'equipmentMalfunction', T0)], alarmEvent);
    const [repeat2] = (await alarms.ofBatch(third.batchId)).raised;
    from = stored().length;
    await alarms.recordAnalysis(
      'k/merge2',
      { ...merge, batchId: third.batchId, decisions: [{ ...merge.decisions[0]!, alarmId: repeat2!.id }] },
      alarmEvent,
    );
    expect(since(from)).toEqual([
      '1 AlarmAttributeValueChangeEvent updated/unacknowledged',
      '4 AlarmAttributeValueChangeEvent raised/unacknowledged',
    ]);
    expect(
      stored()
        .at(-2)!
        .alarm.correlatedAlarm!.map((r) => r.id),
    ).toEqual(['2', '3', '4']);

    // The trouble report acknowledges every alarm of the root cause: one event each, once.
    from = stored().length;
    expect(await alarms.acknowledgeRootCause('k/ack', rc!.id, alarmEvent)).toBe(4);
    await alarms.acknowledgeRootCause('k/ack', rc!.id, alarmEvent);
    await alarms.acknowledgeRootCause('k/ack-again', rc!.id, alarmEvent);
    expect(since(from)).toEqual([
      '1 AlarmAttributeValueChangeEvent updated/acknowledged',
      '2 AlarmAttributeValueChangeEvent raised/acknowledged',
      '3 AlarmAttributeValueChangeEvent raised/acknowledged',
      '4 AlarmAttributeValueChangeEvent raised/acknowledged',
    ]);

    // The port's alarm clears from the network; then the root cause closes and clears the rest.
    await alarms.ingest('k/clear', 'EMS-PAR', [{ ...raise(port, 'lossOfSignal', T0), state: 'cleared' }], alarmEvent);
    from = stored().length;
    await alarms.closeRootCause('k/close', rc!.id, '2026-06-10T11:00:00.000Z', alarmEvent);
    await alarms.closeRootCause('k/close', rc!.id, '2026-06-10T11:00:00.000Z', alarmEvent);
    await alarms.closeRootCause('k/close-again', rc!.id, '2026-06-10T11:05:00.000Z', alarmEvent);
    const closed = stored().slice(from);
    expect(closed.map((e) => `${e.alarm.id} ${e.eventType} ${e.alarm.state}`)).toEqual([
      '1 AlarmStateChangeEvent cleared',
      // Cleared before: only its details move (its root cause is closed now).
      '2 AlarmAttributeValueChangeEvent cleared',
      '3 AlarmStateChangeEvent cleared',
      '4 AlarmStateChangeEvent cleared',
    ]);
    for (const e of closed) expect(e.alarm.alarmDetails).toMatch(/RT-000001, closed$/);

    // Each alarm's events are numbered in order, so delivery keeps them in order.
    const seqs = test.rows(
      "SELECT entity_id, GROUP_CONCAT(entity_seq) AS s FROM event_outbox WHERE entity_type = 'alarm' GROUP BY entity_id",
    );
    for (const r of seqs) {
      const s = String(r['s']).split(',').map(Number);
      expect(s).toEqual(s.map((_, i) => i + 1));
    }
  });

  it('1.A.3.3.1, 1.A.3.3.4: a card storm surveyed, acknowledged and cancelled through the activities tells every alarm', async () => {
    const acts = createResourceTroubleManagementActivities(test.store.ports);
    const timings = DEMO_ASSURANCE_TIMINGS;
    const storm = cardFailure(test.store.db, 'CARD-PAR-1-1', { at: new Date(test.clock.now), repeats: 1 });
    const batch = await test.store.ports.alarms.ingest('k/storm', 'EMS', storm, alarmEvent);
    const count = (type: string) => stored().filter((e) => e.eventType === type).length;
    expect(count('AlarmCreateEvent')).toBe(storm.length);

    // The ports wait for their card; the repeats are merged at once.
    await acts.surveyAndAnalyzeResourceTrouble({ batchId: batch.batchId, timings });
    test.clock.now = new Date(test.clock.now.getTime() + 3_500);
    const out = await acts.surveyAndAnalyzeResourceTrouble({ batchId: null, timings });
    const rc = out.rootCauses[0]!;
    const last = new Map(stored().map((e) => [e.alarm.id, e]));
    // Every alarm of the storm tells what surveillance made of it.
    expect([...last.values()].filter((e) => e.alarm.isRootCause !== undefined)).toHaveLength(storm.length);
    const root = [...last.values()].find((e) => e.alarm.isRootCause)!;
    expect(root.alarm.correlatedAlarm).toHaveLength(storm.length - 1);

    // The trouble request surveillance's workflow makes of the root cause found (extra keys stripped).
    const request = ResourceTroubleRequest.parse({ ...rc, origin: 'alarm', description: rc.reason, timings });
    let from = stored().length;
    await acts.trackAndManageResourceTrouble({ action: 'create', request, workflowId: rc.troubleId });
    expect(since(from).filter((e) => e.endsWith('/acknowledged'))).toHaveLength(storm.length);

    from = stored().length;
    await acts.trackAndManageResourceTrouble({ action: 'cancel', troubleId: rc.troubleId, reason: 'test' });
    expect(since(from).filter((e) => / AlarmStateChangeEvent cleared\//.test(e))).toHaveLength(storm.length);
  });
});
