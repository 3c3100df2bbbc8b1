import { describe, expect, it } from 'vitest';
import type { SupplierReport } from '../../../src/domain/fulfilment/partner-order';
import { injectSupplierFault } from '../../../src/simulators/supplier-behaviour';
import { key } from '../../support/store';
import { START, useSPRequisitionManagement } from './sp-requisition-management-support';

/**
 * S/P requisition management places and tracks the requisition with the supplier (1.F.4.2.3) and
 * receives and accepts what it delivers (1.F.4.2.4).
 */

const { t, sp, advance, inDays, events, state, selection, fillAlpha, placed } = useSPRequisitionManagement();
const { clock, one, rows, count } = t;

const report = (kind: SupplierReport['kind'], at: string, extra: Partial<SupplierReport> = {}): SupplierReport => ({
  requisitionId: 'PR-1',
  supplierReference: 'ALPHA-000001',
  kind,
  at,
  ...extra,
});
const record = (r: SupplierReport) =>
  sp.placeAndTrackSPRequisition({ action: 'record', partnerOrderId: 'PR-1', report: r });

describe('1.F.4.2.3 placeAndTrackSPRequisition', () => {
  it('places the requisition with the supplier, who schedules its reports back to the workflow', async () => {
    const out = await placed();
    expect(out).toMatchObject({ state: 'placed', supplierId: 'SUP-ALPHA', expectedDelivery: inDays(15) });
    expect(
      one("SELECT supplier_id, status, reply_to_workflow_id FROM supplier_requisitions WHERE id = 'PR-1'"),
    ).toEqual({
      supplier_id: 'SUP-ALPHA',
      status: 'placed',
      reply_to_workflow_id: 'wf-PR-1',
    });
    expect(one("SELECT requisition_id, supplier_reference FROM partner_orders WHERE id = 'PR-1'")).toEqual({
      requisition_id: 'PR-1',
      supplier_reference: 'ALPHA-000001',
    });
    expect(
      rows(
        "SELECT json_extract(report, '$.kind') AS kind FROM supplier_outbox WHERE requisition_id = 'PR-1' ORDER BY due_at",
      ),
    ).toEqual([{ kind: 'acknowledged' }, { kind: 'delivered' }]);
  });

  it('places once when retried', async () => {
    await sp.selectSupplierPartner(selection());
    await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' });
    const place = { action: 'place', partnerOrderId: 'PR-1', replyToWorkflowId: 'wf-PR-1' } as const;
    await sp.placeAndTrackSPRequisition(place, key('place'));
    await sp.placeAndTrackSPRequisition(place, key('place'));
    expect(count('SELECT COUNT(*) FROM supplier_requisitions')).toBe(1);
    expect(count('SELECT COUNT(*) FROM supplier_outbox')).toBe(2);
    expect(events('placed')).toBe(1);
  });

  it('refuses to place an order no supplier was found feasible for', async () => {
    await sp.selectSupplierPartner(selection());
    await expect(
      sp.placeAndTrackSPRequisition({ action: 'place', partnerOrderId: 'PR-1', replyToWorkflowId: 'wf' }),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(count('SELECT COUNT(*) FROM supplier_requisitions')).toBe(0);
  });

  it('records each supplier report once, however often it arrives', async () => {
    await placed();
    const ack = report('acknowledged', '2026-03-02T09:00:01.000Z', { deliveryDate: inDays(15) });
    expect(await record(ack)).toMatchObject({ state: 'confirmed', duplicate: false });
    expect(await record(ack)).toMatchObject({ state: 'confirmed', duplicate: true });
    expect(events('acknowledged')).toBe(1);
  });

  it('moves the expected date when the supplier reports a change', async () => {
    await placed();
    await record(report('acknowledged', '2026-03-02T09:00:01.000Z'));
    expect(
      await record(
        report('deliveryDateChanged', '2026-03-02T09:00:07.000Z', { deliveryDate: inDays(17), detail: 'permit' }),
      ),
    ).toMatchObject({
      state: 'confirmed',
      expectedDelivery: inDays(17),
    });
    expect(state()).toMatchObject({ expected_delivery: inDays(17) });
  });

  it('applies a hub event once by its id: two events of one kind and time are two, a redelivery dated anew is one', async () => {
    await placed();
    const at = '2026-03-02T09:00:07.000Z';
    const moved = (eventId: string, days: number, when = at) =>
      record(report('deliveryDateChanged', when, { deliveryDate: inDays(days), eventId }));
    expect(await moved('EVT-1', 17)).toMatchObject({ expectedDelivery: inDays(17), duplicate: false });
    expect(await moved('EVT-2', 19)).toMatchObject({ expectedDelivery: inDays(19), duplicate: false });
    // EVT-1 again, undated by the hub so stamped with our own later time: the same report, nothing moves back.
    expect(await moved('EVT-1', 17, '2026-03-02T09:00:09.000Z')).toMatchObject({
      expectedDelivery: inDays(19),
      duplicate: true,
    });
    expect(
      t.store.db
        .prepare("SELECT count(*) FROM partner_order_events WHERE partner_order_id = 'PR-1' AND kind = ?")
        .pluck()
        .get('deliveryDateChanged'),
    ).toBe(2);
  });

  it('records a delivery, and no late report takes it back', async () => {
    await placed();
    expect((await record(report('delivered', '2026-03-02T09:00:15.000Z'))).state).toBe('delivered');
    expect((await record(report('acknowledged', '2026-03-02T09:00:01.000Z'))).state).toBe('delivered');
  });

  it('records the supplier rejecting the requisition, with its reason', async () => {
    await placed();
    expect(
      (await record(report('rejected', '2026-03-02T09:00:01.000Z', { detail: 'no capacity on that route' }))).state,
    ).toBe('rejected');
    expect(state()).toMatchObject({ state: 'rejected', reason: 'rejected by the supplier: no capacity on that route' });
  });

  it('refuses a report about another requisition', async () => {
    await placed();
    await expect(record({ ...report('delivered', START), requisitionId: 'PR-9' })).rejects.toMatchObject({
      type: 'ConflictingRequest',
    });
    expect(state()).toMatchObject({ state: 'placed' });
  });

  it('asks a silent supplier, and learns of the acknowledgement, the new date, the delivery', async () => {
    fillAlpha();
    await placed(); // with Beta, who slips its date
    advance(1);
    expect(await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' })).toMatchObject({
      state: 'confirmed',
      expectedDelivery: inDays(25),
    });
    advance(13);
    expect(await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' })).toMatchObject({
      state: 'confirmed',
      expectedDelivery: inDays(27),
    });
    advance(14);
    expect((await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' })).state).toBe('delivered');
  });

  it('records a poll once when retried', async () => {
    await placed();
    await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' }, key('poll'));
    await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' }, key('poll'));
    expect(events('polled')).toBe(1);
  });

  it('learns by asking that the supplier rejected it', async () => {
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'reject', 1);
    await placed();
    advance(1);
    expect((await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' })).state).toBe('rejected');
  });

  it('cancels with the supplier, who then says nothing more; once when retried', async () => {
    await placed();
    const cancel = { action: 'cancel', partnerOrderId: 'PR-1', reason: 'order cancelled' } as const;
    await sp.placeAndTrackSPRequisition(cancel, key('cancel'));
    await sp.placeAndTrackSPRequisition(cancel, key('cancel'));
    expect(one("SELECT status FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({ status: 'cancelled' });
    expect(count("SELECT COUNT(*) FROM supplier_outbox WHERE requisition_id = 'PR-1' AND sent_at IS NULL")).toBe(0);
    expect(
      count(
        "SELECT COUNT(*) FROM supplier_outbox WHERE requisition_id = 'PR-1' AND json_extract(report, '$.kind') = 'cancelled'",
      ),
    ).toBe(1);
    expect(state()).toMatchObject({ state: 'cancelled', reason: 'order cancelled' });
    expect(events('cancelled')).toBe(1);
  });

  it('gives up on a late supplier: cancelled with it, our order failed', async () => {
    await placed();
    await sp.placeAndTrackSPRequisition({
      action: 'cancel',
      partnerOrderId: 'PR-1',
      reason: 'not delivered in time',
      outcome: 'failed',
    });
    expect(one("SELECT status FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({ status: 'cancelled' });
    expect(state()).toMatchObject({ state: 'failed', reason: 'not delivered in time' });
  });
});

describe('1.F.4.2.4 receiveAndAcceptSPProduct', () => {
  async function delivered() {
    await placed();
    advance(16);
    await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' });
  }
  const accept = () =>
    sp.receiveAndAcceptSPProduct(
      { action: 'accept', partnerOrderId: 'PR-1', reservationId: 'RO-1' },
      key(`accept@${clock.now.toISOString()}`),
    );
  const suppliedCircuits = () =>
    count("SELECT COUNT(*) FROM resources WHERE resource_type = 'access-circuit' AND region = 'MRS'");

  it('accepts a product that passes its test: it joins the inventory reserved for the service', async () => {
    await delivered();
    const out = await accept();
    expect(out).toMatchObject({ accepted: true, state: 'accepted', resourceIds: [expect.any(String)] });
    expect(
      one(
        'SELECT state, name, reservation_id, service_id, customer_id, region FROM resources WHERE id = ?',
        out.resourceIds[0],
      ),
    ).toEqual({
      state: 'reserved',
      name: 'ALPHA-000001-1',
      reservation_id: 'RO-1',
      service_id: 'SVC-1',
      customer_id: 'CUST-1002',
      region: 'MRS',
    });
    expect(state()).toMatchObject({ state: 'accepted' });
  });

  it('records the product once when retried', async () => {
    await delivered();
    const first = await accept();
    const again = await accept();
    expect(again.resourceIds).toEqual(first.resourceIds);
    expect(suppliedCircuits()).toBe(1);
    expect(events('accepted')).toBe(1);
  });

  it('negotiates a failed acceptance; the remedied product is accepted', async () => {
    await delivered();
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'acceptance', 1);
    const failed = await accept();
    expect(failed).toMatchObject({ accepted: false, state: 'delivered', resourceIds: [] });
    await sp.receiveAndAcceptSPProduct({ action: 'negotiate', partnerOrderId: 'PR-1', detail: failed.detail });
    expect(one("SELECT remedies, status FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({
      remedies: 1,
      status: 'acknowledged',
    });
    expect(state()).toMatchObject({ state: 'inNegotiation' });
    // The first delivery's report, arriving late, is not the remedy.
    expect((await record(report('delivered', '2026-03-02T09:00:15.000Z'))).state).toBe('inNegotiation');
    advance(2);
    expect((await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' })).state).toBe('delivered');
    expect(await accept()).toMatchObject({ accepted: true, state: 'accepted' });
    expect(suppliedCircuits()).toBe(1);
  });

  it('asks for a remedy once when retried', async () => {
    await delivered();
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'acceptance', 1);
    const failed = await accept();
    const negotiate = { action: 'negotiate', partnerOrderId: 'PR-1', detail: failed.detail } as const;
    await sp.receiveAndAcceptSPProduct(negotiate, key('negotiate'));
    await sp.receiveAndAcceptSPProduct(negotiate, key('negotiate'));
    expect(one("SELECT remedies FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({ remedies: 1 });
    expect(
      count(
        "SELECT COUNT(*) FROM supplier_outbox WHERE requisition_id = 'PR-1' AND json_extract(report, '$.detail') LIKE 'remedied:%'",
      ),
    ).toBe(1);
  });

  it('rejects the product that fails again after its remedy, and closes the requisition with the supplier', async () => {
    await delivered();
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'acceptance', 2);
    const failed = await accept();
    await sp.receiveAndAcceptSPProduct({ action: 'negotiate', partnerOrderId: 'PR-1', detail: failed.detail });
    advance(2);
    await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' });
    await expect(accept()).rejects.toMatchObject({ type: 'AcceptanceFailed', nonRetryable: true });
    expect(state()).toMatchObject({ state: 'rejected' });
    expect(one("SELECT status FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({ status: 'cancelled' });
    expect(suppliedCircuits()).toBe(0);
  });

  it('refuses to accept what was not delivered, or to negotiate it', async () => {
    await placed();
    await expect(accept()).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    await expect(
      sp.receiveAndAcceptSPProduct({ action: 'negotiate', partnerOrderId: 'PR-1', detail: 'x' }),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(suppliedCircuits()).toBe(0);
  });
});
