import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { activityTypes } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

describe('customerInteraction (1.FAB.1.2 Customer Interface Management)', () => {
  it('records the contact, answers a self-service request at once and closes the contact', async () => {
    await withWorkers(async (rt) => {
      const workflowId = rt.id('cim');
      const result = await rt.client.workflow.execute('customerInteraction', {
        workflowId,
        taskQueue: rt.queue('crm'),
        args: [
          { customerId: 'CUST-1003', channel: 'phone', reason: 'details', request: { requestType: 'customerDetails' } },
        ],
      });
      expect(result.answer).toMatchObject({ name: 'Claire Moreau' });
      const stored = rt.store.db
        .prepare('SELECT status FROM customer_requests WHERE id = ?')
        .pluck()
        .get(result.request.id);
      expect(stored).toBe('selfServed');
      expect(
        rt.store.db.prepare('SELECT closed_at IS NOT NULL FROM contacts WHERE id = ?').pluck().get(result.contact.id),
      ).toBe(1);
      expect(await activityTypes(rt, workflowId)).toEqual(['manageContact', 'manageRequest', 'manageContact']);
      expect((await traceProcesses(rt.client, workflowId)).map((p) => p.etomId)).toEqual([
        '1.FAB.1.2.1',
        '1.FAB.1.2.2',
        '1.FAB.1.2.1',
      ]);
    });
  });

  it('routes an order request to Order Handling and still closes the contact', async () => {
    await withWorkers(async (rt) => {
      const result = await rt.client.workflow.execute('customerInteraction', {
        workflowId: rt.id('cim-route'),
        taskQueue: rt.queue('crm'),
        args: [
          {
            customerId: 'CUST-1001',
            channel: 'web',
            reason: 'order',
            request: { requestType: 'productOrder', payload: { offering: 'PO-VOICE-LINE' } },
          },
        ],
      });
      expect(result.routedTo).toBe('1.F.1.5');
      expect(result.contact.closedAt).not.toBeNull();
    });
  });
});
