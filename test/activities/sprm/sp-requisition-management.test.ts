import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSPRequisitionManagementActivities, rankContracts } from '../../../activities/sprm/sp-requisition-management';
import { createSqliteStore, type SqliteStore } from '../../../src/adapters/sqlite';
import { injectSupplierFault } from '../../../src/simulators/suppliers';

let store: SqliteStore;
let clock: Date;
let sp: ReturnType<typeof createSPRequisitionManagementActivities>;

beforeEach(() => {
  clock = new Date('2026-03-02T09:00:00.000Z');
  // Suppliers' time runs 86 400× faster: one simulated day per real second.
  store = createSqliteStore({ filename: ':memory:', clock: () => clock, supplierSpeed: 86_400 });
  sp = createSPRequisitionManagementActivities(store.ports);
});
afterEach(() => store.close());

const one = (sql: string, ...a: unknown[]) => store.db.prepare(sql).get(...a) as Record<string, unknown>;
const all = (sql: string, ...a: unknown[]) => store.db.prepare(sql).all(...a) as Array<Record<string, unknown>>;
const advance = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

async function selected(spec = 'RS-ACCESS-CIRCUIT', region = 'MRS') {
  return sp.selectSupplierPartner({
    partnerOrderId: 'PR-1',
    serviceOrderId: 'SO-1',
    serviceId: 'SVC-1',
    customerId: 'CUST-1002',
    region,
    resourceSpecId: spec,
    quantity: 1,
  });
}

async function placed() {
  await selected();
  await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' });
  return sp.placeAndTrackSPRequisition({ action: 'place', partnerOrderId: 'PR-1', replyToWorkflowId: 'wf-PR-1' });
}

describe('1.F.4.2.1 selectSupplierPartner', () => {
  it('ranks the contracted suppliers, fastest delivery first, and records the candidates', async () => {
    const out = await selected();
    expect(out.candidates).toEqual(['SC-ALPHA-MRS-AC', 'SC-BETA-MRS-AC']);
    expect(out).toMatchObject({ state: 'supplierSelected', supplierId: 'SUP-ALPHA' });
    expect(one("SELECT state, candidates FROM partner_orders WHERE id = 'PR-1'")).toEqual({
      state: 'supplierSelected',
      candidates: '["SC-ALPHA-MRS-AC","SC-BETA-MRS-AC"]',
    });
  });

  it('finds no supplier for what nobody sells there', async () => {
    await expect(selected('RS-ACCESS-PORT', 'MRS')).rejects.toMatchObject({ type: 'NotFeasible', nonRetryable: true });
    expect(one("SELECT state FROM partner_orders WHERE id = 'PR-1'")).toEqual({ state: 'failed' });
  });

  it('ranks by lead time, then price, then rating', () => {
    const c = (id: string, leadTimeDays: number, priceMinor: number, supplierRating: number) =>
      ({ id, leadTimeDays, priceMinor, supplierRating }) as Parameters<typeof rankContracts>[0][number];
    expect(rankContracts([c('a', 20, 1, 5), c('b', 10, 9, 1), c('c', 10, 5, 1), c('d', 10, 5, 4)]).map((x) => x.id)).toEqual(['d', 'c', 'b', 'a']);
  });
});

describe('1.F.4.2.2 determineSPPreRequisitionFeasibility', () => {
  it('quotes the candidates and keeps the best that can deliver, with its date', async () => {
    await selected();
    const out = await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' });
    expect(out).toMatchObject({ state: 'feasibilityChecked', supplierId: 'SUP-ALPHA', expectedDelivery: '2026-03-17T09:00:00.000Z' });
  });

  it('moves to the next candidate when the first has no capacity', async () => {
    await selected();
    for (let i = 0; i < 10; i++) {
      store.db
        .prepare(
          `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region, quantity, status, reply_to_workflow_id, created_at)
           VALUES (?, 'SUP-ALPHA', 'SC-ALPHA-MRS-AC', ?, 'RS-ACCESS-CIRCUIT', 'MRS', 1, 'placed', 'x', '2026-03-01')`,
        )
        .run(`OTHER-${i}`, `R${i}`);
    }
    expect(await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' })).toMatchObject({ supplierId: 'SUP-BETA' });
  });
});

describe('1.F.4.2.3 placeAndTrackSPRequisition', () => {
  it('places the requisition with the supplier, who schedules its reports', async () => {
    const out = await placed();
    expect(out.state).toBe('placed');
    expect(one("SELECT status, reply_to_workflow_id FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({
      status: 'placed',
      reply_to_workflow_id: 'wf-PR-1',
    });
    expect(all("SELECT json_extract(report, '$.kind') AS kind FROM supplier_outbox WHERE requisition_id = 'PR-1' ORDER BY due_at")).toEqual([
      { kind: 'acknowledged' },
      { kind: 'delivered' },
    ]);
  });

  it('records each supplier report once, however often it arrives', async () => {
    await placed();
    const report = { requisitionId: 'PR-1', supplierReference: 'ALPHA-000001', kind: 'acknowledged', at: '2026-03-02T09:00:01.000Z' } as const;
    expect((await sp.placeAndTrackSPRequisition({ action: 'record', partnerOrderId: 'PR-1', report })).state).toBe('confirmed');
    expect((await sp.placeAndTrackSPRequisition({ action: 'record', partnerOrderId: 'PR-1', report })).duplicate).toBe(true);
    expect(all("SELECT kind FROM partner_order_events WHERE partner_order_id = 'PR-1' AND kind = 'acknowledged'")).toHaveLength(1);
  });

  it('asks a silent supplier, and learns of the delivery', async () => {
    await placed();
    advance(16); // 16 simulated days
    expect((await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' })).state).toBe('delivered');
  });

  it('cancels with the supplier, who then says nothing more', async () => {
    await placed();
    await sp.placeAndTrackSPRequisition({ action: 'cancel', partnerOrderId: 'PR-1', reason: 'order cancelled' });
    expect(one("SELECT status FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({ status: 'cancelled' });
    expect(one("SELECT COUNT(*) AS n FROM supplier_outbox WHERE requisition_id = 'PR-1' AND sent_at IS NULL")).toEqual({ n: 0 });
    expect(one("SELECT state FROM partner_orders WHERE id = 'PR-1'")).toEqual({ state: 'cancelled' });
  });
});

describe('1.F.4.2.4 receiveAndAcceptSPProduct', () => {
  async function delivered() {
    await placed();
    advance(16);
    await sp.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: 'PR-1' });
  }

  it('accepts a product that passes its test: it joins the inventory reserved for the service', async () => {
    await delivered();
    const out = await sp.receiveAndAcceptSPProduct({ action: 'accept', partnerOrderId: 'PR-1', reservationId: 'RO-1' });
    expect(out).toMatchObject({ accepted: true, state: 'accepted' });
    expect(one('SELECT state, reservation_id, service_id, customer_id, region FROM resources WHERE id = ?', out.resourceIds[0])).toEqual({
      state: 'reserved',
      reservation_id: 'RO-1',
      service_id: 'SVC-1',
      customer_id: 'CUST-1002',
      region: 'MRS',
    });
  });

  it('negotiates a failed acceptance, and rejects the product that fails again', async () => {
    await delivered();
    injectSupplierFault(store.db, 'SUP-ALPHA', 'acceptance', 2);
    const first = await sp.receiveAndAcceptSPProduct({ action: 'accept', partnerOrderId: 'PR-1', reservationId: 'RO-1' });
    expect(first.accepted).toBe(false);
    await sp.receiveAndAcceptSPProduct({ action: 'negotiate', partnerOrderId: 'PR-1', detail: first.detail });
    expect(one("SELECT remedies FROM supplier_requisitions WHERE id = 'PR-1'")).toEqual({ remedies: 1 });
    const rejected = await sp.receiveAndAcceptSPProduct({ action: 'reject', partnerOrderId: 'PR-1', detail: 'failed twice' });
    expect(rejected.state).toBe('rejected');
    expect(one("SELECT COUNT(*) AS n FROM resources WHERE resource_type = 'access-circuit' AND region = 'MRS'")).toEqual({ n: 0 });
  });

  it('refuses to accept what was not delivered', async () => {
    await placed();
    await expect(sp.receiveAndAcceptSPProduct({ action: 'accept', partnerOrderId: 'PR-1', reservationId: 'RO-1' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});
