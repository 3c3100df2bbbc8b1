import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { taxOf } from '../../src/domain/billing/billing';
import type { BillingPort } from '../../src/ports/billing';
import {
  accountEvent,
  BIG,
  type BillingHarness,
  billEvent,
  credit,
  FIXTURES,
  invoiceDir,
  issuedJuneBill,
  JUNE,
  NOW,
  usage,
} from './billing-fixtures';
import { rejection } from './harness';
import { withFixtures } from './table-rows';

export { type BillingHarness, NOW } from './billing-fixtures';

/**
 * The billing port's contract (CRM Billing & Collections Management, 1.B.1.8), for every adapter
 * (docs/ADAPTERS.md): accounts and the portfolio they bill, bill runs, a bill drafted from the
 * products' charge periods (prorated), the customer's rated usage (billed once) and the SLA
 * credits given, in minor units past 2^32; issued as a document into the account's balance;
 * payments, dunning, suspension and restoration; the final bill of ceased products; inquiries
 * and published answers. Every write once per key; what two workers could do at once (draft the
 * same account, pay the same bill) is done once, or counted once each.
 */

export function billingContract(adapter: string, make: () => Promise<BillingHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`billing port on ${adapter}`, () => {
    it(
      'accounts: the customer, credit limit and portfolio billed; those with products to bill; details changed once per key',
      withStore(async (h) => {
        expect(await h.port.account('BA-1')).toEqual({
          id: 'BA-1',
          customerId: 'CUST-1',
          customerName: 'CUST-1 SARL',
          currency: 'EUR',
          status: 'active',
          billingAddress: null,
          deliveryChannel: 'email',
          balanceMinor: 0,
          createdAt: '2026-01-01T00:00:00.000Z',
          creditLimitMinor: 80_000,
          products: [
            {
              id: 'PRD-1',
              offeringId: 'PO-FIBRE',
              offeringName: 'Business fibre',
              status: 'active',
              recurringMinor: 4_500,
              serviceIds: ['SVC-1'],
            },
            {
              id: 'PRD-2',
              offeringId: 'PO-VOICE',
              offeringName: 'Telephone line',
              status: 'active',
              recurringMinor: 1_990,
              serviceIds: ['SVC-2', 'SVC-GONE'],
            },
          ],
        });
        expect((await h.port.account('BA-2'))!.creditLimitMinor).toBeNull();
        expect(await h.port.account('BA-NONE')).toBeUndefined();
        expect(await h.port.accountsToBill()).toEqual(['BA-1']);
        const page = await h.port.searchAccounts({ offset: 0, limit: 1 });
        expect([page.total, page.orders.map((a) => a.id)]).toEqual([2, ['BA-2']]);
        expect(
          (await h.port.searchAccounts({ customerIds: ['CUST-1'], offset: 0, limit: 10 })).orders.map((a) => a.id),
        ).toEqual(['BA-1']);

        const changed = await h.port.updateAccount('k/addr', 'BA-1', {
          billingAddress: '3 rue des Lilas',
          deliveryChannel: 'post',
        });
        expect([changed.billingAddress, changed.deliveryChannel]).toEqual(['3 rue des Lilas', 'post']);
        await h.port.updateAccount('k/addr', 'BA-1', { billingAddress: 'elsewhere' });
        expect((await h.port.account('BA-1'))!.billingAddress).toBe('3 rue des Lilas');
        expect((await rejection(h.port.updateAccount('k/none', 'BA-NONE', {}))).type).toBe(BusinessErrorType.NotFound);
      }),
    );

    it(
      'a bill drafted from the charge periods (prorated), the rated usage billed once and the credit given; issued into the balance',
      withStore(async (h) => {
        const run = await h.port.openBillRun('k/open', { billRunId: 'RUN-06', ...JUNE });
        expect(run).toEqual({ billRunId: 'RUN-06', ...JUNE, state: 'running' });
        expect(await h.port.openBillRun('k/open', { billRunId: 'RUN-06', ...JUNE })).toEqual(run);
        expect((await rejection(h.port.openBillRun('k/again', { billRunId: 'RUN-06', ...JUNE }))).type).toBe(
          BusinessErrorType.ConflictingRequest,
        );
        const d = { billRunId: 'RUN-06', billingAccountId: 'BA-1', credits: [credit('CR-1', 'CUST-1', 500)] };
        // Another customer's credit refuses the whole draft: nothing billed, no number taken.
        expect((await rejection(h.port.draftBill('k/x', { ...d, credits: [credit('CR-9', 'CUST-2', 1)] }))).type).toBe(
          BusinessErrorType.InvalidInput,
        );
        const draft = await h.port.draftBill('k/draft', d);
        expect(draft.lines.map((l) => [l.lineNo, l.kind, l.reference, l.quantity, l.amountMinor])).toEqual([
          [1, 'recurring', 'PRD-1', 20, 2_000],
          [2, 'recurring', 'PRD-1', 10, 1_500],
          [3, 'recurring', 'PRD-2', 30, 1_990],
          [4, 'usage', 'SVC-1', 2, BIG + 250],
          [5, 'usage', 'SVC-2', 1, 45],
          [6, 'slaCredit', 'CR-1', 1, -500],
          [7, 'tax', null, 1, taxOf(BIG + 5_285)],
        ]);
        expect(draft.lines[0]!.description).toBe(
          'Business fibre (PRD-1), 2026-06-01 to 2026-06-21: 20/30 days of 3000 monthly',
        );
        expect(draft.lines[3]!.description).toBe('data usage on SVC-1 (2 records, 42 units)');
        expect(draft).toMatchObject({
          id: 'BILL-000001',
          billRunId: 'RUN-06',
          customerId: 'CUST-1',
          ...JUNE,
          currency: 'EUR',
          state: 'draft',
          netMinor: BIG + 5_285,
          taxMinor: taxOf(BIG + 5_285),
          totalMinor: BIG + 5_285 + taxOf(BIG + 5_285),
          paidMinor: 0,
          issuedAt: null,
        });
        expect(await h.port.draftBill('k/draft', d)).toEqual(draft);
        expect(await h.billedRecords(draft.id)).toBe(3);
        expect((await rejection(h.port.draftBill('k/draft2', d))).type).toBe(BusinessErrorType.ConflictingRequest);

        const dir = invoiceDir();
        const issued = await h.port.issueBill(
          'k/issue',
          { billId: draft.id, invoiceDir: dir, dueAt: '2026-07-31' },
          billEvent,
        );
        expect(issued).toMatchObject({
          state: 'issued',
          issuedAt: NOW,
          dueAt: '2026-07-31',
          documentPath: path.join(dir, `${draft.id}.md`),
        });
        expect(fs.readFileSync(issued.documentPath!, 'utf8')).toContain(`# Invoice ${draft.id}`);
        expect(await h.port.issueBill('k/issue', { billId: draft.id, dueAt: '2026-07-31' }, billEvent)).toEqual(issued);
        expect((await rejection(h.port.issueBill('k/issue2', { billId: draft.id, dueAt: '2026-07-31' }))).type).toBe(
          BusinessErrorType.InvalidStateTransition,
        );
        expect((await h.port.account('BA-1'))!.balanceMinor).toBe(issued.totalMinor);
        expect(await h.count('event_outbox')).toBe(1);

        await h.port.closeBillRun('k/close', 'RUN-06');
        expect(await h.port.billRun('RUN-06')).toMatchObject({ state: 'completed' });
        expect(await h.port.lastBillRunEnd()).toBe(JUNE.periodEnd);
        // The next cycle bills nothing again: the days are billed, the usage too.
        await h.port.openBillRun('k/open7', { billRunId: 'RUN-06B', ...JUNE });
        const again = await h.port.draftBill('k/draft7', {
          billRunId: 'RUN-06B',
          billingAccountId: 'BA-1',
          credits: [],
        });
        expect(again.lines.map((l) => l.kind)).toEqual(['tax']);
        expect(await h.port.billsOf('BA-1')).toHaveLength(2);
      }),
    );

    it(
      'concurrent workers: two drafting the same account in one run make one bill, its usage billed once',
      withStore(async (h) => {
        await h.port.openBillRun('k/open', { billRunId: 'RUN-06', ...JUNE });
        const results = await Promise.allSettled(
          ['a', 'b', 'c'].map((w) =>
            h.port.draftBill(`k/${w}`, { billRunId: 'RUN-06', billingAccountId: 'BA-1', credits: [] }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected'))
          expect((r as PromiseRejectedResult).reason).toMatchObject({ type: BusinessErrorType.ConflictingRequest });
        expect(await h.count('bills')).toBe(1);
        expect(await h.billedRecords('BILL-000001')).toBe(3);
      }),
    );

    it(
      'collection: payments (two at once both count), dunning, suspension of the active services and restoration on payment',
      withStore(async (h) => {
        const bill = await issuedJuneBill(h);
        const half = Math.floor(bill.totalMinor / 2);
        const step = await h.port.dunningStep('k/dun1', { billId: bill.id, step: 1, action: 'reminder' });
        expect(step).toEqual({ stepId: 'DUN-000001', outstandingMinor: bill.totalMinor });
        expect(await h.port.dunningStep('k/dun1', { billId: bill.id, step: 1, action: 'reminder' })).toEqual(step);
        expect((await h.port.bill(bill.id))!.state).toBe('overdue');

        expect(await h.port.suspensionServices(bill.id, 'suspend')).toEqual([
          {
            serviceId: 'SVC-1',
            productId: 'PRD-1',
            productOrderId: 'ORD-CUST-1',
            itemId: 'PRD-1',
            customerId: 'CUST-1',
            cfsSpecId: 'CFS-ACCESS',
            region: 'PAR',
          },
        ]);
        expect(await h.port.suspendForNonPayment('k/susp', bill.id, accountEvent)).toEqual(['PRD-1', 'PRD-2']);
        expect(await h.port.suspendForNonPayment('k/susp', bill.id, accountEvent)).toEqual(['PRD-1', 'PRD-2']);
        expect((await h.port.account('BA-1'))!.status).toBe('suspended');
        expect((await h.port.suspensionServices(bill.id, 'resume')).map((s) => s.serviceId)).toEqual([
          'SVC-1',
          'SVC-2',
        ]);

        const paid = await Promise.all(
          [half, bill.totalMinor - half].map((amountMinor, n) =>
            h.port.recordPayment(`k/pay${n}`, { billId: bill.id, amountMinor, reference: `SEPA-${n}` }, billEvent),
          ),
        );
        expect(new Set(paid.map((p) => p.paymentId))).toEqual(new Set(['PAY-000001', 'PAY-000002']));
        expect(await h.port.bill(bill.id)).toMatchObject({ state: 'paid', paidMinor: bill.totalMinor });
        expect((await h.port.account('BA-1'))!.balanceMinor).toBe(0);
        expect((await rejection(h.port.suspendForNonPayment('k/susp2', bill.id))).type).toBe(
          BusinessErrorType.InvalidStateTransition,
        );

        expect(await h.port.restoreAfterPayment('k/back', bill.id, accountEvent)).toEqual(['PRD-1', 'PRD-2']);
        expect(await h.port.restoreAfterPayment('k/back2', bill.id, accountEvent)).toEqual([]);
        expect((await h.port.account('BA-1'))!.status).toBe('active');
        // The bill issued and paid (a dunning step publishes nothing); the account suspended and active again.
        expect(await h.count('event_outbox')).toBe(4);
        expect(await h.count('payments')).toBe(2);
        expect(await h.count('service_suspensions')).toBe(2);
      }),
    );

    it(
      'a payment on a draft is refused; bills and lines listed by standing, date and kind, newest first',
      withStore(async (h) => {
        const bill = await issuedJuneBill(h);
        await h.port.openBillRun('k/open7', {
          billRunId: 'RUN-07',
          periodStart: JUNE.periodEnd,
          periodEnd: '2026-08-01T00:00:00.000Z',
        });
        const draft = await h.port.draftBill('k/d7', { billRunId: 'RUN-07', billingAccountId: 'BA-1', credits: [] });
        expect(
          (await rejection(h.port.recordPayment('k/p', { billId: draft.id, amountMinor: 1, reference: 'x' }))).type,
        ).toBe(BusinessErrorType.InvalidStateTransition);
        expect(
          (await rejection(h.port.recordPayment('k/p', { billId: 'BILL-NONE', amountMinor: 1, reference: 'x' }))).type,
        ).toBe(BusinessErrorType.NotFound);
        await h.port.recordPayment('k/p1', { billId: bill.id, amountMinor: 100, reference: 'x' });
        const ids = async (q: Parameters<BillingPort['searchBills']>[0]) => {
          const p = await h.port.searchBills(q);
          return [p.total, p.orders.map((b) => b.id)];
        };
        expect(await ids({ offset: 0, limit: 10 })).toEqual([2, [draft.id, bill.id]]);
        expect(await ids({ standings: ['partlyPaid'], offset: 0, limit: 10 })).toEqual([1, [bill.id]]);
        expect(await ids({ standings: ['awaitingPayment', 'draft'], offset: 0, limit: 10 })).toEqual([1, [draft.id]]);
        expect(
          await ids({ dates: [{ field: 'issuedAt', op: 'gte', value: '2026-07-01T06:00:00Z' }], offset: 0, limit: 10 }),
        ).toEqual([1, [bill.id]]);
        expect(await ids({ dates: [{ field: 'issuedAt', op: 'gt', value: NOW }], offset: 0, limit: 10 })).toEqual([
          0,
          [],
        ]);

        const lines = await h.port.searchBillLines({
          billIds: [bill.id],
          kinds: ['usage', 'slaCredit'],
          offset: 1,
          limit: 5,
        });
        expect(lines.total).toBe(3);
        expect(lines.orders.map((l) => [l.billId, l.lineNo, l.kind, l.amountMinor, l.issuedAt])).toEqual([
          [bill.id, 5, 'usage', 45, NOW],
          [bill.id, 6, 'slaCredit', -500, NOW],
        ]);
        const byKey = await h.port.searchBillLines({
          lines: [
            { billId: bill.id, lineNo: 4 },
            { billId: bill.id, lineNo: 7 },
          ],
          offset: 0,
          limit: 5,
        });
        expect(byKey.orders.map((l) => [l.lineNo, l.amountMinor, l.billingAccountId, l.periodEnd])).toEqual([
          [4, BIG + 250, 'BA-1', JUNE.periodEnd],
        ]);
      }),
    );

    it(
      'the final bill of a ceased product: from what is billed of it to the cease, on a month of 30 days, with its own usage; once per run',
      withStore(async (h) => {
        await issuedJuneBill(h);
        // July: new usage on both products; the fibre ceases on 11 July.
        await h.insert(...usage('CUST-1', 'SVC-1', 'data', 'rated', 4, 80));
        await h.insert(...usage('CUST-1', 'SVC-2', 'voice', 'rated', 2, 18));
        const f = {
          billRunId: 'FINAL-PRD-1',
          billingAccountId: 'BA-1',
          productIds: ['PRD-1'],
          ceasedAt: '2026-07-11T00:00:00.000Z',
        };
        const final = await h.port.draftFinalBill('k/final', f);
        expect(final).toMatchObject({
          periodStart: JUNE.periodEnd,
          periodEnd: f.ceasedAt,
          state: 'draft',
          billRunId: 'FINAL-PRD-1',
        });
        expect(final.lines.map((l) => [l.kind, l.reference, l.quantity, l.amountMinor])).toEqual([
          ['recurring', 'PRD-1', 10, 1_500],
          ['usage', 'SVC-1', 1, 80],
          ['tax', null, 1, taxOf(1_580)],
        ]);
        expect(await h.port.draftFinalBill('k/final-again', f)).toEqual(final);
        expect(
          (await rejection(h.port.draftFinalBill('k/f2', { ...f, billRunId: 'F2', productIds: ['PRD-3'] }))).type,
        ).toBe(BusinessErrorType.InvalidInput);
        // A final bill's run is not a cycle: the next cycle starts where June ended.
        expect(await h.port.lastBillRunEnd()).toBe(JUNE.periodEnd);
        expect(await h.port.billRun('FINAL-PRD-1')).toMatchObject({ state: 'completed', periodEnd: f.ceasedAt });
      }),
    );

    it(
      'inquiries: recorded once per key, an adjustment into the balance; common questions by region and date; answers published once per key',
      withStore(async (h) => {
        const bill = await issuedJuneBill(h);
        const inquiry = {
          customerId: 'CUST-1',
          billId: bill.id,
          usageRecordId: 1,
          claim: 'Too  expensive',
          state: 'upheld' as const,
          finding: 'the voice tariff was wrong',
          adjustmentMinor: -300,
        };
        const rec = await h.port.recordInquiry('k/inq', inquiry);
        expect(rec).toEqual({ inquiryId: 'INQ-000001', ...inquiry });
        expect(await h.port.recordInquiry('k/inq', inquiry)).toEqual(rec);
        await h.port.recordInquiry('k/inq2', {
          ...inquiry,
          claim: 'too expensive',
          state: 'notUpheld',
          adjustmentMinor: 0,
        });
        await h.port.recordInquiry('k/inq3', {
          ...inquiry,
          claim: 'I never made that call',
          state: 'notUpheld',
          adjustmentMinor: 0,
        });
        expect(await h.count('billing_adjustments')).toBe(1);
        expect((await h.port.account('BA-1'))!.balanceMinor).toBe(bill.totalMinor - 300);
        expect((await rejection(h.port.recordInquiry('k/none', { ...inquiry, billId: 'BILL-NONE' }))).type).toBe(
          BusinessErrorType.NotFound,
        );

        expect(await h.port.commonQuestions(['PAR'], '2026-07-01T00:00:00Z')).toEqual([
          { question: 'too expensive', asked: 2, upheld: 1, notUpheld: 1 },
          { question: 'i never made that call', asked: 1, upheld: 0, notUpheld: 1 },
        ]);
        expect(await h.port.commonQuestions(['LYS'], '2026-07-01T00:00:00Z')).toEqual([]);
        expect(await h.port.commonQuestions(['PAR'], '2026-07-02T00:00:00Z')).toEqual([]);
        expect(await h.port.commonQuestions([], '2026-07-01T00:00:00Z')).toEqual([]);

        const a = {
          question: 'too expensive',
          answer: 'Calls past 60 min are charged.',
          asked: 2,
          publishedBy: 'ops',
          runId: 'R1',
        };
        await h.port.publishAnswer('k/ans', a);
        await h.port.publishAnswer('k/ans', { ...a, answer: 'not this one' });
        expect(await h.port.publishedAnswer('Too expensive ')).toEqual({ question: a.question, answer: a.answer });
        await h.port.publishAnswer('k/ans2', { ...a, answer: 'Republished.' });
        expect(await h.port.publishedAnswer('too expensive')).toEqual({ question: a.question, answer: 'Republished.' });
        expect(await h.port.publishedAnswer('never asked')).toBeUndefined();
        await h.port.recordInquiry('k/inq4', { ...inquiry, answeredFrom: 'too expensive', adjustmentMinor: 0 });
        expect(await h.count('billing_inquiries')).toBe(4);
      }),
    );
  });
}
