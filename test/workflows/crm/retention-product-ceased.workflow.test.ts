import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { customerRelationship } from '../../../workflows/crm/retention-loyalty';
import { rowsOf } from '../../support/assurance';
import { withWorkers } from '../../support/runtime';

/**
 * #12, contract 5: Retention & Loyalty told `productCeased` keeps the relationship — 1.FAB.1.9.1's
 * text tells ending it apart from ceasing all its services. A customer who ceases a product and still holds others
 * keeps the relationship, and their risk is weighed again (1.FAB.1.9.2, .3).
 */
describe('customerRelationship: productCeased while other products are held', () => {
  it('keeps the relationship and reviews the customer’s risk', async () => {
    await withWorkers(
      async (rt) => {
        await rt.store.ports.customerRelationships.establish(
          'test/establish',
          'CUST-1001',
          'compta@dupont.example',
          new Date().toISOString(),
        );
        // CUST-1001 still holds its fibre (PRD-IB01): another product of theirs was ceased.
        const h = await rt.client.workflow.start<typeof customerRelationship>('customerRelationship', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('ceased-kept'),
          args: [{ customerId: 'CUST-1001', trigger: { kind: 'productCeased', productId: 'PRD-OTHER' } }],
        });
        const view = await h.result();
        expect(view.relationship).toBe('established');
        expect(view.risk).toMatchObject({ id: expect.any(String), atRisk: expect.any(Boolean) });
        expect(rowsOf(rt, "SELECT state FROM customer_relationships WHERE customer_id = 'CUST-1001'")).toEqual([
          { state: 'established' },
        ]);
        const trace = (await traceProcesses(rt.client, h.workflowId)).map((p) => p.etomId);
        expect(trace.slice(0, 4)).toEqual(['1.FAB.1.9.1', '1.FAB.1.2.3', '1.FAB.1.9.2', '1.FAB.1.9.3']);
      },
      { installedBase: true, layers: ['crm'] },
    );
  });
});
