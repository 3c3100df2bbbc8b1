import type { Clock } from '../../ports/clock';
import type { Figures } from '../../domain/readiness/report';
import type { OperationalTrendPort, Trend, TrendName } from '../../ports/operational-trends';
import type { Db } from './database';
import { type Row, rowsOf } from './readiness-sql';

const hours = (from: string, to: string) => `((julianday(${to}) - julianday(${from})) * 24.0)`;

/** Rows → trend rows: the group column becomes the label, every other numeric column a figure. */
const grouped = (rows: Row[], prefix = '') =>
  rows.map((r) => {
    const figures: Figures = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'grp' && typeof v === 'number') figures[k] = v;
    for (const [k, v] of Object.entries(r)) if (k !== 'grp' && v === null) figures[k] = 0;
    return { group: `${prefix}${String(r['grp'])}`, figures };
  });

const trendOf = (sources: string[], rows: Trend['rows']): Trend => ({ sources, rows });

export function createSqliteOperationalTrends(db: Db, clock: Clock): OperationalTrendPort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);

  const trends: Record<TrendName, (since: string) => Trend> = {
    contacts: (since) =>
      trendOf(
        ['contacts'],
        [
          ...grouped(
            all(
              `SELECT channel AS grp, COUNT(*) AS contacts, AVG(duration_seconds) AS meanDurationSeconds,
                    SUM(closed_at IS NULL) AS open
             FROM contacts WHERE opened_at >= ? GROUP BY channel ORDER BY channel`,
              since,
            ),
            'channel:',
          ),
          ...grouped(
            all(
              `SELECT reason AS grp, COUNT(*) AS contacts, AVG(duration_seconds) AS meanDurationSeconds
             FROM contacts WHERE opened_at >= ? GROUP BY reason ORDER BY reason`,
              since,
            ),
            'reason:',
          ),
        ],
      ),
    orders: (since) =>
      trendOf(
        ['product_orders', 'order_jeopardies'],
        grouped(
          all(
            `SELECT channel AS grp, COUNT(*) AS orders,
                    SUM(state = 'completed') AS completed,
                    SUM(state IN ('cancelled', 'failed', 'rejected')) AS cancelled,
                    AVG(CASE WHEN completed_at IS NOT NULL THEN ${hours('created_at', 'completed_at')} END) AS meanCycleHours,
                    (SELECT COUNT(*) FROM order_jeopardies j JOIN product_orders o2 ON o2.id = j.order_id
                      WHERE o2.channel = po.channel AND j.detected_at >= ?) AS jeopardies
             FROM product_orders po WHERE created_at >= ? GROUP BY channel ORDER BY channel`,
            since,
            since,
          ),
          'channel:',
        ),
      ),
    troubleTickets: (since) =>
      trendOf(
        ['trouble_tickets'],
        grouped(
          all(
            `SELECT c.region AS grp, COUNT(*) AS tickets,
                    SUM(t.urgency IN ('critical', 'high')) AS urgent,
                    SUM(t.resolved_at IS NOT NULL) AS resolved,
                    AVG(CASE WHEN t.resolved_at IS NOT NULL THEN ${hours('t.created_at', 't.resolved_at')} END) AS meanHoursToResolve,
                    (SELECT COUNT(*) FROM technicians te WHERE te.region = c.region AND te.available = 1) AS technicians
             FROM trouble_tickets t JOIN customers c ON c.id = t.customer_id
             WHERE t.created_at >= ? AND t.linked_to IS NULL GROUP BY c.region ORDER BY c.region`,
            since,
          ),
          'region:',
        ),
      ),
    billingInquiries: (since) => {
      // Inquiries reach us as contacts and requests, and as billing's own inquiries.
      const billingInquiries = db
        .prepare(
          `SELECT COUNT(*) FROM billing_inquiries x JOIN customers c ON c.id = x.customer_id WHERE c.region = ? AND x.created_at >= ?`,
        )
        .pluck();
      const rows = all(
        `SELECT c.region AS grp,
                (SELECT COUNT(*) FROM billing_accounts b JOIN customers c2 ON c2.id = b.customer_id WHERE c2.region = c.region) AS accounts,
                (SELECT COUNT(*) FROM contacts k JOIN customers c3 ON c3.id = k.customer_id
                  WHERE c3.region = c.region AND k.opened_at >= ? AND (k.reason LIKE '%bill%' OR k.reason LIKE '%invoice%')) AS inquiries,
                (SELECT COUNT(*) FROM contacts k JOIN customers c4 ON c4.id = k.customer_id
                  WHERE c4.region = c.region AND k.opened_at >= ? AND (k.reason LIKE '%bill%' OR k.reason LIKE '%invoice%')
                    AND (k.reason LIKE '%complain%' OR k.summary LIKE '%complain%' OR k.summary LIKE '%dispute%')) AS complaints,
                (SELECT COUNT(*) FROM customer_requests q JOIN customers c5 ON c5.id = q.customer_id
                  WHERE c5.region = c.region AND q.created_at >= ? AND q.request_type LIKE '%bill%') AS requests
         FROM customers c GROUP BY c.region ORDER BY c.region`,
        since,
        since,
        since,
      );
      for (const r of rows)
        r['inquiries'] =
          Number(r['inquiries']) + Number(r['requests']) + (billingInquiries.get(String(r['grp']), since) as number);
      return { sources: ['contacts', 'customer_requests', 'billing_inquiries'], rows: grouped(rows, 'region:') };
    },
    retention: (since) =>
      trendOf(
        ['customers', 'products'],
        grouped(
          all(
            `SELECT segment AS grp,
                    SUM(status = 'active') AS active, SUM(status = 'terminated') AS lost,
                    SUM(created_at >= ? AND status <> 'prospect') AS acquired, SUM(status = 'prospect') AS prospects,
                    (SELECT COUNT(*) FROM products p JOIN customers c2 ON c2.id = p.customer_id
                      WHERE c2.segment = c.segment AND p.status = 'terminated') AS productsTerminated
             FROM customers c GROUP BY segment ORDER BY segment`,
            since,
          ),
          'segment:',
        ),
      ),
    offeringOrders: (since) =>
      trendOf(
        ['product_orders', 'product_order_items'],
        grouped(
          all(
            `SELECT po.id AS grp, COUNT(DISTINCT i.order_id) AS orders,
                    COUNT(DISTINCT CASE WHEN o.state = 'completed' THEN o.id END) AS completed,
                    COUNT(DISTINCT CASE WHEN o.state IN ('failed', 'cancelled', 'rejected') THEN o.id END) AS failed
             FROM product_offerings po
             LEFT JOIN product_order_items i ON i.product_offering_id = po.id
             LEFT JOIN product_orders o ON o.id = i.order_id AND o.created_at >= ?
             GROUP BY po.id ORDER BY po.id`,
            since,
          ),
          'offering:',
        ),
      ),
    salesChannels: (since) =>
      trendOf(
        ['product_orders'],
        grouped(
          all(
            `SELECT o.channel || '/' || c.segment AS grp, COUNT(*) AS orders, SUM(o.state = 'completed') AS completed,
                    SUM(CASE WHEN o.state = 'completed' THEN o.recurring_minor ELSE 0 END) AS recurringRevenueMinor
             FROM product_orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.created_at >= ? GROUP BY o.channel, c.segment ORDER BY grp`,
            since,
          ),
          'channel:',
        ),
      ),
    customerQos: (since) =>
      trendOf(
        ['service_outages', 'sla_credits', 'services'],
        grouped(
          all(
            `SELECT c.id AS grp,
                    (SELECT COUNT(*) FROM services s WHERE s.customer_id = c.id AND s.state = 'active') AS services,
                    (SELECT COALESCE(SUM((julianday(o.restored_at) - julianday(MAX(o.started_at, ?))) * 1440), 0)
                       FROM service_outages o WHERE o.customer_id = c.id AND o.restored_at >= ?) AS outageMinutes,
                    (SELECT COUNT(*) FROM sla_credits k WHERE k.customer_id = c.id AND k.created_at >= ? AND k.state <> 'cancelled') AS slaCredits,
                    (SELECT COALESCE(SUM(amount_minor), 0) FROM sla_credits k WHERE k.customer_id = c.id AND k.created_at >= ? AND k.state <> 'cancelled') AS creditMinor
             FROM customers c WHERE EXISTS (SELECT 1 FROM services s WHERE s.customer_id = c.id AND s.state = 'active')
             ORDER BY c.id`,
            since,
            since,
            since,
            since,
          ),
          'customer:',
        ),
      ),
    campaigns: (since) => {
      const planned = grouped(
        all(
          `SELECT region || '/' || product_offering_id AS grp, COUNT(*) AS planned,
                  (SELECT COUNT(*) FROM product_orders o JOIN product_order_items i ON i.order_id = o.id
                    WHERE i.region = cp.region AND i.product_offering_id = cp.product_offering_id AND o.created_at >= MIN(cp.created_at)) AS ordersSince
           FROM campaign_plans cp WHERE created_at >= ? GROUP BY region, product_offering_id ORDER BY grp`,
          since,
        ),
        'plan:',
      );
      // Campaigns run by Marketing Fulfilment Response, and their leads.
      const run = grouped(
        all(
          `SELECT campaign_id AS grp, COUNT(*) AS leads,
                  SUM(state IN ('converted', 'won', 'qualified', 'ordered')) AS converted
           FROM leads GROUP BY campaign_id ORDER BY campaign_id`,
        ),
        'campaign:',
      );
      return { sources: ['campaign_plans', 'campaigns', 'leads'], rows: [...planned, ...run] };
    },
    serviceProblems: (since) =>
      trendOf(
        ['service_problems'],
        [
          ...grouped(
            all(
              `SELECT s.cfs_spec_id AS grp, COUNT(*) AS problems,
                    AVG(CASE WHEN p.restored_at IS NOT NULL THEN ${hours('p.started_at', 'p.restored_at')} END) AS meanHoursToRestore,
                    SUM(p.state NOT IN ('resolved', 'closed', 'cancelled', 'rejected')) AS open
             FROM service_problems p JOIN services s ON s.id = p.service_id
             WHERE p.created_at >= ? AND p.correlated_with IS NULL GROUP BY s.cfs_spec_id ORDER BY grp`,
              since,
            ),
            'class:',
          ),
          ...grouped(
            all(
              `SELECT service_id AS grp, COUNT(*) AS problems FROM service_problems
             WHERE created_at >= ? AND correlated_with IS NULL GROUP BY service_id ORDER BY grp`,
              since,
            ),
            'service:',
          ),
        ],
      ),
    serviceQuality: (since) =>
      trendOf(
        ['services', 'service_outages', 'service_tests'],
        grouped(
          all(
            `SELECT s.cfs_spec_id AS grp, COUNT(*) AS services,
                    (SELECT COALESCE(SUM((julianday(o.restored_at) - julianday(MAX(o.started_at, ?))) * 1440), 0)
                       FROM service_outages o JOIN services s2 ON s2.id = o.service_id
                      WHERE s2.cfs_spec_id = s.cfs_spec_id AND o.restored_at >= ?) AS outageMinutes,
                    (SELECT COUNT(*) FROM service_tests t JOIN services s3 ON s3.id = t.service_id
                      WHERE s3.cfs_spec_id = s.cfs_spec_id AND t.at >= ?) AS tests,
                    (SELECT COUNT(*) FROM service_tests t JOIN services s4 ON s4.id = t.service_id
                      WHERE s4.cfs_spec_id = s.cfs_spec_id AND t.at >= ? AND t.passed = 0) AS failedTests
             FROM services s WHERE s.state = 'active' GROUP BY s.cfs_spec_id ORDER BY grp`,
            since,
            since,
            since,
            since,
          ),
          'class:',
        ),
      ),
    resourceTroubles: (since) =>
      trendOf(
        ['resource_troubles'],
        grouped(
          all(
            `SELECT resource_id AS grp, COUNT(*) AS troubles,
                    SUM(state NOT IN ('resolved', 'closed', 'cancelled')) AS open
             FROM resource_troubles WHERE created_at >= ? GROUP BY resource_id ORDER BY grp`,
            since,
          ),
          'resource:',
        ),
      ),
    requisitions: (since) =>
      trendOf(
        ['partner_orders', 'partner_order_events'],
        grouped(
          all(
            `SELECT COALESCE(o.supplier_id, 'unassigned') AS grp, COUNT(*) AS orders,
                    SUM(o.state IN ('rejected', 'failed')) AS refused,
                    SUM(o.expected_delivery IS NOT NULL AND o.expected_delivery < ? AND o.state NOT IN ('delivered', 'accepted', 'cancelled', 'failed', 'rejected')) AS late,
                    AVG((SELECT ${hours('p.at', 'MIN(a.at)')} FROM partner_order_events p JOIN partner_order_events a
                          ON a.partner_order_id = p.partner_order_id AND a.kind IN ('acknowledged', 'rejected') AND a.at >= p.at
                         WHERE p.partner_order_id = o.id AND p.kind = 'placed')) AS meanResponseHours
             FROM partner_orders o WHERE o.created_at >= ? GROUP BY grp ORDER BY grp`,
            now(),
            since,
          ),
          'supplier:',
        ),
      ),
    partnerProblems: (since) =>
      trendOf(
        ['partner_problems'],
        grouped(
          all(
            `SELECT supplier_id AS grp, COUNT(*) AS problems, SUM(escalated) AS escalated, SUM(reopened) AS reopened,
                    AVG(CASE WHEN resolved_at IS NOT NULL THEN ${hours('reported_at', 'resolved_at')} END) AS meanHoursToResolve
             FROM partner_problems WHERE reported_at >= ? GROUP BY supplier_id ORDER BY grp`,
            since,
          ),
          'supplier:',
        ),
      ),
    supplierPerformance: (since) =>
      trendOf(
        ['supplier_performance'],
        grouped(
          all(
            `SELECT supplier_id AS grp, COUNT(*) AS periods, SUM(sla_met = 0) AS slaBreaches,
                    AVG(availability_bp) AS meanAvailabilityBp, SUM(problems) AS problems
             FROM supplier_performance WHERE period_end >= ? GROUP BY supplier_id ORDER BY grp`,
            since,
          ),
          'supplier:',
        ),
      ),
    settlements: (since) => {
      // What we owe suppliers for what they delivered and we accepted (1.F.4.2.4), at contract price;
      // settlements and open disputes from billing.
      const settled = db.prepare('SELECT COUNT(*) FROM supplier_settlements WHERE supplier_id = ?').pluck();
      const openDisputes = db
        .prepare(
          `SELECT COUNT(*) FROM supplier_disputes d JOIN supplier_invoices i ON i.id = d.invoice_id
           WHERE i.supplier_id = ? AND d.state = 'open'`,
        )
        .pluck();
      const rows = all(
        `SELECT s.id AS grp,
                (SELECT COUNT(*) FROM supplier_contracts k WHERE k.supplier_id = s.id) AS contracts,
                (SELECT COUNT(*) FROM supplier_contracts k WHERE k.supplier_id = s.id AND k.revenue_share_pct > 0) AS revenueShareContracts,
                (SELECT COALESCE(SUM(k.price_minor * o.quantity), 0) FROM partner_orders o JOIN supplier_contracts k ON k.id = o.contract_id
                  WHERE o.supplier_id = s.id AND o.state IN ('accepted', 'ceased') AND o.updated_at >= ?) AS payableMinor
         FROM suppliers s ORDER BY s.id`,
        since,
      );
      for (const r of rows) {
        r['settlements'] = settled.get(r['grp']) as number;
        r['disputes'] = openDisputes.get(r['grp']) as number;
      }
      return {
        sources: ['supplier_contracts', 'partner_orders', 'supplier_settlements'],
        rows: grouped(rows, 'supplier:'),
      };
    },
    partnerContacts: (since) => {
      const unansweredProblems = db
        .prepare(`SELECT COUNT(*) FROM partner_problems WHERE supplier_id = ? AND state = 'reported'`)
        .pluck();
      const rows = all(
        `SELECT s.id AS grp,
                (SELECT COUNT(*) FROM partner_order_events e JOIN partner_orders o ON o.id = e.partner_order_id
                  WHERE o.supplier_id = s.id AND e.at >= ?) AS orderExchanges,
                (SELECT COUNT(*) FROM notifications n WHERE n.recipient = s.email AND n.created_at >= ?) AS notifications,
                (SELECT COUNT(*) FROM partner_orders o WHERE o.supplier_id = s.id AND o.state NOT IN ('accepted', 'ceased', 'cancelled', 'failed', 'rejected')
                  AND EXISTS (SELECT 1 FROM partner_order_events e WHERE e.partner_order_id = o.id AND e.kind = 'placed')
                  AND NOT EXISTS (SELECT 1 FROM partner_order_events e WHERE e.partner_order_id = o.id AND e.kind IN ('acknowledged', 'rejected', 'delivered'))) AS unansweredOrders,
                (SELECT COUNT(*) FROM supplier_contracts k WHERE k.supplier_id = s.id AND k.valid_until >= ?) AS validContracts,
                (SELECT MIN(julianday(k.valid_until) - julianday(?)) FROM supplier_contracts k WHERE k.supplier_id = s.id) AS minContractDaysLeft,
                length(s.email) > 3 AS hasContact
         FROM suppliers s ORDER BY s.id`,
        since,
        since,
        now().slice(0, 10),
        now(),
      );
      for (const r of rows) r['unansweredProblems'] = unansweredProblems.get(r['grp']) as number;
      return {
        sources: ['partner_order_events', 'notifications', 'supplier_contracts', 'partner_problems'],
        rows: grouped(rows, 'supplier:'),
      };
    },
  };

  return {
    async trend(name, since) {
      return trends[name](since);
    },
  };
}
