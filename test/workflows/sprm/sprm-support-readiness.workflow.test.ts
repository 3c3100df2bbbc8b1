import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { sprmReadiness } from '../../../workflows/sprm/sprm-support-readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = ['1.O.4.1.1', '1.O.4.1.2', '1.O.4.1.3', '1.O.4.1.4', '1.O.4.1.5'];

describe('sprmReadiness (S/PRM Support & Readiness (1.O.4.1)) on the S/PRM queue', () => {
  it('runs every Level-3 process of the layer on the store and stores one report each', async () => {
    await withWorkers(
      async (rt) => {
        rt.store.db
          .prepare(`UPDATE supplier_contracts SET valid_until = '2020-01-01' WHERE supplier_id = 'SUP-BETA'`)
          .run();
        const h = await rt.client.workflow.start<typeof sprmReadiness>('sprmReadiness', {
          taskQueue: rt.queue('sprm'),
          workflowId: rt.id('sprm-readiness'),
          args: [{ windowDays: 30 }],
        });
        const result = await h.result();

        expect(result.failures).toEqual([]);
        expect(result.reports.map((r) => r.etomId)).toEqual(PROCESSES);
        expect((await traceProcesses(rt.client, h.workflowId)).map((p) => p.etomId)).toEqual(PROCESSES);
        expect(
          rt.store.db
            .prepare('SELECT etom_id FROM readiness_reports WHERE run_id = ? ORDER BY etom_id')
            .pluck()
            .all(h.workflowId),
        ).toEqual([...PROCESSES].sort());
        expect(
          rt.store.db
            .prepare(`SELECT subject FROM readiness_actions WHERE metric = 'suppliers.contractDaysLeft'`)
            .pluck()
            .all(),
        ).toEqual(['supplier:SUP-BETA']);
      },
      { installedBase: true, layers: ['sprm'] },
    );
  });
});
