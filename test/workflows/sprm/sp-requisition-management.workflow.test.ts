import { describe, expect, it } from 'vitest';
import type { PartnerOrderRequest } from '../../../src/domain/fulfilment/partner-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { injectSupplierFault } from '../../../src/simulators/suppliers';
import { activityTypes, eventually } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const request = (rt: TestRuntime, name: string): PartnerOrderRequest => ({
  partnerOrderId: rt.id(name),
  serviceOrderId: `SO-${name}`,
  serviceId: `SVC-${name}`,
  customerId: 'CUST-1002',
  region: 'MRS',
  reservationId: `RO-${name}`,
  resourceSpecId: 'RS-ACCESS-CIRCUIT',
  quantity: 1,
  timings: FulfilmentTimings.parse({ supplierPollInterval: '2 seconds', supplierDeliveryGrace: '1 minute' }),
});

describe('partnerOrder (1.F.4.2 S/P Requisition Management)', () => {
  it('buys from the best supplier, follows its reports and accepts the delivery into the inventory', async () => {
    await withWorkers(async (rt) => {
      const req = request(rt, 'pr-happy');
      const result = await rt.client.workflow.execute('partnerOrder', { taskQueue: rt.queue('sprm'), workflowId: req.partnerOrderId, args: [req] });
      expect(result).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA' });
      expect(rt.store.db.prepare('SELECT state, reservation_id FROM resources WHERE id = ?').get(result.resourceIds[0])).toEqual({
        state: 'reserved',
        reservation_id: 'RO-pr-happy',
      });
      const kinds = rt.store.db.prepare('SELECT kind FROM partner_order_events WHERE partner_order_id = ? ORDER BY seq').pluck().all(req.partnerOrderId);
      expect(kinds).toEqual(expect.arrayContaining(['supplierSelected', 'quotes', 'placed', 'acknowledged', 'delivered', 'acceptancePassed']));
      const types = await activityTypes(rt, req.partnerOrderId);
      expect(types.slice(0, 3)).toEqual(['selectSupplierPartner', 'determineSPPreRequisitionFeasibility', 'placeAndTrackSPRequisition']);
      expect(types.at(-1)).toBe('receiveAndAcceptSPProduct');
    });
  });

  it('negotiates a failed acceptance with the supplier and accepts the remedied product', async () => {
    await withWorkers(async (rt) => {
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'acceptance', 1);
      const req = request(rt, 'pr-remedy');
      const result = await rt.client.workflow.execute('partnerOrder', { taskQueue: rt.queue('sprm'), workflowId: req.partnerOrderId, args: [req] });
      expect(result.state).toBe('accepted');
      const kinds = rt.store.db.prepare('SELECT kind FROM partner_order_events WHERE partner_order_id = ? ORDER BY seq').pluck().all(req.partnerOrderId);
      expect(kinds).toEqual(expect.arrayContaining(['acceptanceFailed', 'remedyRequested', 'acceptancePassed']));
    });
  });

  it('ends rejected when the supplier rejects the requisition', async () => {
    await withWorkers(async (rt) => {
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'reject', 1);
      const req = request(rt, 'pr-reject');
      const result = await rt.client.workflow.execute('partnerOrder', { taskQueue: rt.queue('sprm'), workflowId: req.partnerOrderId, args: [req] });
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/rejected by the supplier/);
    });
  });

  it('cancels the requisition with the supplier when cancelled', async () => {
    await withWorkers(
      async (rt) => {
        const req = request(rt, 'pr-cancel');
        const handle = await rt.client.workflow.start('partnerOrder', { taskQueue: rt.queue('sprm'), workflowId: req.partnerOrderId, args: [req] });
        await eventually(
          async () => rt.store.db.prepare("SELECT COUNT(*) FROM supplier_requisitions WHERE id = ?").pluck().get(req.partnerOrderId) === 1,
          'the requisition',
        );
        await handle.cancel();
        await expect(handle.result()).rejects.toThrow();
        expect(rt.store.db.prepare('SELECT status FROM supplier_requisitions WHERE id = ?').pluck().get(req.partnerOrderId)).toBe('cancelled');
        expect(rt.store.db.prepare('SELECT state FROM partner_orders WHERE id = ?').pluck().get(req.partnerOrderId)).toBe('cancelled');
      },
      { supplierSpeed: 10_000 },
    );
  });
});
