import { describe, expect, it } from 'vitest';
import { LifecycleTimings } from '../../../src/domain/lifecycle/timings';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { salesOpportunity } from '../../../workflows/crm/selling';
import { getSalesOpportunityQuery, quoteDecisionUpdate } from '../../../workflows/shared/lifecycle-messages';
import { TEST_TIMINGS, eventually } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const count = (rt: TestRuntime, sql: string, ...a: unknown[]) =>
  rt.store.db
    .prepare(sql)
    .pluck()
    .get(...a) as number;

function start(
  rt: TestRuntime,
  name: string,
  quoteValidity = '30 seconds',
  terms: { termMonths?: 12 | 24 | 36; requestedDiscountPct?: number } = {},
) {
  return rt.client.workflow.start<typeof salesOpportunity>('salesOpportunity', {
    taskQueue: rt.queue('crm'),
    workflowId: rt.id(name),
    args: [
      {
        customerId: 'CUST-1006',
        needs: [{ productOfferingId: 'PO-VOICE-LINE', region: 'PAR' }],
        ...terms,
        timings: LifecycleTimings.parse({ quoteValidity, surveyWait: '5 seconds', responseWindow: '1 second' }),
        fulfilmentTimings: TEST_TIMINGS,
      },
    ],
  });
}

describe('salesOpportunity (1.F.1.4 Selling) on the CRM queue', () => {
  it('a declined quote is recorded, the prospect lost, and no order is placed', async () => {
    await withWorkers(async (rt) => {
      const h = await start(rt, 'sell-declined');
      const quoteId = await eventually(
        async () => (await h.query(getSalesOpportunityQuery)).quoteId ?? undefined,
        'the quote',
      );
      // A decision about another quote is refused before it reaches the workflow.
      await expect(
        h.executeUpdate(quoteDecisionUpdate, { args: [{ quoteId: 'QT-999999', accepted: true }] }),
      ).rejects.toThrow();
      const after = await h.executeUpdate(quoteDecisionUpdate, {
        args: [{ quoteId, accepted: false, reason: 'too expensive' }],
      });
      expect(after.quoteState).toBe('declined');
      const result = await h.result();

      expect(result).toMatchObject({
        outcome: 'declined',
        reason: 'too expensive',
        orderId: null,
        customerId: 'CUST-1006',
      });
      expect(rt.store.db.prepare('SELECT state, reason FROM quotes WHERE id = ?').get(quoteId)).toEqual({
        state: 'declined',
        reason: 'too expensive',
      });
      expect(rt.store.db.prepare('SELECT state FROM prospects WHERE id = ?').pluck().get(result.prospectId)).toBe(
        'lost',
      );
      expect(count(rt, "SELECT COUNT(*) FROM product_orders WHERE customer_id = 'CUST-1006'")).toBe(0);
      const ran = (await traceProcesses(rt.client, h.workflowId)).map((p) => p.etomId);
      expect(ran).toEqual(['1.F.1.4.1', '1.F.1.4.2', '1.F.1.4.3', '1.F.1.4.3', '1.F.1.4.1']);
    });
  });

  it('a won sale is ordered, and its product recorded, at the discount the quote agreed', async () => {
    await withWorkers(async (rt) => {
      const h = await start(rt, 'sell-won', '30 seconds', { termMonths: 24, requestedDiscountPct: 20 });
      const quoteId = await eventually(
        async () => (await h.query(getSalesOpportunityQuery)).quoteId ?? undefined,
        'the quote',
      );
      await h.executeUpdate(quoteDecisionUpdate, { args: [{ quoteId, accepted: true }] });
      const result = await h.result();
      expect(result).toMatchObject({ outcome: 'won', orderState: 'completed', orderId: `${h.workflowId}.order` });

      // A residential customer on 24 months gets 5 % (not the 20 asked): 1 990 a month becomes 1 891.
      const db = rt.store.db;
      expect(db.prepare('SELECT discount_pct, recurring_minor FROM quotes WHERE id = ?').get(quoteId)).toEqual({
        discount_pct: 5,
        recurring_minor: 1_891,
      });
      expect(
        db
          .prepare('SELECT quote_id, discount_pct, recurring_minor FROM product_orders WHERE id = ?')
          .get(result.orderId),
      ).toEqual({ quote_id: quoteId, discount_pct: 5, recurring_minor: 1_891 });
      expect(db.prepare('SELECT recurring_minor FROM products WHERE order_id = ?').pluck().all(result.orderId)).toEqual(
        [1_891],
      );
    });
  });

  it('a quote left unanswered lapses: expired, no order', async () => {
    await withWorkers(
      async (rt) => {
        const h = await start(rt, 'sell-lapsed', '1 second');
        const result = await h.result();
        expect(result).toMatchObject({ outcome: 'expired', quoteState: 'expired', orderId: null });
        expect(rt.store.db.prepare('SELECT state FROM quotes WHERE id = ?').pluck().get(result.quoteId)).toBe(
          'expired',
        );
        await expect(
          h.executeUpdate(quoteDecisionUpdate, { args: [{ quoteId: result.quoteId!, accepted: true }] }),
        ).rejects.toThrow();
      },
      { layers: ['crm'] },
    );
  });
});
