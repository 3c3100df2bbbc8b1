import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CampaignResponse, Lead } from '../../../src/domain/lifecycle/sales';
import type { Ports } from '../../../src/ports';

/** The score a lead needs to be handed to Selling. */
export const LEAD_QUALIFYING_SCORE = 70;

export const RecordLeadInput = z.object({ campaignId: z.string().nullable(), response: CampaignResponse });
export const CloseLeadInput = z.object({
  leadId: z.string().min(1),
  outcome: z.enum(['won', 'lost']),
  reason: z.string().nullable().default(null),
});
export const TrackLeadsOutput = z.object({ lead: Lead, handOff: z.boolean() });
/** The campaign's end date came: its plan is completed, with the leads it raised. */
export const CloseCampaignInput = z.object({ campaignId: z.string().min(1), planId: z.string().min(1) });
export const CloseCampaignOutput = z.object({ planId: z.string(), state: z.string() });
export type TrackLeadsOutput = z.infer<typeof TrackLeadsOutput>;

/**
 * 1.F.1.3.2 — record each response as a lead from its campaign, evaluate it, and say whether
 * it goes to Selling; later, record what became of it.
 *
 * Score: 40 when the interest is the campaign's offer (20 otherwise), 30 when the respondent
 * is in the campaign's segment and region, 30 when every region asked for is served.
 */
export function createTrackLeads(ports: Pick<Ports, 'sales' | 'customerManagement' | 'campaignPlans' | 'clock'>) {
  const { sales, customerManagement: customers, clock } = ports;
  const now = () => clock().toISOString();

  /** The respondent: a customer by id or by e-mail, else the contact details given. */
  async function identify(response: z.output<typeof CampaignResponse>) {
    const customerId =
      response.customerId ?? (response.contact ? await sales.findCustomerByEmail(response.contact.email) : undefined);
    if (customerId) {
      const c = await customers.getCustomer(customerId);
      if (!c) return reject(BusinessErrorType.NotFound, `no customer ${customerId}`);
      return { customerId: c.id, name: c.name, email: c.email, segment: c.segment, region: c.region };
    }
    if (!response.contact) return reject(BusinessErrorType.InvalidInput, 'a response needs a customer id or a contact');
    return { customerId: null, ...response.contact };
  }

  return defineProcessHandlers(
    {
      etomId: '1.F.1.3.2',
      handlers: {
        record: { input: RecordLeadInput, output: TrackLeadsOutput },
        close: { input: CloseLeadInput, output: TrackLeadsOutput },
        closeCampaign: { input: CloseCampaignInput, output: CloseCampaignOutput },
      },
    },
    {
      async record({ response, campaignId }, call) {
        const campaign = campaignId ? await sales.getCampaign(campaignId) : undefined;
        if (campaignId && !campaign) return reject(BusinessErrorType.NotFound, `no campaign ${campaignId}`);
        const who = await identify(response);

        const inCampaignOffer = !campaign || response.interest.some((i) => i.productOfferingId === campaign.offeringId);
        const onTarget = !campaign || (who.segment === campaign.segment && who.region === campaign.region);
        const unserved = [];
        for (const i of response.interest) {
          if (!(await sales.regionsServed(i.productOfferingId)).includes(i.region))
            unserved.push(`${i.productOfferingId} not served in ${i.region}`);
        }
        const score = (inCampaignOffer ? 40 : 20) + (onTarget ? 30 : 0) + (unserved.length === 0 ? 30 : 0);
        const handOff = score >= LEAD_QUALIFYING_SCORE;
        const reasons = [
          ...(inCampaignOffer ? [] : ['interest outside the campaign offer']),
          ...(onTarget ? [] : ['outside the campaign target']),
          ...unserved,
        ];
        const lead = await sales.recordLead(
          call.idempotencyKey,
          {
            campaignId: campaign?.id ?? null,
            customerId: who.customerId,
            name: who.name,
            email: who.email,
            segment: who.segment,
            region: who.region,
            interest: response.interest,
            requestedDiscountPct: response.requestedDiscountPct,
            termMonths: response.termMonths,
            score,
            state: handOff ? 'handedOff' : 'disqualified',
            reason: reasons.length ? reasons.join('; ') : null,
          },
          now(),
        );
        return { lead, handOff };
      },
      async close(input, call) {
        const lead = await sales.getLead(input.leadId);
        if (!lead) return reject(BusinessErrorType.NotFound, `no lead ${input.leadId}`);
        if (lead.state !== 'handedOff') {
          return reject(BusinessErrorType.InvalidStateTransition, `lead ${lead.id} is ${lead.state}`);
        }
        const closed = await sales.updateLead(
          call.idempotencyKey,
          lead.id,
          { state: input.outcome, reason: input.reason },
          now(),
        );
        return { lead: closed, handOff: false };
      },
      /** The campaign is over: no lead is taken from it any more, and Manage Campaign's plan is completed. */
      async closeCampaign(input, call) {
        if (!(await sales.getCampaign(input.campaignId)))
          return reject(BusinessErrorType.NotFound, `no campaign ${input.campaignId}`);
        const state = await ports.campaignPlans.markPlan(call.idempotencyKey, input.planId, 'completed');
        return { planId: input.planId, state };
      },
    },
  );
}
