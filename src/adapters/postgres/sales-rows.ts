import type { Campaign, Collateral, Lead, Prospect, Quote, QuoteState } from '../../domain/lifecycle/sales';

/** The sales tables' rows as PostgreSQL returns them (jsonb parsed, BIGINT money as text), in the domain's shape. */

export type Row = Record<string, unknown>;
export const str = (v: unknown) => v as string;
export const strOrNull = (v: unknown) => (v ?? null) as string | null;
/** jsonb arrives parsed; BIGINT (money) as text, a number here. */
export const num = (v: unknown) => Number(v);

export const toCampaign = (r: Row): Campaign => ({
  id: str(r.id),
  name: str(r.name),
  offeringId: str(r.offering_id),
  segment: r.segment as Campaign['segment'],
  region: str(r.region),
  channel: r.channel as Campaign['channel'],
  message: str(r.message),
});
export const toCollateral = (r: Row): Collateral => ({
  id: str(r.id),
  campaignId: str(r.campaign_id),
  customerId: strOrNull(r.customer_id),
  recipient: str(r.recipient),
  channel: str(r.channel),
  document: str(r.document),
  notificationId: str(r.notification_id),
});
export const toLead = (r: Row): Lead => ({
  id: str(r.id),
  campaignId: strOrNull(r.campaign_id),
  customerId: strOrNull(r.customer_id),
  name: str(r.name),
  email: str(r.email),
  segment: r.segment as Lead['segment'],
  region: str(r.region),
  interest: r.interest as Lead['interest'],
  requestedDiscountPct: num(r.requested_discount_pct),
  termMonths: num(r.term_months),
  score: num(r.score),
  state: r.state as Lead['state'],
  reason: strOrNull(r.reason),
  prospectId: strOrNull(r.prospect_id),
});
export const toProspect = (r: Row): Prospect => ({
  id: str(r.id),
  leadId: strOrNull(r.lead_id),
  customerId: strOrNull(r.customer_id),
  name: str(r.name),
  email: str(r.email),
  segment: r.segment as Prospect['segment'],
  region: str(r.region),
  needs: r.needs as Prospect['needs'],
  matchedOfferingIds: r.matched_offering_ids as string[],
  salesChannel: r.sales_channel as Prospect['salesChannel'],
  winProbabilityPct: num(r.win_probability_pct),
  estimatedRevenueMinor: num(r.estimated_revenue_minor),
  state: r.state as Prospect['state'],
  reason: strOrNull(r.reason),
});
export const toQuote = (r: Row): Quote => ({
  id: str(r.id),
  prospectId: str(r.prospect_id),
  customerId: strOrNull(r.customer_id),
  lines: r.lines as Quote['lines'],
  termMonths: num(r.term_months),
  discountPct: num(r.discount_pct),
  oneTimeMinor: num(r.one_time_minor),
  recurringMinor: num(r.recurring_minor),
  contractValueMinor: num(r.contract_value_minor),
  validUntil: str(r.valid_until),
  state: r.state as QuoteState,
  reason: strOrNull(r.reason),
  orderId: strOrNull(r.order_id),
});
