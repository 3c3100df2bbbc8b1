import type { Clock } from '../../ports/clock';
import type { CustomerSlaPort } from '../../ports/customer-sla';
import {
  type AssessmentRow,
  type DegradationRow,
  type ReportRow,
  toAssessment,
  toDegradation,
  toReport,
  toViolation,
  type ViolationRow,
} from '../sqlite/customer-sla';
import { nextId, once, type Pool, type Tx } from './database';
import { shapedRows, sqliteShaped } from './rows';

/**
 * CRM's record of customers' QoS against their SLAs on PostgreSQL: the same contract as the
 * SQLite adapter (test/ports/customer-sla.contract.ts runs on both). Each record is inserted
 * ON CONFLICT DO NOTHING on its natural key (service and period, assessment, customer and period,
 * service problem) and read back by that key, so workers recording the same one at once under
 * different keys all get the first.
 */

async function one<T>(db: Pool | Tx, sql: string, params: unknown[], bigints: string[] = []): Promise<T | undefined> {
  const { rows } = await db.query(sql, params);
  return rows[0] && sqliteShaped<T>(rows[0], bigints);
}

const MONEY = ['amount_minor'];

export function createPostgresCustomerSla(pool: Pool, clock: Clock): CustomerSlaPort {
  const now = () => clock().toISOString();
  const reportOf = (db: Pool | Tx, customerId: string, periodStart: string, periodEnd: string) =>
    one<ReportRow>(
      db,
      'SELECT * FROM customer_qos_reports WHERE customer_id = $1 AND period_start = $2 AND period_end = $3',
      [customerId, periodStart, periodEnd],
    );
  // A record already there keeps its id and spends no number, as in the SQLite store; one
  // inserted by another worker meanwhile is found by the same key after the insert.
  const assessmentOf = async (db: Tx, serviceId: string, periodStart: string, periodEnd: string) =>
    (
      await db.query<{ id: string }>(
        'SELECT id FROM customer_sla_assessments WHERE service_id = $1 AND period_start = $2 AND period_end = $3',
        [serviceId, periodStart, periodEnd],
      )
    ).rows[0]?.id;
  const violationOf = async (db: Tx, assessmentId: string) =>
    (await db.query<{ id: string }>('SELECT id FROM customer_sla_violations WHERE assessment_id = $1', [assessmentId]))
      .rows[0]?.id;
  const byId = async <T>(table: string, id: string, bigints: string[] = []) =>
    (await one<T>(pool, `SELECT * FROM ${table} WHERE id = $1`, [id], bigints))!;

  return {
    async commitment(serviceId) {
      // The latest product the service belongs to (its charge is what a credit is a share of).
      const { rows } = await pool.query<{
        id: string;
        customer_id: string;
        state: string;
        availability_pct: number | null;
        restore_hours: number | null;
        product_id: string | null;
        recurring_minor: string | null;
        currency: string | null;
      }>(
        `SELECT s.id, s.customer_id, s.state,
           (s.assurance #>> '{sla,availabilityPct}')::float8 AS availability_pct,
           (s.assurance #>> '{sla,restoreHours}')::float8 AS restore_hours,
           p.id AS product_id, p.recurring_minor, b.currency
         FROM services s
         LEFT JOIN products p ON p.customer_id = s.customer_id AND p.service_ids ? s.id
         LEFT JOIN billing_accounts b ON b.id = p.billing_account_id
         WHERE s.id = $1
         ORDER BY p.start_date DESC NULLS LAST LIMIT 1`,
        [serviceId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        serviceId: row.id,
        customerId: row.customer_id,
        serviceState: row.state,
        productId: row.product_id,
        recurringMinor: Number(row.recurring_minor ?? 0),
        currency: row.currency ?? 'EUR',
        availabilityPct: row.availability_pct,
        restoreHours: row.restore_hours,
      };
    },

    async recordAssessment(key, a) {
      const id = await once(pool, key, 'recordSlaAssessment', async (tx) => {
        const existing = await assessmentOf(tx, a.serviceId, a.periodStart, a.periodEnd);
        if (existing) return existing;
        await tx.query(
          `INSERT INTO customer_sla_assessments (id, customer_id, service_id, product_id, period_start, period_end,
             objective_bp, availability_bp, restore_objective_minutes, mttr_minutes, outage_minutes, incidents, verdict,
             breaches, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (service_id, period_start, period_end) DO NOTHING`,
          [
            await nextId(tx, 'SLA'),
            a.customerId,
            a.serviceId,
            a.productId,
            a.periodStart,
            a.periodEnd,
            a.objectiveBp,
            a.availabilityBp,
            a.restoreObjectiveMinutes,
            a.mttrMinutes,
            a.outageMinutes,
            a.incidents,
            a.verdict,
            JSON.stringify(a.breaches),
            now(),
          ],
        );
        return (await assessmentOf(tx, a.serviceId, a.periodStart, a.periodEnd))!;
      });
      return toAssessment(await byId<AssessmentRow>('customer_sla_assessments', id));
    },
    async assessments(customerId, periodStart, periodEnd) {
      const { rows } = await pool.query(
        `SELECT * FROM customer_sla_assessments WHERE customer_id = $1 AND period_start = $2 AND period_end = $3
         ORDER BY service_id`,
        [customerId, periodStart, periodEnd],
      );
      return shapedRows<AssessmentRow>(rows).map(toAssessment);
    },

    async recordDegradation(key, d) {
      await once(pool, key, 'recordQosDegradation', async (tx) => {
        const { rowCount } = await tx.query(
          `INSERT INTO customer_qos_degradations (id, service_problem_id, customer_id, service_id, period_start,
             period_end, started_at, estimated_restoration, projected_minutes, allowed_minutes, soft_threshold_crossed,
             detail, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (service_problem_id) DO NOTHING`,
          [
            await nextId(tx, 'QD'),
            d.serviceProblemId,
            d.customerId,
            d.serviceId,
            d.periodStart,
            d.periodEnd,
            d.startedAt,
            d.estimatedRestoration,
            d.projectedMinutes,
            d.allowedMinutes,
            d.softThresholdCrossed,
            d.detail,
            now(),
          ],
        );
        return rowCount;
      });
      return toDegradation(
        (await one<DegradationRow>(pool, 'SELECT * FROM customer_qos_degradations WHERE service_problem_id = $1', [
          d.serviceProblemId,
        ]))!,
      );
    },
    async degradationNotified(key, id, notificationId) {
      await once(
        pool,
        key,
        'qosDegradationNotified',
        async (tx) =>
          (
            await tx.query('UPDATE customer_qos_degradations SET notification_id = $1 WHERE id = $2', [
              notificationId,
              id,
            ])
          ).rowCount,
      );
      return toDegradation(await byId<DegradationRow>('customer_qos_degradations', id));
    },

    async recordViolation(key, v) {
      const id = await once(pool, key, 'recordSlaViolation', async (tx) => {
        const existing = await violationOf(tx, v.assessmentId);
        if (existing) return existing;
        await tx.query(
          `INSERT INTO customer_sla_violations (id, assessment_id, customer_id, service_id, credit_id, amount_minor, currency,
             notification_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (assessment_id) DO NOTHING`,
          [
            await nextId(tx, 'SLV'),
            v.assessmentId,
            v.customerId,
            v.serviceId,
            v.creditId,
            v.amountMinor,
            v.currency,
            v.notificationId,
            now(),
          ],
        );
        return (await violationOf(tx, v.assessmentId))!;
      });
      return toViolation(await byId<ViolationRow>('customer_sla_violations', id, MONEY));
    },
    async violations(customerId, periodStart, periodEnd) {
      const { rows } = await pool.query(
        `SELECT v.* FROM customer_sla_violations v JOIN customer_sla_assessments a ON a.id = v.assessment_id
         WHERE v.customer_id = $1 AND a.period_start = $2 AND a.period_end = $3 ORDER BY v.service_id`,
        [customerId, periodStart, periodEnd],
      );
      return rows.map((r) => toViolation(sqliteShaped<ViolationRow>(r, MONEY)));
    },

    async recordReport(key, r) {
      const id = await once(pool, key, 'recordQosReport', async (tx) => {
        const existing = await reportOf(tx, r.customerId, r.periodStart, r.periodEnd);
        if (existing) return existing.id;
        await tx.query(
          `INSERT INTO customer_qos_reports (id, customer_id, period_start, period_end, body, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id, period_start, period_end) DO NOTHING`,
          [await nextId(tx, 'QOS'), r.customerId, r.periodStart, r.periodEnd, JSON.stringify(r.body), now()],
        );
        return (await reportOf(tx, r.customerId, r.periodStart, r.periodEnd))!.id;
      });
      return toReport(await byId<ReportRow>('customer_qos_reports', id));
    },
    async reportSent(key, reportId, notificationId) {
      await once(
        pool,
        key,
        'qosReportSent',
        async (tx) =>
          (
            await tx.query(
              'UPDATE customer_qos_reports SET notification_id = COALESCE(notification_id, $1) WHERE id = $2',
              [notificationId, reportId],
            )
          ).rowCount,
      );
      return toReport(await byId<ReportRow>('customer_qos_reports', reportId));
    },
    async getReport(customerId, periodStart, periodEnd) {
      const row = await reportOf(pool, customerId, periodStart, periodEnd);
      return row && toReport(row);
    },
  };
}
