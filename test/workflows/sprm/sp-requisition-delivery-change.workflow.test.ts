import { describe, expect, it } from 'vitest';
import { OFFERS, orderFor, submit } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

/** Alpha has no capacity left in MRS, so the VPN site's circuit goes to Beta, who always slips its date. */
function fillAlpha(rt: TestRuntime) {
  const insert = rt.store.db.prepare(
    `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region, quantity, status, reply_to_workflow_id, created_at)
     VALUES (?, 'SUP-ALPHA', 'SC-ALPHA-MRS-AC', ?, 'RS-ACCESS-CIRCUIT', 'MRS', 1, 'placed', 'elsewhere', ?)`,
  );
  for (let i = 0; i < 10; i++) insert.run(`OTHER-${rt.prefix}-${i}`, `R${i}`, new Date().toISOString());
}

describe('1.F.4.2.3 placeAndTrackSPRequisition → 1.F.1.5.4 trackAndManageCustomerOrderHandling', () => {
  it("a supplier's new delivery date moves the product order's committed date and jeopardy, and the customer is told", async () => {
    await withWorkers(
      async (rt) => {
        fillAlpha(rt);
        const handle = await submit(rt, orderFor(rt, 'slip', OFFERS.vpn));
        const outcome = await handle.result();
        expect(outcome.state).toBe('completed');

        // S/PRM recorded Beta's slip on the requisition…
        const partnerOrderId = rt.store.db
          .prepare("SELECT id FROM partner_orders WHERE supplier_id = 'SUP-BETA' AND id LIKE ?")
          .pluck()
          .get(`${handle.workflowId}/%`) as string;
        expect(partnerOrderId).toBeTruthy();
        const kinds = rt.store.db
          .prepare('SELECT kind FROM partner_order_events WHERE partner_order_id = ?')
          .pluck()
          .all(partnerOrderId) as string[];
        expect(kinds).toContain('deliveryDateChanged');

        // …and told SM&O's service order, then Order Handling, by signal, from its own history.
        const serviceOrderId = partnerOrderId.replace(/\/PR-RS-ACCESS-CIRCUIT$/, '');
        const partnerEvents = (await rt.client.workflow.getHandle(partnerOrderId).fetchHistory()).events ?? [];
        const sent = partnerEvents
          .map((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)
          .filter((a) => a?.signalName === 'supplierDeliveryChanged')
          .map((a) => a?.workflowExecution?.workflowId);
        expect(sent.slice(0, 2)).toEqual([serviceOrderId, handle.workflowId]);

        // SM&O's 1.F.2.2.3 took the new date into the service order's work plan, on the signal.
        const soEvents = (await rt.client.workflow.getHandle(serviceOrderId).fetchHistory()).events ?? [];
        const soReceived = soEvents.findIndex(
          (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'supplierDeliveryChanged',
        );
        expect(soReceived).toBeGreaterThan(0);
        const rescheduled = soEvents.findIndex(
          (e, i) =>
            i > soReceived &&
            e.activityTaskScheduledEventAttributes?.activityType?.name === 'trackAndManageWorkOrders' &&
            Buffer.from(e.activityTaskScheduledEventAttributes.input?.payloads?.[0]?.data ?? []).includes('reschedule'),
        );
        expect(rescheduled).toBeGreaterThan(soReceived);
        const plan = JSON.parse(
          rt.store.db
            .prepare('SELECT work_plan FROM service_orders WHERE id = ?')
            .pluck()
            .get(serviceOrderId) as string,
        ) as {
          expectedFromSuppliers: Array<{ resourceSpecId: string; expectedDelivery?: string; partnerOrderId?: string }>;
        };
        const circuit = plan.expectedFromSuppliers.find((e) => e.resourceSpecId === 'RS-ACCESS-CIRCUIT');
        expect(circuit).toMatchObject({ partnerOrderId, expectedDelivery: expect.any(String) });

        // The product order received it and ran 1.F.1.5.4 on it: its committed date moved in the store.
        const orderEvents = (await handle.fetchHistory()).events ?? [];
        const received = orderEvents.findIndex(
          (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'supplierDeliveryChanged',
        );
        expect(received).toBeGreaterThan(0);
        const delayed = orderEvents.findIndex(
          (e, i) =>
            i > received &&
            e.activityTaskScheduledEventAttributes?.activityType?.name === 'trackAndManageCustomerOrderHandling' &&
            Buffer.from(e.activityTaskScheduledEventAttributes.input?.payloads?.[0]?.data ?? []).includes(
              'supplierDelay',
            ),
        );
        expect(delayed).toBeGreaterThan(received);

        const told = rt.store.db
          .prepare("SELECT recipient, body FROM notifications WHERE reference = ? AND subject LIKE '%a new date'")
          .all(handle.workflowId) as Array<{ recipient: string; body: string }>;
        expect(told).toHaveLength(1);
        const [, now, before] = /commit to (\S+) instead of (\S+)\./.exec(told[0]!.body) ?? [];
        expect(Date.parse(now!)).toBeGreaterThan(Date.parse(before!));
        const stored = rt.store.db
          .prepare('SELECT committed_date FROM product_orders WHERE id = ?')
          .pluck()
          .get(handle.workflowId);
        expect(stored).toBe(now);
        expect(outcome.committedDate).toBe(now);
      },
      { supplierSpeed: 20 * 86_400 },
    );
  }, 300_000);
});
