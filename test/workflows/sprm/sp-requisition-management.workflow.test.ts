import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type {
  PartnerOrderRequest,
  PartnerOrderResult,
  SupplierReport,
} from '../../../src/domain/fulfilment/partner-order';
import { injectSupplierFault } from '../../../src/simulators/supplier-behaviour';
import { activityTypes, eventually } from '../../support/fulfilment';
import { circuitOrder } from '../../support/partner-orders';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const DAY_MS = 86_400_000;
/** Twenty supplier days per second: Alpha delivers in under a second, Beta in about 1.5 s. */
const FAST_SUPPLIERS = { supplierSpeed: 20 * 86_400 };

const request = (rt: TestRuntime, name: string): PartnerOrderRequest => circuitOrder(rt, name);

const start = (rt: TestRuntime, req: PartnerOrderRequest): Promise<WorkflowHandle> =>
  rt.client.workflow.start('partnerOrder', {
    taskQueue: rt.queue('sprm'),
    workflowId: req.partnerOrderId,
    args: [req],
  });
const run = async (rt: TestRuntime, req: PartnerOrderRequest) =>
  (await (await start(rt, req)).result()) as PartnerOrderResult;
const eventKinds = (rt: TestRuntime, id: string) =>
  rt.store.db
    .prepare('SELECT kind FROM partner_order_events WHERE partner_order_id = ? ORDER BY seq')
    .pluck()
    .all(id) as string[];
const supplierStatus = (rt: TestRuntime, id: string) =>
  rt.store.db.prepare('SELECT status FROM supplier_requisitions WHERE id = ?').pluck().get(id);

/** Alpha has no capacity left in MRS, so the order goes to Beta, who always slips its date. */
function fillAlpha(rt: TestRuntime) {
  const insert = rt.store.db.prepare(
    `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region, quantity, status, reply_to_workflow_id, created_at)
     VALUES (?, 'SUP-ALPHA', 'SC-ALPHA-MRS-AC', ?, 'RS-ACCESS-CIRCUIT', 'MRS', 1, 'placed', 'elsewhere', ?)`,
  );
  for (let i = 0; i < 10; i++) insert.run(`OTHER-${rt.prefix}-${i}`, `R${i}`, new Date().toISOString());
}

describe('partnerOrder (1.F.4.2 S/P Requisition Management)', () => {
  it('buys from the best supplier, follows its reports and accepts the delivery into the inventory', async () => {
    await withWorkers(async (rt) => {
      const req = request(rt, 'pr-happy');
      const handle = await start(rt, req);
      const result = (await handle.result()) as PartnerOrderResult;
      expect(result).toMatchObject({ state: 'accepted', supplierId: 'SUP-ALPHA', reason: null });
      expect(
        rt.store.db
          .prepare('SELECT state, reservation_id, service_id FROM resources WHERE id = ?')
          .get(result.resourceIds[0]),
      ).toEqual({
        state: 'reserved',
        reservation_id: 'RO-pr-happy',
        service_id: 'SVC-pr-happy',
      });
      expect(eventKinds(rt, req.partnerOrderId)).toEqual(
        expect.arrayContaining([
          'supplierSelected',
          'quotes',
          'placed',
          'acknowledged',
          'delivered',
          'acceptancePassed',
          'accepted',
        ]),
      );
      const types = await activityTypes(rt, req.partnerOrderId);
      expect(types.slice(0, 3)).toEqual([
        'selectSupplierPartner',
        'determineSPPreRequisitionFeasibility',
        'placeAndTrackSPRequisition',
      ]);
      expect(types.at(-1)).toBe('receiveAndAcceptSPProduct');
      expect((await handle.describe()).searchAttributes).toMatchObject({
        EtomLayer: ['S/PRM'],
        EtomState: ['accepted'],
        EtomProcess: ['1.F.4.2.4'],
      });
    }, FAST_SUPPLIERS);
  });

  it('moves the expected date when the supplier reports a slip, and records a report sent twice once', async () => {
    await withWorkers(async (rt) => {
      fillAlpha(rt);
      const req = request(rt, 'pr-slip');
      const handle = await start(rt, req);
      // The supplier's acknowledgement, sent again as a crashed delivery loop would.
      const ack = await eventually(
        async () =>
          rt.store.db
            .prepare(
              "SELECT report, due_at FROM supplier_outbox WHERE requisition_id = ? AND json_extract(report, '$.kind') = 'acknowledged' AND sent_at IS NOT NULL",
            )
            .get(req.partnerOrderId) as { report: string; due_at: string } | undefined,
        'the acknowledgement',
      );
      await handle.signal('supplierReport', { ...(JSON.parse(ack.report) as SupplierReport), at: ack.due_at });
      const result = (await handle.result()) as PartnerOrderResult;
      expect(result).toMatchObject({ state: 'accepted', supplierId: 'SUP-BETA' });
      const kinds = eventKinds(rt, req.partnerOrderId);
      expect(kinds.filter((k) => k === 'acknowledged')).toHaveLength(1);
      expect(kinds).toEqual(expect.arrayContaining(['deliveryDateChanged']));
      const dates = rt.store.db
        .prepare(
          "SELECT json_extract(report, '$.deliveryDate') FROM supplier_outbox WHERE requisition_id = ? AND json_extract(report, '$.kind') <> 'delivered' ORDER BY seq",
        )
        .pluck()
        .all(req.partnerOrderId) as string[];
      expect(Date.parse(dates[1]!) - Date.parse(dates[0]!)).toBe(2 * DAY_MS);
      expect(
        rt.store.db
          .prepare('SELECT expected_delivery FROM partner_orders WHERE id = ?')
          .pluck()
          .get(req.partnerOrderId),
      ).toBe(dates[1]);
    }, FAST_SUPPLIERS);
  });

  it('negotiates a failed acceptance with the supplier and accepts the remedied product', async () => {
    await withWorkers(async (rt) => {
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'acceptance', 1);
      const req = request(rt, 'pr-remedy');
      const result = await run(rt, req);
      expect(result.state).toBe('accepted');
      expect(eventKinds(rt, req.partnerOrderId)).toEqual(
        expect.arrayContaining(['acceptanceFailed', 'remedyRequested', 'acceptancePassed']),
      );
      expect(
        rt.store.db.prepare('SELECT remedies FROM supplier_requisitions WHERE id = ?').pluck().get(req.partnerOrderId),
      ).toBe(1);
      expect(
        rt.store.db.prepare('SELECT COUNT(*) FROM resources WHERE reservation_id = ?').pluck().get('RO-pr-remedy'),
      ).toBe(1);
    }, FAST_SUPPLIERS);
  });

  it('rejects the product that fails acceptance again after its remedy', async () => {
    await withWorkers(async (rt) => {
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'acceptance', 2);
      const req = request(rt, 'pr-refused');
      const result = await run(rt, req);
      expect(result).toMatchObject({ state: 'rejected', resourceIds: [] });
      expect(result.reason).toMatch(/after a remedy/);
      expect(supplierStatus(rt, req.partnerOrderId)).toBe('cancelled');
      expect(
        rt.store.db.prepare('SELECT COUNT(*) FROM resources WHERE reservation_id = ?').pluck().get('RO-pr-refused'),
      ).toBe(0);
    }, FAST_SUPPLIERS);
  });

  it('ends rejected when the supplier rejects the requisition', async () => {
    await withWorkers(async (rt) => {
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'reject', 1);
      const req = request(rt, 'pr-reject');
      const result = await run(rt, req);
      expect(result).toMatchObject({ state: 'rejected', reason: 'rejected by the supplier' });
      expect(
        rt.store.db.prepare('SELECT state, reason FROM partner_orders WHERE id = ?').get(req.partnerOrderId),
      ).toEqual({
        state: 'rejected',
        reason: 'rejected by the supplier: no capacity on that route',
      });
    }, FAST_SUPPLIERS);
  });

  it('fails when no supplier sells it there', async () => {
    await withWorkers(async (rt) => {
      const req = { ...request(rt, 'pr-none'), resourceSpecId: 'RS-ACCESS-PORT' };
      const result = await run(rt, req);
      expect(result).toMatchObject({ state: 'failed', supplierId: null });
      expect(await activityTypes(rt, req.partnerOrderId)).toEqual(['selectSupplierPartner']);
    });
  });

  it('gives up on a supplier past its date and the grace: cancelled with it, the order failed', async () => {
    // Our store's clock is twenty days behind: the supplier's promised date is already five days gone.
    const behind = () => new Date(Date.now() - 20 * DAY_MS);
    await withWorkers(
      async (rt) => {
        const req = request(rt, 'pr-late');
        const result = await run(rt, req);
        expect(result).toMatchObject({ state: 'failed' });
        expect(result.reason).toMatch(/not delivered by/);
        expect(supplierStatus(rt, req.partnerOrderId)).toBe('cancelled');
        expect(
          rt.store.db.prepare('SELECT state FROM partner_orders WHERE id = ?').pluck().get(req.partnerOrderId),
        ).toBe('failed');
      },
      { clock: behind, supplierSpeed: 86_400 },
    );
  });

  it('cancels the requisition with the supplier when its requester cancels it mid-track', async () => {
    await withWorkers(
      async (rt) => {
        const req = request(rt, 'pr-cancel');
        const handle = await start(rt, req);
        await eventually(async () => supplierStatus(rt, req.partnerOrderId) !== undefined, 'the requisition');
        await handle.cancel();
        const failure = await handle.result().catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(WorkflowFailedError);
        expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
        expect(supplierStatus(rt, req.partnerOrderId)).toBe('cancelled');
        expect(
          rt.store.db.prepare('SELECT state FROM partner_orders WHERE id = ?').pluck().get(req.partnerOrderId),
        ).toBe('cancelled');
        expect(
          rt.store.db
            .prepare('SELECT COUNT(*) FROM supplier_outbox WHERE requisition_id = ? AND sent_at IS NULL')
            .pluck()
            .get(req.partnerOrderId),
        ).toBe(0);
        expect((await handle.describe()).searchAttributes).toMatchObject({ EtomState: ['cancelled'] });
      },
      { supplierSpeed: 86_400 },
    );
  });
});
