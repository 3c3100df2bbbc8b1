import { BusinessErrorType, reject } from '../../contracts/errors';
import { QUOTE_MOVES } from '../../domain/lifecycle/sales';
import type { Clock } from '../../ports/clock';
import type { SalesPort } from '../../ports/sales';
import { type Db, json, nextId, once } from './database';
import { salesRowInserter, salesRowReader, toLead, toProspect, toQuote } from './sales-rows';

type SellingPort = Pick<
  SalesPort,
  | 'recordLead'
  | 'getLead'
  | 'updateLead'
  | 'openProspect'
  | 'getProspect'
  | 'updateProspect'
  | 'regionsServed'
  | 'createQuote'
  | 'getQuote'
  | 'moveQuote'
  | 'acquireCustomer'
  | 'updateCustomerData'
  | 'findCustomerByEmail'
>;

/** Selling: leads qualified into prospects, the regions an offering can be sold in, quotes, and the customers won. */
export function createSqliteSelling(db: Db, clock: Clock): SellingPort {
  const row = salesRowReader(db);
  const insert = salesRowInserter(db);
  const mustLead = (id: string) => row('leads', id) ?? reject(BusinessErrorType.NotFound, `no lead ${id}`);
  const mustProspect = (id: string) => row('prospects', id) ?? reject(BusinessErrorType.NotFound, `no prospect ${id}`);
  const mustQuote = (id: string) => row('quotes', id) ?? reject(BusinessErrorType.NotFound, `no quote ${id}`);

  return {
    async recordLead(key, l, at) {
      const id = insert(key, 'recordLead', 'leads', 'LD', {
        campaign_id: l.campaignId,
        customer_id: l.customerId,
        name: l.name,
        email: l.email,
        segment: l.segment,
        region: l.region,
        interest: json.stringify(l.interest),
        requested_discount_pct: l.requestedDiscountPct,
        term_months: l.termMonths,
        score: l.score,
        state: l.state,
        reason: l.reason,
        created_at: at,
        updated_at: at,
      });
      return toLead(row('leads', id)!);
    },
    async getLead(id) {
      const r = row('leads', id);
      return r && toLead(r);
    },
    async updateLead(key, leadId, change, at) {
      once(db, key, 'updateLead', () => {
        mustLead(leadId);
        db.prepare(
          `UPDATE leads SET state = ?, reason = COALESCE(?, reason), prospect_id = COALESCE(?, prospect_id),
             updated_at = ? WHERE id = ?`,
        ).run(change.state, change.reason ?? null, change.prospectId ?? null, at, leadId);
        return leadId;
      });
      return toLead(mustLead(leadId));
    },

    async openProspect(key, p, at) {
      const id = insert(key, 'openProspect', 'prospects', 'PR', {
        lead_id: p.leadId,
        customer_id: p.customerId,
        name: p.name,
        email: p.email,
        segment: p.segment,
        region: p.region,
        needs: json.stringify(p.needs),
        matched_offering_ids: json.stringify(p.matchedOfferingIds),
        sales_channel: p.salesChannel,
        win_probability_pct: p.winProbabilityPct,
        estimated_revenue_minor: p.estimatedRevenueMinor,
        state: 'open',
        created_at: at,
        updated_at: at,
      });
      return toProspect(row('prospects', id)!);
    },
    async getProspect(id) {
      const r = row('prospects', id);
      return r && toProspect(r);
    },
    async updateProspect(key, prospectId, change, at) {
      once(db, key, 'updateProspect', () => {
        mustProspect(prospectId);
        db.prepare(
          `UPDATE prospects SET state = COALESCE(?, state), reason = COALESCE(?, reason),
             customer_id = COALESCE(?, customer_id), qualification = COALESCE(?, qualification), updated_at = ?
           WHERE id = ?`,
        ).run(
          change.state ?? null,
          change.reason ?? null,
          change.customerId ?? null,
          change.qualification === undefined ? null : json.stringify(change.qualification),
          at,
          prospectId,
        );
        return prospectId;
      });
      return toProspect(mustProspect(prospectId));
    },
    async regionsServed(offeringId) {
      // Every resource-role spec of every service of the offering must be in our inventory in
      // the region, or bought there under a supplier contract still valid.
      const specs = db
        .prepare(
          `SELECT DISTINCT crs.resource_spec_id FROM offering_services os
           JOIN cfs_resource_specs crs ON crs.cfs_spec_id = os.cfs_spec_id
           WHERE os.offering_id = ? AND crs.role = 'resource'`,
        )
        .pluck()
        .all(offeringId) as string[];
      const regions = db.prepare('SELECT DISTINCT region FROM resources ORDER BY region').pluck().all() as string[];
      const contractRegions = db
        .prepare('SELECT DISTINCT region FROM supplier_contracts WHERE valid_until >= ?')
        .pluck()
        .all(clock().toISOString()) as string[];
      const all = [...new Set([...regions, ...contractRegions])].sort();
      const served = (region: string, spec: string) =>
        db
          .prepare(
            `SELECT 1 FROM resources WHERE spec_id = ? AND region = ? AND state <> 'retired'
             UNION SELECT 1 FROM supplier_contracts WHERE resource_spec_id = ? AND region = ? AND valid_until >= ?`,
          )
          .get(spec, region, spec, region, clock().toISOString()) !== undefined;
      return all.filter((region) => specs.every((spec) => served(region, spec)));
    },

    async createQuote(key, q, at) {
      const id = insert(key, 'createQuote', 'quotes', 'QT', {
        prospect_id: q.prospectId,
        customer_id: q.customerId,
        lines: json.stringify(q.lines),
        term_months: q.termMonths,
        discount_pct: q.discountPct,
        one_time_minor: q.oneTimeMinor,
        recurring_minor: q.recurringMinor,
        contract_value_minor: q.contractValueMinor,
        valid_until: q.validUntil,
        state: 'proposed',
        created_at: at,
      });
      return toQuote(row('quotes', id)!);
    },
    async getQuote(id) {
      const r = row('quotes', id);
      return r && toQuote(r);
    },
    async moveQuote(key, quoteId, to, change, at) {
      once(db, key, 'moveQuote', () => {
        const from = toQuote(mustQuote(quoteId)).state;
        if (!QUOTE_MOVES[from].includes(to)) {
          reject(BusinessErrorType.InvalidStateTransition, `quote ${quoteId} is ${from}: it cannot become ${to}`);
        }
        db.prepare(
          `UPDATE quotes SET state = ?, reason = COALESCE(?, reason), order_id = COALESCE(?, order_id),
             customer_id = COALESCE(?, customer_id), decided_at = COALESCE(decided_at, ?) WHERE id = ?`,
        ).run(to, change.reason ?? null, change.orderId ?? null, change.customerId ?? null, at, quoteId);
        return quoteId;
      });
      return toQuote(mustQuote(quoteId));
    },

    async acquireCustomer(key, c, credit, at) {
      return once(db, key, 'acquireCustomer', () => {
        const existing = db.prepare('SELECT id FROM customers WHERE lower(email) = lower(?)').pluck().get(c.email) as
          string | undefined;
        if (existing) return { customerId: existing, created: false };
        const customerId = nextId(db, 'CUST');
        db.prepare(
          `INSERT INTO customers (id, name, segment, region, email, phone, status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 'active', ?)`,
        ).run(customerId, c.name, c.segment, c.region, c.email, c.phone, at);
        db.prepare(
          `INSERT INTO credit_profiles (customer_id, credit_score, credit_limit_minor, outstanding_minor, days_past_due,
             fraud_flag, updated_at) VALUES (?, ?, ?, 0, 0, 0, ?)`,
        ).run(customerId, credit.creditScore, credit.creditLimitMinor, at);
        return { customerId, created: true };
      });
    },
    async updateCustomerData(key, customerId, change) {
      once(db, key, 'updateCustomerData', () => {
        db.prepare(
          `UPDATE customers SET email = COALESCE(?, email), phone = CASE WHEN ? THEN ? ELSE phone END WHERE id = ?`,
        ).run(change.email ?? null, change.phone !== undefined ? 1 : 0, change.phone ?? null, customerId);
        return customerId;
      });
    },
    async findCustomerByEmail(email) {
      return db.prepare('SELECT id FROM customers WHERE lower(email) = lower(?)').pluck().get(email) as
        string | undefined;
    },
  };
}
