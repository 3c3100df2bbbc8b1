import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { partnerInteraction } from '../../../workflows/sprm/sp-interface-management';
import { withWorkers } from '../../support/runtime';

describe('partnerInteraction (1.FAB.4.6 S/P Interface Management) on the S/PRM queue', () => {
  it("answers a supplier's request about its order from the store, then reports its interactions", async () => {
    await withWorkers(
      async (rt) => {
        const h = await rt.client.workflow.start<typeof partnerInteraction>('partnerInteraction', {
          taskQueue: rt.queue('sprm'),
          workflowId: rt.id('spi'),
          args: [{ supplierId: 'SUP-ALPHA', topic: 'order', reference: 'ALPHA-2026-0601', question: 'Accepted?' }],
        });
        const { request, report } = await h.result();
        expect(request).toMatchObject({ status: 'answered', routedTo: null });
        expect(request.answer).toMatchObject({ orders: [{ requisitionId: 'PO-IB06-AC', status: 'delivered' }] });
        expect(report).toMatchObject({
          supplierId: 'SUP-ALPHA',
          requests: 1,
          selfServed: 1,
          selfServiceRateBp: 10_000,
        });
        expect(rt.store.db.prepare('SELECT status FROM supplier_requests WHERE id = ?').pluck().get(request.id)).toBe(
          'answered',
        );
        expect((await traceProcesses(rt.client, h.workflowId)).map((p) => p.etomId)).toEqual([
          '1.FAB.4.6.1',
          '1.FAB.4.6.2',
        ]);
      },
      { installedBase: true, layers: ['sprm'] },
    );
  });
});
