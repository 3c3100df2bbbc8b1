import { describe, expect, it } from 'vitest';
import { injectUsageAnomalies } from '../../../src/simulators/usage';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { usageRating } from '../../../workflows/smo/service-specific-instance-rating';
import { withWorkers } from '../../support/runtime';

describe('usageRating (1.B.2.5)', () => {
  it('mediates, rates and analyses a collection it is given by reference; the malformed record stays rejected', async () => {
    await withWorkers(
      async (rt) => {
        injectUsageAnomalies(rt.store.db, { malformed: 1 });
        const id = rt.id('usageRating');
        await rt.store.ports.usage.collect('c', {
          collectionId: id,
          periodStart: '2026-06-01T00:00:00.000Z',
          periodEnd: '2026-07-01T00:00:00.000Z',
        });
        await rt.store.ports.usage.process('p', id);
        const out = await rt.client.workflow.execute<typeof usageRating>('usageRating', {
          taskQueue: rt.queue('smo'),
          workflowId: id,
          args: [{ collectionId: id, records: 190, cycleId: 'CY-SMO' }],
        });
        expect(out).toMatchObject({ guided: 189, rated: 189, rejected: { MALFORMED: 1 } });
        const charged = rt.store.db
          .prepare("SELECT SUM(charge_minor) FROM usage_records WHERE state = 'rated'")
          .pluck()
          .get();
        expect(out.chargeMinor).toBe(charged);
        expect((await traceProcesses(rt.client, id)).map((p) => p.etomId)).toEqual([
          '1.B.2.5.1',
          '1.B.2.5.2',
          '1.B.2.5.3',
        ]);
        // The two passes over every record heartbeat: a worker lost mid-pass is noticed in a minute, not hours.
        const scheduled = (await rt.client.workflow.getHandle(id).fetchHistory()).events!.flatMap((e) =>
          e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : [],
        );
        expect(scheduled.map((a) => [a.activityType?.name, Number(a.heartbeatTimeout?.seconds ?? 0)])).toEqual([
          ['mediateUsageRecords', 60],
          ['rateUsageRecords', 60],
          ['analyzeUsageRecords', 0],
        ]);
      },
      { installedBase: true, layers: ['smo'] },
    );
  });
});
