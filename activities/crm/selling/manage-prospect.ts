import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { ProductOffering } from '../../../src/domain/catalog';
import { CustomerId } from '../../../src/domain/customer';
import { Prospect, QuoteItemRequest, type Segment } from '../../../src/domain/lifecycle/sales';
import type { Ports } from '../../../src/ports';
import { mustProspect } from './prospect';

export const OpenProspectInput = z.object({ leadId: z.string().min(1) });
export const OpenProspectForCustomerInput = z.object({
  customerId: CustomerId,
  needs: z.array(QuoteItemRequest).min(1),
});
export const CloseProspectInput = z.object({
  prospectId: z.string().min(1),
  outcome: z.enum(['won', 'lost']),
  reason: z.string().nullable().default(null),
});
export const ManageProspectOutput = Prospect;

/** Revenue over a year from which a business prospect gets an account manager. */
const ACCOUNT_MANAGER_FROM_MINOR = 200_000;

type Need = z.output<typeof QuoteItemRequest>;
/** Who the prospect is, from the lead or the customer record. */
interface Who {
  leadId: string | null;
  customerId: string | null;
  name: string;
  email: string;
  segment: Segment;
  region: string;
}

/** A year of revenue: the one-time charges and twelve months of the recurring ones. */
const yearlyRevenue = (offerings: ProductOffering[], needs: Need[]) =>
  needs.reduce((sum, n) => {
    const o = offerings.find((x) => x.id === n.productOfferingId);
    return o ? sum + (o.oneTimeMinor + 12 * o.recurringMinor) * n.quantity : sum;
  }, 0);

/**
 * 1.F.1.4.1 — match the prospect's needs to the portfolio, estimate the sale (probability and
 * revenue), give it a sales channel; at the end, record the win or the loss.
 */
export function createManageProspect(ports: Pick<Ports, 'sales' | 'catalog' | 'customerManagement' | 'clock'>) {
  const { sales, catalog, customerManagement: customers, clock } = ports;
  const now = () => clock().toISOString();

  /** The prospect opened from the one who asks, matched to the portfolio and given a channel. */
  async function openProspect(key: string, who: Who, needs: Need[], winProbabilityPct: number) {
    const offerings = await catalog.listOfferings();
    const matched = [
      ...new Set(needs.map((n) => n.productOfferingId).filter((id) => offerings.some((o) => o.id === id))),
    ];
    const estimatedRevenueMinor = yearlyRevenue(offerings, needs);
    const salesChannel =
      who.segment === 'residential'
        ? 'web'
        : estimatedRevenueMinor >= ACCOUNT_MANAGER_FROM_MINOR
          ? 'accountManager'
          : 'telesales';
    const prospect = await sales.openProspect(
      `${key}/open`,
      {
        leadId: who.leadId,
        customerId: who.customerId,
        name: who.name,
        email: who.email,
        segment: who.segment,
        region: who.region,
        needs,
        matchedOfferingIds: matched,
        salesChannel,
        winProbabilityPct,
        estimatedRevenueMinor,
      },
      now(),
    );
    if (who.leadId) {
      await sales.updateLead(`${key}/lead`, who.leadId, { state: 'handedOff', prospectId: prospect.id }, now());
    }
    return prospect;
  }

  return defineProcessHandlers(
    {
      etomId: '1.F.1.4.1',
      handlers: {
        open: { input: OpenProspectInput, output: ManageProspectOutput },
        openForCustomer: { input: OpenProspectForCustomerInput, output: ManageProspectOutput },
        close: { input: CloseProspectInput, output: ManageProspectOutput },
      },
    },
    {
      async open({ leadId }, call) {
        const lead = await sales.getLead(leadId);
        if (!lead) return reject(BusinessErrorType.NotFound, `no lead ${leadId}`);
        if (lead.state !== 'handedOff') {
          return reject(BusinessErrorType.InvalidStateTransition, `lead ${lead.id} is ${lead.state}, not handed off`);
        }
        // A known customer buys more readily than a campaign respondent.
        const winProbabilityPct = lead.customerId ? 60 : Math.round(lead.score / 2);
        return openProspect(call.idempotencyKey, { ...lead, leadId: lead.id }, lead.interest, winProbabilityPct);
      },
      async openForCustomer({ customerId, needs }, call) {
        const c = await customers.getCustomer(customerId);
        if (!c) return reject(BusinessErrorType.NotFound, `no customer ${customerId}`);
        const who = {
          leadId: null,
          customerId: c.id,
          name: c.name,
          email: c.email,
          segment: c.segment,
          region: c.region,
        };
        return openProspect(call.idempotencyKey, who, needs, 60);
      },
      async close(input, call) {
        const p = await mustProspect(sales, input.prospectId);
        if (p.state === 'won' || p.state === 'lost') {
          return reject(BusinessErrorType.InvalidStateTransition, `prospect ${p.id} is already ${p.state}`);
        }
        return sales.updateProspect(call.idempotencyKey, p.id, { state: input.outcome, reason: input.reason }, now());
      },
    },
  );
}
