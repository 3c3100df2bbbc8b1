import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { ProductOrderRequestInput } from '../../../src/domain/fulfilment/product-order';
import type { productOrder } from '../../../workflows/crm/order-handling';
import { getProductOrderQuery } from '../../../workflows/shared/fulfilment-messages';
import { withStubWorkers } from '../shared/stubs/stub-worker';
import { stubCrmActivities } from './stubs/crm-activities';
import { finishStubServiceOrderSignal } from './stubs/order-handling.workflows';

/**
 * Order Handling's jeopardy (1.F.1.5.4), fast: the real product order, its CRM processes as
 * stub functions that record their calls, and stub SM&O children. The service order stays in
 * progress until the test finishes it, so the committed date passes while it is open: no race
 * with real time, only a timer of a second that must fire before the test finishes the order.
 */
const workflowsPath = path.resolve(__dirname, 'stubs/order-handling.workflows.ts');
type Event = temporal.api.history.v1.IHistoryEvent;

describe('productOrder jeopardy, with stubbed processes and children', () => {
  it('raises a jeopardy when the committed date passes with a service order still in progress', async () => {
    const stub = stubCrmActivities({ jeopardyInMs: 1_000 });
    await withStubWorkers({ workflowsPath, activities: stub.activities, layers: ['crm', 'smo'] }, async (rt) => {
      const orderId = rt.id('PO-JEOPARDY');
      const order: ProductOrderRequestInput = {
        externalId: orderId,
        customerId: 'CUST-1001',
        items: [{ id: '1', productOfferingId: 'PO-FIBRE-1G', region: 'PAR', characteristics: {} }],
      };
      const handle = await rt.client.workflow.start<typeof productOrder>('productOrder', {
        taskQueue: rt.queue('crm'),
        workflowId: orderId,
        args: [order],
      });

      // The jeopardy is raised while the service order is open (generous bound: a slow machine).
      await expect
        .poll(() => stub.names().includes('trackAndManageCustomerOrderHandling:jeopardy'), { timeout: 30_000 })
        .toBe(true);
      const jeopardy = stub.calls.find((c) => c.name === 'trackAndManageCustomerOrderHandling:jeopardy');
      expect(jeopardy?.input).toMatchObject({ orderId, openItems: ['1'] });
      await expect
        .poll(async () => (await handle.query(getProductOrderQuery)).jeopardies, { timeout: 10_000 })
        .toEqual(['JEOP-1']);

      await rt.client.workflow.getHandle(`${orderId}/1/SO`).signal(finishStubServiceOrderSignal);
      const outcome = await handle.result();
      expect(outcome).toMatchObject({ state: 'completed', jeopardies: ['JEOP-1'] });
      expect(stub.names().filter((n) => n.startsWith('trackAndManageCustomerOrderHandling'))).toEqual([
        'trackAndManageCustomerOrderHandling:commit',
        'trackAndManageCustomerOrderHandling:jeopardy',
        'trackAndManageCustomerOrderHandling:item',
      ]);

      // In the history: the jeopardy timer fired, then 1.F.1.5.4 was asked to record the jeopardy.
      const events: Event[] = (await handle.fetchHistory()).events ?? [];
      const fired = events.findIndex((e) => e.timerFiredEventAttributes);
      const recorded = events.findIndex(
        (e, i) =>
          i > fired &&
          e.activityTaskScheduledEventAttributes?.activityType?.name === 'trackAndManageCustomerOrderHandling',
      );
      expect(fired).toBeGreaterThan(0);
      expect(recorded).toBeGreaterThan(fired);
      expect(
        events.some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId === `${orderId}/1/SO`),
      ).toBe(true);
    });
  });

  it('raises none when the service orders complete before the committed date', async () => {
    const stub = stubCrmActivities({ jeopardyInMs: 60 * 60_000 });
    await withStubWorkers({ workflowsPath, activities: stub.activities, layers: ['crm', 'smo'] }, async (rt) => {
      const orderId = rt.id('PO-ON-TIME');
      const handle = await rt.client.workflow.start<typeof productOrder>('productOrder', {
        taskQueue: rt.queue('crm'),
        workflowId: orderId,
        args: [
          {
            externalId: orderId,
            customerId: 'CUST-1001',
            items: [{ id: '1', productOfferingId: 'PO-FIBRE-1G', region: 'PAR', characteristics: {} }],
          },
        ],
      });
      // The order lists its service order as soon as it starts one: wait until the child runs.
      const serviceOrder = rt.client.workflow.getHandle(`${orderId}/1/SO`);
      await expect
        .poll(
          () =>
            serviceOrder.describe().then(
              (d) => d.status.name,
              () => 'not started yet',
            ),
          { timeout: 30_000 },
        )
        .toBe('RUNNING');
      await serviceOrder.signal(finishStubServiceOrderSignal);
      const outcome = await handle.result();
      expect(outcome).toMatchObject({ state: 'completed', jeopardies: [] });
      expect(stub.names()).not.toContain('trackAndManageCustomerOrderHandling:jeopardy');
    });
  });
});
