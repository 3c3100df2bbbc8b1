import type { AuditReads } from './store-reads';
import type { Violation } from './violations';

/**
 * The store's half of the audit: what the processes wrote, checked against itself (each effect
 * once, money that adds up) and against the flows still running (`live`), which only the
 * workflows can say. Each check's SQL is written once, in the dialect SQLite and PostgreSQL share
 * (src/audit/store-reads.ts): a derived table is named, counts and sums are read with `Number`.
 */

/** True when the flow that owns this id runs: the id itself, an ancestor of it or a child of it. */
export type Liveness = (...ids: Array<string | null | undefined>) => boolean;

export function livenessOf(running: ReadonlySet<string>): Liveness {
  const ancestors = (id: string) => {
    const out: string[] = [];
    for (let i = id.indexOf('/'); i > 0; i = id.indexOf('/', i + 1)) out.push(id.slice(0, i));
    return out;
  };
  const runningIds = [...running];
  return (...ids) =>
    ids.some(
      (id) =>
        !!id &&
        (running.has(id) ||
          ancestors(id).some((a) => running.has(a)) ||
          runningIds.some((r) => r.startsWith(`${id}/`))),
    );
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Orders the store says are under way: each needs its flow running, or it waits for nothing. */
export async function checkOrdersHaveFlows(store: AuditReads, live: Liveness): Promise<Violation[]> {
  const out: Violation[] = [];
  // The states are this file's own constants, written into the SQL as literals.
  const open = (table: string, terminal: string[], extra = '') =>
    store.rows(`SELECT * FROM ${table} WHERE state NOT IN (${terminal.map((t) => `'${t}'`).join(',')}) ${extra}`);
  for (const o of await open('product_orders', ['completed', 'failed', 'cancelled', 'rejected', 'partial']))
    if (!live(str(o['id'])))
      out.push({ check: 'order-without-flow', subject: str(o['id']), detail: `product order ${str(o['state'])}` });
  for (const o of await open('service_orders', ['completed', 'failed', 'cancelled', 'rejected', 'partial']))
    if (!live(str(o['id']), str(o['product_order_id'])))
      out.push({ check: 'order-without-flow', subject: str(o['id']), detail: `service order ${str(o['state'])}` });
  for (const o of await open('resource_orders', ['completed', 'failed', 'cancelled', 'rejected']))
    if (!live(str(o['id']), str(o['service_order_id'])))
      out.push({ check: 'order-without-flow', subject: str(o['id']), detail: `resource order ${str(o['state'])}` });
  for (const t of await open('trouble_tickets', ['closed', 'cancelled', 'rejected'], 'AND linked_to IS NULL'))
    if (!live(str(t['workflow_id']), str(t['id'])))
      out.push({ check: 'order-without-flow', subject: str(t['id']), detail: `trouble ticket ${str(t['state'])}` });
  for (const w of await open('work_orders', ['completed', 'cancelled']))
    if (!live(`${str(w['reference'])}/WO`, str(w['reference'])))
      out.push({
        check: 'order-without-flow',
        subject: str(w['id']),
        detail: `work order ${str(w['state'])} for ${str(w['reference'])}: a technician holds it for nothing`,
      });
  return out;
}

/** Every reserved resource is held for a resource order still under way. */
export async function checkReservations(store: AuditReads, live: Liveness): Promise<Violation[]> {
  const held = await store.rows(
    `SELECT r.id, r.reservation_id, r.service_id, ro.state AS order_state, ro.service_order_id, so.product_order_id
       FROM resources r
       LEFT JOIN resource_orders ro ON ro.id = r.reservation_id
       LEFT JOIN service_orders so ON so.id = ro.service_order_id
      WHERE r.state = 'reserved'`,
  );
  return held
    .filter((r) => !live(str(r['reservation_id']), str(r['service_order_id']), str(r['product_order_id'])))
    .map((r) => ({
      check: 'reservation-leaked',
      subject: str(r['id']),
      detail:
        r['order_state'] === null || r['order_state'] === undefined
          ? `reserved for ${str(r['reservation_id']) || '(no reservation)'}, an order that does not exist`
          : `reserved for ${str(r['reservation_id'])}, an order ${str(r['order_state'])} whose flow has ended`,
    }));
}

/** One business key, one row: [check name, what the key names, the SQL grouping by it]. */
const duplicates = (store: AuditReads): Array<[string, string, string]> => [
  [
    'product',
    'order item',
    "SELECT order_id || '#' || item_id AS k, COUNT(*) AS n FROM products GROUP BY order_id, item_id",
  ],
  ['service', 'service order', 'SELECT service_order_id AS k, COUNT(*) AS n FROM services GROUP BY service_order_id'],
  [
    'work-order',
    'reference and kind',
    "SELECT reference || ' ' || kind AS k, COUNT(*) AS n FROM work_orders WHERE state <> 'cancelled' GROUP BY reference, kind",
  ],
  [
    'notification',
    'recipient, subject, body and reference',
    // Named by reference and subject only: the recipient is a customer's address, never printed.
    `SELECT COALESCE(reference, '-') || ': ' || subject AS k, COUNT(*) AS n
       FROM notifications GROUP BY recipient, channel, subject, body, reference`,
  ],
  [
    'bill-line',
    'bill, kind and reference',
    `SELECT bill_id || ' ' || kind || ' ' || COALESCE(reference, '') AS k, COUNT(*) AS n FROM bill_lines
      WHERE reference IS NOT NULL OR kind = 'tax' GROUP BY bill_id, kind, reference`,
  ],
  [
    'credit',
    'customer, SLA, service and period',
    `SELECT customer_id || ' ' || sla_id || ' ' || COALESCE(service_id, '') || ' ' || period_start AS k, COUNT(*) AS n
       FROM sla_credits WHERE state <> 'cancelled' GROUP BY customer_id, sla_id, service_id, period_start, period_end`,
  ],
  [
    'payment',
    'bill and reference',
    "SELECT bill_id || ' ' || reference AS k, COUNT(*) AS n FROM payments GROUP BY bill_id, reference",
  ],
  [
    'event',
    'resource, event type and content',
    `SELECT entity_type || ' ' || entity_id || ' ' || event_type AS k, COUNT(*) AS n FROM event_outbox
      GROUP BY entity_type, entity_id, event_type, ${store.jsonText('envelope', 'event')}`,
  ],
];

/** Each effect exists exactly once: two rows for one business key is a retry that wrote twice. */
export async function checkEffectsOnce(store: AuditReads): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const [effect, key, sql] of duplicates(store))
    for (const r of await store.rows(`SELECT k, n FROM (${sql}) AS keyed WHERE n > 1`))
      out.push({
        check: `duplicate-${effect}`,
        subject: str(r['k']),
        detail: `${str(r['n'])} ${effect} rows for one ${key}`,
      });
  return out;
}

/** Money reconciles: a bill is the sum of its lines, its payments are what it says was paid, a credit is applied once. */
export async function checkMoney(store: AuditReads): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const b of await store.rows(
    `SELECT b.id, b.net_minor, b.tax_minor, b.total_minor, b.paid_minor,
            COALESCE(SUM(CASE WHEN l.kind <> 'tax' THEN l.amount_minor END), 0) AS net,
            COALESCE(SUM(CASE WHEN l.kind = 'tax' THEN l.amount_minor END), 0) AS tax,
            (SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p WHERE p.bill_id = b.id) AS paid
       FROM bills b LEFT JOIN bill_lines l ON l.bill_id = b.id GROUP BY b.id`,
  )) {
    const [net, tax, total] = [Number(b['net']), Number(b['tax']), Number(b['net']) + Number(b['tax'])];
    if (net !== Number(b['net_minor']) || tax !== Number(b['tax_minor']) || total !== Number(b['total_minor']))
      out.push({
        check: 'bill-unbalanced',
        subject: str(b['id']),
        detail: `total ${str(b['total_minor'])} (net ${str(b['net_minor'])}, tax ${str(b['tax_minor'])}) but its lines make ${total} (net ${net}, tax ${tax})`,
      });
    if (Number(b['paid']) !== Number(b['paid_minor']))
      out.push({
        check: 'payment-mismatch',
        subject: str(b['id']),
        detail: `paid ${str(b['paid_minor'])} but its payments make ${str(b['paid'])}`,
      });
  }
  for (const c of await store.rows(
    `SELECT c.id, c.state, c.applied_to_bill_id,
            (SELECT COUNT(*) FROM bill_lines l WHERE l.kind = 'slaCredit' AND l.reference = c.id) AS lines
       FROM sla_credits c`,
  )) {
    const lines = Number(c['lines']);
    const applied = c['state'] === 'applied';
    if (lines > 1 || (applied && lines !== 1) || (!applied && lines > 0))
      out.push({
        check: 'credit-misapplied',
        subject: str(c['id']),
        detail: `credit ${str(c['state'])}${applied ? ` to ${str(c['applied_to_bill_id'])}` : ''} is on ${lines} bill lines`,
      });
  }
  return out;
}
