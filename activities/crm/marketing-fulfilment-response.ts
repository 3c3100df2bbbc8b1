import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import {
  Campaign,
  CampaignResponse,
  Collateral,
  Lead,
  ProspectContact,
  type ProspectContact as Contact,
} from '../../src/domain/lifecycle/sales';
import type { Ports } from '../../src/ports';

/**
 * Marketing Fulfilment Response (1.F.1.3): the collateral of a campaign goes straight to the
 * customers and prospects it targets, and the leads it raises are followed up and handed to
 * Selling. The campaign itself is Manage Campaign's (1.O.1.1.9): it arrives here as a record.
 */

export const IssueCollateralInput = z.object({
  campaign: Campaign,
  /** People outside the customer base the campaign may reach (an opted-in list). */
  prospects: z.array(ProspectContact).default([]),
});
export type IssueCollateralInput = z.input<typeof IssueCollateralInput>;
export const IssueCollateralOutput = z.object({
  campaign: Campaign,
  collaterals: z.array(Collateral),
  /** Who was left out, and why (outside the target, already holding the offer). */
  excluded: z.array(z.object({ recipient: z.string(), reason: z.string() })),
});
export type IssueCollateralOutput = z.infer<typeof IssueCollateralOutput>;

/** The score a lead needs to be handed to Selling. */
export const LEAD_QUALIFYING_SCORE = 70;

export const TrackLeadsInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('record'), campaignId: z.string().nullable(), response: CampaignResponse }),
  z.object({
    action: z.literal('close'),
    leadId: z.string().min(1),
    outcome: z.enum(['won', 'lost']),
    reason: z.string().nullable().default(null),
  }),
]);
export type TrackLeadsInput = z.input<typeof TrackLeadsInput>;
export const TrackLeadsOutput = z.object({ lead: Lead, handOff: z.boolean() });
export type TrackLeadsOutput = z.infer<typeof TrackLeadsOutput>;

const euros = (minor: number) => `${(minor / 100).toFixed(2)} EUR`;

export function createMarketingFulfilmentResponseActivities(
  ports: Pick<Ports, 'sales' | 'catalog' | 'customerManagement' | 'notifications' | 'clock'>,
) {
  const { sales, catalog, customerManagement: customers, notifications, clock } = ports;
  const now = () => clock().toISOString();

  /**
   * 1.F.1.3.1 — produce the campaign's collateral, adapted to its region and segment and to
   * each recipient, and deliver it directly on the campaign's channel.
   */
  const issueAndDistributeMarketingCollaterals = defineProcess(
    { etomId: '1.F.1.3.1', input: IssueCollateralInput, output: IssueCollateralOutput },
    async ({ campaign, prospects }, call) => {
      const offering = await catalog.getOffering(campaign.offeringId);
      if (!offering) return reject(BusinessErrorType.InvalidInput, `unknown offering ${campaign.offeringId}`);
      const recorded = await sales.recordCampaign(`${call.idempotencyKey}/campaign`, campaign, now());

      const excluded: IssueCollateralOutput['excluded'] = [];
      const recipients: Array<{ customerId: string | null; name: string; email: string }> = [];
      for (const member of await sales.audience(campaign)) {
        if (member.activeOfferingIds.includes(campaign.offeringId)) {
          excluded.push({ recipient: member.email, reason: `already holds ${campaign.offeringId}` });
        } else recipients.push(member);
      }
      const onTarget = (p: Contact) => p.segment === campaign.segment && p.region === campaign.region;
      for (const p of prospects) {
        const same = (email: string) => email.toLowerCase() === p.email.toLowerCase();
        if (!onTarget(p))
          excluded.push({ recipient: p.email, reason: `outside ${campaign.segment}/${campaign.region}` });
        // A listed prospect may be a customer already reached, or left out for holding the offer.
        else if (!recipients.some((r) => same(r.email)) && !excluded.some((e) => same(e.recipient)))
          recipients.push({ customerId: null, name: p.name, email: p.email });
      }

      const collaterals = [];
      for (const r of recipients) {
        // The general campaign document, adapted to the region, the segment and the person.
        const document = [
          `Dear ${r.name},`,
          campaign.message,
          `${offering.name}: ${offering.description}.`,
          `${euros(offering.recurringMinor)} a month, ${euros(offering.oneTimeMinor)} to connect — for ${campaign.segment} customers in ${campaign.region}.`,
          `Reply to campaign ${campaign.id} to hear from us.`,
        ].join('\n');
        const sent = await notifications.send(`${call.idempotencyKey}/send/${r.email}`, {
          recipient: r.email,
          channel: campaign.channel,
          subject: campaign.name,
          body: document,
          reference: campaign.id,
        });
        collaterals.push(
          await sales.recordCollateral(
            `${call.idempotencyKey}/record/${r.email}`,
            {
              campaignId: campaign.id,
              customerId: r.customerId,
              recipient: r.email,
              channel: campaign.channel,
              document,
              notificationId: sent.id,
            },
            now(),
          ),
        );
      }
      return { campaign: recorded, collaterals, excluded };
    },
  );

  /**
   * 1.F.1.3.2 — record each response as a lead from its campaign, evaluate it, and say whether
   * it goes to Selling; later, record what became of it.
   *
   * Score: 40 when the interest is the campaign's offer (20 otherwise), 30 when the respondent
   * is in the campaign's segment and region, 30 when every region asked for is served.
   */
  const trackLeads = defineProcess(
    { etomId: '1.F.1.3.2', input: TrackLeadsInput, output: TrackLeadsOutput },
    async (input, call) => {
      if (input.action === 'close') {
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
      }

      const { response, campaignId } = input;
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
  );

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

  return { issueAndDistributeMarketingCollaterals, trackLeads };
}
