import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BillRunRequest } from '../../../src/domain/billing/billing';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { billCollection, billingAndCollections } from '../../../workflows/crm/billing-collections-management';
import { getCollectionQuery, paymentReceivedSignal } from '../../../workflows/shared/billing-messages';
import { recordOutageCredit } from '../../support/billing';
import { eventually } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

describe('billingAndCollections (1.B.1.8)', () => {
  it('runs a bill cycle across the layers: usage to bills with the SLA credit, one paid, one dunned to suspension and restored', async () => {
    await withWorkers(
      async (rt) => {
        const credit = await recordOutageCredit(rt.store.ports);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bills-'));
        const id = rt.id('billRun');
        const req = BillRunRequest.parse({
          // The on-time payers are paid by signal once the run returns: the term leaves a loaded
          // machine ample time for that, so none of them slips into dunning.
          timings: { paymentTerm: '30 seconds', dunningInterval: '500 ms', suspensionWait: '2 minutes' },
          invoiceDir: dir,
        });
        const run = await rt.client.workflow.execute<typeof billingAndCollections>('billingAndCollections', {
          taskQueue: rt.queue('crm'),
          workflowId: id,
          args: [req],
        });
        expect(run.bills).toHaveLength(6);
        const b1001 = run.bills.find((b) => b.customerId === 'CUST-1001')!;
        expect(b1001).toMatchObject({ creditsMinor: -1_290, creditIds: [credit.id] });
        for (const b of run.bills) {
          expect(fs.existsSync(b.documentPath)).toBe(true);
          const lines = rt.store.db
            .prepare('SELECT SUM(amount_minor) FROM bill_lines WHERE bill_id = ?')
            .pluck()
            .get(b.billId);
          expect(lines).toBe(b.totalMinor);
        }
        expect(run.usage.rating!.chargeMinor).toBe(run.bills.reduce((s, b) => s + b.usageMinor, 0));
        expect(run.settlement!.suppliers[0]).toMatchObject({ supplierId: 'SUP-ALPHA', disputeState: 'accepted' });

        // CUST-1001 pays on time; CUST-1006 does not, and pays once suspended; the others pay too.
        const late = run.bills.find((b) => b.customerId === 'CUST-1006')!;
        for (const b of run.bills.filter((x) => x !== late))
          await rt.client.workflow
            .getHandle(b.collectionWorkflowId)
            .signal(paymentReceivedSignal, { amountMinor: b.totalMinor, reference: `PAY-${b.billId}` });
        const h = rt.client.workflow.getHandle<typeof billCollection>(late.collectionWorkflowId);
        await eventually(
          async () => (await h.query(getCollectionQuery)).state === 'suspended',
          'the late payer to be suspended',
          120_000,
        );
        expect(rt.store.db.prepare("SELECT status FROM products WHERE id = 'PRD-IB05'").pluck().get()).toBe(
          'suspended',
        );
        await h.signal(paymentReceivedSignal, { amountMinor: late.totalMinor, reference: 'PAY-LATE' });
        expect(await h.result()).toMatchObject({
          state: 'restored',
          dunningStep: 4,
          outstandingMinor: 0,
          suspendedProducts: ['PRD-IB05'],
        });
        expect(rt.store.db.prepare("SELECT status FROM products WHERE id = 'PRD-IB05'").pluck().get()).toBe('active');
        const paid = rt.client.workflow.getHandle<typeof billCollection>(b1001.collectionWorkflowId);
        expect(await paid.result()).toMatchObject({ state: 'paid', dunningStep: 0 });

        const ids = new Set((await traceProcesses(rt.client, id)).map((p) => p.etomId));
        for (const e of [
          '1.B.1.8.4',
          '1.B.1.8.2',
          '1.B.1.8.3',
          '1.B.1.8.5',
          '1.AB.3.5.1',
          '1.AB.3.5.2',
          '1.AB.3.5.3',
          '1.AB.3.5.4',
          '1.B.2.5.1',
          '1.B.2.5.2',
          '1.B.2.5.3',
          '1.B.4.5.1',
          '1.B.4.5.2',
          '1.B.4.5.3',
          '1.B.4.5.4',
        ])
          expect(ids).toContain(e);
      },
      { installedBase: true },
    );
  }, 300_000);

  it('answers a billing inquiry through the activity, from the rated records (1.B.1.8.1)', async () => {
    await withWorkers(
      async (rt) => {
        const id = rt.id('billRun');
        const run = await rt.client.workflow.execute<typeof billingAndCollections>('billingAndCollections', {
          taskQueue: rt.queue('crm'),
          workflowId: id,
          args: [BillRunRequest.parse({ settle: false, timings: { paymentTerm: '1 hour' } })],
        });
        const bill = run.bills.find((b) => b.customerId === 'CUST-1006')!;
        const recordId = rt.store.db
          .prepare('SELECT id FROM usage_records WHERE bill_id = ? AND charge_minor > 0 LIMIT 1')
          .pluck()
          .get(bill.billId) as number;
        const answer = await rt.client.workflow.execute('billingInquiry', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('inquiry'),
          args: [
            { customerId: 'CUST-1006', billId: bill.billId, usageRecordId: recordId, claim: 'this call was shorter' },
          ],
        });
        expect(answer).toMatchObject({ state: 'notUpheld', adjustmentMinor: 0 });
        const trace = await traceProcesses(rt.client, rt.id('inquiry'));
        expect(trace.map((p) => p.etomId)).toEqual(['1.B.1.8.1']);
        for (const b of run.bills) await rt.client.workflow.getHandle(b.collectionWorkflowId).terminate('test over');
      },
      { installedBase: true },
    );
  });
});
