import { type Clock, systemClock } from '../../ports/clock';
import type { OperationalTrendPort } from '../../ports/operational-trends';
import type { Pool } from './database';
import { assuranceTrends } from './operational-trends-assurance';
import { partnerTrends } from './operational-trends-partners';
import { grouped, hours, minutesSince, queryOf, type Trends } from './operational-trends-sql';

/**
 * The operational trends on PostgreSQL, every one as the SQLite adapter
 * (src/adapters/sqlite/operational-trends.ts) computes it from the same rows: contacts, orders,
 * retention, orders per offering, sales channels, service problems, customer QoS, service quality
 * and campaigns here; trouble tickets, billing inquiries and resource troubles in
 * operational-trends-assurance.ts; requisitions, partner problems, supplier performance,
 * settlements and partner contacts in operational-trends-partners.ts.
 */

type CustomerTrends = Exclude<
  keyof Trends,
  keyof ReturnType<typeof assuranceTrends> | keyof ReturnType<typeof partnerTrends>
>;

export function createPostgresOperationalTrends(pool: Pool, clock: Clock = systemClock): OperationalTrendPort {
  const all = queryOf(pool);

  const customerTrends: Trends<CustomerTrends> = {
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
  };

  // Typed as every trend: one missing from the three parts does not compile.
  const trends: Trends = { ...customerTrends, ...assuranceTrends(all), ...partnerTrends(all, clock) };

  return {
    async trend(name, since) {
      return trends[name](since);
    },
  };
}
