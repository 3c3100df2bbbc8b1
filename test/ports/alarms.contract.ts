import { describe, expect, it } from 'vitest';
import { BusinessErrorType, BusinessRejection } from '../../src/contracts/errors';
import { alarmEvent } from '../../src/events/alarm-events';
import type { AnalysisRecord } from '../../src/ports/alarms';
import { withHarness } from './harness';
import { alarmsListContract } from './alarms-list.contract';
import {
  type AlarmHarness,
  CARD,
  clear,
  fold,
  ingestTwo,
  NOW,
  PORT,
  raise,
  shownAt,
  since,
  T0,
} from './alarms-fixtures';

export { type AlarmHarness, NOW } from './alarms-fixtures';

/**
 * The alarm list's contract (TMF642 and the correlation store of 1.A.3.3), for every adapter
 * (docs/ADAPTERS.md): batches in, clears, what survey & analysis records, root causes acked and
 * closed, the list's reads and tasks, with the events each change stores. The harness builds an
 * empty store whose clock reads `NOW`, and reads back what it holds.
 */

export function alarmsContract(adapter: string, make: () => Promise<AlarmHarness>): void {
  const withStore = withHarness(make);
  describe(`alarms port (TMF642) on ${adapter}`, () => {
    it(
      'ingest: alarms numbered in order of receipt, each with its create event; a clear ends the raised ones it names',
      withStore(async (h) => {
        const { batchId, card, port } = await ingestTwo(h);
        expect(card).toMatchObject({
          number: 1,
          batchId,
          externalAlarmId: 'EMS-77',
          state: 'raised',
          ackState: 'unacknowledged',
          analysis: 'pending',
          raisedTime: T0,
          reportedTime: NOW,
          occurrences: 1,
          parent: null,
          correlated: [],
          rootCause: null,
        });
        expect(port.number).toBe(2);
        expect(await since(h, 0)).toEqual([
          '1 AlarmCreateEvent raised/unacknowledged',
          '2 AlarmCreateEvent raised/unacknowledged',
        ]);
        expect((await h.port.toAnalyze(batchId, false)).map((a) => a.id)).toEqual([card.id, port.id]);
        expect(await h.port.get(card.id)).toMatchObject({ id: card.id, number: 1 });
        expect(await h.port.get('AB-NONE')).toBeUndefined();

        // A clear raised before the alarm does not end it; a later one does, and records who.
        const early = await h.port.ingest('k/early', 'EMS-PAR', [
          clear(PORT, 'lossOfSignal', '2026-06-10T09:00:00.000Z'),
        ]);
        expect((await h.port.ofBatch(early.batchId)).cleared).toEqual([]);
        const cleared = await h.port.ingest(
          'k/clear',
          'EMS-PAR',
          [{ ...clear(PORT, 'lossOfSignal', '2026-06-10T10:03:00.000Z'), clearUserId: 'noc-1', clearSystemId: 'NOC' }],
          alarmEvent,
        );
        expect(cleared).toEqual({ batchId: expect.any(String), count: 1 });
        const [ended] = (await h.port.ofBatch(cleared.batchId)).cleared;
        expect(ended).toMatchObject({
          id: port.id,
          state: 'cleared',
          perceivedSeverity: 'cleared',
          clearedTime: '2026-06-10T10:03:00.000Z',
          clearUserId: 'noc-1',
          clearSystemId: 'NOC',
        });
        expect(await since(h, 2)).toEqual(['2 AlarmStateChangeEvent cleared/unacknowledged']);
        expect(await h.count('batches')).toBe(3);
      }),
    );

    it(
      'idempotency: a batch ingested twice under one key is stored once, and answers its first batch id',
      withStore(async (h) => {
        const events = [raise(CARD, 'equipmentMalfunction'), raise(PORT, 'lossOfSignal')];
        const first = await h.port.ingest('k/1', 'EMS-PAR', events, alarmEvent);
        expect(await h.port.ingest('k/1', 'EMS-PAR', events, alarmEvent)).toEqual(first);
        expect([await h.count('alarms'), await h.count('batches'), (await h.events()).length]).toEqual([2, 1, 2]);
      }),
    );

    it(
      'all or nothing: a batch that fails part-way stores none of its alarms or events, and keeps its key',
      withStore(async (h) => {
        let calls = 0;
        const failing: typeof alarmEvent = (alarm, change) => {
          if (++calls === 2) throw new BusinessRejection(BusinessErrorType.InvalidInput, 'no representation');
          return alarmEvent(alarm, change);
        };
        const err = await h.port
          .ingest('k/1', 'EMS-PAR', [raise(CARD, 'equipmentMalfunction'), raise(PORT, 'lossOfSignal')], failing)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(BusinessRejection);
        expect([await h.count('alarms'), await h.count('batches'), (await h.events()).length]).toEqual([0, 0, 0]);
        const retried = await h.port.ingest('k/1', 'EMS-PAR', [raise(CARD, 'equipmentMalfunction')], alarmEvent);
        expect((await h.port.ofBatch(retried.batchId)).raised.map((a) => a.number)).toEqual([1]);
      }),
    );

    it(
      'analysis, ack and close: one event per alarm changed as GET shows it, none on a retry or a no-op',
      withStore(async (h) => {
        const { batchId, card, port } = await ingestTwo(h);
        const [rc] = await h.port.recordAnalysis('k/fold', fold(batchId, card.id, port.id), alarmEvent);
        expect(await h.port.recordAnalysis('k/fold', fold(batchId, card.id, port.id), alarmEvent)).toEqual([rc]);
        expect(rc).toMatchObject({
          id: expect.stringMatching(/^RT-/),
          resourceId: CARD,
          rootAlarmId: card.id,
          alarmCount: 2,
          state: 'open',
          openAlarms: 2,
          sampleAlarmIds: [card.id, port.id],
        });
        expect(await h.port.batchOutcome(batchId)).toEqual({ folded: 1, rootCauses: 1 });
        expect(await h.port.batchOutcome('AB-NONE')).toBeNull();
        expect(await since(h, 2)).toEqual([
          '1 AlarmAttributeValueChangeEvent raised/unacknowledged',
          '2 AlarmAttributeValueChangeEvent raised/unacknowledged',
        ]);
        expect(await shownAt(h, 2)).toMatchObject({ isRootCause: true, correlatedAlarm: [{ id: '2' }] });
        expect(await shownAt(h, 3)).toMatchObject({ isRootCause: false, parentAlarm: [{ id: '1' }] });
        expect(await h.port.byNumber(2)).toMatchObject({
          parent: { id: card.id, number: 1 },
          rootCause: { id: rc!.id, state: 'open' },
        });
        expect((await h.port.openRootCausesOn([CARD, CARD, 'OTHER'])).map((r) => r.id)).toEqual([rc!.id]);
        expect((await h.port.raisedOn([CARD, PORT])).map((a) => a.id)).toEqual([card.id, port.id]);

        // A repeat of the card's alarm is merged: the card's moves raised → updated.
        const again = await h.port.ingest('k/repeat', 'EMS-PAR', [raise(CARD, 'equipmentMalfunction')], alarmEvent);
        const [repeat] = (await h.port.ofBatch(again.batchId)).raised;
        const merge: AnalysisRecord = {
          batchId: again.batchId,
          idPrefix: 'RT',
          decisions: [{ alarmId: repeat!.id, analysis: 'duplicate', duplicateOf: card.id }],
          newRootCauses: [],
          outcome: { merged: 1 },
        };
        let from = (await h.events()).length;
        expect(await h.port.recordAnalysis('k/merge', merge, alarmEvent)).toEqual([]);
        await h.port.recordAnalysis('k/merge', merge, alarmEvent);
        expect(await since(h, from)).toEqual([
          '1 AlarmStateChangeEvent updated/unacknowledged',
          '3 AlarmAttributeValueChangeEvent raised/unacknowledged',
        ]);
        expect(await h.port.get(card.id)).toMatchObject({ occurrences: 2, state: 'updated' });
        expect(await h.port.rootCause(rc!.id)).toMatchObject({ alarmCount: 3, openAlarms: 3 });

        // The trouble report acknowledges every alarm of the root cause: one event each, once.
        from = (await h.events()).length;
        expect(await h.port.acknowledgeRootCause('k/ack', rc!.id, alarmEvent)).toBe(3);
        expect(await h.port.acknowledgeRootCause('k/ack', rc!.id, alarmEvent)).toBe(3);
        expect(await h.port.acknowledgeRootCause('k/ack-again', rc!.id, alarmEvent)).toBe(0);
        expect(await since(h, from)).toEqual([
          '1 AlarmAttributeValueChangeEvent updated/acknowledged',
          '2 AlarmAttributeValueChangeEvent raised/acknowledged',
          '3 AlarmAttributeValueChangeEvent raised/acknowledged',
        ]);

        // Closing it clears its alarms still raised.
        from = (await h.events()).length;
        await h.port.closeRootCause('k/close', rc!.id, '2026-06-10T11:00:00.000Z', alarmEvent);
        await h.port.closeRootCause('k/close', rc!.id, '2026-06-10T11:00:00.000Z', alarmEvent);
        expect(await since(h, from)).toEqual([
          '1 AlarmStateChangeEvent cleared/acknowledged',
          '2 AlarmStateChangeEvent cleared/acknowledged',
          '3 AlarmStateChangeEvent cleared/acknowledged',
        ]);
        expect(await h.port.rootCause(rc!.id)).toMatchObject({ state: 'closed', openAlarms: 0 });
        expect(await h.port.rootCause('RT-NONE')).toBeUndefined();
        expect(await h.port.openRootCausesOn([CARD])).toEqual([]);
        expect((await h.port.get(port.id))!.clearedTime).toBe('2026-06-10T11:00:00.000Z');
      }),
    );

    it(
      'a waiting alarm is analysed again with the next batch; repeats merged while it waited follow it',
      withStore(async (h) => {
        const { batchId, card, port } = await ingestTwo(h);
        await h.port.recordAnalysis('k/wait', {
          batchId,
          idPrefix: 'RT',
          decisions: [
            { alarmId: card.id, analysis: 'waiting' },
            { alarmId: port.id, analysis: 'transient' },
          ],
          newRootCauses: [],
          outcome: { waiting: 1 },
        });
        const next = await h.port.ingest('k/next', 'EMS-PAR', [raise(CARD, 'equipmentMalfunction')]);
        const [repeat] = (await h.port.ofBatch(next.batchId)).raised;
        expect((await h.port.toAnalyze(next.batchId, true)).map((a) => a.id)).toEqual([card.id, repeat!.id]);
        expect((await h.port.toAnalyze(next.batchId, false)).map((a) => a.id)).toEqual([repeat!.id]);
        await h.port.recordAnalysis('k/merge', {
          batchId: next.batchId,
          idPrefix: 'RT',
          decisions: [{ alarmId: repeat!.id, analysis: 'duplicate', duplicateOf: card.id }],
          newRootCauses: [],
          outcome: { merged: 1 },
        });
        const [rc] = await h.port.recordAnalysis('k/root', {
          batchId: null,
          idPrefix: 'RTX',
          decisions: [{ alarmId: card.id, analysis: 'root', rootCause: 'new:0' }],
          newRootCauses: [
            {
              key: 'new:0',
              resourceId: CARD,
              probableCause: 'equipmentMalfunction',
              rootAlarmId: card.id,
              reason: 'r',
            },
          ],
          outcome: {},
        });
        expect(rc).toMatchObject({
          id: expect.stringMatching(/^RTX-/),
          alarmCount: 2,
          sampleAlarmIds: [card.id, repeat!.id],
        });
        expect((await h.port.get(repeat!.id))!.rootCauseId).toBe(rc!.id);
      }),
    );
  });
  alarmsListContract(adapter, withStore);
}
