import { describe, expect, it } from 'vitest';
import { BillRunRequest } from '../../../src/domain/billing/billing';
import type { billingAndCollections, billingInquiry } from '../../../workflows/crm/billing-collections-management';
import { CRM_READINESS_PROCESSES, runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

/**
 * #13: 1.O.1.1.4's "publish answers to the common questions" is written where Manage Customer
 * Billing Inquiries (1.B.1.8.1) reads it: an inquiry asking a published question is answered
 * with the published answer too, and the inquiry records which one it gave.
 */
describe('published billing answers: 1.O.1.1.4 -> 1.B.1.8.1 (CRM)', () => {
  it('publishes the answer to a question asked twice, and the next inquiry asking it gives it', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        const run = await rt.client.workflow.execute<typeof billingAndCollections>('billingAndCollections', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('billRun'),
          args: [BillRunRequest.parse({ settle: false, timings: { paymentTerm: '1 hour' } })],
        });
        const bill = run.bills.find((b) => b.customerId === 'CUST-1006')!;
        const recordId = db
          .prepare('SELECT id FROM usage_records WHERE bill_id = ? AND charge_minor > 0 LIMIT 1')
          .pluck()
          .get(bill.billId) as number;
        const ask = (name: string, claim: string) =>
          rt.client.workflow.execute<typeof billingInquiry>('billingInquiry', {
            taskQueue: rt.queue('crm'),
            workflowId: rt.id(name),
            args: [{ customerId: 'CUST-1006', billId: bill.billId, usageRecordId: recordId, claim }],
          });
        expect(await ask('inquiry-1', 'This call was shorter')).toMatchObject({ publishedAnswer: null });
        expect(await ask('inquiry-2', 'this call was  shorter')).toMatchObject({ publishedAnswer: null });

        // Billing inquiries are past their objective in CUST-1006's region: 1.O.1.1.4 publishes the answer.
        await rt.store.ports.readinessReports.setObjective('billing.inquiryRate', 0);
        const crm = await runReadinessOnce(rt, 'crm', CRM_READINESS_PROCESSES);
        const published = db.prepare('SELECT * FROM billing_answers').all() as Array<Record<string, unknown>>;
        expect(published).toEqual([
          expect.objectContaining({
            question: 'this call was shorter',
            asked: 2,
            published_by: '1.O.1.1.4',
            run_id: crm.workflowId,
          }),
        ]);
        const answer = String(published[0]!['answer']);
        expect(answer).toContain('asked 2 times; the rated record confirmed the charge 2 time(s)');

        // 1.B.1.8.1 reads it: the third customer asking is given it, and the inquiry records it.
        const third = await ask('inquiry-3', ' THIS call was shorter ');
        expect(third).toMatchObject({ state: 'notUpheld', publishedAnswer: answer });
        expect(
          db.prepare('SELECT answered_from FROM billing_inquiries WHERE id = ?').pluck().get(third.inquiryId),
        ).toBe('this call was shorter');
        const told = db.prepare('SELECT body FROM notifications WHERE reference = ?').pluck().get(third.inquiryId);
        expect(String(told)).toContain(answer);
        // A question nobody published an answer to is answered from the record alone.
        expect(await ask('inquiry-4', 'I was abroad')).toMatchObject({ publishedAnswer: null });
        for (const b of run.bills) await rt.client.workflow.getHandle(b.collectionWorkflowId).terminate('test over');
      },
      { installedBase: true },
    );
  }, 300_000);
});
