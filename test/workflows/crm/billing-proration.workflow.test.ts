import { describe, expect, it } from 'vitest';
import { BillRunRequest } from '../../../src/domain/billing/billing';
import { dateOf, daysBetween } from '../../../src/domain/billing/proration';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { billingAndCollections } from '../../../workflows/crm/billing-collections-management';
import { type finalBill, finalBillWorkflowId } from '../../../workflows/crm/final-bill';
import { withWorkers } from '../../support/runtime';
import { recordProductChanges } from '../../../activities/crm/order-handling/product-changes';
import type { ProductOrderItemRecord, ProductOrderRecord } from '../../../src/ports/product-orders';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

type Row = Record<string, unknown>;

describe('billing from the product charge history (#12)', () => {
  it("bills a speed modify mid-period as two prorated lines at the catalog's two prices (PRD-IB01 from 1000 to 500 Mbit/s)", async () => {
    await withWorkers(
      async (rt) => {
        const { db, ports } = rt.store;
        const name = db.prepare("SELECT name FROM product_offerings WHERE id = 'PO-FIBRE-BIZ'").pluck().get() as string;
        // The catalog prices the fibre by speed: 1 Gbit/s at the list price, 500 Mbit/s a tier below.
        const before = 12_900;
        const after = 9_900;
        expect((await ports.productOrders.chargePeriods('PRD-IB01'))[0]!.recurringMinor).toBe(before);
        // 1.F.1.5.5 records the completed modify; it took effect ten days ago: the open period
        // closes there, the next opens at the price of the new speed, read from the catalog.
        const changedAt = iso(Date.now() - 10 * DAY);
        const order: ProductOrderRecord = {
          id: 'PO-MODIFY-IB01',
          customerId: 'CUST-1001',
          channel: 'web',
          state: 'inProgress',
          stateReason: null,
          contactId: null,
          requestId: null,
          requestedCompletionDate: null,
          committedDate: null,
          billingAccountId: null,
          quoteId: null,
          discountPct: 0,
          oneTimeMinor: 0,
          recurringMinor: after,
          createdAt: changedAt,
          updatedAt: changedAt,
          completedAt: null,
          items: [],
        };
        const item: ProductOrderItemRecord = {
          itemId: '1',
          action: 'modify',
          productOfferingId: 'PO-FIBRE-BIZ',
          region: 'PAR',
          characteristics: { bandwidthMbps: 500 },
          state: 'completed',
          stateReason: null,
          serviceOrderIds: [],
          productId: 'PRD-IB01',
        };
        const [change] = await recordProductChanges(ports, order, [item], 'modify-ib01', changedAt);
        expect(change).toMatchObject({ productId: 'PRD-IB01', action: 'modify', recurringMinor: after, at: changedAt });
        expect(
          (await ports.productOrders.chargePeriods('PRD-IB01')).map((p) => [p.validTo, p.recurringMinor, p.status]),
        ).toEqual([
          [changedAt, before, 'active'],
          [null, after, 'active'],
        ]);
        const run = await rt.client.workflow.execute<typeof billingAndCollections>('billingAndCollections', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('billRun'),
          args: [BillRunRequest.parse({ settle: false, timings: { paymentTerm: '1 hour' } })],
        });
        const bill = run.bills.find((b) => b.customerId === 'CUST-1001')!;
        const ofDays = daysBetween(run.periodStart, run.periodEnd);
        expect(ofDays).toBe(30);
        const lines = db
          .prepare(
            "SELECT description, quantity, amount_minor FROM bill_lines WHERE bill_id = ? AND kind = 'recurring' AND reference = 'PRD-IB01' ORDER BY line_no",
          )
          .all(bill.billId) as Row[];
        const oldDays = daysBetween(run.periodStart, changedAt);
        const newDays = daysBetween(changedAt, run.periodEnd);
        expect(oldDays + newDays).toBe(30);
        expect(lines).toEqual([
          {
            description: `${name} (PRD-IB01), ${dateOf(Math.floor(Date.parse(run.periodStart) / DAY))} to ${changedAt.slice(0, 10)}: ${oldDays}/30 days of ${before} monthly`,
            quantity: oldDays,
            amount_minor: Math.round((before * oldDays) / 30),
          },
          {
            description: `${name} (PRD-IB01), ${changedAt.slice(0, 10)} to ${run.periodEnd.slice(0, 10)}: ${newDays}/30 days of ${after} monthly`,
            quantity: newDays,
            amount_minor: Math.round((after * newDays) / 30),
          },
        ]);
        // The store says up to when the product is billed: the next bill starts there.
        expect(
          db.prepare("SELECT billed_to, bill_id FROM product_billed_to WHERE product_id = 'PRD-IB01'").get(),
        ).toEqual({
          billed_to: run.periodEnd,
          bill_id: bill.billId,
        });
        for (const b of run.bills) await rt.client.workflow.getHandle(b.collectionWorkflowId).terminate('test over');
      },
      { installedBase: true },
    );
  }, 240_000);

  it('makes the final bill of a cease: the charge since the last bill up to the cease date, and the usage not yet billed', async () => {
    await withWorkers(
      async (rt) => {
        const { db, ports } = rt.store;
        const account = db
          .prepare("SELECT billing_account_id FROM products WHERE id = 'PRD-IB02'")
          .pluck()
          .get() as string;
        // The last cycle billed CUST-2001 up to twelve days ago (set up through the port).
        const now = Date.now();
        const lastEnd = iso(now - 12 * DAY);
        await ports.billing.openBillRun('cycle', {
          billRunId: 'CYCLE-1',
          periodStart: iso(now - 42 * DAY),
          periodEnd: lastEnd,
        });
        const cycleBill = await ports.billing.draftBill('cycle-bill', {
          billRunId: 'CYCLE-1',
          billingAccountId: account,
          credits: [],
        });
        // A call rated since, not yet billed.
        db.prepare(
          "INSERT INTO usage_collections (id, period_start, period_end, created_at) VALUES ('COL-T', ?, ?, ?)",
        ).run(lastEnd, iso(now), iso(now));
        db.prepare(
          `INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, usage_type, correlation_id, quantity,
             service_id, customer_id, product_id, units, allowance_units, charge_minor, updated_at)
           VALUES ('COL-T', 'PORT-PAR-1-1-2', 1, '{}', 'rated', 'data', 'C-1', 2048, 'SVC-IB02-1', 'CUST-2001', 'PRD-IB02', 2, 0, 340, ?)`,
        ).run(iso(now));
        // Order Handling ceased the product (contract 3): its open period closes at the cease.
        const ceasedAt = iso(now - 2 * DAY);
        await ports.productOrders.recordProductChange('cease-ib02', {
          productId: 'PRD-IB02',
          at: ceasedAt,
          orderId: 'PO-CEASE-IB02',
          status: 'terminated',
        });
        const recurring = (await ports.productOrders.chargePeriods('PRD-IB02'))[0]!.recurringMinor;

        const input = { billingAccountId: account, productIds: ['PRD-IB02'], ceasedAt, orderId: rt.id('PO-CEASE') };
        const id = finalBillWorkflowId(input.orderId);
        const result = await rt.client.workflow.execute<typeof finalBill>('finalBill', {
          taskQueue: rt.queue('crm'),
          workflowId: id,
          args: [input],
        });
        const days = daysBetween(lastEnd, ceasedAt);
        expect(days).toBe(10);
        const charge = Math.round((recurring * days) / 30);
        const tax = Math.round(((charge + 340) * 2000) / 10_000);
        expect(result).toEqual({ billId: expect.any(String), totalMinor: charge + 340 + tax, lines: 2 });
        expect(result.billId).not.toBe(cycleBill.id);

        const bill = await ports.billing.bill(result.billId!);
        expect(bill).toMatchObject({
          billRunId: id,
          billingAccountId: account,
          state: 'issued',
          periodStart: lastEnd,
          periodEnd: ceasedAt,
          totalMinor: charge + 340 + tax,
        });
        expect(bill!.lines.map((l) => [l.kind, l.reference, l.quantity, l.amountMinor])).toEqual([
          ['recurring', 'PRD-IB02', days, charge],
          ['usage', 'SVC-IB02-1', 1, 340],
          ['tax', null, 1, tax],
        ]);
        expect(bill!.lines[0]!.description).toContain(`${lastEnd.slice(0, 10)} to ${ceasedAt.slice(0, 10)}`);
        expect(db.prepare("SELECT state, bill_id FROM usage_records WHERE correlation_id = 'C-1'").get()).toEqual({
          state: 'billed',
          bill_id: result.billId,
        });
        // Its run is its own: the next cycle still starts where the last cycle ended.
        expect(await ports.billing.lastBillRunEnd()).toBe(lastEnd);
        expect(db.prepare('SELECT kind FROM bill_runs WHERE id = ?').pluck().get(id)).toBe('final');

        const trace = (await traceProcesses(rt.client, id)).map((p) => p.etomId);
        expect(trace).toEqual(expect.arrayContaining(['1.B.1.8.2', '1.B.1.8.3']));
        const collection = rt.client.workflow.getHandle(`billCollection/${id}/${result.billId}`);
        expect((await collection.describe()).status.name).toBe('RUNNING');

        // Asked again for the same order (its id): the same bill, nothing billed twice.
        const again = await rt.client.workflow.execute<typeof finalBill>('finalBill', {
          taskQueue: rt.queue('crm'),
          workflowId: id,
          args: [input],
        });
        expect(again).toEqual(result);
        expect(db.prepare('SELECT COUNT(*) FROM bills WHERE bill_run_id = ?').pluck().get(id)).toBe(1);
        expect((await ports.notifications.listByReference(result.billId!)).map((n) => n.subject)).toEqual([
          `Your bill ${result.billId}`,
        ]);
        // The next cycle charges nothing more for it.
        await ports.billing.openBillRun('cycle-2', { billRunId: 'CYCLE-2', periodStart: lastEnd, periodEnd: iso(now) });
        const next = await ports.billing.draftBill('cycle-2-bill', {
          billRunId: 'CYCLE-2',
          billingAccountId: account,
          credits: [],
        });
        expect(next.lines.filter((l) => l.reference === 'PRD-IB02')).toEqual([]);
        await collection.terminate('test over');
      },
      { installedBase: true },
    );
  }, 120_000);
});
