import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { smoReadiness } from '../../../workflows/smo/smo-support-readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = ['1.O.2.1.1', '1.O.2.1.2', '1.O.2.1.3', '1.O.2.1.4', '1.O.2.1.5'];

describe('smoReadiness (SM&O Support & Readiness (1.O.2.1)) on the SMO queue', () => {
  it('runs every Level-3 process of the layer on the store and stores one report each', async () => {
    await withWorkers(
      async (rt) => {
        rt.store.db.prepare(`DELETE FROM network_configuration WHERE service_id = 'SVC-IB04-1'`).run();
        const h = await rt.client.workflow.start<typeof smoReadiness>('smoReadiness', {
          taskQueue: rt.queue('smo'),
          workflowId: rt.id('smo-readiness'),
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
          rt.store.db.prepare('SELECT kind, subject FROM inventory_discrepancies WHERE run_id = ?').all(h.workflowId),
        ).toEqual([{ kind: 'serviceNotOnNetwork', subject: 'SVC-IB04-1' }]);
        expect(rt.store.db.prepare('SELECT COUNT(*) FROM rating_reference_versions').pluck().get()).toBe(4);
      },
      { installedBase: true, layers: ['smo'] },
    );
  });
});
