import { BusinessErrorType, reject } from '../../contracts/errors';
import { canMove } from '../../domain/assurance/states';
import type { Clock } from '../../ports/clock';
import {
  PARTNER_PROBLEM_TRANSITIONS,
  type PartnerProblemPort,
  type PartnerProblemRecord,
  type SupplierPerformance,
} from '../../ports/partner-problems';
import { type Db, once } from './database';

export interface ProblemRow {
  id: string;
  service_problem_id: string;
  service_id: string;
  customer_id: string;
  supplier_id: string;
  requisition_id: string;
  resource_id: string;
  description: string;
  state: PartnerProblemRecord['state'];
  supplier_reference: string | null;
  escalated: number;
  reopened: number;
  resolution: string | null;
  reported_at: string;
  acknowledged_at: string | null;
  escalated_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
}

/** A partner_problems row as the port gives it, for both stores (PostgreSQL's rows through sqliteShaped). */
export const toPartnerProblem = (r: ProblemRow): PartnerProblemRecord => ({
  id: r.id,
  serviceProblemId: r.service_problem_id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  supplierId: r.supplier_id,
  requisitionId: r.requisition_id,
  resourceId: r.resource_id,
  description: r.description,
  state: r.state,
  supplierReference: r.supplier_reference,
  escalated: r.escalated === 1,
  reopened: r.reopened,
  resolution: r.resolution,
  reportedAt: r.reported_at,
  acknowledgedAt: r.acknowledged_at,
  escalatedAt: r.escalated_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
});

export interface PerformanceRow {
  supplier_id: string;
  period_start: string;
  period_end: string;
  supplied_resources: number;
  problems: number;
  resolved: number;
  escalations: number;
  downtime_minutes: number;
  mean_time_to_acknowledge_minutes: number | null;
  mean_time_to_resolve_minutes: number | null;
  availability_bp: number;
  sla_bp: number;
  sla_met: number;
  restoration_reference: string | null;
  restoration_detail: string | null;
  restoration_requested_at: string | null;
  rating_before: number | null;
  rating_after: number | null;
  scored_at: string | null;
}

/** A supplier_performance row as the port gives it, for both stores. */
export const toSupplierPerformance = (r: PerformanceRow): SupplierPerformance => ({
  supplierId: r.supplier_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  suppliedResources: r.supplied_resources,
  problems: r.problems,
  resolved: r.resolved,
  escalations: r.escalations,
  downtimeMinutes: r.downtime_minutes,
  meanTimeToAcknowledgeMinutes: r.mean_time_to_acknowledge_minutes,
  meanTimeToResolveMinutes: r.mean_time_to_resolve_minutes,
  availabilityBp: r.availability_bp,
  slaBp: r.sla_bp,
  slaMet: r.sla_met === 1,
  restorationReference: r.restoration_reference,
  restorationDetail: r.restoration_detail,
  restorationRequestedAt: r.restoration_requested_at,
  ratingBefore: r.rating_before,
  ratingAfter: r.rating_after,
  scoredAt: r.scored_at,
});

type ProblemChange = Parameters<PartnerProblemPort['update']>[2];

/**
 * A problem's columns after a change made at `at`, for both stores: a move the transition table
 * does not allow is refused (InvalidStateTransition), escalation is stamped once, and each
 * instant is set by the move that reaches it.
 */
export function problemMoved(
  r: ProblemRow,
  change: ProblemChange,
  at: string,
): Pick<
  ProblemRow,
  | 'state'
  | 'supplier_reference'
  | 'resolution'
  | 'escalated_at'
  | 'reopened'
  | 'acknowledged_at'
  | 'resolved_at'
  | 'closed_at'
> & { escalated: boolean; updated_at: string } {
  const to = change.state;
  if (to !== undefined && to !== r.state && !canMove(PARTNER_PROBLEM_TRANSITIONS, r.state, to)) {
    reject(BusinessErrorType.InvalidStateTransition, `partner problem ${r.id} cannot move from ${r.state} to ${to}`);
  }
  const moved = to !== undefined && to !== r.state;
  return {
    state: to ?? r.state,
    supplier_reference: change.supplierReference ?? r.supplier_reference,
    resolution: change.resolution ?? r.resolution,
    escalated: Boolean(change.escalate) || Boolean(r.escalated),
    escalated_at: change.escalate && !r.escalated ? at : r.escalated_at,
    reopened: r.reopened + (change.reopen ? 1 : 0),
    acknowledged_at:
      r.acknowledged_at ?? (moved && (to === 'acknowledged' || to === 'inProgress' || to === 'resolved') ? at : null),
    resolved_at: moved && to === 'resolved' ? at : r.resolved_at,
    closed_at: moved && (to === 'closed' || to === 'cancelled') ? at : r.closed_at,
    updated_at: at,
  };
}

/** S/PRM's partner problems and supplier performance, in the embedded store. */
export function createSqlitePartnerProblems(db: Db, clock: Clock): PartnerProblemPort {
  const now = () => clock().toISOString();
  const find = (id: string) =>
    db.prepare('SELECT * FROM partner_problems WHERE id = ?').get(id) as ProblemRow | undefined;
  const mustFind = (id: string) => find(id) ?? reject(BusinessErrorType.NotFound, `no partner problem ${id}`);
  const findPerformance = (p: { supplierId: string; periodStart: string; periodEnd: string }) =>
    db
      .prepare('SELECT * FROM supplier_performance WHERE supplier_id = ? AND period_start = ? AND period_end = ?')
      .get(p.supplierId, p.periodStart, p.periodEnd) as PerformanceRow | undefined;
  const mustFindPerformance = (p: { supplierId: string; periodStart: string; periodEnd: string }) =>
    findPerformance(p) ??
    reject(
      BusinessErrorType.NotFound,
      `${p.supplierId}'s performance over ${p.periodStart}–${p.periodEnd} was never measured`,
    );

  return {
    async record(key, p) {
      once(db, key, 'recordPartnerProblem', () => {
        if (find(p.id)) return p.id;
        const at = now();
        db.prepare(
          `INSERT INTO partner_problems (id, service_problem_id, service_id, customer_id, supplier_id, requisition_id,
             resource_id, description, state, reported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'reported', ?, ?)`,
        ).run(
          p.id,
          p.serviceProblemId,
          p.serviceId,
          p.customerId,
          p.supplierId,
          p.requisitionId,
          p.resourceId,
          p.description,
          at,
          at,
        );
        return p.id;
      });
      return toPartnerProblem(mustFind(p.id));
    },

    async get(id) {
      const r = find(id);
      return r && toPartnerProblem(r);
    },

    async update(key, id, change) {
      once(db, key, 'updatePartnerProblem', () => {
        const next = problemMoved(mustFind(id), change, now());
        db.prepare(
          `UPDATE partner_problems SET
             state = ?, supplier_reference = ?, resolution = ?,
             escalated = ?, escalated_at = ?, reopened = ?,
             acknowledged_at = ?, resolved_at = ?, closed_at = ?, updated_at = ?
           WHERE id = ?`,
        ).run(
          next.state,
          next.supplier_reference,
          next.resolution,
          next.escalated ? 1 : 0,
          next.escalated_at,
          next.reopened,
          next.acknowledged_at,
          next.resolved_at,
          next.closed_at,
          next.updated_at,
          id,
        );
        return id;
      });
      return toPartnerProblem(mustFind(id));
    },

    async addEvent(id, e) {
      const r = db
        .prepare(
          `INSERT INTO partner_problem_events (partner_problem_id, kind, detail, event_key, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (partner_problem_id, event_key) DO NOTHING`,
        )
        .run(id, e.kind, e.detail, e.key, e.at);
      return r.changes > 0;
    },

    async removeEvent(id, key) {
      const r = db
        .prepare('DELETE FROM partner_problem_events WHERE partner_problem_id = ? AND event_key = ?')
        .run(id, key);
      return r.changes > 0;
    },

    async events(id) {
      return db
        .prepare('SELECT kind, detail, at FROM partner_problem_events WHERE partner_problem_id = ? ORDER BY seq')
        .all(id) as Array<{ kind: string; detail: string | null; at: string }>;
    },

    async overlapping(supplierId, from, to) {
      const rows = db
        .prepare(
          `SELECT * FROM partner_problems WHERE supplier_id = ? AND reported_at < ?
             AND (state NOT IN ('closed', 'cancelled') OR COALESCE(closed_at, updated_at) > ?)
           ORDER BY reported_at, id`,
        )
        .all(supplierId, to, from) as ProblemRow[];
      return rows.map(toPartnerProblem);
    },

    async supplier(supplierId) {
      const s = db.prepare('SELECT id, name, email, rating FROM suppliers WHERE id = ?').get(supplierId) as
        { id: string; name: string; email: string; rating: number } | undefined;
      if (!s) return undefined;
      const slaPct = db
        .prepare('SELECT MAX(availability_sla_pct) FROM supplier_contracts WHERE supplier_id = ?')
        .pluck()
        .get(supplierId) as number | null;
      const supplied = db
        .prepare(
          `SELECT id FROM resources WHERE json_extract(attributes, '$.supplierId') = ?
             AND state IN ('inService', 'reserved', 'outOfService') ORDER BY id`,
        )
        .pluck()
        .all(supplierId) as string[];
      return {
        supplierId: s.id,
        name: s.name,
        email: s.email,
        rating: s.rating,
        slaBp: Math.round((slaPct ?? 0) * 100),
        suppliedResourceIds: supplied,
      };
    },

    async recordMeasurement(key, m) {
      once(db, key, 'recordSupplierMeasurement', () => {
        if (findPerformance(m)) return m.supplierId;
        db.prepare(
          `INSERT INTO supplier_performance (supplier_id, period_start, period_end, supplied_resources, problems, resolved,
             escalations, downtime_minutes, mean_time_to_acknowledge_minutes, mean_time_to_resolve_minutes,
             availability_bp, sla_bp, sla_met, measured_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          m.supplierId,
          m.periodStart,
          m.periodEnd,
          m.suppliedResources,
          m.problems,
          m.resolved,
          m.escalations,
          m.downtimeMinutes,
          m.meanTimeToAcknowledgeMinutes,
          m.meanTimeToResolveMinutes,
          m.availabilityBp,
          m.slaBp,
          m.slaMet ? 1 : 0,
          now(),
        );
        return m.supplierId;
      });
      return toSupplierPerformance(mustFindPerformance(m));
    },

    async recordRestoration(key, period, r) {
      once(db, key, 'recordSupplierRestoration', () => {
        const row = mustFindPerformance(period);
        if (row.restoration_reference) return row.restoration_reference;
        db.prepare(
          `UPDATE supplier_performance SET restoration_reference = ?, restoration_detail = ?, restoration_requested_at = ?
           WHERE supplier_id = ? AND period_start = ? AND period_end = ?`,
        ).run(r.reference, r.detail, now(), period.supplierId, period.periodStart, period.periodEnd);
        return r.reference;
      });
      return toSupplierPerformance(mustFindPerformance(period));
    },

    async recordScore(key, period, ratingAfter) {
      once(db, key, 'recordSupplierScore', () => {
        const row = mustFindPerformance(period);
        // A period is scored once: scoring it again must not move the rating twice.
        if (row.scored_at) return row.rating_after;
        const before = db.prepare('SELECT rating FROM suppliers WHERE id = ?').pluck().get(period.supplierId) as number;
        db.prepare('UPDATE suppliers SET rating = ? WHERE id = ?').run(ratingAfter, period.supplierId);
        db.prepare(
          `UPDATE supplier_performance SET rating_before = ?, rating_after = ?, scored_at = ?
           WHERE supplier_id = ? AND period_start = ? AND period_end = ?`,
        ).run(before, ratingAfter, now(), period.supplierId, period.periodStart, period.periodEnd);
        return ratingAfter;
      });
      return toSupplierPerformance(mustFindPerformance(period));
    },

    async performance(period) {
      const r = findPerformance(period);
      return r && toSupplierPerformance(r);
    },
  };
}
