import { z } from 'zod';
import { LIMITS } from '../limits';
import { CustomerId } from '../customer';
import { Characteristics } from '../limits';

/**
 * Marketing Fulfilment Response (1.F.1.3) and Selling (1.F.1.4): the campaign as Manage
 * Campaign (1.O.1.1.9) hands it over, the leads it raises, the prospects Selling works and the
 * quotes it negotiates. Money in integer minor units.
 */

export const Segment = z.enum(['residential', 'business', 'wholesale']);
export type Segment = z.infer<typeof Segment>;
export const OfferingId = z.string().regex(/^PO-[A-Z0-9-]+$/, 'a product offering id such as PO-FIBRE-BIZ');

/** A campaign run by 1.O.1.1.9 Manage Campaign: what it offers, to whom, where and how. */
export const Campaign = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{2,40}$/, 'letters, digits and . _ : - (3 to 41)'),
  name: z.string().min(1).max(LIMITS.name),
  offeringId: OfferingId,
  segment: Segment,
  region: z.string().min(2).max(8),
  channel: z.enum(['email', 'sms', 'portal']),
  message: z.string().min(1),
});
export type Campaign = z.infer<typeof Campaign>;
export type CampaignInput = z.input<typeof Campaign>;

/** Someone the campaign reaches who is not a customer yet (a purchased or opted-in list). */
export const ProspectContact = z.object({
  name: z.string().min(1).max(LIMITS.name),
  email: z.email(),
  segment: Segment,
  region: z.string().min(2).max(8),
});
export type ProspectContact = z.infer<typeof ProspectContact>;

export const Collateral = z.object({
  id: z.string(),
  campaignId: z.string(),
  customerId: CustomerId.nullable(),
  recipient: z.string(),
  channel: z.string(),
  document: z.string(),
  notificationId: z.string(),
});
export type Collateral = z.infer<typeof Collateral>;

/** What a requested product looks like in a need, a quote and the order it becomes. */
export const QuoteItemRequest = z.object({
  productOfferingId: OfferingId,
  region: z.string().min(2).max(8),
  quantity: z.number().int().min(1).max(20).default(1),
  characteristics: Characteristics.default({}),
});
export type QuoteItemRequest = z.output<typeof QuoteItemRequest>;

/** A response to a campaign (or a lead met in the course of business). */
export const CampaignResponse = z.object({
  /** Known customers answer as themselves; others give their contact details. */
  customerId: CustomerId.nullable().default(null),
  contact: ProspectContact.optional(),
  interest: z.array(QuoteItemRequest).min(1),
  /** The discount the respondent asks for, in percent; negotiation caps it (1.F.1.4.3). */
  requestedDiscountPct: z.number().int().min(0).max(100).default(0),
  termMonths: z.union([z.literal(12), z.literal(24), z.literal(36)]).default(12),
});
export type CampaignResponse = z.output<typeof CampaignResponse>;
export type CampaignResponseInput = z.input<typeof CampaignResponse>;

export const LeadState = z.enum(['new', 'handedOff', 'disqualified', 'won', 'lost']);
export const Lead = z.object({
  id: z.string(),
  campaignId: z.string().nullable(),
  customerId: CustomerId.nullable(),
  name: z.string(),
  email: z.string(),
  segment: Segment,
  region: z.string(),
  interest: z.array(QuoteItemRequest),
  requestedDiscountPct: z.number().int(),
  termMonths: z.number().int(),
  score: z.number().int(),
  state: LeadState,
  reason: z.string().nullable(),
  prospectId: z.string().nullable(),
});
export type Lead = z.infer<typeof Lead>;

export const ProspectState = z.enum(['open', 'qualified', 'disqualified', 'won', 'lost']);
export const Prospect = z.object({
  id: z.string(),
  leadId: z.string().nullable(),
  /** The existing customer, or the customer the prospect became (1.F.1.4.4). */
  customerId: CustomerId.nullable(),
  name: z.string(),
  email: z.string(),
  segment: Segment,
  region: z.string(),
  needs: z.array(QuoteItemRequest),
  /** The offerings of the portfolio matched to the needs (1.F.1.4.1). */
  matchedOfferingIds: z.array(z.string()),
  salesChannel: z.enum(['accountManager', 'telesales', 'web']),
  winProbabilityPct: z.number().int().min(0).max(100),
  estimatedRevenueMinor: z.number().int(),
  state: ProspectState,
  reason: z.string().nullable(),
});
export type Prospect = z.infer<typeof Prospect>;

export const QuoteState = z.enum(['proposed', 'accepted', 'declined', 'expired', 'ordered']);
export type QuoteState = z.infer<typeof QuoteState>;
/** The moves a quote may make: a decision once, then the order it became (every store enforces these). */
export const QUOTE_MOVES: Record<QuoteState, readonly QuoteState[]> = {
  proposed: ['accepted', 'declined', 'expired'],
  accepted: ['ordered'],
  declined: [],
  expired: [],
  ordered: [],
};
export const QuoteLine = z.object({
  productOfferingId: z.string(),
  region: z.string(),
  quantity: z.number().int(),
  characteristics: Characteristics,
  oneTimeMinor: z.number().int(),
  recurringMinor: z.number().int(),
});
export type QuoteLine = z.infer<typeof QuoteLine>;
export const Quote = z.object({
  id: z.string(),
  prospectId: z.string(),
  customerId: CustomerId.nullable(),
  lines: z.array(QuoteLine),
  termMonths: z.number().int(),
  discountPct: z.number().int(),
  oneTimeMinor: z.number().int(),
  recurringMinor: z.number().int(),
  /** One-time charges plus the recurring charge over the whole term. */
  contractValueMinor: z.number().int(),
  validUntil: z.string(),
  state: QuoteState,
  reason: z.string().nullable(),
  orderId: z.string().nullable(),
});
export type Quote = z.infer<typeof Quote>;

/** The customer's answer to a quote, by the `quoteDecision` update of `salesOpportunity`. */
export const QuoteDecision = z.object({
  quoteId: z.string().min(1),
  accepted: z.boolean(),
  reason: z.string().optional(),
});
export type QuoteDecision = z.infer<typeof QuoteDecision>;

/**
 * The pricing policy of a quote: the discount negotiated is what the customer asked, capped
 * by the commitment term (a longer contract earns more) and never above what the segment allows.
 */
export const PRICING_POLICY = {
  discountCapByTermPct: { 12: 0, 24: 5, 36: 10 } as Record<number, number>,
  segmentCapPct: { residential: 5, business: 10, wholesale: 15 } as Record<Segment, number>,
} as const;

/** The discount a quote grants: min(asked, term cap, segment cap). */
export function negotiatedDiscountPct(requested: number, termMonths: number, segment: Segment): number {
  return Math.min(
    requested,
    PRICING_POLICY.discountCapByTermPct[termMonths] ?? 0,
    PRICING_POLICY.segmentCapPct[segment],
  );
}

/** A quote line priced from its offering: one-time charges in full, recurring less the discount (rounded). */
export function priceLine(
  offering: { oneTimeMinor: number; recurringMinor: number },
  quantity: number,
  discountPct: number,
): { oneTimeMinor: number; recurringMinor: number } {
  return {
    oneTimeMinor: offering.oneTimeMinor * quantity,
    recurringMinor: Math.round((offering.recurringMinor * quantity * (100 - discountPct)) / 100),
  };
}

export const Recommendation = z.object({
  id: z.string(),
  customerId: CustomerId,
  kind: z.enum(['crossSell', 'upSell', 'none']),
  productOfferingId: z.string().nullable(),
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});
export type Recommendation = z.infer<typeof Recommendation>;
