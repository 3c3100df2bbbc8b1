import { describe, expect, it } from 'vitest';
import { runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = [
  '1.O.1.1.1',
  '1.O.1.1.2',
  '1.O.1.1.3',
  '1.O.1.1.4',
  '1.O.1.1.5',
  '1.O.1.1.6',
  '1.O.1.1.7',
  '1.O.1.1.8',
  '1.O.1.1.9',
];

describe('crmReadiness (CRM Support & Readiness (1.O.1.1)) on the CRM queue', () => {
  it('runs every Level-3 process of the layer on the store and stores one report each', async () => {
    await withWorkers(
      async (rt) => {
        rt.store.db
          .prepare(
            `UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-TEL-NUMBER' AND region = 'LIL' AND id > 'TN-33370000004'`,
          )
          .run();
        const h = await runReadinessOnce(rt, 'crm', PROCESSES);
        expect(rt.store.db.prepare(`SELECT region FROM number_blocks`).pluck().all()).toEqual(['LIL']);
        // Order handling's number pool was topped up, a campaign planned.
        expect(
          rt.store.db.prepare('SELECT COUNT(*) FROM campaign_plans WHERE run_id = ?').pluck().get(h.workflowId),
        ).toBe(1);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});
