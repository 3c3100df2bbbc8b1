import { z } from 'zod';
import { ratePerRow, total } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';
import { ReadinessOutcome } from '../../../src/domain/readiness/report';
import { Segment } from '../../../src/domain/lifecycle/sales';

/** A campaign planned by this run, for crmReadiness to start on its schedule (null: none new). */
export const PlannedCampaign = z.object({
  planId: z.string(),
  name: z.string(),
  region: z.string(),
  segment: Segment,
  productOfferingId: z.string(),
});
export const ManageCampaignOutput = ReadinessOutcome.extend({
  plannedCampaignId: z.string().nullable(),
  plannedCampaign: PlannedCampaign.nullable().default(null),
});
export type PlannedCampaign = z.infer<typeof PlannedCampaign>;

/**
 * 1.O.1.1.9 — follow campaign effectiveness, and plan the next campaign where the figures say
 * there is capacity to sell and few customers: Marketing Fulfilment Response runs it.
 */
export function createManageCampaign(ports: ReadinessPorts<'operationalTrends' | 'campaignPlans'>) {
  return defineReadinessProcess(
    { etomId: '1.O.1.1.9', layer: 'CRM', output: ManageCampaignOutput },
    ports,
    async (r, input, call) => {
      const t = await ports.operationalTrends.trend('campaigns', r.since);
      const run = t.rows.filter((x) => x.group.startsWith('campaign:'));
      r.figures['campaignsPlanned'] = total(t, 'planned', 'plan:');
      r.figures['leads'] = total(t, 'leads', 'campaign:');
      r.figures['converted'] = total(t, 'converted', 'campaign:');
      await r.hold(
        'campaigns.conversionRate',
        ratePerRow(
          run,
          'converted',
          'leads',
          (x) =>
            `Campaign ${x.group.slice(9)} converts few leads: change its message or its channel, and brief the staff supporting it.`,
        ),
      );

      // Where to sell next: most spare access capacity per customer served.
      const market = await ports.campaignPlans.marketFigures();
      const offers = [
        { productOfferingId: 'PO-FIBRE-BIZ', segment: 'business', resource: 'RS-ACCESS-PORT' },
        { productOfferingId: 'PO-VOICE-LINE', segment: 'residential', resource: 'RS-VOICE-PORT' },
      ];
      const candidates = market
        .flatMap((m) =>
          offers.map((o) => ({ ...o, region: m.region, spare: m.spare[o.resource] ?? 0, customers: m.customers })),
        )
        .filter((c) => c.spare > 0)
        .sort((a, b) => b.spare / (b.customers + 1) - a.spare / (a.customers + 1) || a.region.localeCompare(b.region));
      const best = candidates[0];
      let plannedCampaignId: string | null = null;
      let plannedCampaign: z.input<typeof PlannedCampaign> | null = null;
      if (best) {
        const plan = await ports.campaignPlans.planCampaign(`${call.idempotencyKey}/plan`, {
          name: `${best.productOfferingId} in ${best.region}`,
          region: best.region,
          segment: best.segment,
          productOfferingId: best.productOfferingId,
          rationale: `${best.spare} free ${best.resource} for ${best.customers} active customer(s) in ${best.region}`,
          figures: { spare: best.spare, customers: best.customers },
          runId: input.runId,
        });
        plannedCampaignId = plan.id;
        if (plan.created)
          plannedCampaign = {
            planId: plan.id,
            name: `${best.productOfferingId} in ${best.region}`,
            region: best.region,
            segment: best.segment as Segment,
            productOfferingId: best.productOfferingId,
          };
        r.findings.push(
          plan.created
            ? `campaign ${plan.id} planned: ${best.productOfferingId} to ${best.segment} customers in ${best.region}`
            : `campaign ${plan.id} for ${best.productOfferingId} in ${best.region} is already planned`,
        );
      }
      return { ...(await r.finish({ candidates: candidates.slice(0, 3) })), plannedCampaignId, plannedCampaign };
    },
  );
}
