import { BusinessErrorType, BusinessRejection } from '../contracts/errors';
import { type Db, json, nextId, once } from '../adapters/sqlite/database';
import type { SupplierProblemReport } from '../domain/assurance/messages';
import type { PartnerGatewayPort, SupplierProblemStatus } from '../ports/partner-gateway';
import { BEHAVIOURS, faultFires, HOUR_MS, type SupplierClock } from './supplier-behaviour';

/** How long a supplier takes to acknowledge a problem, and to start working on it. */
const PROBLEM_ACKNOWLEDGE_MS = HOUR_MS / 2;
const PROBLEM_WORK_MS = HOUR_MS;
/** How long a supplier takes to fix a problem, unless its behaviour says otherwise. */
const PROBLEM_RESOLVE_MS = 6 * HOUR_MS;
/** Once escalated to its management, a supplier fixes within this. */
const ESCALATED_RESOLVE_MS = 2 * HOUR_MS;

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
export function applyDueFixes(db: Db, now: string, problemId?: string): void {
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

/** S/P Problem Reporting & Management, the supplier's side: problems reported, escalated, reopened and closed. */
export function createSupplierProblems(
  db: Db,
  { now, from }: SupplierClock,
): Pick<PartnerGatewayPort, 'reportProblem' | 'problemStatus' | 'escalateProblem' | 'reopenProblem' | 'closeProblem'> {
  /** The supplier of a requisition, as the supplier knows it. */
  const find = (id: string) =>
    db.prepare('SELECT supplier_id FROM supplier_requisitions WHERE id = ?').get(id) as
      { supplier_id: string } | undefined;
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
  };
}
