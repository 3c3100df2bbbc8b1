import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { partnerSettlement } from '../../../workflows/sprm/sp-settlements-billing-management';
import { withWorkers } from '../../support/runtime';

describe('partnerSettlement (1.B.4.5)', () => {
  it("reconciles Alpha's invoice with our records, disputes the overcharge and pays the contract price", async () => {
    await withWorkers(
      async (rt) => {
        const id = rt.id('partnerSettlement');
        const out = await rt.client.workflow.execute<typeof partnerSettlement>('partnerSettlement', {
          taskQueue: rt.queue('sprm'),
          workflowId: id,
          args: [{ period: id }],
        });
        expect(out.suppliers).toEqual([
          expect.objectContaining({
            supplierId: 'SUP-ALPHA',
            invoicedMinor: 33_500,
            expectedMinor: 32_000,
            disputeState: 'accepted',
            approvedMinor: 32_000,
            paidMinor: 32_000,
          }),
        ]);
        expect(
          rt.store.db.prepare("SELECT state FROM supplier_invoices WHERE supplier_id = 'SUP-ALPHA'").pluck().get(),
        ).toBe('paid');
        expect((await traceProcesses(rt.client, id)).map((p) => p.etomId)).toEqual([
          '1.B.4.5.1',
          '1.B.4.5.2',
          '1.B.4.5.3',
          '1.B.4.5.4',
        ]);
      },
      { installedBase: true, layers: ['sprm'] },
    );
  });
});
