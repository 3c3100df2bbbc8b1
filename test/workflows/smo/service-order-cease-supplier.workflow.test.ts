import { describe, expect, it } from 'vitest';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
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
      });
    });
  });
});
