import type { Campaign, Collateral, Lead, Prospect, Quote, QuoteState } from '../../domain/lifecycle/sales';
import { type Db, json, nextId, once } from './database';

/** A row as the driver returns it, its columns read with `str` and `strOrNull`. */
export type Row = Record<string, unknown>;
export const str = (v: unknown) => v as string;
export const strOrNull = (v: unknown) => (v ?? null) as string | null;

/** One row of a sales table, by id. */
export const salesRowReader = (db: Db) => (table: string, id: string) =>
  db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;

/**
 * Inserts a row into a sales table under the next id of `prefix`, once per idempotency key (a
 * retry gets the id of the first call); `values` names the row's other columns. Returns the id.
 */
export const salesRowInserter =
  (db: Db) => (key: string, operation: string, table: string, prefix: string, values: Row) =>
    once(db, key, operation, () => {
      const id = nextId(db, prefix);
      const columns = Object.keys(values);
      db.prepare(
        `INSERT INTO ${table} (id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
      ).run(id, ...Object.values(values));
      return id;
    });

/*
 * The sales tables' rows in the domain's shape. The PostgreSQL adapter reads its rows with these
 * too, once they are in this store's shape (postgres/rows.ts `sqliteShaped`: jsonb as JSON text).
 */
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
  interest: json.parse(str(r.interest)),
  requestedDiscountPct: Number(r.requested_discount_pct),
  termMonths: Number(r.term_months),
  score: Number(r.score),
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
  needs: json.parse(str(r.needs)),
  matchedOfferingIds: json.parse(str(r.matched_offering_ids)),
  salesChannel: r.sales_channel as Prospect['salesChannel'],
  winProbabilityPct: Number(r.win_probability_pct),
  estimatedRevenueMinor: Number(r.estimated_revenue_minor),
  state: r.state as Prospect['state'],
  reason: strOrNull(r.reason),
});
export const toQuote = (r: Row): Quote => ({
  id: str(r.id),
  prospectId: str(r.prospect_id),
  customerId: strOrNull(r.customer_id),
  lines: json.parse(str(r.lines)),
  termMonths: Number(r.term_months),
  discountPct: Number(r.discount_pct),
  oneTimeMinor: Number(r.one_time_minor),
  recurringMinor: Number(r.recurring_minor),
  contractValueMinor: Number(r.contract_value_minor),
  validUntil: str(r.valid_until),
  state: r.state as QuoteState,
  reason: strOrNull(r.reason),
  orderId: strOrNull(r.order_id),
});
