import { BusinessErrorType, BusinessRejection } from '../contracts/errors';
import { json, nextId, once } from '../adapters/sqlite/database';
import type { Db } from '../adapters/sqlite/database';
import type { SupplierProblemReport } from '../domain/assurance/messages';
import type { SupplierReport } from '../domain/fulfilment/partner-order';
import type { Clock } from '../ports/clock';
import type {
  PartnerGatewayPort,
  RequisitionStatus,
  SupplierContract,
  SupplierProblemStatus,
  SupplierQuote,
} from '../ports/partner-gateway';

/**
 * The suppliers, simulated: each answers quotes from its contracts, takes requisitions, and
 * reports back later — acknowledged, perhaps a new delivery date, delivered — through an
 * outbox that a delivery loop sends as signals to the partner order workflow. The outbox makes
 * the reports crash-safe (a report is marked sent only once delivered: at least once).
 *
 * Dates the suppliers promise are business dates (a 15-day lead time promises a date 15 days
 * out), but the suppliers live `speed` times faster than we do: the reports themselves fall
 * due after lead time / speed, so the demo's 15 days pass in a few seconds. Behaviour is
 * fixed per supplier, never random, so every run tells the same story.
 *
 * The suppliers also answer problems reported on what they supplied (1.A.4.3): acknowledged,
 * being worked, resolved — and a supplier's 'resolved' is a real fix: when it falls due, the
 * faults of that resource in the network simulator are gone (both simulate the outside world,
 * so the supplier reaches into the simulated network directly, as its engineers would).
 */

const DAY_MS = 86_400_000;
/** Simulated seconds per real second by default: a 15-day lead time takes 3 s. */
export const DEFAULT_SUPPLIER_SPEED = 5 * 86_400;
/** How long a supplier takes to acknowledge a requisition or a remedy request. */
const ACKNOWLEDGE_MS = DAY_MS / 4;
/** How long a supplier takes to put right a product that failed acceptance. */
const REMEDY_MS = DAY_MS;
/** A supplier takes at most this many open requisitions per contract at once. */
const CAPACITY = 10;
const HOUR_MS = 3_600_000;
/** How long a supplier takes to acknowledge a problem, and to start working on it. */
const PROBLEM_ACKNOWLEDGE_MS = HOUR_MS / 2;
const PROBLEM_WORK_MS = HOUR_MS;
/** How long a supplier takes to fix a problem, unless its behaviour says otherwise. */
const PROBLEM_RESOLVE_MS = 6 * HOUR_MS;
/** Once escalated to its management, a supplier fixes within this. */
const ESCALATED_RESOLVE_MS = 2 * HOUR_MS;
/** How long a supplier promises to take to be back within its SLA (1.A.4.4.2). */
const IMPROVEMENT_MS = 30 * DAY_MS;

/** What each supplier does beyond acknowledging and delivering on time. */
const BEHAVIOURS: Record<string, { slipDays: number; slipReason: string; resolveMs: number }> = {
  // Beta digs its own trenches: halfway through, it always reports a two-day slip; a fault on
  // its fibre takes it twice as long to fix.
  'SUP-BETA': { slipDays: 2, slipReason: 'civil works permit delayed', resolveMs: 12 * HOUR_MS },
};

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

type PendingReport = Omit<SupplierReport, 'requisitionId' | 'supplierReference' | 'at'>;

/**
 * Makes a supplier fail its next `times` acceptance tests, reject its next `times` requisitions,
 * or stay silent on its next `times` problem reports (no answer until the problem is escalated).
 */
export function injectSupplierFault(
  db: Db,
  supplierId: string,
  operation: 'acceptance' | 'reject' | 'silent',
  times = 1,
): void {
  db.prepare(
    `INSERT INTO simulator_faults (target, operation, remaining) VALUES (?, ?, ?)
     ON CONFLICT (target, operation) DO UPDATE SET remaining = remaining + excluded.remaining`,
  ).run(supplierId, operation, times);
}

function faultFires(db: Db, target: string, operation: string): boolean {
  return (
    db
      .prepare(
        'UPDATE simulator_faults SET remaining = remaining - 1 WHERE target = ? AND operation = ? AND remaining > 0',
      )
      .run(target, operation).changes > 0
  );
}

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
    if (status === 'cancelled' || (status === 'rejected' && report.kind !== 'cancelled')) continue;
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

interface ProblemRow {
  id: string;
  supplier_id: string;
  requisition_id: string;
  resource_id: string;
  supplier_reference: string;
  status: SupplierProblemStatus['status'];
  escalations: number;
  reopened: number;
}

/** What a supplier says about a problem: the reports it sends, and its own closing record (never sent). */
type ProblemNews = Omit<SupplierProblemReport, 'at' | 'status'> & { status: SupplierProblemStatus['status'] };

/**
 * The supplier's fixes that have fallen due take effect: the resource's simulated faults are
 * cleared (as `NetworkActivationPort.repair` does), once per 'resolved' report.
 */
function applyDueFixes(db: Db, now: string, problemId?: string): void {
  const due = db
    .prepare(
      `SELECT o.seq, p.resource_id FROM supplier_problem_outbox o JOIN supplier_problems p ON p.id = o.problem_id
       WHERE o.applied_at IS NULL AND o.due_at <= ? AND json_extract(o.report, '$.status') = 'resolved'
         AND (? IS NULL OR o.problem_id = ?) ORDER BY o.due_at, o.seq`,
    )
    .all(now, problemId ?? null, problemId ?? null) as Array<{ seq: number; resource_id: string }>;
  for (const fix of due) {
    db.transaction(() => {
      db.prepare('DELETE FROM simulator_faults WHERE target = ?').run(fix.resource_id);
      db.prepare('UPDATE supplier_problem_outbox SET applied_at = ? WHERE seq = ?').run(now, fix.seq);
    })();
  }
}

export function createSupplierSimulator(db: Db, clock: Clock, opts: { speed?: number } = {}): PartnerGatewayPort {
  const speed = opts.speed ?? DEFAULT_SUPPLIER_SPEED;
  const now = () => clock().toISOString();
  /**
   * Time seen from one instant (now, by default): the business dates a supplier promises from
   * it, and when, in our time, its reports fall due.
   */
  const from = (instant = clock().getTime()) => ({
    promise: (ms: number) => new Date(instant + ms).toISOString(),
    due: (simulatedMs: number) => new Date(instant + simulatedMs / speed).toISOString(),
  });

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
  const statusOf = (r: RequisitionRow): RequisitionStatus => ({
    requisitionId: r.id,
    supplierReference: r.supplier_reference,
    status: r.status,
    deliveryDate: r.delivery_date,
    delivered: json.parse(r.delivered),
  });

  const findProblem = (id: string) =>
    db.prepare('SELECT * FROM supplier_problems WHERE id = ?').get(id) as ProblemRow | undefined;
  const scheduleProblem = (
    p: Pick<ProblemRow, 'id' | 'supplier_reference'>,
    status: SupplierProblemReport['status'],
    detail: string,
    dueAt: string,
  ) =>
    db.prepare('INSERT INTO supplier_problem_outbox (problem_id, report, due_at) VALUES (?, ?, ?)').run(
      p.id,
      json.stringify({
        partnerProblemId: p.id,
        supplierReference: p.supplier_reference,
        status,
        detail,
      } satisfies ProblemNews),
      dueAt,
    );
  /** Brings the supplier's record of a problem up to what it has reported (and fixed) by now. */
  const refreshProblem = (id: string): ProblemRow & { detail: string } => {
    const p = findProblem(id);
    if (!p) throw new BusinessRejection(BusinessErrorType.NotFound, `the supplier knows no problem ${id}`);
    applyDueFixes(db, now(), id);
    const news = (
      db
        .prepare('SELECT report FROM supplier_problem_outbox WHERE problem_id = ? AND due_at <= ? ORDER BY due_at, seq')
        .pluck()
        .all(id, now()) as string[]
    ).map((text) => json.parse<ProblemNews>(text));
    const closed = news.some((n) => n.status === 'closed');
    const last = news.at(-1);
    const status = closed ? 'closed' : (last?.status ?? 'reported');
    db.prepare('UPDATE supplier_problems SET status = ? WHERE id = ?').run(status, id);
    return { ...p, status, detail: last?.detail ?? 'reported, not yet answered' };
  };
  const problemStatusOf = (p: ProblemRow & { detail: string }): SupplierProblemStatus => ({
    partnerProblemId: p.id,
    supplierReference: p.supplier_reference,
    status: p.status,
    escalations: p.escalations,
    detail: p.detail,
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

    async status(requisitionId) {
      return statusOf(refresh(requisitionId));
    },

    async cancelRequisition(key, requisitionId, reason) {
      once(db, key, 'cancelRequisition', () => {
        const r = refresh(requisitionId);
        if (r.status === 'cancelled') return r.id;
        // Whatever the supplier had still to say about it, it will not say now.
        db.prepare('DELETE FROM supplier_outbox WHERE requisition_id = ? AND sent_at IS NULL').run(requisitionId);
        // The cancellation is the operator's own news: recorded in the supplier's history, never sent.
        db.prepare('INSERT INTO supplier_outbox (requisition_id, report, due_at, sent_at) VALUES (?, ?, ?, ?)').run(
          requisitionId,
          json.stringify({ requisitionId, supplierReference: r.supplier_reference, kind: 'cancelled', detail: reason }),
          now(),
          now(),
        );
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

    async reportProblem(key, p) {
      once(db, key, 'reportProblem', () => {
        if (findProblem(p.partnerProblemId)) return p.partnerProblemId;
        const r = find(p.requisitionId);
        if (!r || r.supplier_id !== p.supplierId) {
          throw new BusinessRejection(
            BusinessErrorType.NotFound,
            `${p.supplierId} knows no requisition ${p.requisitionId} to report a problem on`,
          );
        }
        const reference = nextId(db, `${p.supplierId.replace(/^SUP-/, '')}-TT`);
        db.prepare(
          `INSERT INTO supplier_problems (id, supplier_id, requisition_id, resource_id, supplier_reference, description,
             status, reply_to_workflow_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 'reported', ?, ?)`,
        ).run(
          p.partnerProblemId,
          p.supplierId,
          p.requisitionId,
          p.resourceId,
          reference,
          p.description,
          p.replyToWorkflowId,
          now(),
        );
        // A silent supplier says nothing until someone escalates.
        if (faultFires(db, p.supplierId, 'silent')) return p.partnerProblemId;
        const t = from();
        const problem = { id: p.partnerProblemId, supplier_reference: reference };
        scheduleProblem(problem, 'acknowledged', `ticket ${reference} opened`, t.due(PROBLEM_ACKNOWLEDGE_MS));
        scheduleProblem(problem, 'inProgress', 'field engineer dispatched', t.due(PROBLEM_WORK_MS));
        const resolveMs = BEHAVIOURS[p.supplierId]?.resolveMs ?? PROBLEM_RESOLVE_MS;
        scheduleProblem(problem, 'resolved', `${p.resourceId} repaired on our side`, t.due(resolveMs));
        return p.partnerProblemId;
      });
      return problemStatusOf(refreshProblem(p.partnerProblemId));
    },

    async problemStatus(partnerProblemId) {
      return problemStatusOf(refreshProblem(partnerProblemId));
    },

    async escalateProblem(key, partnerProblemId, detail) {
      once(db, key, 'escalateProblem', () => {
        const p = refreshProblem(partnerProblemId);
        if (p.status === 'closed' || p.status === 'resolved') return p.id;
        db.prepare('UPDATE supplier_problems SET escalations = escalations + 1 WHERE id = ?').run(p.id);
        const pendingFix = db
          .prepare(
            `SELECT COUNT(*) FROM supplier_problem_outbox WHERE problem_id = ? AND sent_at IS NULL
               AND json_extract(report, '$.status') = 'resolved'`,
          )
          .pluck()
          .get(p.id) as number;
        const t = from();
        scheduleProblem(p, 'inProgress', `escalated to the service manager: ${detail}`, t.due(PROBLEM_ACKNOWLEDGE_MS));
        // Management moves things: a problem with no fix in sight gets one, quickly.
        if (pendingFix === 0)
          scheduleProblem(p, 'resolved', `${p.resource_id} repaired after escalation`, t.due(ESCALATED_RESOLVE_MS));
        return p.id;
      });
      return problemStatusOf(refreshProblem(partnerProblemId));
    },

    async reopenProblem(key, partnerProblemId, detail) {
      once(db, key, 'reopenProblem', () => {
        const p = refreshProblem(partnerProblemId);
        if (p.status === 'closed') {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `problem ${partnerProblemId} is closed with ${p.supplier_id}: it cannot be reopened`,
          );
        }
        db.prepare('UPDATE supplier_problems SET reopened = reopened + 1 WHERE id = ?').run(p.id);
        db.prepare('DELETE FROM supplier_problem_outbox WHERE problem_id = ? AND sent_at IS NULL AND due_at > ?').run(
          p.id,
          now(),
        );
        const t = from();
        scheduleProblem(p, 'inProgress', `reopened: ${detail}`, t.due(0));
        const resolveMs = BEHAVIOURS[p.supplier_id]?.resolveMs ?? PROBLEM_RESOLVE_MS;
        scheduleProblem(p, 'resolved', `${p.resource_id} repaired again`, t.due(resolveMs));
        return p.id;
      });
      return problemStatusOf(refreshProblem(partnerProblemId));
    },

    async closeProblem(key, partnerProblemId, resolution) {
      once(db, key, 'closeProblem', () => {
        const p = refreshProblem(partnerProblemId);
        if (p.status === 'closed') return p.id;
        // Whatever it still had to say about it, it will not say now.
        db.prepare('DELETE FROM supplier_problem_outbox WHERE problem_id = ? AND sent_at IS NULL').run(p.id);
        // The closure is the operator's news: kept in the supplier's history, never sent.
        db.prepare('INSERT INTO supplier_problem_outbox (problem_id, report, due_at, sent_at) VALUES (?, ?, ?, ?)').run(
          p.id,
          json.stringify({
            partnerProblemId: p.id,
            supplierReference: p.supplier_reference,
            status: 'closed',
            detail: resolution,
          } satisfies ProblemNews),
          now(),
          now(),
        );
        return p.id;
      });
      return problemStatusOf(refreshProblem(partnerProblemId));
    },

    async requestServiceImprovement(key, request) {
      const reference = once(db, key, 'requestServiceImprovement', () => {
        const known = db.prepare('SELECT id FROM suppliers WHERE id = ?').pluck().get(request.supplierId);
        if (!known) throw new BusinessRejection(BusinessErrorType.NotFound, `no supplier ${request.supplierId}`);
        const ref = nextId(db, `${request.supplierId.replace(/^SUP-/, '')}-SIP`);
        db.prepare(
          `INSERT INTO supplier_improvement_plans (reference, supplier_id, period_start, period_end, detail, committed_by,
             created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          ref,
          request.supplierId,
          request.periodStart,
          request.periodEnd,
          request.detail,
          from().promise(IMPROVEMENT_MS),
          now(),
        );
        return ref;
      });
      const plan = db.prepare('SELECT * FROM supplier_improvement_plans WHERE reference = ?').get(reference) as {
        reference: string;
        supplier_id: string;
        committed_by: string;
        detail: string;
      };
      return {
        reference: plan.reference,
        supplierId: plan.supplier_id,
        committedBy: plan.committed_by,
        detail: plan.detail,
      };
    },
  };
}

/** What the delivery loop sends: a report on a requisition, or a report on a problem. */
export type SupplierMessage = ['supplierReport', SupplierReport] | ['supplierProblemReport', SupplierProblemReport];

interface DueMessage {
  seq: number;
  table: 'supplier_outbox' | 'supplier_problem_outbox';
  /** The requisition or problem the report is about: its reports go out in order. */
  subject: string;
  workflowId: string;
  message: SupplierMessage;
  dueAt: string;
}

/**
 * The delivery loop: sends the suppliers' due reports to the workflows that await them —
 * requisition reports to partner orders (`supplierReport`), problem reports to partner
 * problems (`supplierProblemReport`). A report is marked sent only after `deliver` succeeded,
 * so a crash resends it (the workflow records a report it already has only once). A report
 * that could not be sent holds back the later ones on the same requisition or problem, so a
 * supplier's reports arrive in the order it made them.
 */
export function startSupplierSimulator(opts: {
  db: Db;
  clock: Clock;
  deliver: (workflowId: string, ...message: SupplierMessage) => Promise<void>;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  const { db, clock, deliver } = opts;
  const markSent = (m: DueMessage) =>
    db.prepare(`UPDATE ${m.table} SET sent_at = ? WHERE seq = ?`).run(clock().toISOString(), m.seq);
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();

  const dueMessages = (now: string): DueMessage[] => {
    const requisitionReports = (
      db
        .prepare(
          `SELECT o.seq, o.requisition_id, o.report, o.due_at, r.reply_to_workflow_id FROM supplier_outbox o
           JOIN supplier_requisitions r ON r.id = o.requisition_id
           WHERE o.sent_at IS NULL AND o.due_at <= ? ORDER BY o.due_at, o.seq`,
        )
        .all(now) as Array<{
        seq: number;
        requisition_id: string;
        report: string;
        due_at: string;
        reply_to_workflow_id: string;
      }>
    ).map((row): DueMessage => ({
      seq: row.seq,
      table: 'supplier_outbox',
      subject: `requisition:${row.requisition_id}`,
      workflowId: row.reply_to_workflow_id,
      message: ['supplierReport', { ...json.parse<Omit<SupplierReport, 'at'>>(row.report), at: row.due_at }],
      dueAt: row.due_at,
    }));
    const problemReports = (
      db
        .prepare(
          `SELECT o.seq, o.problem_id, o.report, o.due_at, p.reply_to_workflow_id FROM supplier_problem_outbox o
           JOIN supplier_problems p ON p.id = o.problem_id
           WHERE o.sent_at IS NULL AND o.due_at <= ? ORDER BY o.due_at, o.seq`,
        )
        .all(now) as Array<{
        seq: number;
        problem_id: string;
        report: string;
        due_at: string;
        reply_to_workflow_id: string;
      }>
    ).map((row): DueMessage => ({
      seq: row.seq,
      table: 'supplier_problem_outbox',
      subject: `problem:${row.problem_id}`,
      workflowId: row.reply_to_workflow_id,
      message: [
        'supplierProblemReport',
        { ...json.parse<Omit<SupplierProblemReport, 'at'>>(row.report), at: row.due_at },
      ],
      dueAt: row.due_at,
    }));
    return [...requisitionReports, ...problemReports].sort(
      (a, b) => a.dueAt.localeCompare(b.dueAt) || a.table.localeCompare(b.table) || a.seq - b.seq,
    );
  };

  const sendDue = async () => {
    const now = clock().toISOString();
    // A supplier's fix is done when it says so, whether or not the report reaches anyone.
    applyDueFixes(db, now);
    const heldBack = new Set<string>();
    for (const m of dueMessages(now)) {
      if (!running) return;
      if (heldBack.has(m.subject)) continue;
      try {
        await deliver(m.workflowId, ...m.message);
        markSent(m);
      } catch (err) {
        // A workflow that has ended will never read it: drop it. Anything else (the server is
        // unreachable) leaves it due, to be sent again on the next pass.
        if ((err as Error).name === 'WorkflowNotFoundError') markSent(m);
        else heldBack.add(m.subject);
      }
    }
  };
  const loop = () => {
    // A pass that fails (the store closing under it) is simply retried on the next one.
    pass = sendDue()
      .catch(() => undefined)
      .then(() => {
        if (running) timer = setTimeout(loop, opts.intervalMs ?? 200);
      });
  };
  loop();
  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      await pass;
    },
  };
}
