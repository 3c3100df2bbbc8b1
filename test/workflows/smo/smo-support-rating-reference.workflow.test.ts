import { describe, expect, it } from 'vitest';
import type { ReadinessRunResult } from '../../../src/domain/readiness/report';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { usageCollection } from '../../../workflows/rmo/resource-data-collection-processing';
import { activityTypes } from '../../support/fulfilment';
import { runReadinessOnce, SMO_READINESS_PROCESSES } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = SMO_READINESS_PROCESSES;

describe('1.O.2.1.5 supportServiceAndSpecificInstanceRating → 1.B.2.5.1 mediateUsageRecords', () => {
  it('flags an offering without a tariff before mediation rejects its records, and has them mediated again once it has one', async () => {
    await withWorkers(
      async (rt) => {
        const { usage } = rt.store.ports;
        const tariff = (await usage.tariffFor('PO-FIBRE-BIZ', 'data'))!;
        await usage.removeTariff('test/remove', tariff.id);

        // Readiness runs first: the gap is flagged before any record reaches mediation.
        const first = await runReadinessOnce(rt, 'smo', PROCESSES);
        const flagged = rt.store.db
          .prepare("SELECT subject, value FROM readiness_actions WHERE metric = 'rating.tariff.missing' AND run_id = ?")
          .all(first.workflowId) as Array<{ subject: string; value: number }>;
        expect(flagged.map((a) => a.subject)).toEqual(['PO-FIBRE-BIZ/data']);
        expect(flagged[0]!.value).toBeGreaterThan(0);
        expect(await activityTypes(rt, first.workflowId)).not.toContain('mediateUsageRecords');

        // The bill run's usage: mediation rejects the fibre traffic, there is no tariff for it.
        const id = rt.id('usageCollection');
        await rt.client.workflow.execute<typeof usageCollection>('usageCollection', {
          taskQueue: rt.queue('rmo'),
          workflowId: id,
          args: [{ collectionId: id, periodEnd: '2026-07-01T00:00:00.000Z', cycleId: 'CY-RATING-REF' }],
        });
        const noTariff = () =>
          rt.store.db
            .prepare("SELECT COUNT(*) FROM usage_records WHERE state = 'rejected' AND reject_reason = 'NO_TARIFF'")
            .pluck()
            .get() as number;
        const rejected = noTariff();
        expect(rejected).toBeGreaterThan(0);

        // Product management loads the tariff; the next readiness run hands the records back to mediation.
        await usage.upsertTariff('test/reload', tariff);
        const second = rt.id('smo-readiness-again');
        const result = (await rt.client.workflow.execute('smoReadiness', {
          taskQueue: rt.queue('smo'),
          workflowId: second,
          args: [{ windowDays: 30 }],
        })) as ReadinessRunResult;
        expect(result.failures).toEqual([]);
        expect((await traceProcesses(rt.client, second)).map((p) => p.etomId)).toEqual([...PROCESSES, '1.B.2.5.1']);
        expect(await activityTypes(rt, second)).toContain('mediateUsageRecords');
        expect(noTariff()).toBe(0);
        expect(
          rt.store.db
            .prepare(
              "SELECT COUNT(*) FROM usage_records WHERE collection_id = ? AND state = 'guided' AND tariff_id = ?",
            )
            .pluck()
            .get(id, tariff.id),
        ).toBe(rejected);
      },
      { installedBase: true, layers: ['rmo', 'smo'] },
    );
  }, 180_000);
});
