import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { CustomerId } from '../../src/domain/customer';
import type { ProductOffering } from '../../src/domain/catalog';
import {
  Prospect,
  Quote,
  QuoteItemRequest,
  Recommendation,
  type Segment,
  negotiatedDiscountPct,
  priceLine,
} from '../../src/domain/lifecycle/sales';
import type { Ports } from '../../src/ports';
import { CREDIT_POLICY } from './order-handling';

/**
 * Selling (1.F.1.4): a prospect — from a lead, or a customer who asks — is matched to the
 * portfolio, qualified (eligibility and credit) and educated, a quote is negotiated; a won sale
 * records the customer's data, and the relationship is grown by cross- and up-selling.
 */

/** The credit a new customer starts with, by segment, until billing history builds its own. */
export const STARTER_CREDIT: Record<Segment, { creditScore: number; creditLimitMinor: number }> = {
  residential: { creditScore: 650, creditLimitMinor: 50_000 },
  business: { creditScore: 700, creditLimitMinor: 500_000 },
  wholesale: { creditScore: 700, creditLimitMinor: 2_000_000 },
};

/** Revenue over a year from which a business prospect gets an account manager. */
const ACCOUNT_MANAGER_FROM_MINOR = 200_000;

/** Business offerings are for business and wholesale customers; residential ones for anyone. */
const segmentFits = (offering: ProductOffering, segment: Segment) =>
  offering.segment === 'residential' || segment !== 'residential';

export const ManageProspectInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('open'), leadId: z.string().min(1) }),
  z.object({ action: z.literal('openForCustomer'), customerId: CustomerId, needs: z.array(QuoteItemRequest).min(1) }),
  z.object({
    action: z.literal('close'),
    prospectId: z.string().min(1),
    outcome: z.enum(['won', 'lost']),
    reason: z.string().nullable().default(null),
  }),
]);
export type ManageProspectInput = z.input<typeof ManageProspectInput>;

export const QualifyInput = z.object({ prospectId: z.string().min(1) });
export const QualifyOutput = z.object({
  prospect: Prospect,
  qualified: z.boolean(),
  reasons: z.array(z.string()),
  items: z.array(
    z.object({
      productOfferingId: z.string(),
      region: z.string(),
      eligible: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
  credit: z.object({
    source: z.enum(['creditProfile', 'starter']),
    creditScore: z.number().int(),
    exposureMinor: z.number().int(),
    creditLimitMinor: z.number().int(),
    passed: z.boolean(),
  }),
  /** Offerings of the prospect's segment served in the region, for a need that cannot be met. */
  alternatives: z.array(z.string()),
  notificationId: z.string().nullable(),
});
export type QualifyOutput = z.infer<typeof QualifyOutput>;

export const NegotiateInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('propose'),
    prospectId: z.string().min(1),
    termMonths: z.union([z.literal(12), z.literal(24), z.literal(36)]),
    requestedDiscountPct: z.number().int().min(0).max(100),
    validUntil: z.iso.datetime(),
  }),
  z.object({
    action: z.literal('decide'),
    quoteId: z.string().min(1),
    decision: z.enum(['accepted', 'declined', 'expired']),
    reason: z.string().nullable().default(null),
  }),
  z.object({ action: z.literal('ordered'), quoteId: z.string().min(1), orderId: z.string().min(1) }),
]);
export type NegotiateInput = z.input<typeof NegotiateInput>;

export const AcquireInput = z.object({ prospectId: z.string().min(1), phone: z.string().nullable().optional() });
export const AcquireOutput = z.object({ customerId: CustomerId, created: z.boolean(), prospect: Prospect });
export type AcquireOutput = z.infer<typeof AcquireOutput>;

export const CrossSellInput = z.object({ customerId: CustomerId });

export function createSellingActivities(
  ports: Pick<Ports, 'sales' | 'catalog' | 'customerManagement' | 'notifications' | 'clock'>,
) {
  const { sales, catalog, customerManagement: customers, notifications, clock } = ports;
  const now = () => clock().toISOString();
  const mustProspect = async (id: string) =>
    (await sales.getProspect(id)) ?? reject(BusinessErrorType.NotFound, `no prospect ${id}`);

  /** A year of revenue: the one-time charges and twelve months of the recurring ones. */
  const yearlyRevenue = (offerings: ProductOffering[], needs: z.output<typeof QuoteItemRequest>[]) =>
    needs.reduce((sum, n) => {
      const o = offerings.find((x) => x.id === n.productOfferingId);
      return o ? sum + (o.oneTimeMinor + 12 * o.recurringMinor) * n.quantity : sum;
    }, 0);

  /**
   * 1.F.1.4.1 — match the prospect's needs to the portfolio, estimate the sale (probability and
   * revenue), give it a sales channel; at the end, record the win or the loss.
   */
  const manageProspect = defineProcess(
    { etomId: '1.F.1.4.1', input: ManageProspectInput, output: Prospect },
    async (input, call) => {
      if (input.action === 'close') {
        const p = await mustProspect(input.prospectId);
        if (p.state === 'won' || p.state === 'lost') {
          return reject(BusinessErrorType.InvalidStateTransition, `prospect ${p.id} is already ${p.state}`);
        }
        return sales.updateProspect(call.idempotencyKey, p.id, { state: input.outcome, reason: input.reason }, now());
      }
      let who: {
        leadId: string | null;
        customerId: string | null;
        name: string;
        email: string;
        segment: Segment;
        region: string;
      };
      let needs: z.output<typeof QuoteItemRequest>[];
      let winProbabilityPct: number;
      if (input.action === 'open') {
        const lead = await sales.getLead(input.leadId);
        if (!lead) return reject(BusinessErrorType.NotFound, `no lead ${input.leadId}`);
        if (lead.state !== 'handedOff') {
          return reject(BusinessErrorType.InvalidStateTransition, `lead ${lead.id} is ${lead.state}, not handed off`);
        }
        who = { leadId: lead.id, ...lead };
        needs = lead.interest;
        // A known customer buys more readily than a campaign respondent.
        winProbabilityPct = lead.customerId ? 60 : Math.round(lead.score / 2);
      } else {
        const c = await customers.getCustomer(input.customerId);
        if (!c) return reject(BusinessErrorType.NotFound, `no customer ${input.customerId}`);
        who = { leadId: null, customerId: c.id, name: c.name, email: c.email, segment: c.segment, region: c.region };
        needs = input.needs;
        winProbabilityPct = 60;
      }
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
        `${call.idempotencyKey}/open`,
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
        await sales.updateLead(
          `${call.idempotencyKey}/lead`,
          who.leadId,
          { state: 'handedOff', prospectId: prospect.id },
          now(),
        );
      }
      return prospect;
    },
  );

  /**
   * 1.F.1.4.2 — make sure the sale rests on a shared understanding: each need is eligible (the
   * offering exists, suits the segment, is served in the region), the credit pre-check passes,
   * alternatives are offered where a need cannot be met, and the prospect is told what they buy.
   */
  const qualifyAndEducateCustomer = defineProcess(
    { etomId: '1.F.1.4.2', input: QualifyInput, output: QualifyOutput },
    async ({ prospectId }, call) => {
      const p = await mustProspect(prospectId);
      if (p.state !== 'open' && p.state !== 'qualified') {
        return reject(BusinessErrorType.InvalidStateTransition, `prospect ${p.id} is ${p.state}`);
      }
      const offerings = await catalog.listOfferings();
      const items = [];
      const alternatives = new Set<string>();
      for (const n of p.needs) {
        const reasons: string[] = [];
        const o = offerings.find((x) => x.id === n.productOfferingId);
        if (!o) reasons.push(`unknown offering ${n.productOfferingId}`);
        else {
          if (!segmentFits(o, p.segment)) reasons.push(`${o.id} is for ${o.segment} customers`);
          if (!(await sales.regionsServed(o.id)).includes(n.region))
            reasons.push(`${o.id} is not served in ${n.region}`);
        }
        if (reasons.length) {
          for (const alt of offerings) {
            if (
              alt.id !== n.productOfferingId &&
              segmentFits(alt, p.segment) &&
              (await sales.regionsServed(alt.id)).includes(n.region)
            )
              alternatives.add(alt.id);
          }
        }
        items.push({
          productOfferingId: n.productOfferingId,
          region: n.region,
          eligible: reasons.length === 0,
          reasons,
        });
      }

      // Credit pre-check with the policy Order Handling will apply (1.F.1.5.2): outstanding
      // debt + one-time charges + three months of recurring ones must fit the limit.
      const profile = p.customerId ? await customers.getCreditProfile(p.customerId) : undefined;
      const base = profile ?? { ...STARTER_CREDIT[p.segment], outstandingMinor: 0, daysPastDue: 0, fraudFlag: false };
      const exposureMinor =
        base.outstandingMinor +
        p.needs.reduce((s, n) => {
          const o = offerings.find((x) => x.id === n.productOfferingId);
          return o ? s + (o.oneTimeMinor + CREDIT_POLICY.exposureMonths * o.recurringMinor) * n.quantity : s;
        }, 0);
      const creditReasons = [
        ...(base.fraudFlag ? ['fraud flag'] : []),
        ...(base.daysPastDue > CREDIT_POLICY.maxDaysPastDue ? [`${base.daysPastDue} days past due`] : []),
        ...(base.creditScore < CREDIT_POLICY.minScore
          ? [`credit score ${base.creditScore} below ${CREDIT_POLICY.minScore}`]
          : []),
        ...(exposureMinor > base.creditLimitMinor
          ? [`exposure ${exposureMinor} exceeds limit ${base.creditLimitMinor}`]
          : []),
      ];
      const credit = {
        source: profile ? ('creditProfile' as const) : ('starter' as const),
        creditScore: base.creditScore,
        exposureMinor,
        creditLimitMinor: base.creditLimitMinor,
        passed: creditReasons.length === 0,
      };
      const reasons = [...items.flatMap((i) => i.reasons), ...creditReasons];
      const qualified = reasons.length === 0;

      let notificationId: string | null = null;
      if (qualified) {
        const lines = p.needs.map((n) => {
          const o = offerings.find((x) => x.id === n.productOfferingId)!;
          return `- ${n.quantity} × ${o.name} in ${n.region}: ${o.description}; ready in about ${o.leadTimeDays} days`;
        });
        const sent = await notifications.send(`${call.idempotencyKey}/educate`, {
          recipient: p.email,
          channel: 'email',
          subject: 'What your solution includes',
          body: [`Dear ${p.name},`, 'here is what we propose to deliver:', ...lines].join('\n'),
          reference: p.id,
        });
        notificationId = sent.id;
      }
      const prospect = await sales.updateProspect(
        `${call.idempotencyKey}/qualify`,
        p.id,
        {
          state: qualified ? 'qualified' : 'disqualified',
          reason: qualified ? null : reasons.join('; '),
          qualification: { items, credit, alternatives: [...alternatives] },
        },
        now(),
      );
      return { prospect, qualified, reasons, items, credit, alternatives: [...alternatives], notificationId };
    },
  );

  /**
   * 1.F.1.4.3 — put a priced proposal to the customer (the discount negotiated within the
   * pricing policy), record the customer's decision, and the order the agreement became.
   */
  const negotiateSales = defineProcess(
    { etomId: '1.F.1.4.3', input: NegotiateInput, output: Quote },
    async (input, call) => {
      if (input.action === 'decide') {
        return sales.moveQuote(call.idempotencyKey, input.quoteId, input.decision, { reason: input.reason }, now());
      }
      if (input.action === 'ordered') {
        return sales.moveQuote(call.idempotencyKey, input.quoteId, 'ordered', { orderId: input.orderId }, now());
      }
      const p = await mustProspect(input.prospectId);
      if (p.state !== 'qualified') {
        return reject(BusinessErrorType.InvalidStateTransition, `prospect ${p.id} is ${p.state}, not qualified`);
      }
      const discountPct = negotiatedDiscountPct(input.requestedDiscountPct, input.termMonths, p.segment);
      const lines = [];
      for (const n of p.needs) {
        const o = await catalog.getOffering(n.productOfferingId);
        if (!o) return reject(BusinessErrorType.InvalidInput, `unknown offering ${n.productOfferingId}`);
        lines.push({ ...n, ...priceLine(o, n.quantity, discountPct) });
      }
      const oneTimeMinor = lines.reduce((s, l) => s + l.oneTimeMinor, 0);
      const recurringMinor = lines.reduce((s, l) => s + l.recurringMinor, 0);
      const quote = await sales.createQuote(
        `${call.idempotencyKey}/quote`,
        {
          prospectId: p.id,
          customerId: p.customerId,
          lines,
          termMonths: input.termMonths,
          discountPct,
          oneTimeMinor,
          recurringMinor,
          contractValueMinor: oneTimeMinor + recurringMinor * input.termMonths,
          validUntil: input.validUntil,
        },
        now(),
      );
      await notifications.send(`${call.idempotencyKey}/notify`, {
        recipient: p.email,
        channel: 'email',
        subject: `Your quote ${quote.id}`,
        body:
          `${lines.map((l) => `${l.quantity} × ${l.productOfferingId} (${l.region})`).join(', ')}: ` +
          `${oneTimeMinor} + ${recurringMinor}/month over ${input.termMonths} months (discount ${discountPct}%), ` +
          `valid until ${input.validUntil}.`,
        reference: quote.id,
      });
      return quote;
    },
  );

  /**
   * 1.F.1.4.4 — record the customer's data: a prospect who bought becomes a customer (active,
   * with a starter credit profile); a customer's contact data is brought up to date.
   */
  const acquireCustomerData = defineProcess(
    { etomId: '1.F.1.4.4', input: AcquireInput, output: AcquireOutput },
    async ({ prospectId, phone }, call) => {
      const p = await mustProspect(prospectId);
      if (p.customerId) {
        const c = await customers.getCustomer(p.customerId);
        if (!c) return reject(BusinessErrorType.NotFound, `no customer ${p.customerId}`);
        await sales.updateCustomerData(call.idempotencyKey, c.id, {
          email: p.email !== c.email ? p.email : undefined,
          phone: phone === undefined ? undefined : phone,
        });
        return { customerId: c.id, created: false, prospect: p };
      }
      const acquired = await sales.acquireCustomer(
        `${call.idempotencyKey}/customer`,
        { name: p.name, email: p.email, phone: phone ?? null, segment: p.segment, region: p.region },
        STARTER_CREDIT[p.segment],
        now(),
      );
      const prospect = await sales.updateProspect(
        `${call.idempotencyKey}/prospect`,
        p.id,
        { customerId: acquired.customerId },
        now(),
      );
      return { ...acquired, prospect };
    },
  );

  /**
   * 1.F.1.4.5 — from what the customer holds and how it goes (troubles, contacts), find the
   * better offer: more of what they have when it no longer suits them (up-sell), or what
   * they do not have yet (cross-sell).
   */
  const crossSellAndUpSell = defineProcess(
    { etomId: '1.F.1.4.5', input: CrossSellInput, output: Recommendation },
    async ({ customerId }, call) => {
      const c = await customers.getCustomer(customerId);
      if (!c) return reject(BusinessErrorType.NotFound, `no customer ${customerId}`);
      const history = await sales.salesHistory(customerId);
      const held = new Set(history.products.filter((p) => p.status === 'active').map((p) => p.productOfferingId));
      const evidence = {
        held: [...held],
        troublesByOffering: history.troublesByOffering,
        contactsByReason: history.contactsByReason,
        bandwidthMbpsByOffering: history.bandwidthMbpsByOffering,
      };
      // Up-sell: a held product below 1 Gbit/s that gave trouble no longer suits the customer.
      const strained = [...held].find(
        (o) => (history.bandwidthMbpsByOffering[o] ?? 1000) < 1000 && (history.troublesByOffering[o] ?? 0) > 0,
      );
      let r: { kind: 'crossSell' | 'upSell' | 'none'; productOfferingId: string | null; reason: string };
      if (strained) {
        r = {
          kind: 'upSell',
          productOfferingId: strained,
          reason: `${strained} at ${history.bandwidthMbpsByOffering[strained]} Mbit/s with ${history.troublesByOffering[strained]} trouble(s): raise to 1000 Mbit/s`,
        };
      } else {
        // Cross-sell: the least expensive offering of the segment the customer lacks.
        const candidates = (await catalog.listOfferings())
          .filter((o) => !held.has(o.id) && segmentFits(o, c.segment))
          .sort((a, b) => a.recurringMinor - b.recurringMinor || a.id.localeCompare(b.id));
        const pick = candidates[0];
        r = pick
          ? {
              kind: 'crossSell',
              productOfferingId: pick.id,
              reason: `holds ${[...held].join(', ') || 'nothing'}; ${pick.name} completes it`,
            }
          : { kind: 'none', productOfferingId: null, reason: 'already holds every offering of the segment' };
      }
      return sales.recordRecommendation(call.idempotencyKey, { customerId, ...r, evidence }, now());
    },
  );

  return { manageProspect, qualifyAndEducateCustomer, negotiateSales, acquireCustomerData, crossSellAndUpSell };
}
