import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import {
  Campaign,
  Collateral,
  ProspectContact,
  type ProspectContact as Contact,
} from '../../../src/domain/lifecycle/sales';
import type { Ports } from '../../../src/ports';

export const IssueCollateralInput = z.object({
  campaign: Campaign,
  /** People outside the customer base the campaign may reach (an opted-in list). */
  prospects: z.array(ProspectContact).default([]),
  /** The plan of Manage Campaign (1.O.1.1.9) the campaign runs, which it starts: `running`. */
  planId: z.string().min(1).optional(),
});
export type IssueCollateralInput = z.input<typeof IssueCollateralInput>;
export const IssueCollateralOutput = z.object({
  campaign: Campaign,
  collaterals: z.array(Collateral),
  /** Who was left out, and why (outside the target, already holding the offer). */
  excluded: z.array(z.object({ recipient: z.string(), reason: z.string() })),
});
export type IssueCollateralOutput = z.infer<typeof IssueCollateralOutput>;

const euros = (minor: number) => `${(minor / 100).toFixed(2)} EUR`;

/**
 * 1.F.1.3.1 — produce the campaign's collateral, adapted to its region and segment and to
 * each recipient, and deliver it directly on the campaign's channel.
 */
export function createIssueAndDistributeMarketingCollaterals(
  ports: Pick<Ports, 'sales' | 'catalog' | 'notifications' | 'campaignPlans' | 'clock'>,
) {
  const { sales, catalog, notifications, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcess(
    { etomId: '1.F.1.3.1', input: IssueCollateralInput, output: IssueCollateralOutput },
    async ({ campaign, prospects, planId }, call) => {
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
      if (planId) await ports.campaignPlans.markPlan(`${call.idempotencyKey}/plan`, planId, 'running');
      return { campaign: recorded, collaterals, excluded };
    },
  );
}
