import { BusinessErrorType, BusinessRejection } from '../contracts/errors';
import { type Db, json, nextId, once } from '../adapters/sqlite/database';
import type { SupplierReport } from '../domain/fulfilment/partner-order';
import type { PartnerGatewayPort, RequisitionStatus, SupplierContract, SupplierQuote } from '../ports/partner-gateway';
import { BEHAVIOURS, DAY_MS, faultFires, type SupplierClock } from './supplier-behaviour';

/** How long a supplier takes to acknowledge a requisition or a remedy request. */
const ACKNOWLEDGE_MS = DAY_MS / 4;
/** How long a supplier takes to put right a product that failed acceptance. */
const REMEDY_MS = DAY_MS;
/** A supplier takes at most this many open requisitions per contract at once. */
const CAPACITY = 10;

type SupplierStatus = RequisitionStatus['status'];

interface RequisitionRow {
  id: string;
  supplier_id: string;
  contract_id: string;
  supplier_reference: string;
  resource_spec_id: string;
  region: string;
  quantity: number;
  status: SupplierStatus;
  delivery_date: string | null;
  delivered: string;
  reply_to_workflow_id: string;
  remedies: number;
}

interface ContractRow {
  id: string;
  supplier_id: string;
  resource_spec_id: string;
  region: string;
  price_minor: number;
  lead_time_days: number;
  availability_sla_pct: number;
  valid_until: string;
  revenue_share_pct: number;
}

/** A cease is the operator's own news, like a cancellation: in the supplier's history, never sent. */
type PendingReport =
  | Omit<SupplierReport, 'requisitionId' | 'supplierReference' | 'at'>
  | { kind: 'ceased'; detail: string; deliveryDate?: undefined };

/**
 * Where a requisition stands after the reports the supplier has made so far, in order. The
 * supplier's record is always this fold of its own reports, so replaying it changes nothing:
 * a remedy's acknowledgement takes a delivery back, and its own delivery report delivers again.
 */
function standing(
  r: RequisitionRow,
  reports: PendingReport[],
): Pick<RequisitionRow, 'status' | 'delivery_date' | 'delivered'> {
  let status: SupplierStatus = 'placed';
  let date = r.delivery_date;
  for (const report of reports) {
    if (status === 'cancelled' || status === 'ceased' || (status === 'rejected' && report.kind !== 'cancelled'))
      continue;
    if (report.kind === 'ceased') {
      if (status === 'delivered') status = 'ceased';
      continue;
    }
    if (report.kind === 'delivered') status = 'delivered';
    else if (report.kind === 'acknowledged') status = 'acknowledged';
    else if (report.kind === 'rejected' || report.kind === 'cancelled') status = report.kind;
    if (report.deliveryDate && report.kind !== 'delivered') date = report.deliveryDate;
  }
  const delivered =
    status === 'delivered'
      ? Array.from({ length: r.quantity }, (_, i) => ({
          name: `${r.supplier_reference}-${i + 1}`,
          attributes: {
            resourceSpecId: r.resource_spec_id,
            region: r.region,
            serialNumber: `${r.supplier_reference}-${i + 1}`,
            remedies: r.remedies,
          },
        }))
      : [];
  return { status, delivery_date: date, delivered: json.stringify(delivered) };
}

/** S/P Requisition Management, the supplier's side: contracts, quotes, requisitions, acceptance and remedies. */
export function createSupplierRequisitions(
  db: Db,
  { now, from }: SupplierClock,
): Pick<
  PartnerGatewayPort,
  | 'contractsFor'
  | 'quote'
  | 'placeRequisition'
  | 'status'
  | 'cancelRequisition'
  | 'ceaseRequisition'
  | 'acceptanceTest'
  | 'requestRemedy'
> {
  const find = (id: string) =>
    db.prepare('SELECT * FROM supplier_requisitions WHERE id = ?').get(id) as RequisitionRow | undefined;
  const contract = (id: string) =>
    db.prepare('SELECT * FROM supplier_contracts WHERE id = ?').get(id) as ContractRow | undefined;
  const schedule = (r: Pick<RequisitionRow, 'id' | 'supplier_reference'>, report: PendingReport, dueAt: string) =>
    db
      .prepare('INSERT INTO supplier_outbox (requisition_id, report, due_at) VALUES (?, ?, ?)')
      .run(r.id, json.stringify({ ...report, requisitionId: r.id, supplierReference: r.supplier_reference }), dueAt);

  /** Brings the supplier's record of a requisition up to what it has reported by now. */
  const refresh = (id: string): RequisitionRow => {
    const r = find(id);
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `the supplier knows no requisition ${id}`);
    const reports = (
      db
        .prepare('SELECT report FROM supplier_outbox WHERE requisition_id = ? AND due_at <= ? ORDER BY due_at, seq')
        .pluck()
        .all(id, now()) as string[]
    ).map((text) => json.parse<PendingReport>(text));
    const s = standing(r, reports);
    db.prepare('UPDATE supplier_requisitions SET status = ?, delivery_date = ?, delivered = ? WHERE id = ?').run(
      s.status,
      s.delivery_date,
      s.delivered,
      id,
    );
    return { ...r, ...s };
  };
  /** The operator's own news (a cancellation, a cease): recorded in the supplier's history, never sent. */
  const ownNews = (r: RequisitionRow, kind: 'cancelled' | 'ceased', detail: string) =>
    db
      .prepare('INSERT INTO supplier_outbox (requisition_id, report, due_at, sent_at) VALUES (?, ?, ?, ?)')
      .run(
        r.id,
        json.stringify({ requisitionId: r.id, supplierReference: r.supplier_reference, kind, detail }),
        now(),
        now(),
      );
  const statusOf = (r: RequisitionRow): RequisitionStatus => ({
    requisitionId: r.id,
    supplierReference: r.supplier_reference,
    status: r.status,
    deliveryDate: r.delivery_date,
    delivered: json.parse(r.delivered),
  });

  return {
    async contractsFor(resourceSpecId, region, onDate): Promise<SupplierContract[]> {
      const rows = db
        .prepare(
          `SELECT c.*, s.name AS supplier_name, s.rating FROM supplier_contracts c JOIN suppliers s ON s.id = c.supplier_id
           WHERE c.resource_spec_id = ? AND c.region = ? AND c.valid_until >= ? ORDER BY c.id`,
        )
        .all(resourceSpecId, region, onDate.slice(0, 10)) as Array<
        ContractRow & { supplier_name: string; rating: number }
      >;
      return rows.map((c) => ({
        id: c.id,
        supplierId: c.supplier_id,
        supplierName: c.supplier_name,
        supplierRating: c.rating,
        resourceSpecId: c.resource_spec_id,
        region: c.region,
        priceMinor: c.price_minor,
        leadTimeDays: c.lead_time_days,
        availabilitySlaPct: c.availability_sla_pct,
        validUntil: c.valid_until,
        revenueSharePct: c.revenue_share_pct,
      }));
    },

    async quote(contractId, quantity): Promise<SupplierQuote> {
      const c = contract(contractId);
      if (!c)
        return {
          supplierId: '',
          contractId,
          available: false,
          quantity: 0,
          promisedDeliveryDate: null,
          priceMinor: 0,
          detail: 'no such contract',
        };
      const refusal = (detail: string): SupplierQuote => ({
        supplierId: c.supplier_id,
        contractId,
        available: false,
        quantity: 0,
        promisedDeliveryDate: null,
        priceMinor: 0,
        detail,
      });
      if (c.valid_until < now().slice(0, 10)) return refusal(`contract ended ${c.valid_until}`);
      const open = (
        db
          .prepare(
            "SELECT id FROM supplier_requisitions WHERE contract_id = ? AND status IN ('placed', 'acknowledged')",
          )
          .pluck()
          .all(contractId) as string[]
      )
        .map(refresh)
        .filter((r) => r.status === 'placed' || r.status === 'acknowledged')
        .reduce((n, r) => n + r.quantity, 0);
      if (open + quantity > CAPACITY) return refusal(`no capacity: ${open} of ${CAPACITY} already on order`);
      return {
        supplierId: c.supplier_id,
        contractId,
        available: true,
        quantity,
        promisedDeliveryDate: from().promise(c.lead_time_days * DAY_MS),
        priceMinor: c.price_minor * quantity,
        detail: `delivery in ${c.lead_time_days} days`,
      };
    },

    async placeRequisition(key, req) {
      const id = once(db, key, 'placeRequisition', () => {
        if (find(req.requisitionId)) return req.requisitionId;
        const c = contract(req.contractId);
        if (!c || c.supplier_id !== req.supplierId) {
          throw new BusinessRejection(
            BusinessErrorType.NotFound,
            `${req.supplierId} has no contract ${req.contractId}`,
          );
        }
        const reference = nextId(db, req.supplierId.replace(/^SUP-/, ''));
        const leadMs = c.lead_time_days * DAY_MS;
        const t = from();
        const promised = t.promise(leadMs);
        db.prepare(
          `INSERT INTO supplier_requisitions (id, supplier_id, contract_id, supplier_reference, resource_spec_id, region, quantity, status,
             delivery_date, reply_to_workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'placed', ?, ?, ?)`,
        ).run(
          req.requisitionId,
          req.supplierId,
          req.contractId,
          reference,
          req.resourceSpecId,
          req.region,
          req.quantity,
          promised,
          req.replyToWorkflowId,
          now(),
        );
        const r = { id: req.requisitionId, supplier_reference: reference };
        if (faultFires(db, req.supplierId, 'reject')) {
          schedule(r, { kind: 'rejected', detail: 'no capacity on that route' }, t.due(ACKNOWLEDGE_MS));
          return r.id;
        }
        schedule(r, { kind: 'acknowledged', deliveryDate: promised }, t.due(ACKNOWLEDGE_MS));
        const behaviour = BEHAVIOURS[req.supplierId];
        let deliverAfter = leadMs;
        if (behaviour) {
          deliverAfter = leadMs + behaviour.slipDays * DAY_MS;
          schedule(
            r,
            { kind: 'deliveryDateChanged', deliveryDate: t.promise(deliverAfter), detail: behaviour.slipReason },
            t.due(leadMs / 2),
          );
        }
        schedule(
          r,
          { kind: 'delivered', detail: `${req.quantity} × ${req.resourceSpecId}, reference ${reference}` },
          t.due(deliverAfter),
        );
        return r.id;
      });
      return statusOf(refresh(id));
    },

    async ceaseRequisition(key, requisitionId, reason) {
      // A refusal is the supplier's answer, outside the once: it records nothing, and is used up.
      const asked = refresh(requisitionId);
      if (asked.status === 'delivered' && faultFires(db, asked.supplier_id, 'refuseCease'))
        throw new BusinessRejection(
          BusinessErrorType.NotFeasible,
          `${asked.supplier_id} refuses to cease ${asked.supplier_reference}: the contract's minimum term has not run out`,
        );
      once(db, key, 'ceaseRequisition', () => {
        const r = refresh(requisitionId);
        if (r.status === 'ceased') return r.id;
        if (r.status !== 'delivered')
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `requisition ${requisitionId} is ${r.status}: only a delivered product is ceased (cancel it instead)`,
          );
        ownNews(r, 'ceased', reason);
        return r.id;
      });
      return statusOf(refresh(requisitionId));
    },

    async status(requisitionId) {
      return statusOf(refresh(requisitionId));
    },

    async cancelRequisition(key, requisitionId, reason) {
      once(db, key, 'cancelRequisition', () => {
        const r = refresh(requisitionId);
        if (r.status === 'cancelled') return r.id;
        // Whatever the supplier had still to say about it, it will not say now.
        db.prepare('DELETE FROM supplier_outbox WHERE requisition_id = ? AND sent_at IS NULL').run(requisitionId);
        ownNews(r, 'cancelled', reason);
        return r.id;
      });
      return statusOf(refresh(requisitionId));
    },

    async acceptanceTest(requisitionId) {
      const r = refresh(requisitionId);
      if (r.status !== 'delivered')
        return { passed: false, detail: `nothing delivered to test (requisition ${r.status})` };
      if (faultFires(db, r.supplier_id, 'acceptance'))
        return { passed: false, detail: 'frame loss 4% on the delivered circuit (limit 0.1%)' };
      return { passed: true, detail: 'throughput, latency and frame loss within the contract' };
    },

    async requestRemedy(key, requisitionId, detail) {
      once(db, key, 'requestRemedy', () => {
        const r = refresh(requisitionId);
        if (r.status !== 'delivered') {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `requisition ${requisitionId} is ${r.status}: nothing delivered to remedy`,
          );
        }
        db.prepare('UPDATE supplier_requisitions SET remedies = remedies + 1 WHERE id = ?').run(requisitionId);
        const t = from();
        schedule(
          r,
          { kind: 'acknowledged', deliveryDate: t.promise(REMEDY_MS), detail: `remedy under way: ${detail}` },
          t.due(0),
        );
        schedule(r, { kind: 'delivered', detail: `remedied: ${detail}` }, t.due(REMEDY_MS));
        return r.id;
      });
      return statusOf(refresh(requisitionId));
    },
  };
}
