import type { Clock } from '../../ports/clock';
import type { Figures, Objective } from '../../domain/readiness/report';
import type {
  AcceptanceItem,
  ClassSample,
  MaintenanceJob,
  NumberBlock,
  ReadinessPort,
  Shortfall,
  Trend,
  TrendName,
} from '../../ports/readiness';
import { discoverNetwork } from '../../simulators/discovery';
import { type Db, json, nextId, once } from './database';

type Row = Record<string, string | number | null>;

/** Who is told of a readiness action, by the layer of the process that raised it. */
const ACTION_OWNER: Record<string, string> = {
  '1': 'crm-operations@operator.example',
  '2': 'service-operations@operator.example',
  '3': 'resource-operations@operator.example',
  '4': 'supplier-relations@operator.example',
};

/** What one installation of capacity adds, by resource class (the embedded default's "RD&M"). */
const CAPACITY_UNIT: Record<string, number> = {
  'RS-ACCESS-PORT': 8,
  'RS-VOICE-PORT': 8,
  'RS-CPE-ROUTER': 4,
  'RS-ACCESS-CIRCUIT': 4,
  'RS-VLAN': 20,
};

const hours = (from: string, to: string) => `((julianday(${to}) - julianday(${from})) * 24.0)`;

export function createSqliteReadiness(db: Db, clock: Clock): ReadinessPort {
  const now = () => clock().toISOString();
  const hasTable = (t: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
  const hasColumns = (t: string, ...cols: string[]) => {
    if (!hasTable(t)) return false;
    const present = new Set(
      (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name),
    );
    return cols.every((c) => present.has(c));
  };
  const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Row[];
  /** Rows → trend rows: the group column becomes the label, every other numeric column a figure. */
  const grouped = (rows: Row[], prefix = '') =>
    rows.map((r) => {
      const figures: Figures = {};
      for (const [k, v] of Object.entries(r)) if (k !== 'grp' && typeof v === 'number') figures[k] = v;
      for (const [k, v] of Object.entries(r)) if (k !== 'grp' && v === null) figures[k] = 0;
      return { group: `${prefix}${String(r['grp'])}`, figures };
    });
  /** A trend over tables that may not exist yet (other processes' migrations): absent = no data. */
  const defensive = (tables: string[], build: () => Trend['rows']): Trend => {
    const missing = tables.filter((t) => !hasTable(t));
    return { sources: tables.filter((t) => !missing.includes(t)), missing, rows: missing.length ? [] : build() };
  };

  const trends: Record<TrendName, (since: string) => Trend> = {
    contacts: (since) =>
      defensive(['contacts'], () => [
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
      ]),
    orders: (since) =>
      defensive(['product_orders', 'order_jeopardies'], () =>
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
      defensive(['trouble_tickets'], () =>
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
      // Inquiries reach us as contacts and requests; billing's own inquiry table adds to them if it has one.
      const extra = ['billing_inquiries', 'bill_inquiries', 'billing_disputes'].find((t) =>
        hasColumns(t, 'customer_id', 'created_at'),
      );
      const extraCount = (region: string) =>
        extra
          ? (db
              .prepare(
                `SELECT COUNT(*) FROM ${extra} x JOIN customers c ON c.id = x.customer_id WHERE c.region = ? AND x.created_at >= ?`,
              )
              .pluck()
              .get(region, since) as number)
          : 0;
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
        r['inquiries'] = Number(r['inquiries']) + Number(r['requests']) + extraCount(String(r['grp']));
      return {
        sources: ['contacts', 'customer_requests', ...(extra ? [extra] : [])],
        missing: [],
        rows: grouped(rows, 'region:'),
      };
    },
    retention: (since) =>
      defensive(['customers', 'products'], () =>
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
      defensive(['product_orders', 'product_order_items'], () =>
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
      defensive(['product_orders'], () =>
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
      defensive(['service_outages', 'sla_credits', 'services'], () =>
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
      // Campaigns run by Marketing Fulfilment Response and their leads, when that store has them.
      const status = ['status', 'state'].find((c) => hasColumns('leads', 'campaign_id', c));
      const run =
        hasTable('campaigns') && status
          ? grouped(
              all(
                `SELECT campaign_id AS grp, COUNT(*) AS leads,
                        SUM(${status} IN ('converted', 'won', 'qualified', 'ordered')) AS converted
                 FROM leads GROUP BY campaign_id ORDER BY campaign_id`,
              ),
              'campaign:',
            )
          : [];
      return {
        sources: ['campaign_plans', ...(run.length || status ? ['campaigns', 'leads'] : [])],
        missing: hasTable('campaigns') && status ? [] : ['campaigns', 'leads'].filter((t) => !hasTable(t)),
        rows: [...planned, ...run],
      };
    },
    serviceProblems: (since) =>
      defensive(['service_problems'], () => [
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
      ]),
    serviceQuality: (since) =>
      defensive(['services', 'service_outages', 'service_tests'], () =>
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
      defensive(['resource_troubles'], () =>
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
      defensive(['partner_orders', 'partner_order_events'], () =>
        grouped(
          all(
            `SELECT COALESCE(o.supplier_id, 'unassigned') AS grp, COUNT(*) AS orders,
                    SUM(o.state IN ('rejected', 'failed')) AS refused,
                    SUM(o.expected_delivery IS NOT NULL AND o.expected_delivery < ? AND o.state NOT IN ('completed', 'cancelled', 'failed', 'rejected')) AS late,
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
      defensive(['partner_problems'], () =>
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
      defensive(['supplier_performance'], () =>
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
      // What we owe suppliers for what they delivered, from contracts; disputes if billing keeps settlements.
      const table = ['supplier_settlements', 'partner_settlements', 'settlements'].find((t) =>
        hasColumns(t, 'supplier_id'),
      );
      const disputes =
        hasColumns('supplier_disputes', 'invoice_id', 'state') && hasColumns('supplier_invoices', 'id', 'supplier_id');
      const rows = all(
        `SELECT s.id AS grp,
                (SELECT COUNT(*) FROM supplier_contracts k WHERE k.supplier_id = s.id) AS contracts,
                (SELECT COUNT(*) FROM supplier_contracts k WHERE k.supplier_id = s.id AND k.revenue_share_pct > 0) AS revenueShareContracts,
                (SELECT COALESCE(SUM(k.price_minor * o.quantity), 0) FROM partner_orders o JOIN supplier_contracts k ON k.id = o.contract_id
                  WHERE o.supplier_id = s.id AND o.state = 'completed' AND o.updated_at >= ?) AS payableMinor
         FROM suppliers s ORDER BY s.id`,
        since,
      );
      for (const r of rows) {
        r['settlements'] = table
          ? (db.prepare(`SELECT COUNT(*) FROM ${table} WHERE supplier_id = ?`).pluck().get(r['grp']) as number)
          : 0;
        // Disputes still open with the supplier, on its invoices.
        r['disputes'] = disputes
          ? (db
              .prepare(
                `SELECT COUNT(*) FROM supplier_disputes d JOIN supplier_invoices i ON i.id = d.invoice_id
                 WHERE i.supplier_id = ? AND d.state = 'open'`,
              )
              .pluck()
              .get(r['grp']) as number)
          : 0;
      }
      return {
        sources: ['supplier_contracts', 'partner_orders', ...(table ? [table] : [])],
        missing: table ? [] : ['supplier_settlements'],
        rows: grouped(rows, 'supplier:'),
      };
    },
    partnerContacts: (since) => {
      const problems = hasTable('partner_problems');
      const rows = all(
        `SELECT s.id AS grp,
                (SELECT COUNT(*) FROM partner_order_events e JOIN partner_orders o ON o.id = e.partner_order_id
                  WHERE o.supplier_id = s.id AND e.at >= ?) AS orderExchanges,
                (SELECT COUNT(*) FROM notifications n WHERE n.recipient = s.email AND n.created_at >= ?) AS notifications,
                (SELECT COUNT(*) FROM partner_orders o WHERE o.supplier_id = s.id AND o.state NOT IN ('completed', 'cancelled', 'failed', 'rejected')
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
      for (const r of rows) {
        r['unansweredProblems'] = problems
          ? (db
              .prepare(`SELECT COUNT(*) FROM partner_problems WHERE supplier_id = ? AND state = 'reported'`)
              .pluck()
              .get(r['grp']) as number)
          : 0;
      }
      return {
        sources: [
          'partner_order_events',
          'notifications',
          'supplier_contracts',
          ...(problems ? ['partner_problems'] : []),
        ],
        missing: problems ? [] : ['partner_problems'],
        rows: grouped(rows, 'supplier:'),
      };
    },
  };

  const historyOf = (resourceId: string, from: string, to: string, reason: string) =>
    db
      .prepare(
        `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(resourceId, from, to, reason, now());

  const toShortfall = (r: Row): Shortfall => ({
    id: String(r['id']),
    resourceSpecId: String(r['resource_spec_id']),
    region: String(r['region']),
    available: Number(r['available']),
    total: Number(r['total']),
    state: r['state'] as Shortfall['state'],
    addedResourceIds: json.parse<string[]>(String(r['added_resource_ids'])),
  });
  const shortfall = (id: string) =>
    toShortfall(db.prepare('SELECT * FROM capacity_shortfalls WHERE id = ?').get(id) as Row);
  const acceptanceItem = (resourceId: string): AcceptanceItem => {
    const r = db
      .prepare(
        `SELECT a.*, r.resource_type, r.state AS resource_state FROM resource_acceptance a JOIN resources r ON r.id = a.resource_id
         WHERE a.resource_id = ?`,
      )
      .get(resourceId) as Row;
    return {
      resourceId: String(r['resource_id']),
      resourceType: String(r['resource_type']),
      reason: r['reason'] as AcceptanceItem['reason'],
      source: String(r['source']),
      state: r['state'] as AcceptanceItem['state'],
      resourceState: String(r['resource_state']),
    };
  };
  const handOverNow = (resourceId: string, reason: AcceptanceItem['reason'], source: string) =>
    db
      .prepare(
        `INSERT INTO resource_acceptance (resource_id, reason, source, state, handed_over_at) VALUES (?, ?, ?, 'pending', ?)
         ON CONFLICT (resource_id) DO UPDATE SET reason = excluded.reason, source = excluded.source, state = 'pending',
           detail = NULL, handed_over_at = excluded.handed_over_at, tested_at = NULL`,
      )
      .run(resourceId, reason, source, now());

  /** Installs new resources like `template` (the class's most recent one), out of service. */
  const install = (specId: string, region: string, count: number, source: string): string[] => {
    const spec = db.prepare('SELECT resource_type FROM resource_specs WHERE id = ?').get(specId) as
      { resource_type: string } | undefined;
    if (!spec) throw new Error(`no resource specification ${specId}`);
    const sample = db
      .prepare(
        'SELECT site, parent_id, attributes FROM resources WHERE spec_id = ? AND region = ? ORDER BY id DESC LIMIT 1',
      )
      .get(specId, region) as { site: string | null; parent_id: string | null; attributes: string } | undefined;
    let parent = sample?.parent_id ?? null;
    let site = sample?.site ?? null;
    const ids: string[] = [];
    const insert = db.prepare(
      `INSERT INTO resources (id, spec_id, resource_type, name, region, site, parent_id, attributes, state, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'outOfService', ?)`,
    );
    if (spec.resource_type === 'port' && specId === 'RS-ACCESS-PORT') {
      // Access ports come on a new line card, in the node of the region with the fewest cards.
      const node = db
        .prepare(
          `SELECT n.id, n.site FROM resources n WHERE n.resource_type = 'node' AND n.region = ? AND n.state <> 'retired'
           ORDER BY (SELECT COUNT(*) FROM resources c WHERE c.parent_id = n.id AND c.resource_type = 'card'), n.id LIMIT 1`,
        )
        .get(region) as { id: string; site: string | null } | undefined;
      if (node) {
        const card = nextId(db, `CARD-${region}`);
        insert.run(card, 'RS-CARD', 'card', `${node.id} line card ${card}`, region, node.site, node.id, '{}', now());
        handOverNow(card, 'new', source);
        ids.push(card);
        parent = card;
        site = node.site;
      }
    }
    for (let i = 0; i < count; i++) {
      const id = nextId(db, `${specId.replace(/^RS-/, '')}-${region}`);
      insert.run(
        id,
        specId,
        spec.resource_type,
        `${specId} ${id}`,
        region,
        site,
        parent,
        sample?.attributes ?? '{}',
        now(),
      );
      handOverNow(id, 'new', source);
      ids.push(id);
    }
    return ids;
  };

  /** The next identifiers of a pool: numbers after the highest, address ranges after the last. */
  const nextIdentifiers = (specId: string, region: string, size: number) => {
    const values = (
      db.prepare('SELECT name FROM resources WHERE spec_id = ? AND region = ?').pluck().all(specId, region) as string[]
    ).sort();
    if (specId === 'RS-TEL-NUMBER') {
      const highest = values.map((v) => BigInt(v.replace(/^\+/, ''))).reduce((a, b) => (b > a ? b : a), 0n);
      const regionIndex = ['PAR', 'LYO', 'LIL', 'MRS'].indexOf(region);
      const base = highest > 0n ? highest : BigInt(`33${regionIndex + 1}70000000`) - 1n;
      return Array.from({ length: size }, (_, i) => {
        const e164 = `+${(base + BigInt(i + 1)).toString()}`;
        return { id: `TN-${e164.slice(1)}`, name: e164, attributes: { e164 } };
      });
    }
    if (specId === 'RS-IPV4-29') {
      const last = values
        .map((v) => v.split('/')[0]!.split('.').map(Number))
        .map((o) => ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!)
        .reduce((a, b) => Math.max(a, b), ((203 * 256 + 0) * 256 + 113) * 256 - 8);
      return Array.from({ length: size }, (_, i) => {
        const n = last + 8 * (i + 1);
        const cidr = `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/29`;
        return { id: `IP-${region}-${cidr.replace(/[./]/g, '-')}`, name: cidr, attributes: { cidr } };
      });
    }
    throw new Error(`${specId} is not an identifier pool`);
  };

  const sampleRow = (r: Row): ClassSample & { runId: string; at: string } => ({
    runId: String(r['run_id']),
    at: String(r['at']),
    resourceSpecId: String(r['resource_spec_id']),
    region: String(r['region']),
    total: Number(r['total']),
    inService: Number(r['in_service']),
    available: Number(r['available']),
    outOfService: Number(r['out_of_service']),
    tests: Number(r['tests']),
    failedTests: Number(r['failed_tests']),
    meanLatencyMs: r['mean_latency_ms'] === null ? null : Number(r['mean_latency_ms']),
  });
  const job = (id: string): MaintenanceJob => {
    const r = db.prepare('SELECT * FROM maintenance_jobs WHERE id = ?').get(id) as Row;
    return {
      id,
      resourceId: String(r['resource_id']),
      kind: r['kind'] as MaintenanceJob['kind'],
      reason: String(r['reason']),
      state: r['state'] as MaintenanceJob['state'],
    };
  };

  return {
    async objectives() {
      const rows = all('SELECT * FROM readiness_objectives ORDER BY metric');
      return Object.fromEntries(
        rows.map((r): [string, Objective] => [
          String(r['metric']),
          {
            metric: String(r['metric']),
            limit: Number(r['limit_value']),
            direction: r['direction'] as Objective['direction'],
            description: String(r['description']),
          },
        ]),
      );
    },
    async setObjective(metric, limit, direction) {
      db.prepare(
        `INSERT INTO readiness_objectives (metric, limit_value, direction, description, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (metric) DO UPDATE SET limit_value = excluded.limit_value,
           direction = COALESCE(?, direction), updated_at = excluded.updated_at`,
      ).run(metric, limit, direction ?? 'max', metric, now(), direction ?? null);
    },
    async trend(name, since) {
      return trends[name](since);
    },
    async recordReport(key, r) {
      return once(db, key, 'recordReadinessReport', () => {
        const existing = db
          .prepare('SELECT id FROM readiness_reports WHERE run_id = ? AND etom_id = ?')
          .pluck()
          .get(r.runId, r.etomId) as string | undefined;
        const id = existing ?? nextId(db, 'RR');
        db.prepare(
          `INSERT INTO readiness_reports (id, run_id, layer, etom_id, figures, findings, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, etom_id) DO UPDATE SET figures = excluded.figures, findings = excluded.findings, details = excluded.details`,
        ).run(
          id,
          r.runId,
          r.layer,
          r.etomId,
          json.stringify(r.figures),
          json.stringify(r.findings),
          json.stringify(r.details),
          now(),
        );
        return id;
      });
    },
    async raiseAction(key, a) {
      return once(db, key, 'raiseReadinessAction', () => {
        const open = db
          .prepare(
            `SELECT id FROM readiness_actions WHERE etom_id = ? AND metric = ? AND subject = ? AND state = 'open'`,
          )
          .pluck()
          .get(a.etomId, a.metric, a.subject) as string | undefined;
        if (open) {
          db.prepare('UPDATE readiness_actions SET value = ?, run_id = ? WHERE id = ?').run(a.value, a.runId, open);
          return open;
        }
        const id = nextId(db, 'RA');
        const notification = nextId(db, 'NT');
        const recipient = ACTION_OWNER[a.etomId.split('.')[2] ?? ''] ?? 'operations@operator.example';
        db.prepare(
          `INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at) VALUES (?, ?, 'process', ?, ?, ?, ?)`,
        ).run(
          notification,
          recipient,
          `Readiness action ${id} (${a.etomId}): ${a.subject}`,
          `${a.metric} = ${Math.round(a.value * 1000) / 1000} against an objective of ${a.limit}. ${a.action}`,
          id,
          now(),
        );
        db.prepare(
          `INSERT INTO readiness_actions (id, etom_id, run_id, metric, subject, value, limit_value, action, notification_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, a.etomId, a.runId, a.metric, a.subject, a.value, a.limit, a.action, notification, now());
        return id;
      });
    },
    async closeActions(key, etomId, metric, stillCrossing) {
      return once(db, key, 'closeReadinessActions', () => {
        const open = all(
          `SELECT id, subject FROM readiness_actions WHERE etom_id = ? AND metric = ? AND state = 'open'`,
          etomId,
          metric,
        );
        const closing = open.filter((r) => !stillCrossing.includes(String(r['subject']))).map((r) => String(r['id']));
        for (const id of closing)
          db.prepare(`UPDATE readiness_actions SET state = 'done', closed_at = ? WHERE id = ?`).run(now(), id);
        return closing;
      });
    },
    async actions(runId) {
      const rows = runId
        ? all('SELECT * FROM readiness_actions WHERE run_id = ? ORDER BY id', runId)
        : all('SELECT * FROM readiness_actions ORDER BY id');
      return rows.map((r) => ({
        id: String(r['id']),
        state: String(r['state']),
        etomId: String(r['etom_id']),
        runId: String(r['run_id']),
        metric: String(r['metric']),
        subject: String(r['subject']),
        value: Number(r['value']),
        limit: Number(r['limit_value']),
        action: String(r['action']),
      }));
    },
    async reports(runId) {
      return all('SELECT * FROM readiness_reports WHERE run_id = ? ORDER BY etom_id', runId).map((r) => ({
        id: String(r['id']),
        etomId: String(r['etom_id']),
        figures: json.parse<Figures>(String(r['figures'])),
        findings: json.parse<string[]>(String(r['findings'])),
      }));
    },

    async pools(specId) {
      return all(
        `SELECT region, COUNT(*) AS total, SUM(state = 'available') AS free FROM resources
         WHERE spec_id = ? AND state <> 'retired' GROUP BY region ORDER BY region`,
        specId,
      ).map((r) => ({
        resourceSpecId: specId,
        region: String(r['region']),
        total: Number(r['total']),
        free: Number(r['free']),
      }));
    },
    async addBlock(key, specId, region, size, reason) {
      return once(db, key, 'addNumberBlock', (): NumberBlock => {
        const items = nextIdentifiers(specId, region, size);
        const type = db.prepare('SELECT resource_type FROM resource_specs WHERE id = ?').pluck().get(specId) as string;
        const insert = db.prepare(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'available', ?)`,
        );
        for (const it of items) insert.run(it.id, specId, type, it.name, region, json.stringify(it.attributes), now());
        const block: NumberBlock = {
          id: nextId(db, 'NB'),
          resourceSpecId: specId,
          region,
          firstValue: items[0]!.name,
          lastValue: items[items.length - 1]!.name,
          size,
        };
        db.prepare(
          `INSERT INTO number_blocks (id, resource_spec_id, region, first_value, last_value, size, reason, added_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(block.id, specId, region, block.firstValue, block.lastValue, size, reason, now());
        return block;
      });
    },

    async classCounts() {
      return all(
        `SELECT spec_id, resource_type, region, COUNT(*) AS total, SUM(state = 'available') AS available,
                SUM(state = 'reserved') AS reserved, SUM(state = 'inService') AS in_service, SUM(state = 'outOfService') AS oos,
                EXISTS (SELECT 1 FROM supplier_contracts k WHERE k.resource_spec_id = r.spec_id AND k.region = r.region) AS supplied
         FROM resources r WHERE state <> 'retired' GROUP BY spec_id, region ORDER BY spec_id, region`,
      ).map((r) => ({
        resourceSpecId: String(r['spec_id']),
        resourceType: String(r['resource_type']),
        region: String(r['region']),
        total: Number(r['total']),
        available: Number(r['available']),
        reserved: Number(r['reserved']),
        inService: Number(r['in_service']),
        outOfService: Number(r['oos']),
        suppliedBy: Number(r['supplied']) ? 'supplier' : 'own',
      }));
    },
    async serviceClassNeeds() {
      return all(
        `SELECT n.cfs_spec_id, n.resource_spec_id, n.quantity, n.role,
                (SELECT json_group_array(DISTINCT k.region) FROM supplier_contracts k WHERE k.resource_spec_id = n.resource_spec_id) AS supplied
         FROM cfs_resource_specs n ORDER BY n.cfs_spec_id, n.resource_spec_id`,
      ).map((r) => ({
        cfsSpecId: String(r['cfs_spec_id']),
        resourceSpecId: String(r['resource_spec_id']),
        quantity: Number(r['quantity']),
        role: String(r['role']),
        suppliedIn: json.parse<string[]>(String(r['supplied'])),
      }));
    },
    async discover() {
      return discoverNetwork(db);
    },
    async inventoryElements() {
      return all(
        `SELECT r.id, r.resource_type, r.region, r.state, r.service_id, nc.service_id AS configured_for
         FROM resources r LEFT JOIN network_configuration nc ON nc.resource_id = r.id
         WHERE r.state <> 'retired' AND (r.resource_type IN ('node', 'card', 'port') OR nc.resource_id IS NOT NULL)
         ORDER BY r.id`,
      ).map((r) => ({
        resourceId: String(r['id']),
        resourceType: String(r['resource_type']),
        region: String(r['region']),
        state: String(r['state']),
        serviceId: r['service_id'] === null ? null : String(r['service_id']),
        configuredFor: r['configured_for'] === null ? null : String(r['configured_for']),
      }));
    },
    async activeServices() {
      return all(
        `SELECT s.id, s.cfs_spec_id, s.customer_id,
                (SELECT json_group_array(r.id) FROM resources r
                  WHERE r.service_id = s.id AND r.resource_type NOT IN ('telephone-number', 'ip-range')) AS elements
         FROM services s WHERE s.state = 'active' ORDER BY s.id`,
      ).map((r) => ({
        serviceId: String(r['id']),
        cfsSpecId: String(r['cfs_spec_id']),
        customerId: String(r['customer_id']),
        elementIds: json.parse<string[]>(String(r['elements'])),
      }));
    },
    async recordDiscrepancy(key, d) {
      return once(db, key, 'recordDiscrepancy', () => {
        const existing = db
          .prepare('SELECT id FROM inventory_discrepancies WHERE run_id = ? AND kind = ? AND subject = ?')
          .pluck()
          .get(d.runId, d.kind, d.subject) as string | undefined;
        if (existing) return existing;
        const id = nextId(db, 'DX');
        db.prepare(
          `INSERT INTO inventory_discrepancies (id, run_id, etom_id, kind, subject, detail, resolution, found_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, d.runId, d.etomId, d.kind, d.subject, d.detail, d.resolution, now());
        return id;
      });
    },
    async takeOutOfService(key, resourceId, reason) {
      return once(db, key, 'takeOutOfService', () => {
        const r = db
          .prepare(`UPDATE resources SET state = 'outOfService', updated_at = ? WHERE id = ? AND state = 'available'`)
          .run(now(), resourceId);
        if (r.changes) historyOf(resourceId, 'available', 'outOfService', reason);
        return r.changes > 0;
      });
    },
    async registerDiscovered(key, e) {
      return once(db, key, 'registerDiscovered', () => {
        db.prepare(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, parent_id, attributes, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, '{"discovered":true}', 'outOfService', ?) ON CONFLICT (id) DO NOTHING`,
        ).run(
          e.resourceId,
          e.resourceSpecId,
          e.resourceType,
          `${e.resourceSpecId} ${e.resourceId} (discovered)`,
          e.region,
          e.parentId,
          now(),
        );
        handOverNow(e.resourceId, 'discovered', 'auto-discovery');
        return e.resourceId;
      });
    },
    async openShortfall(key, s) {
      const id = once(db, key, 'openShortfall', () => {
        const open = db
          .prepare(
            `SELECT id FROM capacity_shortfalls WHERE resource_spec_id = ? AND region = ? AND state <> 'resolved'`,
          )
          .pluck()
          .get(s.resourceSpecId, s.region) as string | undefined;
        if (open) return open;
        const sid = nextId(db, 'CS');
        db.prepare(
          `INSERT INTO capacity_shortfalls (id, resource_spec_id, region, available, total, state, detected_at)
           VALUES (?, ?, ?, ?, ?, 'short', ?)`,
        ).run(sid, s.resourceSpecId, s.region, s.available, s.total, now());
        return sid;
      });
      return shortfall(id);
    },
    async shortfalls(state) {
      const rows = state
        ? all('SELECT * FROM capacity_shortfalls WHERE state = ? ORDER BY id', state)
        : all('SELECT * FROM capacity_shortfalls ORDER BY id');
      return rows.map(toShortfall);
    },
    async deliverCapacity(key, shortfallId) {
      once(db, key, 'deliverCapacity', () => {
        const s = shortfall(shortfallId);
        if (s.state !== 'short') return s.addedResourceIds;
        const ids = install(s.resourceSpecId, s.region, CAPACITY_UNIT[s.resourceSpecId] ?? 4, shortfallId);
        db.prepare(`UPDATE capacity_shortfalls SET state = 'capacityOrdered', added_resource_ids = ? WHERE id = ?`).run(
          json.stringify(ids),
          shortfallId,
        );
        return ids;
      });
      return shortfall(shortfallId);
    },
    async handOver(key, resourceId, reason, source) {
      once(db, key, 'handOverForAcceptance', () => handOverNow(resourceId, reason, source).changes);
    },
    async pendingAcceptance() {
      return (
        db
          .prepare(`SELECT resource_id FROM resource_acceptance WHERE state = 'pending' ORDER BY resource_id`)
          .pluck()
          .all() as string[]
      ).map(acceptanceItem);
    },
    async recordAcceptance(key, resourceId, passed, detail) {
      once(db, key, 'recordAcceptance', () => {
        db.prepare(`UPDATE resource_acceptance SET state = ?, detail = ?, tested_at = ? WHERE resource_id = ?`).run(
          passed ? 'accepted' : 'failed',
          detail,
          now(),
          resourceId,
        );
        if (!passed) return false;
        const r = db
          .prepare(`UPDATE resources SET state = 'available', updated_at = ? WHERE id = ? AND state = 'outOfService'`)
          .run(now(), resourceId);
        if (r.changes) historyOf(resourceId, 'outOfService', 'available', `accepted into the pool: ${detail}`);
        // A shortfall is over once everything installed for it is in the pool.
        for (const s of all(`SELECT * FROM capacity_shortfalls WHERE state = 'capacityOrdered'`).map(toShortfall)) {
          if (!s.addedResourceIds.includes(resourceId)) continue;
          const waiting = s.addedResourceIds.filter(
            (id) =>
              db.prepare('SELECT state FROM resource_acceptance WHERE resource_id = ?').pluck().get(id) !== 'accepted',
          );
          if (waiting.length === 0)
            db.prepare(`UPDATE capacity_shortfalls SET state = 'resolved', resolved_at = ? WHERE id = ?`).run(
              now(),
              s.id,
            );
        }
        return true;
      });
      return acceptanceItem(resourceId);
    },

    async requestMaintenance(key, j) {
      const id = once(db, key, 'requestMaintenance', () => {
        const open = db
          .prepare(`SELECT id FROM maintenance_jobs WHERE resource_id = ? AND kind = ? AND state = 'requested'`)
          .pluck()
          .get(j.resourceId, j.kind) as string | undefined;
        if (open) return open;
        const jid = nextId(db, 'MJ');
        db.prepare(
          `INSERT INTO maintenance_jobs (id, resource_id, kind, reason, state, created_at) VALUES (?, ?, ?, ?, 'requested', ?)`,
        ).run(jid, j.resourceId, j.kind, j.reason, now());
        return jid;
      });
      return job(id);
    },
    async openMaintenance() {
      return (
        db.prepare(`SELECT id FROM maintenance_jobs WHERE state = 'requested' ORDER BY id`).pluck().all() as string[]
      ).map(job);
    },
    async completeMaintenance(key, jobId, state, result) {
      once(
        db,
        key,
        'completeMaintenance',
        () =>
          db
            .prepare(
              `UPDATE maintenance_jobs SET state = ?, result = ?, done_at = ? WHERE id = ? AND state = 'requested'`,
            )
            .run(state, result, now(), jobId).changes,
      );
    },
    async idleOutOfService(types) {
      return db
        .prepare(
          `SELECT r.id FROM resources r
           WHERE r.state = 'outOfService' AND r.service_id IS NULL AND r.reservation_id IS NULL
             AND r.resource_type IN (${types.map(() => '?').join(',')})
             AND NOT EXISTS (SELECT 1 FROM resource_acceptance a WHERE a.resource_id = r.id AND a.state = 'pending')
             AND NOT EXISTS (SELECT 1 FROM shipments s, json_each(s.resource_ids) j WHERE j.value = r.id AND s.state = 'inTransit')
             AND NOT EXISTS (SELECT 1 FROM inventory_discrepancies d WHERE d.subject = r.id AND d.kind = 'notDiscovered'
                              AND d.found_at >= (SELECT COALESCE(MAX(h.at), '') FROM resource_state_history h WHERE h.resource_id = r.id))
           ORDER BY r.id`,
        )
        .pluck()
        .all(...types) as string[];
    },
    async configuredElements() {
      return all(
        `SELECT r.id, r.spec_id, r.region FROM network_configuration nc JOIN resources r ON r.id = nc.resource_id
         WHERE r.state = 'inService' ORDER BY r.id`,
      ).map((r) => ({
        resourceId: String(r['id']),
        resourceSpecId: String(r['spec_id']),
        region: String(r['region']),
      }));
    },
    async recordSamples(key, runId, samples) {
      once(db, key, 'recordClassSamples', () => {
        const ins = db.prepare(
          `INSERT OR IGNORE INTO resource_class_samples (run_id, resource_spec_id, region, total, in_service, available,
             out_of_service, tests, failed_tests, mean_latency_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const s of samples)
          ins.run(
            runId,
            s.resourceSpecId,
            s.region,
            s.total,
            s.inService,
            s.available,
            s.outOfService,
            s.tests,
            s.failedTests,
            s.meanLatencyMs,
            now(),
          );
        return samples.length;
      });
    },
    async samples(since) {
      return all('SELECT * FROM resource_class_samples WHERE at >= ? ORDER BY seq', since).map(sampleRow);
    },
    async outagesByResource(since) {
      return all(
        `SELECT resource_id, COUNT(*) AS outages FROM resource_state_history
         WHERE to_state = 'outOfService' AND from_state IN ('inService', 'available') AND at >= ?
         GROUP BY resource_id ORDER BY outages DESC, resource_id`,
        since,
      ).map((r) => ({ resourceId: String(r['resource_id']), outages: Number(r['outages']) }));
    },

    async ratingReference() {
      // Rating's own tariffs, when billing has created them; otherwise the catalog prices are all there is.
      const tariffs = ['rating_tariffs', 'tariffs'].find((t) => hasTable(t));
      const tariffKey =
        tariffs && ['cfs_spec_id', 'service_class', 'product_offering_id'].find((c) => hasColumns(tariffs, c));
      const classes = all(
        `SELECT c.id AS cfs, json_group_array(json_object('offering', o.id, 'recurringMinor', o.recurring_minor, 'oneTimeMinor', o.one_time_minor)) AS prices
         FROM cfs_specs c LEFT JOIN offering_services os ON os.cfs_spec_id = c.id LEFT JOIN product_offerings o ON o.id = os.offering_id
         GROUP BY c.id ORDER BY c.id`,
      ).map((r) => {
        const cfs = String(r['cfs']);
        const rows =
          tariffs && tariffKey
            ? tariffKey === 'product_offering_id'
              ? all(
                  `SELECT t.* FROM ${tariffs} t JOIN offering_services os ON os.offering_id = t.product_offering_id WHERE os.cfs_spec_id = ?`,
                  cfs,
                )
              : all(`SELECT * FROM ${tariffs} WHERE ${tariffKey} = ?`, cfs)
            : null;
        return { cfsSpecId: cfs, content: { prices: json.parse(String(r['prices'])), tariffs: rows } };
      });
      return { tariffSource: tariffs && tariffKey ? tariffs : null, classes };
    },
    async latestRatingVersion(cfsSpecId) {
      const r = db
        .prepare(
          'SELECT version, checksum FROM rating_reference_versions WHERE cfs_spec_id = ? ORDER BY version DESC LIMIT 1',
        )
        .get(cfsSpecId) as { version: number; checksum: string } | undefined;
      return r;
    },
    async recordRatingVersion(key, v) {
      return once(db, key, 'recordRatingVersion', () => {
        const latest = db
          .prepare(
            'SELECT version, checksum FROM rating_reference_versions WHERE cfs_spec_id = ? ORDER BY version DESC LIMIT 1',
          )
          .get(v.cfsSpecId) as { version: number; checksum: string } | undefined;
        if (latest?.checksum === v.checksum) return latest.version;
        const version = (latest?.version ?? 0) + 1;
        db.prepare(
          `INSERT INTO rating_reference_versions (id, cfs_spec_id, version, checksum, source, content, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(nextId(db, 'RV'), v.cfsSpecId, version, v.checksum, v.source, json.stringify(v.content), now());
        return version;
      });
    },

    async marketFigures() {
      const regions = db.prepare('SELECT DISTINCT region FROM resources ORDER BY region').pluck().all() as string[];
      return regions.map((region) => {
        const customers = db
          .prepare(`SELECT COUNT(*) FROM customers WHERE region = ? AND status = 'active'`)
          .pluck()
          .get(region) as number;
        const spare: Record<string, number> = {};
        for (const r of all(
          `SELECT spec_id, SUM(state = 'available') AS free FROM resources WHERE region = ? GROUP BY spec_id`,
          region,
        ))
          spare[String(r['spec_id'])] = Number(r['free']);
        return { region, customers, spare };
      });
    },
    async planCampaign(key, p) {
      return once(db, key, 'planCampaign', () => {
        const open = db
          .prepare(
            `SELECT id FROM campaign_plans WHERE region = ? AND product_offering_id = ? AND state IN ('planned', 'running')`,
          )
          .pluck()
          .get(p.region, p.productOfferingId) as string | undefined;
        if (open) return { id: open, created: false };
        const id = nextId(db, 'CP');
        db.prepare(
          `INSERT INTO campaign_plans (id, name, region, segment, product_offering_id, rationale, figures, run_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          id,
          p.name,
          p.region,
          p.segment,
          p.productOfferingId,
          p.rationale,
          json.stringify(p.figures),
          p.runId,
          now(),
        );
        return { id, created: true };
      });
    },
  };
}
