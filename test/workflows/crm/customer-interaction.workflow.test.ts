import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import type { customerInteraction } from '../../../workflows/crm/customer-interaction';
import { customerInteractionState } from '../../../workflows/shared/lifecycle-messages';
import { ASSURANCE_TEST_TIMINGS, rowsOf, waitForWorkOrderAndComplete } from '../../support/assurance';
import { activityTypes, eventually, OFFERS, orderFor } from '../../support/fulfilment';
import { withWorkers, type TestRuntime } from '../../support/runtime';

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

  it('hands an order request to Order Handling: the order runs to its end, then the request is closed', async () => {
    await withWorkers(async (rt) => {
      const workflowId = rt.id('cim-order');
      const { customerId, ...order } = orderFor(rt, 'cim-order-po', OFFERS.voice);
      const h = await rt.client.workflow.start<typeof customerInteraction>('customerInteraction', {
        workflowId,
        taskQueue: rt.queue('crm'),
        args: [
          { customerId, channel: 'web', reason: 'order', request: { requestType: 'productOrder', payload: order } },
        ],
      });
      // While the order runs, the request is in progress and refers to it.
      const requestId = await eventually(
        async () => (await h.query(customerInteractionState)).requestId,
        'the request recorded',
      );
      await eventually(
        async () => requestRow(rt, requestId)?.status === 'inProgress' && requestRow(rt, requestId)?.reference,
        'the request in progress in its order',
      );
      expect(requestRow(rt, requestId)?.reference).toBe(order.externalId);
      const result = await h.result();
      expect(result.handedOff).toEqual({
        workflowType: 'productOrder',
        workflowId: order.externalId,
        status: 'closed',
        outcome: 'completed',
      });
      expect(result.contact.closedAt).not.toBeNull();
      expect(result.request).toMatchObject({ status: 'closed', routedTo: '1.F.1.5' });
      expect(requestRow(rt, result.request.id)).toMatchObject({ status: 'closed', reference: order.externalId });
      // The receiving process acted: Order Handling's own steps ran in the child's history.
      const orderIds = new Set((await traceProcesses(rt.client, order.externalId)).map((p) => p.etomId));
      for (const id of ['1.F.1.5.3', '1.F.1.5.2', '1.F.1.5.5']) expect(orderIds, id).toContain(id);
      expect(await childStarts(rt, workflowId)).toEqual([['productOrder', order.externalId]]);
    });
  });

  it('hands a trouble report to Problem Handling: the ticket is worked to closure, then the request is closed', async () => {
    await withWorkers(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const workflowId = rt.id('cim-trouble');
        const ticketId = `TT-${workflowId}`;
        const h = await rt.client.workflow.start<typeof customerInteraction>('customerInteraction', {
          workflowId,
          taskQueue: rt.queue('crm'),
          args: [
            {
              customerId: 'CUST-1005',
              channel: 'phone',
              reason: 'no internet',
              request: {
                requestType: 'troubleReport',
                payload: { serviceId: 'SVC-IB04-1', description: 'no internet', timings: ASSURANCE_TEST_TIMINGS },
              },
            },
          ],
        });
        await waitForWorkOrderAndComplete(rt, `SP-${ticketId}`);
        const result = await h.result();
        expect(result.handedOff).toEqual({
          workflowType: 'troubleTicket',
          workflowId: ticketId,
          status: 'closed',
          outcome: 'closed',
        });
        expect(rowsOf(rt, 'SELECT state, customer_id FROM trouble_tickets WHERE id = ?', ticketId)).toEqual([
          { state: 'closed', customer_id: 'CUST-1005' },
        ]);
        expect(requestRow(rt, result.request.id)).toMatchObject({ status: 'closed', reference: ticketId });
        expect(await childStarts(rt, workflowId)).toEqual([['troubleTicket', ticketId]]);
      },
      { installedBase: true },
    );
  });

  it('hands a billing inquiry to 1.B.1.8.1, which refuses an unknown bill: the request is rejected', async () => {
    await withWorkers(async (rt) => {
      const workflowId = rt.id('cim-inquiry');
      const result = await rt.client.workflow.execute<typeof customerInteraction>('customerInteraction', {
        workflowId,
        taskQueue: rt.queue('crm'),
        args: [
          {
            customerId: 'CUST-1006',
            channel: 'email',
            reason: 'charge',
            request: {
              requestType: 'billingInquiry',
              payload: { billId: 'BILL-NOPE', usageRecordId: 1, claim: 'I never made this call' },
            },
          },
        ],
      });
      expect(result.handedOff).toMatchObject({
        workflowType: 'billingInquiry',
        workflowId: `BI-${workflowId}`,
        status: 'rejected',
        outcome: expect.stringContaining('BILL-NOPE'),
      });
      expect(requestRow(rt, result.request.id)).toMatchObject({ status: 'rejected', reference: `BI-${workflowId}` });
      // Billing Inquiry ran its own process on the request's payload, and said no.
      expect(await activityTypes(rt, `BI-${workflowId}`)).toEqual(['manageCustomerBillingInquiries']);
      expect((await traceProcesses(rt.client, `BI-${workflowId}`)).map((p) => p.etomId)).toEqual(['1.B.1.8.1']);
    });
  });

  it('refuses an order request whose payload is not an order, naming the field, and starts nothing', async () => {
    await withWorkers(async (rt) => {
      const workflowId = rt.id('cim-bad');
      const result = await rt.client.workflow.execute<typeof customerInteraction>('customerInteraction', {
        workflowId,
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
      expect(result.handedOff).toEqual({
        workflowType: null,
        workflowId: null,
        status: 'rejected',
        outcome: expect.stringMatching(/^externalId: /),
      });
      expect(result.contact.closedAt).not.toBeNull();
      expect(requestRow(rt, result.request.id)).toMatchObject({ status: 'rejected' });
      expect(await childStarts(rt, workflowId)).toEqual([]);
    });
  });
});

const requestRow = (rt: TestRuntime, id: string) =>
  rt.store.db.prepare('SELECT status, reference FROM customer_requests WHERE id = ?').get(id) as
    { status: string; reference: string | null } | undefined;

/** The child workflows a run started, as [type, id]: the process its request was handed to. */
async function childStarts(rt: TestRuntime, workflowId: string): Promise<string[][]> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)
    .filter((a) => !!a)
    .map((a) => [a.workflowType?.name ?? '', a.workflowId ?? '']);
}
