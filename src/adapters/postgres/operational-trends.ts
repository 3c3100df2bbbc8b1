import type { Figures } from '../../domain/readiness/report';
import { type Clock, systemClock } from '../../ports/clock';
import type { OperationalTrendPort, Trend, TrendName } from '../../ports/operational-trends';
import type { Pool } from './database';

/**
 * The operational trends on PostgreSQL, as the SQLite adapter (src/adapters/sqlite/operational-trends.ts)
 * computes them — for the trends whose history is on PostgreSQL today: contacts, orders,
 * retention, orders per offering, sales channels, service problems, customer QoS, service
 * quality, campaigns, partner problems and supplier performance. The others read aggregates or
 * clocks not wired here yet (partner orders' lateness, supplier settlements…); asked for, they
 * fail as a plain error naming what is missing, never with figures computed from absent tables.
 */

type Row = Record<string, unknown>;

/** Hours between two instants, as a number (SQLite's julianday difference × 24). */
const hours = (from: string, to: string) => `(EXTRACT(EPOCH FROM (${to} - ${from})) / 3600.0)`;

/** The minutes of outage `o` within the window from $1 (the part before it left out). */
const minutesSince = (o: string) =>
  `(EXTRACT(EPOCH FROM (${o}.restored_at - GREATEST(${o}.started_at, $1::timestamptz))) / 60.0)`;

/** Rows → trend rows: the group column is the label, every other column a figure (none → 0). */
const grouped = (rows: Row[], prefix: string): Trend['rows'] =>
  rows.map((r) => {
    const figures: Figures = {};
    // count() and avg() arrive as text (BIGINT, NUMERIC): figures are numbers.
    for (const [k, v] of Object.entries(r)) if (k !== 'grp') figures[k] = v === null ? 0 : Number(v);
    return { group: `${prefix}${String(r['grp'])}`, figures };
  });

/** What each trend not yet on PostgreSQL reads, for the error that says so. */
const NOT_YET: Partial<Record<TrendName, string>> = {
  troubleTickets: 'trouble tickets with technicians',
  billingInquiries: 'customer requests and billing inquiries',
  resourceTroubles: 'resource troubles',
  settlements: 'partner orders and supplier settlements',
  partnerContacts: 'partner orders and partner problems',
};

export function createPostgresOperationalTrends(pool: Pool, clock: Clock = systemClock): OperationalTrendPort {
  const all = async (sql: string, ...params: unknown[]) => (await pool.query<Row>(sql, params)).rows;

  const trends: Partial<Record<TrendName, (since: string) => Promise<Trend>>> = {
    contacts: async (since) => ({
      sources: ['contacts'],
      rows: [
        ...grouped(
          await all(
            `SELECT channel AS grp, count(*) AS contacts, avg(duration_seconds) AS "meanDurationSeconds",
                    count(*) FILTER (WHERE closed_at IS NULL) AS open
             FROM contacts WHERE opened_at >= $1 GROUP BY channel ORDER BY channel`,
            since,
          ),
          'channel:',
        ),
        ...grouped(
          await all(
            `SELECT reason AS grp, count(*) AS contacts, avg(duration_seconds) AS "meanDurationSeconds"
             FROM contacts WHERE opened_at >= $1 GROUP BY reason ORDER BY reason`,
            since,
          ),
          'reason:',
        ),
      ],
    }),
    orders: async (since) => ({
      sources: ['product_orders', 'order_jeopardies'],
      rows: grouped(
        await all(
          `SELECT channel AS grp, count(*) AS orders,
                  count(*) FILTER (WHERE state = 'completed') AS completed,
                  count(*) FILTER (WHERE state IN ('cancelled', 'failed', 'rejected')) AS cancelled,
                  avg(${hours('created_at', 'completed_at')}) AS "meanCycleHours",
                  (SELECT count(*) FROM order_jeopardies j JOIN product_orders o2 ON o2.id = j.order_id
                    WHERE o2.channel = po.channel AND j.detected_at >= $1) AS jeopardies
           FROM product_orders po WHERE created_at >= $1 GROUP BY channel ORDER BY channel`,
          since,
        ),
        'channel:',
      ),
    }),
    retention: async (since) => ({
      sources: ['customers', 'products'],
      rows: grouped(
        await all(
          `SELECT segment AS grp,
                  count(*) FILTER (WHERE status = 'active') AS active, count(*) FILTER (WHERE status = 'terminated') AS lost,
                  count(*) FILTER (WHERE created_at >= $1 AND status <> 'prospect') AS acquired,
                  count(*) FILTER (WHERE status = 'prospect') AS prospects,
                  (SELECT count(*) FROM products p JOIN customers c2 ON c2.id = p.customer_id
                    WHERE c2.segment = c.segment AND p.status = 'terminated') AS "productsTerminated"
           FROM customers c GROUP BY segment ORDER BY segment`,
          since,
        ),
        'segment:',
      ),
    }),
    offeringOrders: async (since) => ({
      sources: ['product_orders', 'product_order_items'],
      rows: grouped(
        await all(
          `SELECT po.id AS grp, count(DISTINCT i.order_id) AS orders,
                  count(DISTINCT CASE WHEN o.state = 'completed' THEN o.id END) AS completed,
                  count(DISTINCT CASE WHEN o.state IN ('failed', 'cancelled', 'rejected') THEN o.id END) AS failed
           FROM product_offerings po
           LEFT JOIN product_order_items i ON i.product_offering_id = po.id
           LEFT JOIN product_orders o ON o.id = i.order_id AND o.created_at >= $1
           GROUP BY po.id ORDER BY po.id`,
          since,
        ),
        'offering:',
      ),
    }),
    serviceProblems: async (since) => ({
      // Correlated problems are counted once, on the problem they were correlated with.
      sources: ['service_problems'],
      rows: [
        ...grouped(
          await all(
            `SELECT s.cfs_spec_id AS grp, count(*) AS problems,
                    avg(${hours('p.started_at', 'p.restored_at')}) FILTER (WHERE p.restored_at IS NOT NULL) AS "meanHoursToRestore",
                    count(*) FILTER (WHERE p.state NOT IN ('resolved', 'closed', 'cancelled', 'rejected')) AS open
             FROM service_problems p JOIN services s ON s.id = p.service_id
             WHERE p.created_at >= $1 AND p.correlated_with IS NULL GROUP BY s.cfs_spec_id ORDER BY grp`,
            since,
          ),
          'class:',
        ),
        ...grouped(
          await all(
            `SELECT service_id AS grp, count(*) AS problems FROM service_problems
             WHERE created_at >= $1 AND correlated_with IS NULL GROUP BY service_id ORDER BY grp`,
            since,
          ),
          'service:',
        ),
      ],
    }),
    customerQos: async (since) => ({
      sources: ['service_outages', 'sla_credits', 'services'],
      rows: grouped(
        await all(
          `SELECT c.id AS grp,
                  (SELECT count(*) FROM services s WHERE s.customer_id = c.id AND s.state = 'active') AS services,
                  (SELECT COALESCE(sum(${minutesSince('o')}), 0)
                     FROM service_outages o WHERE o.customer_id = c.id AND o.restored_at >= $1) AS "outageMinutes",
                  (SELECT count(*) FROM sla_credits k
                    WHERE k.customer_id = c.id AND k.created_at >= $1 AND k.state <> 'cancelled') AS "slaCredits",
                  (SELECT COALESCE(sum(amount_minor), 0) FROM sla_credits k
                    WHERE k.customer_id = c.id AND k.created_at >= $1 AND k.state <> 'cancelled') AS "creditMinor"
           FROM customers c WHERE EXISTS (SELECT 1 FROM services s WHERE s.customer_id = c.id AND s.state = 'active')
           ORDER BY c.id`,
          since,
        ),
        'customer:',
      ),
    }),
    serviceQuality: async (since) => ({
      sources: ['services', 'service_outages', 'service_tests'],
      rows: grouped(
        await all(
          `SELECT s.cfs_spec_id AS grp, count(*) AS services,
                  (SELECT COALESCE(sum(${minutesSince('o')}), 0)
                     FROM service_outages o JOIN services s2 ON s2.id = o.service_id
                    WHERE s2.cfs_spec_id = s.cfs_spec_id AND o.restored_at >= $1) AS "outageMinutes",
                  (SELECT count(*) FROM service_tests t JOIN services s3 ON s3.id = t.service_id
                    WHERE s3.cfs_spec_id = s.cfs_spec_id AND t.at >= $1) AS tests,
                  (SELECT count(*) FROM service_tests t JOIN services s4 ON s4.id = t.service_id
                    WHERE s4.cfs_spec_id = s.cfs_spec_id AND t.at >= $1 AND NOT t.passed) AS "failedTests"
           FROM services s WHERE s.state = 'active' GROUP BY s.cfs_spec_id ORDER BY grp`,
          since,
        ),
        'class:',
      ),
    }),
    salesChannels: async (since) => ({
      sources: ['product_orders'],
      rows: grouped(
        await all(
          `SELECT o.channel || '/' || c.segment AS grp, count(*) AS orders,
                  count(*) FILTER (WHERE o.state = 'completed') AS completed,
                  COALESCE(sum(o.recurring_minor) FILTER (WHERE o.state = 'completed'), 0) AS "recurringRevenueMinor"
           FROM product_orders o JOIN customers c ON c.id = o.customer_id
           WHERE o.created_at >= $1 GROUP BY o.channel, c.segment ORDER BY grp`,
          since,
        ),
        'channel:',
      ),
    }),
    campaigns: async (since) => ({
      sources: ['campaign_plans', 'campaigns', 'leads'],
      rows: [
        ...grouped(
          await all(
            `SELECT region || '/' || product_offering_id AS grp, count(*) AS planned,
                    (SELECT count(*) FROM product_orders o JOIN product_order_items i ON i.order_id = o.id
                      WHERE i.region = cp.region AND i.product_offering_id = cp.product_offering_id
                        AND o.created_at >= min(cp.created_at)) AS "ordersSince"
             FROM campaign_plans cp WHERE created_at >= $1 GROUP BY region, product_offering_id ORDER BY grp`,
            since,
          ),
          'plan:',
        ),
        // Campaigns run by Marketing Fulfilment Response, and their leads.
        ...grouped(
          await all(
            `SELECT campaign_id AS grp, count(*) AS leads,
                    count(*) FILTER (WHERE state IN ('converted', 'won', 'qualified', 'ordered')) AS converted
             FROM leads GROUP BY campaign_id ORDER BY campaign_id`,
          ),
          'campaign:',
        ),
      ],
    }),
    requisitions: async (since) => ({
      sources: ['partner_orders', 'partner_order_events'],
      rows: grouped(
        await all(
          // expected_delivery is the date the supplier gave, compared as text with now, as the SQLite store does.
          `SELECT COALESCE(o.supplier_id, 'unassigned') AS grp, count(*) AS orders,
                  count(*) FILTER (WHERE o.state IN ('rejected', 'failed')) AS refused,
                  count(*) FILTER (WHERE o.expected_delivery IS NOT NULL AND o.expected_delivery < $2
                    AND o.state NOT IN ('delivered', 'accepted', 'cancelled', 'failed', 'rejected')) AS late,
                  avg((SELECT ${hours('min(p.at)', 'min(a.at)')} FROM partner_order_events p JOIN partner_order_events a
                        ON a.partner_order_id = p.partner_order_id AND a.kind IN ('acknowledged', 'rejected') AND a.at >= p.at
                       WHERE p.partner_order_id = o.id AND p.kind = 'placed')) AS "meanResponseHours"
           FROM partner_orders o WHERE o.created_at >= $1 GROUP BY grp ORDER BY grp`,
          since,
          clock().toISOString(),
        ),
        'supplier:',
      ),
    }),
    partnerProblems: async (since) => ({
      sources: ['partner_problems'],
      rows: grouped(
        await all(
          `SELECT supplier_id AS grp, count(*) AS problems, count(*) FILTER (WHERE escalated) AS escalated,
                  sum(reopened) AS reopened,
                  avg(${hours('reported_at', 'resolved_at')}) FILTER (WHERE resolved_at IS NOT NULL) AS "meanHoursToResolve"
           FROM partner_problems WHERE reported_at >= $1 GROUP BY supplier_id ORDER BY grp`,
          since,
        ),
        'supplier:',
      ),
    }),
    supplierPerformance: async (since) => ({
      sources: ['supplier_performance'],
      rows: grouped(
        await all(
          // The period as the caller gave it: compared as text, as the SQLite store does.
          `SELECT supplier_id AS grp, count(*) AS periods, count(*) FILTER (WHERE NOT sla_met) AS "slaBreaches",
                  avg(availability_bp) AS "meanAvailabilityBp", sum(problems) AS problems
           FROM supplier_performance WHERE period_end >= $1 GROUP BY supplier_id ORDER BY grp`,
          since,
        ),
        'supplier:',
      ),
    }),
  };

  return {
    async trend(name, since) {
      const run = trends[name];
      if (!run) throw new Error(`trend ${name} is not on PostgreSQL yet: it reads ${NOT_YET[name]}`);
      return run(since);
    },
  };
}
