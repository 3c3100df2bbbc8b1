import { grouped, hours, type Query, type Trends } from './operational-trends-sql';

/**
 * The trends of customer assurance and billing on PostgreSQL (part of operational-trends.ts):
 * trouble tickets per region with the technicians there, billing inquiries per region, and
 * resource troubles per resource — the figures the SQLite adapter computes from the same rows.
 */

/** A contact or request about a bill, as SQLite's case-blind LIKE finds it (ILIKE here). */
const aboutBills = (k: string) => `(${k}.reason ILIKE '%bill%' OR ${k}.reason ILIKE '%invoice%')`;

export const assuranceTrends = (all: Query): Trends<'troubleTickets' | 'billingInquiries' | 'resourceTroubles'> => ({
  troubleTickets: async (since) => ({
    // Tickets linked to one already open are counted once, on that one.
    sources: ['trouble_tickets'],
    rows: grouped(
      await all(
        `SELECT c.region AS grp, count(*) AS tickets,
                count(*) FILTER (WHERE t.urgency IN ('critical', 'high')) AS urgent,
                count(*) FILTER (WHERE t.resolved_at IS NOT NULL) AS resolved,
                avg(${hours('t.created_at', 't.resolved_at')}) FILTER (WHERE t.resolved_at IS NOT NULL) AS "meanHoursToResolve",
                (SELECT count(*) FROM technicians te WHERE te.region = c.region AND te.available) AS technicians
         FROM trouble_tickets t JOIN customers c ON c.id = t.customer_id
         WHERE t.created_at >= $1 AND t.linked_to IS NULL GROUP BY c.region ORDER BY c.region`,
        since,
      ),
      'region:',
    ),
  }),
  billingInquiries: async (since) => {
    // Inquiries reach us as contacts and requests, and as billing's own inquiries: one figure.
    const rows = await all(
      `SELECT c.region AS grp,
              (SELECT count(*) FROM billing_accounts b JOIN customers c2 ON c2.id = b.customer_id
                WHERE c2.region = c.region) AS accounts,
              (SELECT count(*) FROM contacts k JOIN customers c3 ON c3.id = k.customer_id
                WHERE c3.region = c.region AND k.opened_at >= $1 AND ${aboutBills('k')})
              + (SELECT count(*) FROM customer_requests q JOIN customers c5 ON c5.id = q.customer_id
                WHERE c5.region = c.region AND q.created_at >= $1 AND q.request_type ILIKE '%bill%')
              + (SELECT count(*) FROM billing_inquiries x JOIN customers c6 ON c6.id = x.customer_id
                WHERE c6.region = c.region AND x.created_at >= $1) AS inquiries,
              (SELECT count(*) FROM contacts k JOIN customers c4 ON c4.id = k.customer_id
                WHERE c4.region = c.region AND k.opened_at >= $1 AND ${aboutBills('k')}
                  AND (k.reason ILIKE '%complain%' OR k.summary ILIKE '%complain%' OR k.summary ILIKE '%dispute%')) AS complaints,
              (SELECT count(*) FROM customer_requests q JOIN customers c5 ON c5.id = q.customer_id
                WHERE c5.region = c.region AND q.created_at >= $1 AND q.request_type ILIKE '%bill%') AS requests
       FROM customers c GROUP BY c.region ORDER BY c.region`,
      since,
    );
    return { sources: ['contacts', 'customer_requests', 'billing_inquiries'], rows: grouped(rows, 'region:') };
  },
  resourceTroubles: async (since) => ({
    sources: ['resource_troubles'],
    rows: grouped(
      await all(
        `SELECT resource_id AS grp, count(*) AS troubles,
                count(*) FILTER (WHERE state NOT IN ('resolved', 'closed', 'cancelled')) AS open
         FROM resource_troubles WHERE created_at >= $1 GROUP BY resource_id ORDER BY grp`,
        since,
      ),
      'resource:',
    ),
  }),
});
