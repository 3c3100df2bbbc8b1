import { describe, expect, it } from 'vitest';
import { injectUsageAnomalies } from '../../../src/simulators/usage';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { usageCollection } from '../../../workflows/rmo/resource-data-collection-processing';
import { withWorkers } from '../../support/runtime';

describe('usageCollection (1.AB.3.5)', () => {
  it('collects, processes, audits and distributes the usage to SM&O rating, by reference', async () => {
    await withWorkers(
      async (rt) => {
        injectUsageAnomalies(rt.store.db, { duplicates: 1, lost: 1 });
        const id = rt.id('usageCollection');
        const out = await rt.client.workflow.execute<typeof usageCollection>('usageCollection', {
          taskQueue: rt.queue('rmo'),
          workflowId: id,
          args: [{ collectionId: id, periodEnd: '2026-07-01T00:00:00.000Z', cycleId: 'CY-RMO' }],
        });
        expect(out.collected).toBe(190);
        // The audit failed (one lost, one duplicated): distribution waited until it was settled.
        expect(out.audit).toMatchObject({
          missing: 1,
          duplicates: 1,
          status: 'settled',
          settlement:
            '0 missing record(s) recovered from the elements, 1 written off as lost, 1 duplicate(s) left for mediation to reject',
        });
        const settledAt = rt.store.db
          .prepare("SELECT settled_at FROM usage_audits WHERE collection_id = ? AND status = 'settled'")
          .pluck()
          .get(id) as string;
        const distributedAt = rt.store.db
          .prepare('SELECT created_at FROM usage_distributions WHERE collection_id = ?')
          .pluck()
          .get(id) as string;
        expect(distributedAt >= settledAt).toBe(true);
        const events = (await rt.client.workflow.getHandle(id).fetchHistory()).events ?? [];
        const scheduled = events
          .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
          .filter((n): n is string => !!n);
        expect(scheduled.slice(0, 6)).toEqual([
          'collectResourceData',
          'processResourceData',
          'auditResourceUsageData',
          'auditResourceUsageData',
          'processResourceData',
          'distributeResourceData',
        ]);
        expect(out.rating).toMatchObject({ rated: 189, rejected: { DUPLICATE: 1 } });
        const states = await rt.store.ports.usage.countByState(id);
        expect(states).toEqual({ rated: 189, rejected: 1 });
        const ids = (await traceProcesses(rt.client, id)).map((p) => p.etomId);
        expect(ids).toEqual([
          '1.AB.3.5.1',
          '1.AB.3.5.2',
          '1.AB.3.5.4',
          '1.AB.3.5.4',
          '1.AB.3.5.2',
          '1.AB.3.5.3',
          '1.B.2.5.1',
          '1.B.2.5.2',
          '1.B.2.5.3',
        ]);
      },
      { installedBase: true, layers: ['rmo', 'smo'] },
    );
  });
});
