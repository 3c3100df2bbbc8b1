import { describe, expect, it } from 'vitest';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { injectSupplierFault } from '../../../src/simulators/supplier-behaviour';
import { TEST_TIMINGS } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';
import { orderState, rows, runServiceOrder } from './service-change-support';

/**
 * A VPN site in Marseille runs on an access circuit bought from a supplier (S/PRM). Its cease
 * (service order `delete`) ends that product with the supplier too: the supplier's requisition
 * ceased, our partner order `ceased`, and S/PRM's 1.F.4.2.3 in the history of the run SM&O starts.
 */
const VPN = {
  cfsSpecId: 'CFS-VPN-SITE',
  region: 'MRS',
  customerId: 'CUST-1002',
  characteristics: { vpnName: 'MARTIN', bandwidthMbps: 100 },
};

const order = (rt: TestRuntime, name: string, extra: Partial<ServiceOrderRequest>): ServiceOrderRequest => ({
  serviceOrderId: rt.id(name),
  productOrderId: rt.id(`order-${name}`),
  itemId: '1',
  action: 'add',
  timings: FulfilmentTimings.parse(TEST_TIMINGS),
  ...VPN,
  ...extra,
});

describe('serviceOrder delete of a service built on a supplier product (1.F.2.2 with 1.F.4.2.3)', () => {
  it('ceases the VPN site: the access circuit is ceased with its supplier, the partner order ceased', async () => {
    await withWorkers(async (rt) => {
      const add = order(rt, 'vpn', {});
      const added = await runServiceOrder(rt, add);
      expect(added.state).toBe('completed');
      const serviceId = added.serviceId!;
      const partnerOrders = rows(rt, 'SELECT id FROM partner_orders WHERE service_id = ?', serviceId) as string[];
      expect(partnerOrders).toHaveLength(1);
      expect(rows(rt, 'SELECT state FROM partner_orders WHERE id = ?', partnerOrders[0])).toEqual(['accepted']);
      const requisition = rows(rt, 'SELECT requisition_id FROM partner_orders WHERE id = ?', partnerOrders[0])[0];
      expect(rows(rt, 'SELECT status FROM supplier_requisitions WHERE id = ?', requisition)).toEqual(['delivered']);

      const cease = order(rt, 'cease', { action: 'delete', serviceId });
      expect(await runServiceOrder(rt, cease)).toMatchObject({ state: 'completed' });
      expect(orderState(rt, 'service_orders', cease.serviceOrderId)).toBe('delete:completed');
      expect(rows(rt, 'SELECT state FROM services WHERE id = ?', serviceId)).toEqual(['terminated']);

      // The supplier's side: the requisition ceased, in its history as the operator's own news.
      expect(rows(rt, 'SELECT status FROM supplier_requisitions WHERE id = ?', requisition)).toEqual(['ceased']);
      // Ours: the partner order closed ceased, with the cease among its events.
      expect(rows(rt, 'SELECT state FROM partner_orders WHERE id = ?', partnerOrders[0])).toEqual(['ceased']);
      expect(
        rows(
          rt,
          "SELECT detail FROM partner_order_events WHERE partner_order_id = ? AND kind = 'ceased'",
          partnerOrders[0],
        ),
      ).toEqual([`ceased: service ${serviceId} ceased`]);

      // S/PRM's run, SM&O's child: its 1.F.4.2.3 activity in history.
      const smo = await rt.client.workflow.getHandle(cease.serviceOrderId).fetchHistory();
      const child = smo.events!.find(
        (e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name === 'partnerCease',
      );
      expect(child?.startChildWorkflowExecutionInitiatedEventAttributes?.taskQueue?.name).toBe(rt.queue('sprm'));
      const sprm = await rt.client.workflow.getHandle(`${cease.serviceOrderId}/PR-cease`).fetchHistory();
      const scheduled = sprm
        .events!.filter((e) => e.activityTaskScheduledEventAttributes)
        .map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
      expect(scheduled).toEqual(['placeAndTrackSPRequisition', 'placeAndTrackSPRequisition']);
      expect(await rt.client.workflow.getHandle(`${cease.serviceOrderId}/PR-cease`).result()).toEqual({
        ceased: partnerOrders,
        refused: [],
      });
    });
  });

  it('the supplier refuses the cease: our service is still ceased, the refusal recorded on the partner order', async () => {
    await withWorkers(async (rt) => {
      const added = await runServiceOrder(rt, order(rt, 'vpn-kept', {}));
      const serviceId = added.serviceId!;
      const [partnerOrder] = rows(rt, 'SELECT id FROM partner_orders WHERE service_id = ?', serviceId) as string[];
      const [supplier, requisition, reference] = rt.store.db
        .prepare('SELECT supplier_id, requisition_id, supplier_reference FROM partner_orders WHERE id = ?')
        .raw()
        .get(partnerOrder) as [string, string, string];
      // The circuit and the VLAN the site runs on, held for it.
      const held = () => rows(rt, "SELECT id FROM resources WHERE service_id = ? AND state <> 'available'", serviceId);
      expect(held().length).toBeGreaterThan(0);
      injectSupplierFault(rt.store.db, supplier, 'refuseCease');

      const cease = order(rt, 'cease-refused', { action: 'delete', serviceId });
      const ceased = await runServiceOrder(rt, cease);
      // Our side ends as any cease: the order completed (TMF641), the service terminated, nothing held for it.
      expect(ceased.state).toBe('completed');
      expect(ceased.reason).toBe(`ceased; not ceased by its supplier, followed up by S/PRM: ${partnerOrder}`);
      expect(orderState(rt, 'service_orders', cease.serviceOrderId)).toBe('delete:completed');
      expect(rows(rt, 'SELECT state FROM services WHERE id = ?', serviceId)).toEqual(['terminated']);
      expect(held()).toEqual([]);

      // The supplier still holds the product; ours stays accepted (still billed), the refusal its last event.
      expect(rows(rt, 'SELECT status FROM supplier_requisitions WHERE id = ?', requisition)).toEqual(['delivered']);
      const why = `cease refused: ${supplier} refuses to cease ${reference}: the contract's minimum term has not run out`;
      expect(rt.store.db.prepare('SELECT state, reason FROM partner_orders WHERE id = ?').get(partnerOrder)).toEqual({
        state: 'accepted',
        reason: why,
      });
      expect(
        rows(rt, 'SELECT kind FROM partner_order_events WHERE partner_order_id = ? ORDER BY rowid', partnerOrder).slice(
          -1,
        ),
      ).toEqual(['ceaseRefused']);
      expect(await rt.client.workflow.getHandle(`${cease.serviceOrderId}/PR-cease`).result()).toEqual({
        ceased: [],
        refused: [{ partnerOrderId: partnerOrder, reason: why }],
      });
    });
  });
});
