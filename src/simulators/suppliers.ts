import { json, nextId, once } from '../adapters/sqlite/database';
import type { Db } from '../adapters/sqlite/database';
import type { SupplierReport } from '../domain/fulfilment/partner-order';
import type { Clock } from '../ports/clock';
import type { PartnerGatewayPort, RequisitionStatus, SupplierContract } from '../ports/partner-gateway';

/**
 * The suppliers, simulated: each answers quotes from its contracts, takes requisitions, and
 * reports back later — acknowledged, perhaps a new delivery date, delivered — through an
 * outbox that a delivery loop sends as signals to the partner order workflow. The outbox makes
 * the reports crash-safe (a report is marked sent only once delivered: at least once).
 *
 * Time runs `speed` times faster for suppliers than for us, so a 15-day lead time takes a few
 * seconds in the demo. Behaviour is fixed per supplier, never random: SUP-BETA always slips
 * its first date by two days.
 */

const DAY_MS = 86_400_000;
/** Simulated days per real second by default: a 15-day lead time takes about 3 s. */
export const DEFAULT_SUPPLIER_SPEED = 5 * 86_400;

interface RequisitionRow {
  id: string;
  supplier_id: string;
  contract_id: string;
  supplier_reference: string;
  resource_spec_id: string;
  region: string;
  quantity: number;
  status: RequisitionStatus['status'];
  delivery_date: string | null;
  delivered: string;
  reply_to_workflow_id: string;
  remedies: number;
}

/** Makes a supplier fail its next `times` acceptance tests, or reject its next requisitions. */
export function injectSupplierFault(db: Db, supplierId: string, operation: 'acceptance' | 'reject', times = 1): void {
  db.prepare(
    `INSERT INTO simulator_faults (target, operation, remaining) VALUES (?, ?, ?)
     ON CONFLICT (target, operation) DO UPDATE SET remaining = remaining + excluded.remaining`,
  ).run(supplierId, operation, times);
}

function faultFires(db: Db, target: string, operation: string): boolean {
  return db.prepare('UPDATE simulator_faults SET remaining = remaining - 1 WHERE target = ? AND operation = ? AND remaining > 0').run(target, operation).changes > 0;
}

export function createSupplierSimulator(db: Db, clock: Clock, opts: { speed?: number } = {}): PartnerGatewayPort {
  const speed = opts.speed ?? DEFAULT_SUPPLIER_SPEED;
  const now = () => clock();
  /** Real time at which `simulatedMs` of the supplier's time will have passed. */
  const after = (simulatedMs: number) => new Date(now().getTime() + simulatedMs / speed).toISOString();
  const requisition = (id: string) => db.prepare('SELECT * FROM supplier_requisitions WHERE id = ?').get(id) as RequisitionRow | undefined;
  const mustGet = (id: string) => {
    const r = requisition(id);
    if (!r) throw new Error(`supplier knows no requisition ${id}`);
    return r;
  };
  const status = (r: RequisitionRow): RequisitionStatus => ({
    requisitionId: r.id,
    supplierReference: r.supplier_reference,
    status: r.status,
    deliveryDate: r.delivery_date,
    delivered: json.parse(r.delivered),
  });
  const schedule = (r: Pick<RequisitionRow, 'id' | 'supplier_reference'>, report: Omit<SupplierReport, 'requisitionId' | 'supplierReference' | 'at'>, dueAt: string) =>
    db.prepare('INSERT INTO supplier_outbox (requisition_id, report, due_at) VALUES (?, ?, ?)').run(
      r.id,
      json.stringify({ ...report, requisitionId: r.id, supplierReference: r.supplier_reference }),
      dueAt,
    );
  /** What the supplier has said so far: the reports whose time has come, applied in order. */
  const catchUp = (id: string) => {
    const due = db
      .prepare('SELECT report FROM supplier_outbox WHERE requisition_id = ? AND due_at <= ? ORDER BY due_at, seq')
      .pluck()
      .all(id, now().toISOString()) as string[];
    for (const text of due) {
      const report = json.parse<SupplierReport>(text);
      if (report.kind === 'delivered') {
        db.prepare("UPDATE supplier_requisitions SET status = 'delivered', delivered = ? WHERE id = ? AND status <> 'cancelled'").run(
          json.stringify([{ name: report.detail ?? 'delivered product', attributes: {} }]),
          id,
        );
      } else if (report.kind === 'acknowledged') {
        db.prepare("UPDATE supplier_requisitions SET status = 'acknowledged' WHERE id = ? AND status = 'placed'").run(id);
      } else if (report.kind === 'deliveryDateChanged' && report.deliveryDate) {
        db.prepare('UPDATE supplier_requisitions SET delivery_date = ? WHERE id = ?').run(report.deliveryDate, id);
      }
    }
  };

  return {
    async contractsFor(resourceSpecId, region, onDate): Promise<SupplierContract[]> {
      const rows = db
        .prepare(
          `SELECT c.*, s.name AS supplier_name, s.rating FROM supplier_contracts c JOIN suppliers s ON s.id = c.supplier_id
           WHERE c.resource_spec_id = ? AND c.region = ? AND c.valid_until >= ? ORDER BY c.id`,
        )
        .all(resourceSpecId, region, onDate.slice(0, 10)) as Array<Record<string, unknown>>;
      return rows.map((r) => ({
        id: String(r['id']),
        supplierId: String(r['supplier_id']),
        supplierName: String(r['supplier_name']),
        supplierRating: Number(r['rating']),
        resourceSpecId: String(r['resource_spec_id']),
        region: String(r['region']),
        priceMinor: Number(r['price_minor']),
        leadTimeDays: Number(r['lead_time_days']),
        availabilitySlaPct: Number(r['availability_sla_pct']),
        validUntil: String(r['valid_until']),
        revenueSharePct: Number(r['revenue_share_pct']),
      }));
    },

    async quote(contractId, quantity) {
      const c = db.prepare('SELECT * FROM supplier_contracts WHERE id = ?').get(contractId) as
        | { supplier_id: string; price_minor: number; lead_time_days: number; valid_until: string }
        | undefined;
      if (!c) return { supplierId: '', contractId, available: false, quantity: 0, promisedDeliveryDate: null, priceMinor: 0, detail: 'no such contract' };
      const promised = new Date(now().getTime() + c.lead_time_days * DAY_MS).toISOString();
      // Capacity is finite: a supplier takes at most 10 open requisitions in a region at once.
      const open = db
        .prepare("SELECT COUNT(*) FROM supplier_requisitions WHERE contract_id = ? AND status IN ('placed', 'acknowledged')")
        .pluck()
        .get(contractId) as number;
      const available = open + quantity <= 10;
      return {
        supplierId: c.supplier_id,
        contractId,
        available,
        quantity,
        promisedDeliveryDate: available ? promised : null,
        priceMinor: c.price_minor * quantity,
        detail: available ? `delivery in ${c.lead_time_days} days` : 'no capacity left this month',
      };
    },

    async placeRequisition(key, req) {
      const id = once(db, key, 'placeRequisition', () => {
        const existing = requisition(req.requisitionId);
        if (existing) return existing.id;
        const c = db.prepare('SELECT lead_time_days FROM supplier_contracts WHERE id = ?').get(req.contractId) as { lead_time_days: number };
        const reference = nextId(db, req.supplierId.replace(/^SUP-/, ''));
        const leadMs = c.lead_time_days * DAY_MS;
        const promised = new Date(now().getTime() + leadMs).toISOString();
        db.prepare(
          `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region, quantity, status,
             delivery_date, reply_to_workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'placed', ?, ?, ?)`,
        ).run(req.requisitionId, req.supplierId, req.contractId, reference, req.resourceSpecId, req.region, req.quantity, promised, req.replyToWorkflowId, now().toISOString());
        const r = { id: req.requisitionId, supplier_reference: reference };
        if (faultFires(db, req.supplierId, 'reject')) {
          schedule(r, { kind: 'rejected', detail: 'no capacity on that route' }, after(DAY_MS / 4));
          return r.id;
        }
        schedule(r, { kind: 'acknowledged', deliveryDate: promised }, after(DAY_MS / 4));
        let deliveredAt = leadMs;
        if (req.supplierId === 'SUP-BETA') {
          deliveredAt = leadMs + 2 * DAY_MS;
          const slipped = new Date(now().getTime() + deliveredAt).toISOString();
          schedule(r, { kind: 'deliveryDateChanged', deliveryDate: slipped, detail: 'civil works permit delayed' }, after(leadMs / 2));
        }
        schedule(r, { kind: 'delivered', detail: `${req.resourceSpecId} ${reference}` }, after(deliveredAt));
        return r.id;
      });
      return status(mustGet(id));
    },

    async status(requisitionId) {
      catchUp(requisitionId);
      return status(mustGet(requisitionId));
    },

    async cancelRequisition(key, requisitionId, reason) {
      once(db, key, 'cancelRequisition', () => {
        const r = mustGet(requisitionId);
        if (r.status === 'cancelled') return r.id;
        db.prepare("UPDATE supplier_requisitions SET status = 'cancelled' WHERE id = ?").run(requisitionId);
        // Whatever the supplier had still to say about it, it will not say now.
        db.prepare('DELETE FROM supplier_outbox WHERE requisition_id = ? AND sent_at IS NULL').run(requisitionId);
        db.prepare('INSERT INTO supplier_outbox (requisition_id, report, due_at, sent_at) VALUES (?, ?, ?, ?)').run(
          requisitionId,
          json.stringify({ requisitionId, supplierReference: r.supplier_reference, kind: 'cancelled', detail: reason }),
          now().toISOString(),
          now().toISOString(),
        );
        return r.id;
      });
      return status(mustGet(requisitionId));
    },

    async acceptanceTest(requisitionId) {
      const r = mustGet(requisitionId);
      if (faultFires(db, r.supplier_id, 'acceptance')) return { passed: false, detail: 'frame loss 4% on the delivered circuit (limit 0.1%)' };
      return { passed: true, detail: 'throughput, latency and frame loss within the contract' };
    },

    async requestRemedy(key, requisitionId, detail) {
      once(db, key, 'requestRemedy', () => {
        const r = mustGet(requisitionId);
        db.prepare("UPDATE supplier_requisitions SET remedies = remedies + 1, status = 'acknowledged' WHERE id = ?").run(requisitionId);
        schedule(r, { kind: 'delivered', detail: `remedied: ${detail}` }, after(DAY_MS));
        return r.id;
      });
      return status(mustGet(requisitionId));
    },
  };
}

/**
 * The delivery loop: sends the suppliers' due reports to the workflows that await them.
 * A report is marked sent only after `deliver` succeeded, so a crash resends it (the
 * workflow ignores a report it already has).
 */
export function startSupplierSimulator(opts: {
  db: Db;
  clock: Clock;
  deliver: (workflowId: string, report: SupplierReport) => Promise<void>;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  let running = true;
  let pass: Promise<void> = Promise.resolve();
  const tick = async () => {
    const due = opts.db
      .prepare(
        `SELECT o.seq, o.report, o.due_at, r.reply_to_workflow_id FROM supplier_outbox o
         JOIN supplier_requisitions r ON r.id = o.requisition_id
         WHERE o.sent_at IS NULL AND o.due_at <= ? ORDER BY o.due_at, o.seq`,
      )
      .all(opts.clock().toISOString()) as Array<{ seq: number; report: string; due_at: string; reply_to_workflow_id: string }>;
    for (const row of due) {
      if (!running) return;
      try {
        await opts.deliver(row.reply_to_workflow_id, { ...json.parse<SupplierReport>(row.report), at: row.due_at });
        opts.db.prepare('UPDATE supplier_outbox SET sent_at = ? WHERE seq = ?').run(opts.clock().toISOString(), row.seq);
      } catch (err) {
        // A workflow that has ended will never read it: drop it. Anything else (the server
        // is unreachable) leaves the report due, to be tried again.
        if ((err as Error).name === 'WorkflowNotFoundError') {
          opts.db.prepare('UPDATE supplier_outbox SET sent_at = ? WHERE seq = ?').run(opts.clock().toISOString(), row.seq);
        }
      }
    }
  };
  const timer = setInterval(() => {
    pass = pass.then(tick, tick);
  }, opts.intervalMs ?? 200);
  return {
    async stop() {
      running = false;
      clearInterval(timer);
      await pass.catch(() => undefined);
    },
  };
}
