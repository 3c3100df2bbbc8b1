import { describe, expect, it } from 'vitest';
import { alarmEvent } from '../../src/events/alarm-events';
import { CARD, ingestTwo, NOW, PORT, raise, since, type WithStore } from './alarms-fixtures';

/**
 * The alarm list's reads and tasks (part of alarms.contract.ts): search and patterns, acks and
 * clears posted as tasks, and numbering under concurrent writers.
 */
export function alarmsListContract(adapter: string, withStore: WithStore): void {
  describe(`alarms port (TMF642) on ${adapter}`, () => {
    it(
      'the list: search by criteria and dates, newest raised first; by external id; patterns',
      withStore(async (h) => {
        await h.port.ingest('k/1', 'EMS-PAR', [
          raise(CARD, 'equipmentMalfunction', '2026-06-10T09:00:00.000Z', { externalAlarmId: 'E-1' }),
          raise(PORT, 'lossOfSignal', '2026-06-10T09:30:00.000Z', { perceivedSeverity: 'critical' }),
        ]);
        await h.port.ingest('k/2', 'EMS-LYO', [
          raise('PORT-Y', 'lossOfSignal', '2026-06-10T09:45:00.000Z', {
            sourceSystemId: 'EMS-LYO',
            externalAlarmId: 'E-1',
          }),
        ]);
        const page = await h.port.search({ probableCauses: ['lossOfSignal'], offset: 0, limit: 1 });
        expect({ total: page.total, numbers: page.orders.map((a) => a.number) }).toEqual({ total: 2, numbers: [3] });
        const dated = await h.port.search({
          dates: [{ field: 'raisedTime', op: 'lt', value: '2026-06-10T09:40:00Z' }],
          severities: ['major', 'critical'],
          offset: 0,
          limit: 10,
        });
        expect(dated.orders.map((a) => a.number)).toEqual([2, 1]);
        expect((await h.port.search({ numbers: [1, 3], offset: 0, limit: 10 })).orders.map((a) => a.number)).toEqual([
          3, 1,
        ]);
        expect((await h.port.byExternalId('EMS-LYO', 'E-1'))!.number).toBe(3);
        expect(await h.port.byExternalId('EMS-LYO', 'E-404')).toBeUndefined();
        expect(await h.port.byNumber(99)).toBeUndefined();
        const matched = await h.port.matching(
          [{ alarmedObject: CARD }, { probableCause: 'lossOfSignal', sourceSystemId: 'EMS-LYO' }],
          10,
        );
        expect(matched.map((a) => a.number)).toEqual([1, 3]);
        expect(await h.port.matching([{ isRootCause: true }], 10)).toEqual([]);
        expect((await h.port.matching([{ isRootCause: false }], 2)).map((a) => a.number)).toEqual([1, 2]);
      }),
    );

    it(
      'tasks: ackAlarms acknowledges once per task id, even posted twice at once; clearAlarms recorded as given',
      withStore(async (h) => {
        await ingestTwo(h);
        const from = (await h.events()).length;
        const ack = {
          id: 'TASK-1',
          userId: 'noc-1',
          systemId: 'NOC',
          at: '2026-06-10T10:04:00.000Z',
          alarmPattern: [{ alarmedObject: CARD }],
        };
        const [a, b] = await Promise.all([
          h.port.acknowledge(ack, [{ alarmedObject: CARD }], alarmEvent),
          h.port.acknowledge(ack, [{ alarmedObject: CARD }], alarmEvent),
        ]);
        expect(b).toEqual(a);
        expect(a).toEqual({ ...ack, kind: 'ackAlarms', alarmNumbers: [1], createdAt: NOW });
        expect(await h.port.byNumber(1)).toMatchObject({
          ackState: 'acknowledged',
          ackUserId: 'noc-1',
          ackTime: ack.at,
        });
        expect(await since(h, from)).toEqual(['1 AlarmAttributeValueChangeEvent raised/acknowledged']);
        // Another task over the same alarms finds nothing left to acknowledge.
        expect((await h.port.acknowledge({ ...ack, id: 'TASK-2' }, [{ alarmedObject: CARD }])).alarmNumbers).toEqual(
          [],
        );

        const clearTask = {
          id: 'TASK-3',
          kind: 'clearAlarms' as const,
          userId: 'noc-1',
          systemId: 'NOC',
          at: ack.at,
          alarmPattern: [{ number: 2 }],
          alarmNumbers: [2],
        };
        const recorded = await h.port.recordTask(clearTask);
        expect(await h.port.recordTask({ ...clearTask, alarmNumbers: [] })).toEqual(recorded);
        expect(await h.port.task('TASK-3')).toEqual({ ...clearTask, createdAt: NOW });
        expect(await h.port.task('TASK-404')).toBeUndefined();
        const acks = await h.port.tasks('ackAlarms', undefined, 0, 1);
        expect(acks.total).toBe(2);
        expect((await h.port.tasks('ackAlarms', ['TASK-1'], 0, 10)).orders.map((t) => t.id)).toEqual(['TASK-1']);
        expect(await h.count('tasks')).toBe(3);
      }),
    );

    it(
      'concurrent writers: batches ingested by several workers at once get distinct, gapless numbers',
      withStore(async (h) => {
        const batches = await Promise.all(
          [1, 2, 3, 4].map((w) =>
            h.port.ingest(
              `k/w${w}`,
              `EMS-${w}`,
              Array.from({ length: 5 }, (_, i) => raise(`OBJ-${w}-${i}`, 'lossOfSignal')),
              alarmEvent,
            ),
          ),
        );
        expect(new Set(batches.map((b) => b.batchId)).size).toBe(4);
        const numbers: number[] = [];
        for (const b of batches) {
          const raised = (await h.port.ofBatch(b.batchId)).raised.map((a) => a.number);
          // A batch's alarms are numbered together, in the order it listed them.
          expect(raised).toEqual(Array.from({ length: 5 }, (_, i) => raised[0]! + i));
          numbers.push(...raised);
        }
        expect(numbers.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect((await h.events()).length).toBe(20);
      }),
    );
  });
}
