import { describe, expect, it } from 'vitest';
import { runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = ['1.O.2.1.1', '1.O.2.1.2', '1.O.2.1.3', '1.O.2.1.4', '1.O.2.1.5'];

describe('smoReadiness (SM&O Support & Readiness (1.O.2.1)) on the SMO queue', () => {
  it('runs every Level-3 process of the layer on the store and stores one report each', async () => {
    await withWorkers(
      async (rt) => {
        rt.store.db.prepare(`DELETE FROM network_configuration WHERE service_id = 'SVC-IB04-1'`).run();
        const h = await runReadinessOnce(rt, 'smo', PROCESSES);
        expect(
          rt.store.db.prepare('SELECT kind, subject FROM inventory_discrepancies WHERE run_id = ?').all(h.workflowId),
        ).toEqual([{ kind: 'serviceNotOnNetwork', subject: 'SVC-IB04-1' }]);
        expect(rt.store.db.prepare('SELECT COUNT(*) FROM rating_reference_versions').pluck().get()).toBe(4);
      },
      { installedBase: true, layers: ['smo'] },
    );
  });
});
