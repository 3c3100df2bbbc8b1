import { BusinessErrorType, reject } from '../../contracts/errors';
import { QUOTE_MOVES } from '../../domain/lifecycle/sales';
import type { Clock } from '../../ports/clock';
import type { SalesHistory, SalesPort } from '../../ports/sales';
import { nextId, once, type Pool, type Tx } from './database';
import { num, type Row, str, strOrNull, toCampaign, toCollateral, toLead, toProspect, toQuote } from './sales-rows';

/**
 * Marketing Fulfillment Response, Selling and Cross/Up Selling on PostgreSQL: the SQLite
 * adapter's behaviour (src/adapters/sqlite/{marketing-campaigns,selling,cross-up-selling}.ts),
 * each change once per idempotency key in the transaction of the change, and the two places
 * where workers could write twice guarded by the database: a quote is locked while it moves, and
 * customers are acquired under a lock on their e-mail, so one identity makes one customer.
 */

type Table = 'campaigns' | 'collaterals' | 'leads' | 'prospects' | 'quotes' | 'sales_recommendations';

export function createPostgresSales(pool: Pool, clock: Clock): SalesPort {
  const row = async (table: Table, id: string, tx: Pool | Tx = pool, lock = false) =>
    (await tx.query<Row>(`SELECT * FROM ${table} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0];
  const must = async (table: Table, what: string, id: string, tx: Pool | Tx = pool, lock = false) =>
    (await row(table, id, tx, lock)) ?? reject(BusinessErrorType.NotFound, `no ${what} ${id}`);
  /** A new row under the next id of `prefix`, once per key; a retry gets the first call's id. */
  const insert = (key: string, operation: string, table: Table, prefix: string, values: Row) =>
    once(pool, key, operation, async (tx) => {
      const id = await nextId(tx, prefix);
      const columns = Object.keys(values);
      await tx.query(
        `INSERT INTO ${table} (id, ${columns.join(', ')}) VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})`,
        [id, ...Object.values(values)],
      );
      return id;
    });
  const jsonb = (v: unknown) => JSON.stringify(v);

  return {
    async recordCampaign(key, c, at) {
      const id = await once(pool, key, 'recordCampaign', async (tx) => {
        await tx.query(
          `INSERT INTO campaigns (id, name, offering_id, segment, region, channel, message, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
          [c.id, c.name, c.offeringId, c.segment, c.region, c.channel, c.message, at],
        );
        return c.id;
      });
      return toCampaign((await row('campaigns', id))!);
    },
    async getCampaign(id) {
      const r = await row('campaigns', id);
      return r && toCampaign(r);
    },
    async audience({ segment, region }) {
      const { rows } = await pool.query<{ id: string; name: string; email: string; offerings: string[] }>(
        `SELECT c.id, c.name, c.email,
                COALESCE((SELECT json_agg(p.product_offering_id ORDER BY p.id) FROM products p
                  WHERE p.customer_id = c.id AND p.status = 'active'), '[]') AS offerings
         FROM customers c WHERE c.status = 'active' AND c.segment = $1 AND c.region = $2 ORDER BY c.id`,
        [segment, region],
      );
      return rows.map((r) => ({ customerId: r.id, name: r.name, email: r.email, activeOfferingIds: r.offerings }));
    },
    async recordCollateral(key, c, at) {
      const id = await once(pool, key, 'recordCollateral', async (tx) => {
        // The (campaign, recipient) key makes a concurrent second sender wait, then find the first's.
        const collateralId = await nextId(tx, 'MC');
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO collaterals (id, campaign_id, customer_id, recipient, channel, document, notification_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (campaign_id, recipient) DO NOTHING RETURNING id`,
          [collateralId, c.campaignId, c.customerId, c.recipient, c.channel, c.document, c.notificationId, at],
        );
        if (rows[0]) return rows[0].id;
        return (
          await tx.query<{ id: string }>('SELECT id FROM collaterals WHERE campaign_id = $1 AND recipient = $2', [
            c.campaignId,
            c.recipient,
          ])
        ).rows[0]!.id;
      });
      return toCollateral((await row('collaterals', id))!);
    },
    async collateralsOf(campaignId) {
      const { rows } = await pool.query<Row>('SELECT * FROM collaterals WHERE campaign_id = $1 ORDER BY id', [
        campaignId,
      ]);
      return rows.map(toCollateral);
    },

    async recordLead(key, l, at) {
      const id = await insert(key, 'recordLead', 'leads', 'LD', {
        campaign_id: l.campaignId,
        customer_id: l.customerId,
        name: l.name,
        email: l.email,
        segment: l.segment,
        region: l.region,
        interest: jsonb(l.interest),
        requested_discount_pct: l.requestedDiscountPct,
        term_months: l.termMonths,
        score: l.score,
        state: l.state,
        reason: l.reason,
        created_at: at,
        updated_at: at,
      });
      return toLead((await row('leads', id))!);
    },
    async getLead(id) {
      const r = await row('leads', id);
      return r && toLead(r);
    },
    async updateLead(key, leadId, change, at) {
      await once(pool, key, 'updateLead', async (tx) => {
        await must('leads', 'lead', leadId, tx, true);
        await tx.query(
          `UPDATE leads SET state = $1, reason = COALESCE($2, reason), prospect_id = COALESCE($3, prospect_id),
             updated_at = $4 WHERE id = $5`,
          [change.state, change.reason ?? null, change.prospectId ?? null, at, leadId],
        );
        return leadId;
      });
      return toLead(await must('leads', 'lead', leadId));
    },

    async openProspect(key, p, at) {
      const id = await insert(key, 'openProspect', 'prospects', 'PR', {
        lead_id: p.leadId,
        customer_id: p.customerId,
        name: p.name,
        email: p.email,
        segment: p.segment,
        region: p.region,
        needs: jsonb(p.needs),
        matched_offering_ids: jsonb(p.matchedOfferingIds),
        sales_channel: p.salesChannel,
        win_probability_pct: p.winProbabilityPct,
        estimated_revenue_minor: p.estimatedRevenueMinor,
        state: 'open',
        created_at: at,
        updated_at: at,
      });
      return toProspect((await row('prospects', id))!);
    },
    async getProspect(id) {
      const r = await row('prospects', id);
      return r && toProspect(r);
    },
    async updateProspect(key, prospectId, change, at) {
      await once(pool, key, 'updateProspect', async (tx) => {
        await must('prospects', 'prospect', prospectId, tx, true);
        await tx.query(
          `UPDATE prospects SET state = COALESCE($1, state), reason = COALESCE($2, reason),
             customer_id = COALESCE($3, customer_id), qualification = COALESCE($4::jsonb, qualification), updated_at = $5
           WHERE id = $6`,
          [
            change.state ?? null,
            change.reason ?? null,
            change.customerId ?? null,
            change.qualification === undefined ? null : jsonb(change.qualification),
            at,
            prospectId,
          ],
        );
        return prospectId;
      });
      return toProspect(await must('prospects', 'prospect', prospectId));
    },
    async regionsServed(offeringId) {
      // Every resource-role spec of every service of the offering must be in our inventory in the
      // region, or bought there under a supplier contract still valid (a date: valid to its midnight).
      const { rows } = await pool.query<{ region: string }>(
        `WITH specs AS (
           SELECT DISTINCT crs.resource_spec_id AS spec FROM offering_services os
           JOIN cfs_resource_specs crs ON crs.cfs_spec_id = os.cfs_spec_id
           WHERE os.offering_id = $1 AND crs.role = 'resource'),
         offered AS (
           SELECT spec_id AS spec, region FROM resources WHERE state <> 'retired'
           UNION SELECT resource_spec_id, region FROM supplier_contracts WHERE valid_until::timestamptz >= $2),
         regions AS (
           SELECT region FROM resources
           UNION SELECT region FROM supplier_contracts WHERE valid_until::timestamptz >= $2)
         SELECT r.region FROM regions r
         WHERE NOT EXISTS (SELECT 1 FROM specs s
                           WHERE NOT EXISTS (SELECT 1 FROM offered o WHERE o.spec = s.spec AND o.region = r.region))
         ORDER BY r.region`,
        [offeringId, clock().toISOString()],
      );
      return rows.map((r) => r.region);
    },

    async createQuote(key, q, at) {
      const id = await insert(key, 'createQuote', 'quotes', 'QT', {
        prospect_id: q.prospectId,
        customer_id: q.customerId,
        lines: jsonb(q.lines),
        term_months: q.termMonths,
        discount_pct: q.discountPct,
        one_time_minor: q.oneTimeMinor,
        recurring_minor: q.recurringMinor,
        contract_value_minor: q.contractValueMinor,
        valid_until: q.validUntil,
        state: 'proposed',
        created_at: at,
      });
      return toQuote((await row('quotes', id))!);
    },
    async getQuote(id) {
      const r = await row('quotes', id);
      return r && toQuote(r);
    },
    async moveQuote(key, quoteId, to, change, at) {
      await once(pool, key, 'moveQuote', async (tx) => {
        // Locked: two decisions at once (accept, decline) are judged one after the other.
        const from = toQuote(await must('quotes', 'quote', quoteId, tx, true)).state;
        if (!QUOTE_MOVES[from].includes(to)) {
          reject(BusinessErrorType.InvalidStateTransition, `quote ${quoteId} is ${from}: it cannot become ${to}`);
        }
        await tx.query(
          `UPDATE quotes SET state = $1, reason = COALESCE($2, reason), order_id = COALESCE($3, order_id),
             customer_id = COALESCE($4, customer_id), decided_at = COALESCE(decided_at, $5) WHERE id = $6`,
          [to, change.reason ?? null, change.orderId ?? null, change.customerId ?? null, at, quoteId],
        );
        return quoteId;
      });
      return toQuote(await must('quotes', 'quote', quoteId));
    },

    async acquireCustomer(key, c, credit, at) {
      return once(pool, key, 'acquireCustomer', async (tx) => {
        // Workers acquiring the same identity under different keys queue on it: one customer.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`customer-email:${c.email.toLowerCase()}`]);
        const existing = (
          await tx.query<{ id: string }>(
            'SELECT id FROM customers WHERE lower(email) = lower($1) ORDER BY id LIMIT 1',
            [c.email],
          )
        ).rows[0];
        if (existing) return { customerId: existing.id, created: false };
        const customerId = await nextId(tx, 'CUST');
        await tx.query(
          `INSERT INTO customers (id, name, segment, region, email, phone, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'active', $7)`,
          [customerId, c.name, c.segment, c.region, c.email, c.phone, at],
        );
        await tx.query(
          `INSERT INTO credit_profiles (customer_id, credit_score, credit_limit_minor, updated_at)
           VALUES ($1, $2, $3, $4)`,
          [customerId, credit.creditScore, credit.creditLimitMinor, at],
        );
        return { customerId, created: true };
      });
    },
    async updateCustomerData(key, customerId, change) {
      await once(pool, key, 'updateCustomerData', async (tx) => {
        await tx.query(
          `UPDATE customers SET email = COALESCE($1, email), phone = CASE WHEN $2 THEN $3 ELSE phone END WHERE id = $4`,
          [change.email ?? null, change.phone !== undefined, change.phone ?? null, customerId],
        );
        return customerId;
      });
    },
    async findCustomerByEmail(email) {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT id FROM customers WHERE lower(email) = lower($1) ORDER BY id LIMIT 1',
        [email],
      );
      return rows[0]?.id;
    },

    salesHistory: (customerId) => salesHistory(pool, customerId),
    async recordRecommendation(key, r, at) {
      const id = await insert(key, 'recordRecommendation', 'sales_recommendations', 'REC', {
        customer_id: r.customerId,
        kind: r.kind,
        offering_id: r.productOfferingId,
        reason: r.reason,
        evidence: jsonb(r.evidence),
        created_at: at,
      });
      const stored = (await row('sales_recommendations', id))!;
      return {
        id,
        customerId: str(stored.customer_id),
        kind: stored.kind as 'crossSell' | 'upSell' | 'none',
        productOfferingId: strOrNull(stored.offering_id),
        reason: str(stored.reason),
        evidence: stored.evidence as typeof r.evidence,
      };
    },
  };
}

/** What a customer bought and how it went: products, troubles per offering, contacts, bandwidth. */
async function salesHistory(pool: Pool, customerId: string): Promise<SalesHistory> {
  const { rows: products } = await pool.query<Row>(
    `SELECT p.id, p.product_offering_id, p.region, p.status, p.recurring_minor, p.service_ids, i.characteristics
     FROM products p LEFT JOIN product_order_items i ON i.order_id = p.order_id AND i.item_id = p.item_id
     WHERE p.customer_id = $1 ORDER BY p.id`,
    [customerId],
  );
  const history: SalesHistory = {
    products: products.map((p) => ({
      productOfferingId: str(p.product_offering_id),
      region: str(p.region),
      status: str(p.status),
      recurringMinor: num(p.recurring_minor),
    })),
    troublesByOffering: {},
    contactsByReason: {},
    bandwidthMbpsByOffering: {},
  };
  const { rows: tickets } = await pool.query<{ service_id: string | null; product_id: string | null }>(
    "SELECT service_id, product_id FROM trouble_tickets WHERE customer_id = $1 AND state <> 'cancelled'",
    [customerId],
  );
  for (const p of products) {
    const offering = str(p.product_offering_id);
    const serviceIds = p.service_ids as string[];
    const troubles = tickets.filter(
      (t) => t.product_id === p.id || (t.service_id !== null && serviceIds.includes(t.service_id)),
    ).length;
    if (troubles) history.troublesByOffering[offering] = (history.troublesByOffering[offering] ?? 0) + troubles;
    const bandwidth = Number((p.characteristics as Record<string, unknown> | null)?.bandwidthMbps);
    if (Number.isFinite(bandwidth) && bandwidth > 0) {
      history.bandwidthMbpsByOffering[offering] = Math.max(history.bandwidthMbpsByOffering[offering] ?? 0, bandwidth);
    }
  }
  const { rows: contacts } = await pool.query<{ reason: string; n: string }>(
    'SELECT reason, count(*) AS n FROM contacts WHERE customer_id = $1 GROUP BY reason',
    [customerId],
  );
  for (const c of contacts) history.contactsByReason[c.reason] = Number(c.n);
  return history;
}
