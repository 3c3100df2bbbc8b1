import { describe, expect, it } from 'vitest';
import { runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = ['1.O.4.1.1', '1.O.4.1.2', '1.O.4.1.3', '1.O.4.1.4', '1.O.4.1.5'];

describe('sprmReadiness (S/PRM Support & Readiness (1.O.4.1)) on the S/PRM queue', () => {
  it('runs every Level-3 process of the layer on the store and stores one report each', async () => {
    await withWorkers(
      async (rt) => {
        rt.store.db
          .prepare(`UPDATE supplier_contracts SET valid_until = '2020-01-01' WHERE supplier_id = 'SUP-BETA'`)
          .run();
        await runReadinessOnce(rt, 'sprm', PROCESSES);
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
