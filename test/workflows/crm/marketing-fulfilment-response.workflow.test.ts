import { describe, expect, it } from 'vitest';
import { LifecycleTimings } from '../../../src/domain/lifecycle/timings';
import { traceProcesses } from '../../../src/temporal/process-trace';
import type { marketingCampaignResponse } from '../../../workflows/crm/marketing-fulfilment-response';
import {
  campaignResponseSignal,
  getCampaignResponseQuery,
  getCustomerRelationshipQuery,
  getSalesOpportunityQuery,
  quoteDecisionUpdate,
  satisfactionAnswerSignal,
} from '../../../workflows/shared/lifecycle-messages';
import { TEST_TIMINGS, eventually } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

const cafe = {
  name: 'Café Lumière',
  email: 'patron@cafe-lumiere.example',
  segment: 'business',
  region: 'PAR',
} as const;

describe('marketingCampaignResponse (1.F.1.3) → salesOpportunity (1.F.1.4) → productOrder (1.F.1.5) → customerRelationship (1.FAB.1.9)', () => {
  it('a campaign raises a lead that is sold, fulfilled and asked about its satisfaction', async () => {
    await withWorkers(async (rt) => {
      const campaignId = rt.id('CAMP');
      const h = await rt.client.workflow.start<typeof marketingCampaignResponse>('marketingCampaignResponse', {
        taskQueue: rt.queue('crm'),
        workflowId: campaignId,
        args: [
          {
            campaign: {
              id: campaignId,
              name: 'Fibre for shops',
              offeringId: 'PO-FIBRE-BIZ',
              segment: 'business',
              region: 'PAR',
              channel: 'email',
              message: 'Fibre for your shop.',
            },
            prospects: [cafe],
            timings: LifecycleTimings.parse({
              responseWindow: '3 seconds',
              quoteValidity: '1 minute',
              surveyWait: '1 minute',
            }),
            fulfilmentTimings: TEST_TIMINGS,
          },
        ],
      });
      await h.signal(campaignResponseSignal, {
        contact: cafe,
        interest: [{ productOfferingId: 'PO-FIBRE-BIZ', region: 'PAR', characteristics: { bandwidthMbps: 1000 } }],
        termMonths: 36,
        requestedDiscountPct: 20,
      });
      // An answer off the campaign's target, in a region the fibre does not reach: no sale.
      await h.signal(campaignResponseSignal, {
        contact: { name: 'Léa Roux', email: 'lea@example.org', segment: 'residential', region: 'MRS' },
        interest: [{ productOfferingId: 'PO-FIBRE-BIZ', region: 'MRS' }],
      });

      const salesId = await eventually(
        async () =>
          (await h.query(getCampaignResponseQuery)).leads.find((l) => l.salesWorkflowId)?.salesWorkflowId ?? undefined,
        'a lead handed to Selling',
      );
      const sale = rt.client.workflow.getHandle(salesId);
      const quoteId = await eventually(
        async () => (await sale.query(getSalesOpportunityQuery)).quoteId ?? undefined,
        'the quote',
      );
      await sale.executeUpdate(quoteDecisionUpdate, { args: [{ quoteId, accepted: true }] });

      const relationshipId = await eventually(
        async () => (await sale.query(getSalesOpportunityQuery)).relationshipWorkflowId ?? undefined,
        'the order fulfilled and Retention & Loyalty started',
        60_000,
      );
      const relationship = rt.client.workflow.getHandle(relationshipId);
      const surveyId = await eventually(
        async () => (await relationship.query(getCustomerRelationshipQuery)).surveyId ?? undefined,
        'the satisfaction survey',
      );
      await relationship.signal(satisfactionAnswerSignal, { surveyId, score: 4, comment: 'quick install' });
      const view = await h.result();

      // The leads: one won, one never handed over.
      expect(view.leads.map((l) => [l.state, l.outcome])).toEqual([
        ['won', 'won'],
        ['disqualified', null],
      ]);
      const db = rt.store.db;
      const quote = db.prepare('SELECT * FROM quotes WHERE id = ?').get(quoteId) as Record<string, unknown>;
      // 10 % for 36 months on 12 900: 11 610 a month.
      expect(quote).toMatchObject({
        state: 'ordered',
        discount_pct: 10,
        recurring_minor: 11_610,
        order_id: `${salesId}.order`,
      });
      const customerId = db
        .prepare("SELECT id FROM customers WHERE email = 'patron@cafe-lumiere.example'")
        .pluck()
        .get();
      expect(db.prepare('SELECT status FROM customers WHERE id = ?').pluck().get(customerId)).toBe('active');
      expect(db.prepare('SELECT customer_id, state FROM product_orders WHERE id = ?').get(`${salesId}.order`)).toEqual({
        customer_id: customerId,
        state: 'completed',
      });
      expect(
        db.prepare("SELECT COUNT(*) FROM products WHERE customer_id = ? AND status = 'active'").pluck().get(customerId),
      ).toBe(1);
      expect(db.prepare('SELECT state FROM customer_relationships WHERE customer_id = ?').pluck().get(customerId)).toBe(
        'established',
      );
      expect(db.prepare('SELECT state, score, delivered FROM satisfaction_surveys WHERE id = ?').get(surveyId)).toEqual(
        {
          state: 'answered',
          score: 4,
          delivered: 1,
        },
      );
      expect(db.prepare('SELECT kind FROM sales_recommendations WHERE customer_id = ?').pluck().get(customerId)).toBe(
        'crossSell',
      );
      expect(db.prepare('SELECT COUNT(*) FROM collaterals WHERE campaign_id = ?').pluck().get(campaignId)).toBe(2);

      const ran = new Set((await traceProcesses(rt.client, campaignId)).map((p) => p.etomId));
      for (const id of [
        '1.F.1.3.1',
        '1.F.1.3.2',
        '1.F.1.4.1',
        '1.F.1.4.2',
        '1.F.1.4.3',
        '1.F.1.4.4',
        '1.F.1.5.3',
        '1.F.1.5.5',
        '1.F.2.2.6',
        '1.F.1.4.5',
        '1.FAB.1.9.1',
        '1.FAB.1.9.5',
        '1.FAB.1.2.3',
        '1.FAB.1.9.2',
        '1.FAB.1.9.3',
      ])
        expect(ran, id).toContain(id);
      expect(ran).not.toContain('1.FAB.1.9.4');
    });
  });
});
