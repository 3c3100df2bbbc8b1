import { describe, expect, it } from 'vitest';
import type { SupplierReport } from '../../src/domain/fulfilment/partner-order';
import type { Requisition } from '../../src/ports/partner-gateway';
import { injectSupplierFault } from '../../src/simulators/supplier-behaviour';
import { startSupplierSimulator } from '../../src/simulators/supplier-report-delivery';
import { createSupplierSimulator } from '../../src/simulators/suppliers';
import { kindOf, SPEED, START, until, useSuppliers } from './suppliers-support';

/**
 * The simulated suppliers' side of a requisition: contracts and quotes, the reports each supplier
 * schedules, and the loop that delivers them to the workflows.
 */

const { t, suppliers, advance, at, inDays, requisition } = useSuppliers();
const { count, value, clock } = t;

const outbox = (id = 'REQ-1') =>
  t.store.db
    .prepare(
      "SELECT json_extract(report, '$.kind') AS kind, due_at AS dueAt, sent_at AS sentAt FROM supplier_outbox WHERE requisition_id = ? ORDER BY due_at, seq",
    )
    .all(id) as Array<{ kind: string; dueAt: string; sentAt: string | null }>;

const beta = (overrides: Partial<Requisition> = {}) =>
  requisition({ supplierId: 'SUP-BETA', contractId: 'SC-BETA-MRS-AC', ...overrides });

describe('supplier contracts and quotes', () => {
  it('lists the contracts valid on the date, with the supplier', async () => {
    expect(
      (await suppliers.contractsFor('RS-ACCESS-CIRCUIT', 'MRS', START)).map((c) => [
        c.id,
        c.supplierName,
        c.supplierRating,
        c.leadTimeDays,
      ]),
    ).toEqual([
      ['SC-ALPHA-MRS-AC', 'Alpha Wholesale Networks', 4, 15],
      ['SC-BETA-MRS-AC', 'Beta Fibre Partners', 3, 25],
    ]);
    expect(await suppliers.contractsFor('RS-ACCESS-CIRCUIT', 'MRS', '2029-01-01T00:00:00.000Z')).toEqual([]);
    expect(await suppliers.contractsFor('RS-ACCESS-CIRCUIT', 'PAR', START)).toEqual([]);
  });

  it('quotes from the contract: a promised date one lead time out, the price per unit', async () => {
    expect(await suppliers.quote('SC-ALPHA-MRS-AC', 2)).toMatchObject({
      supplierId: 'SUP-ALPHA',
      available: true,
      quantity: 2,
      promisedDeliveryDate: inDays(15),
      priceMinor: 64_000,
    });
    expect(await suppliers.quote('SC-NONE', 1)).toMatchObject({ available: false, promisedDeliveryDate: null });
  });

  it('runs out of capacity, and frees it as requisitions are delivered', async () => {
    for (let i = 0; i < 10; i++) await suppliers.placeRequisition(`k${i}`, requisition({ requisitionId: `REQ-${i}` }));
    expect(await suppliers.quote('SC-ALPHA-MRS-AC', 1)).toMatchObject({ available: false });
    advance(15);
    expect(await suppliers.quote('SC-ALPHA-MRS-AC', 1)).toMatchObject({ available: true });
  });
});

describe('requisitions on the supplier side', () => {
  it('schedules Alpha to acknowledge and deliver, "later" scaled by the speed', async () => {
    const placed = await suppliers.placeRequisition('k', requisition());
    expect(placed).toMatchObject({
      requisitionId: 'REQ-1',
      supplierReference: 'ALPHA-000001',
      status: 'placed',
      deliveryDate: inDays(15),
    });
    expect(outbox()).toEqual([
      { kind: 'acknowledged', dueAt: at(0.25), sentAt: null },
      { kind: 'delivered', dueAt: at(15), sentAt: null },
    ]);
  });

  it('runs twice as fast at twice the speed', async () => {
    const fast = createSupplierSimulator(t.store.db, () => clock.now, { speed: 2 * SPEED });
    await fast.placeRequisition('k', requisition());
    expect(outbox().map((r) => r.dueAt)).toEqual([at(0.125), at(7.5)]);
  });

  it('schedules Beta to acknowledge, report a slipped date, then deliver', async () => {
    await suppliers.placeRequisition('k', beta());
    expect(outbox()).toEqual([
      { kind: 'acknowledged', dueAt: at(0.25), sentAt: null },
      { kind: 'deliveryDateChanged', dueAt: at(12.5), sentAt: null },
      { kind: 'delivered', dueAt: at(27), sentAt: null },
    ]);
  });

  it('says where a requisition stands from the reports it has made by now', async () => {
    await suppliers.placeRequisition('k', beta({ quantity: 2 }));
    expect(await suppliers.status('REQ-1')).toMatchObject({
      status: 'placed',
      deliveryDate: inDays(25),
      delivered: [],
    });
    advance(13);
    expect(await suppliers.status('REQ-1')).toMatchObject({ status: 'acknowledged', deliveryDate: inDays(27) });
    advance(14);
    const done = await suppliers.status('REQ-1');
    expect(done.status).toBe('delivered');
    expect(done.delivered.map((d) => d.name)).toEqual(['BETA-000001-1', 'BETA-000001-2']);
    expect(value("SELECT status FROM supplier_requisitions WHERE id = 'REQ-1'")).toBe('delivered');
  });

  it('takes a requisition once per idempotency key, and a requisition once whatever the key', async () => {
    await suppliers.placeRequisition('k', requisition());
    await suppliers.placeRequisition('k', requisition());
    await suppliers.placeRequisition('other', requisition());
    expect(count('SELECT COUNT(*) FROM supplier_requisitions')).toBe(1);
    expect(outbox()).toHaveLength(2);
  });

  it('rejects a requisition when a fault is injected', async () => {
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'reject', 1);
    await suppliers.placeRequisition('k', requisition());
    expect(outbox().map((r) => r.kind)).toEqual(['rejected']);
    advance(1);
    expect((await suppliers.status('REQ-1')).status).toBe('rejected');
    await suppliers.placeRequisition('k2', requisition({ requisitionId: 'REQ-2' }));
    expect(outbox('REQ-2').map((r) => r.kind)).toEqual(['acknowledged', 'delivered']);
  });

  it('cancels: pending reports withdrawn, the cancellation kept in its history', async () => {
    await suppliers.placeRequisition('k', requisition());
    advance(1);
    expect((await suppliers.cancelRequisition('c', 'REQ-1', 'no longer needed')).status).toBe('cancelled');
    expect(outbox()).toEqual([{ kind: 'cancelled', dueAt: at(1), sentAt: at(1) }]);
    advance(20);
    expect((await suppliers.status('REQ-1')).status).toBe('cancelled');
  });

  it('tests what it delivered, fails when told to, and remedies once asked', async () => {
    await suppliers.placeRequisition('k', requisition());
    expect(await suppliers.acceptanceTest('REQ-1')).toMatchObject({ passed: false });
    await expect(suppliers.requestRemedy('r0', 'REQ-1', 'nothing yet')).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    advance(15);
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'acceptance', 1);
    expect(await suppliers.acceptanceTest('REQ-1')).toMatchObject({
      passed: false,
      detail: expect.stringContaining('frame loss'),
    });
    const remedy = await suppliers.requestRemedy('r1', 'REQ-1', 'frame loss');
    expect(remedy).toMatchObject({ status: 'acknowledged', delivered: [] });
    await suppliers.requestRemedy('r1', 'REQ-1', 'frame loss');
    expect(outbox().map((r) => r.kind)).toEqual(['acknowledged', 'delivered', 'acknowledged', 'delivered']);
    advance(1);
    expect((await suppliers.status('REQ-1')).status).toBe('delivered');
    expect(await suppliers.acceptanceTest('REQ-1')).toMatchObject({ passed: true });
    expect(value("SELECT remedies FROM supplier_requisitions WHERE id = 'REQ-1'")).toBe(1);
  });
});

describe('the delivery loop', () => {
  it('sends each due report to the workflow it replies to, in order, and marks it sent', async () => {
    await suppliers.placeRequisition('k', beta());
    const sent: Array<[string, SupplierReport]> = [];
    const loop = startSupplierSimulator({
      db: t.store.db,
      clock: () => clock.now,
      deliver: async (wf, _signal, r) => void sent.push([wf, r as SupplierReport]),
      intervalMs: 5,
    });
    try {
      advance(13);
      await until(() => sent.length === 2);
      expect(sent.map(([wf, r]) => [wf, r.kind, r.at])).toEqual([
        ['wf-1', 'acknowledged', at(0.25)],
        ['wf-1', 'deliveryDateChanged', at(12.5)],
      ]);
      expect(sent[1]![1]).toMatchObject({
        requisitionId: 'REQ-1',
        supplierReference: 'BETA-000001',
        deliveryDate: inDays(27),
      });
      expect(outbox().map((r) => r.sentAt !== null)).toEqual([true, true, false]);
      advance(20);
      await until(() => sent.length === 3);
    } finally {
      await loop.stop();
    }
    expect(sent.map(([, r]) => r.kind)).toEqual(['acknowledged', 'deliveryDateChanged', 'delivered']);
  });

  it('sends again what it could not deliver (at least once), holding back the later reports', async () => {
    await suppliers.placeRequisition('k', requisition());
    advance(20);
    const attempts: string[] = [];
    let failFirst = true;
    const loop = startSupplierSimulator({
      db: t.store.db,
      clock: () => clock.now,
      deliver: async (_wf, _signal, r) => {
        attempts.push(kindOf(r));
        if (failFirst) {
          failFirst = false;
          throw new Error('server unreachable');
        }
      },
      intervalMs: 5,
    });
    try {
      await until(() => outbox().every((r) => r.sentAt !== null));
    } finally {
      await loop.stop();
    }
    expect(attempts).toEqual(['acknowledged', 'acknowledged', 'delivered']);
  });

  it('resends after a restart what a crashed loop never marked sent', async () => {
    await suppliers.placeRequisition('k', requisition());
    advance(1);
    const first: string[] = [];
    const crashed = startSupplierSimulator({
      db: t.store.db,
      clock: () => clock.now,
      // The signal went out, but the process died before it could record that.
      deliver: async (_wf, _signal, r) => {
        first.push(kindOf(r));
        throw new Error('process killed');
      },
      intervalMs: 5,
    });
    await until(() => first.length > 0);
    await crashed.stop();
    const second: string[] = [];
    const restarted = startSupplierSimulator({
      db: t.store.db,
      clock: () => clock.now,
      deliver: async (_wf, _signal, r) => void second.push(kindOf(r)),
      intervalMs: 5,
    });
    try {
      await until(() => second.length === 1);
    } finally {
      await restarted.stop();
    }
    expect(first[0]).toBe('acknowledged');
    expect(second).toEqual(['acknowledged']);
  });

  it('drops a report whose workflow has ended', async () => {
    await suppliers.placeRequisition('k', requisition());
    advance(1);
    const gone = Object.assign(new Error('workflow not found'), { name: 'WorkflowNotFoundError' });
    const loop = startSupplierSimulator({
      db: t.store.db,
      clock: () => clock.now,
      deliver: () => Promise.reject(gone),
      intervalMs: 5,
    });
    try {
      await until(() => outbox()[0]!.sentAt !== null);
    } finally {
      await loop.stop();
    }
    expect(outbox()[1]!.sentAt).toBeNull();
  });

  it('sends nothing before it is due', async () => {
    await suppliers.placeRequisition('k', requisition());
    const sent: string[] = [];
    const loop = startSupplierSimulator({
      db: t.store.db,
      clock: () => clock.now,
      deliver: async (_wf, _signal, r) => void sent.push(kindOf(r)),
      intervalMs: 5,
    });
    await new Promise((r) => setTimeout(r, 50));
    await loop.stop();
    expect(sent).toEqual([]);
  });
});
