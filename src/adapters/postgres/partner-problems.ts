import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { PartnerProblemPort } from '../../ports/partner-problems';
import {
  type PerformanceRow,
  type ProblemRow,
  problemMoved,
  toPartnerProblem,
  toSupplierPerformance,
} from '../sqlite/partner-problems';
import { once, type Pool, type Tx } from './database';
import { rowById, shapedRows, sqliteShaped } from './rows';

/**
 * S/PRM's partner problems and supplier performance on PostgreSQL: the same contract as the
 * SQLite adapter (test/ports/partner-problems.contract.ts runs on both). A move locks its problem,
 * so two workers moving it at once check the transition table against each other's result; a
 * period is measured once (its primary key) and scored once (its row and the supplier locked), so
 * a rating never moves twice for one period.
 */

const problem = rowById<ProblemRow>('partner_problems', 'partner problem');

type Period = { supplierId: string; periodStart: string; periodEnd: string };

async function performanceRow(db: Pool | Tx, p: Period, lock = false): Promise<PerformanceRow | undefined> {
  const { rows } = await db.query(
    `SELECT * FROM supplier_performance WHERE supplier_id = $1 AND period_start = $2 AND period_end = $3${
      lock ? ' FOR UPDATE' : ''
    }`,
    [p.supplierId, p.periodStart, p.periodEnd],
  );
  return rows[0] && sqliteShaped<PerformanceRow>(rows[0]);
}

const mustPerformance = async (db: Pool | Tx, p: Period, lock = false) =>
  (await performanceRow(db, p, lock)) ??
  reject(
    BusinessErrorType.NotFound,
    `${p.supplierId}'s performance over ${p.periodStart}–${p.periodEnd} was never measured`,
  );

export function createPostgresPartnerProblems(pool: Pool, clock: Clock): PartnerProblemPort {
  const now = () => clock().toISOString();

  return {
    async record(key, p) {
      await once(pool, key, 'recordPartnerProblem', async (tx) => {
        const at = now();
        // Once per id too: the same problem reported again under another key stays one problem.
        await tx.query(
          `INSERT INTO partner_problems (id, service_problem_id, service_id, customer_id, supplier_id, requisition_id,
             resource_id, description, state, reported_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'reported', $9, $9) ON CONFLICT (id) DO NOTHING`,
          [
            p.id,
            p.serviceProblemId,
            p.serviceId,
            p.customerId,
            p.supplierId,
            p.requisitionId,
            p.resourceId,
            p.description,
            at,
          ],
        );
        return p.id;
      });
      return toPartnerProblem(await problem.must(pool, p.id));
    },

    async get(id) {
      const r = await problem.row(pool, id);
      return r && toPartnerProblem(r);
    },

    async update(key, id, change) {
      await once(pool, key, 'updatePartnerProblem', async (tx) => {
        const next = problemMoved(await problem.must(tx, id, true), change, now());
        await tx.query(
          `UPDATE partner_problems SET state = $1, supplier_reference = $2, resolution = $3, escalated = $4,
             escalated_at = $5, reopened = $6, acknowledged_at = $7, resolved_at = $8, closed_at = $9, updated_at = $10
           WHERE id = $11`,
          [
            next.state,
            next.supplier_reference,
            next.resolution,
            next.escalated,
            next.escalated_at,
            next.reopened,
            next.acknowledged_at,
            next.resolved_at,
            next.closed_at,
            next.updated_at,
            id,
          ],
        );
        return id;
      });
      return toPartnerProblem(await problem.must(pool, id));
    },

    async addEvent(id, e) {
      const { rowCount } = await pool.query(
        `INSERT INTO partner_problem_events (partner_problem_id, kind, detail, event_key, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (partner_problem_id, event_key) DO NOTHING`,
        [id, e.kind, e.detail, e.key, e.at],
      );
      return rowCount === 1;
    },

    async removeEvent(id, key) {
      const { rowCount } = await pool.query(
        'DELETE FROM partner_problem_events WHERE partner_problem_id = $1 AND event_key = $2',
        [id, key],
      );
      return rowCount === 1;
    },

    async events(id) {
      const { rows } = await pool.query(
        'SELECT kind, detail, at FROM partner_problem_events WHERE partner_problem_id = $1 ORDER BY seq',
        [id],
      );
      return rows.map((r) => sqliteShaped<{ kind: string; detail: string | null; at: string }>(r));
    },

    async overlapping(supplierId, from, to) {
      const { rows } = await pool.query(
        `SELECT * FROM partner_problems WHERE supplier_id = $1 AND reported_at < $2
           AND (state NOT IN ('closed', 'cancelled') OR COALESCE(closed_at, updated_at) > $3)
         ORDER BY reported_at, id`,
        [supplierId, to, from],
      );
      return shapedRows<ProblemRow>(rows).map(toPartnerProblem);
    },

    async supplier(supplierId) {
      const { rows } = await pool.query<{ id: string; name: string; email: string; rating: number }>(
        'SELECT id, name, email, rating FROM suppliers WHERE id = $1',
        [supplierId],
      );
      const s = rows[0];
      if (!s) return undefined;
      const sla = await pool.query<{ pct: string | null }>(
        'SELECT MAX(availability_sla_pct) AS pct FROM supplier_contracts WHERE supplier_id = $1',
        [supplierId],
      );
      const supplied = await pool.query<{ id: string }>(
        `SELECT id FROM resources WHERE attributes->>'supplierId' = $1
           AND state IN ('inService', 'reserved', 'outOfService') ORDER BY id`,
        [supplierId],
      );
      return {
        supplierId: s.id,
        name: s.name,
        email: s.email,
        rating: s.rating,
        // NUMERIC comes as text: the percentage as the contract states it, in basis points.
        slaBp: Math.round(Number(sla.rows[0]?.pct ?? 0) * 100),
        suppliedResourceIds: supplied.rows.map((r) => r.id),
      };
    },

    async recordMeasurement(key, m) {
      await once(pool, key, 'recordSupplierMeasurement', async (tx) => {
        // Once per supplier and period: the primary key keeps the first measurement.
        await tx.query(
          `INSERT INTO supplier_performance (supplier_id, period_start, period_end, supplied_resources, problems, resolved,
             escalations, downtime_minutes, mean_time_to_acknowledge_minutes, mean_time_to_resolve_minutes,
             availability_bp, sla_bp, sla_met, measured_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT (supplier_id, period_start, period_end) DO NOTHING`,
          [
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
            m.slaMet,
            now(),
          ],
        );
        return m.supplierId;
      });
      return toSupplierPerformance(await mustPerformance(pool, m));
    },

    async recordRestoration(key, period, r) {
      await once(pool, key, 'recordSupplierRestoration', async (tx) => {
        const row = await mustPerformance(tx, period, true);
        if (row.restoration_reference) return row.restoration_reference;
        await tx.query(
          `UPDATE supplier_performance SET restoration_reference = $1, restoration_detail = $2, restoration_requested_at = $3
           WHERE supplier_id = $4 AND period_start = $5 AND period_end = $6`,
          [r.reference, r.detail, now(), period.supplierId, period.periodStart, period.periodEnd],
        );
        return r.reference;
      });
      return toSupplierPerformance(await mustPerformance(pool, period));
    },

    async recordScore(key, period, ratingAfter) {
      await once(pool, key, 'recordSupplierScore', async (tx) => {
        // The period's row, then the supplier's: a period is scored once, and the rating read
        // before is the one this score replaces, whoever else scores another period at once.
        const row = await mustPerformance(tx, period, true);
        if (row.scored_at) return row.rating_after;
        const { rows } = await tx.query<{ rating: number }>('SELECT rating FROM suppliers WHERE id = $1 FOR UPDATE', [
          period.supplierId,
        ]);
        await tx.query('UPDATE suppliers SET rating = $1 WHERE id = $2', [ratingAfter, period.supplierId]);
        await tx.query(
          `UPDATE supplier_performance SET rating_before = $1, rating_after = $2, scored_at = $3
           WHERE supplier_id = $4 AND period_start = $5 AND period_end = $6`,
          [rows[0]!.rating, ratingAfter, now(), period.supplierId, period.periodStart, period.periodEnd],
        );
        return ratingAfter;
      });
      return toSupplierPerformance(await mustPerformance(pool, period));
    },

    async performance(period) {
      const r = await performanceRow(pool, period);
      return r && toSupplierPerformance(r);
    },
  };
}
