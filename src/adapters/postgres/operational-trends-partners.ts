import type { Clock } from '../../ports/clock';
import { grouped, hours, type Query, type Trends } from './operational-trends-sql';

/**
 * The trends of suppliers and partners on PostgreSQL (part of operational-trends.ts):
 * requisitions, partner problems, supplier performance, settlements and partner contacts, per
 * supplier — the figures the SQLite adapter computes from the same rows.
 */

/** Partner orders still waiting on the supplier or on us (not ended). */
const OPEN_ORDER = `o.state NOT IN ('accepted', 'ceased', 'cancelled', 'failed', 'rejected')`;

export const partnerTrends = (
  all: Query,
  clock: Clock,
): Trends<'requisitions' | 'partnerProblems' | 'supplierPerformance' | 'settlements' | 'partnerContacts'> => ({
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
  settlements: async (since) => ({
    // What we owe suppliers for what they supplied, from contracts; settlements and open disputes from billing.
    // Payable: partner orders delivered and accepted (1.F.4.2.4; ceased ones were), at contract price.
    sources: ['supplier_contracts', 'partner_orders', 'supplier_settlements'],
    rows: grouped(
      await all(
        `SELECT s.id AS grp,
                (SELECT count(*) FROM supplier_contracts k WHERE k.supplier_id = s.id) AS contracts,
                (SELECT count(*) FROM supplier_contracts k
                  WHERE k.supplier_id = s.id AND k.revenue_share_pct > 0) AS "revenueShareContracts",
                (SELECT COALESCE(sum(k.price_minor * o.quantity), 0)
                   FROM partner_orders o JOIN supplier_contracts k ON k.id = o.contract_id
                  WHERE o.supplier_id = s.id AND o.state IN ('accepted', 'ceased') AND o.updated_at >= $1) AS "payableMinor",
                (SELECT count(*) FROM supplier_settlements x WHERE x.supplier_id = s.id) AS settlements,
                (SELECT count(*) FROM supplier_disputes d JOIN supplier_invoices i ON i.id = d.invoice_id
                  WHERE i.supplier_id = s.id AND d.state = 'open') AS disputes
         FROM suppliers s ORDER BY s.id`,
        since,
      ),
      'supplier:',
    ),
  }),
  partnerContacts: async (since) => {
    const now = clock().toISOString();
    return {
      sources: ['partner_order_events', 'notifications', 'supplier_contracts', 'partner_problems'],
      rows: grouped(
        await all(
          // A contract runs to the start (UTC) of its last day, as SQLite's julianday of a date reads it.
          `SELECT s.id AS grp,
                  (SELECT count(*) FROM partner_order_events e JOIN partner_orders o ON o.id = e.partner_order_id
                    WHERE o.supplier_id = s.id AND e.at >= $1) AS "orderExchanges",
                  (SELECT count(*) FROM notifications n WHERE n.recipient = s.email AND n.created_at >= $1) AS notifications,
                  (SELECT count(*) FROM partner_orders o WHERE o.supplier_id = s.id AND ${OPEN_ORDER}
                    AND EXISTS (SELECT 1 FROM partner_order_events e WHERE e.partner_order_id = o.id AND e.kind = 'placed')
                    AND NOT EXISTS (SELECT 1 FROM partner_order_events e
                      WHERE e.partner_order_id = o.id AND e.kind IN ('acknowledged', 'rejected', 'delivered'))) AS "unansweredOrders",
                  (SELECT count(*) FROM supplier_contracts k
                    WHERE k.supplier_id = s.id AND k.valid_until >= $2::date) AS "validContracts",
                  (SELECT min(EXTRACT(EPOCH FROM (k.valid_until::timestamp - ($3::timestamptz AT TIME ZONE 'UTC'))) / 86400.0)
                     FROM supplier_contracts k WHERE k.supplier_id = s.id) AS "minContractDaysLeft",
                  (length(s.email) > 3)::int AS "hasContact",
                  (SELECT count(*) FROM partner_problems p
                    WHERE p.supplier_id = s.id AND p.state = 'reported') AS "unansweredProblems"
           FROM suppliers s ORDER BY s.id`,
          since,
          now.slice(0, 10),
          now,
        ),
        'supplier:',
      ),
    };
  },
});
