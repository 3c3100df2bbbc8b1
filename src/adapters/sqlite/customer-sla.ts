import type { Clock } from '../../ports/clock';
import type {
  CustomerSlaPort,
  QosDegradationRecord,
  QosReport,
  ServiceCommitment,
  SlaAssessment,
  SlaViolation,
} from '../../ports/customer-sla';
import { type Db, json, nextId, once } from './database';

// The rows and their mappers serve both stores (PostgreSQL's rows through sqliteShaped).
export interface AssessmentRow {
  id: string;
  customer_id: string;
  service_id: string;
  product_id: string | null;
  period_start: string;
  period_end: string;
  objective_bp: number;
  availability_bp: number;
  restore_objective_minutes: number;
  mttr_minutes: number | null;
  outage_minutes: number;
  incidents: number;
  verdict: SlaAssessment['verdict'];
  breaches: string;
  created_at: string;
}
export const toAssessment = (r: AssessmentRow): SlaAssessment => ({
  id: r.id,
  customerId: r.customer_id,
  serviceId: r.service_id,
  productId: r.product_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  objectiveBp: r.objective_bp,
  availabilityBp: r.availability_bp,
  restoreObjectiveMinutes: r.restore_objective_minutes,
  mttrMinutes: r.mttr_minutes,
  outageMinutes: r.outage_minutes,
  incidents: r.incidents,
  verdict: r.verdict,
  breaches: json.parse(r.breaches),
  createdAt: r.created_at,
});

export interface DegradationRow {
  id: string;
  service_problem_id: string;
  customer_id: string;
  service_id: string;
  period_start: string;
  period_end: string;
  started_at: string;
  estimated_restoration: string;
  projected_minutes: number;
  allowed_minutes: number | null;
  soft_threshold_crossed: number;
  notification_id: string | null;
  detail: string;
  created_at: string;
}
export const toDegradation = (r: DegradationRow): QosDegradationRecord => ({
  id: r.id,
  serviceProblemId: r.service_problem_id,
  customerId: r.customer_id,
  serviceId: r.service_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  startedAt: r.started_at,
  estimatedRestoration: r.estimated_restoration,
  projectedMinutes: r.projected_minutes,
  allowedMinutes: r.allowed_minutes,
  softThresholdCrossed: r.soft_threshold_crossed === 1,
  notificationId: r.notification_id,
  detail: r.detail,
  createdAt: r.created_at,
});

export interface ViolationRow {
  id: string;
  assessment_id: string;
  customer_id: string;
  service_id: string;
  credit_id: string | null;
  amount_minor: number;
  currency: string;
  notification_id: string | null;
  created_at: string;
}
export const toViolation = (r: ViolationRow): SlaViolation => ({
  id: r.id,
  assessmentId: r.assessment_id,
  customerId: r.customer_id,
  serviceId: r.service_id,
  creditId: r.credit_id,
  amountMinor: r.amount_minor,
  currency: r.currency,
  notificationId: r.notification_id,
  createdAt: r.created_at,
});

export interface ReportRow {
  id: string;
  customer_id: string;
  period_start: string;
  period_end: string;
  body: string;
  notification_id: string | null;
  created_at: string;
}
export const toReport = (r: ReportRow): QosReport => ({
  id: r.id,
  customerId: r.customer_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  body: json.parse(r.body),
  notificationId: r.notification_id,
  createdAt: r.created_at,
});

export function createSqliteCustomerSla(db: Db, clock: Clock): CustomerSlaPort {
  const now = () => clock().toISOString();
  const assessmentOf = (serviceId: string, periodStart: string, periodEnd: string) =>
    db
      .prepare('SELECT * FROM customer_sla_assessments WHERE service_id = ? AND period_start = ? AND period_end = ?')
      .get(serviceId, periodStart, periodEnd) as AssessmentRow | undefined;
  const reportOf = (customerId: string, periodStart: string, periodEnd: string) =>
    db
      .prepare('SELECT * FROM customer_qos_reports WHERE customer_id = ? AND period_start = ? AND period_end = ?')
      .get(customerId, periodStart, periodEnd) as ReportRow | undefined;

  return {
    async commitment(serviceId) {
      const row = db
        .prepare(
          `SELECT s.id, s.customer_id, s.state,
             json_extract(s.assurance, '$.sla.availabilityPct') AS availability_pct,
             json_extract(s.assurance, '$.sla.restoreHours') AS restore_hours,
             p.id AS product_id, p.recurring_minor, b.currency
           FROM services s
           LEFT JOIN products p ON p.customer_id = s.customer_id
             AND EXISTS (SELECT 1 FROM json_each(p.service_ids) WHERE value = s.id)
           LEFT JOIN billing_accounts b ON b.id = p.billing_account_id
           WHERE s.id = ?
           ORDER BY p.start_date DESC LIMIT 1`,
        )
        .get(serviceId) as
        | {
            id: string;
            customer_id: string;
            state: string;
            availability_pct: number | null;
            restore_hours: number | null;
            product_id: string | null;
            recurring_minor: number | null;
            currency: string | null;
          }
        | undefined;
      if (!row) return undefined;
      const c: ServiceCommitment = {
        serviceId: row.id,
        customerId: row.customer_id,
        serviceState: row.state,
        productId: row.product_id,
        recurringMinor: row.recurring_minor ?? 0,
        currency: row.currency ?? 'EUR',
        availabilityPct: row.availability_pct,
        restoreHours: row.restore_hours,
      };
      return c;
    },

    async recordAssessment(key, a) {
      const id = once(db, key, 'recordSlaAssessment', () => {
        const existing = assessmentOf(a.serviceId, a.periodStart, a.periodEnd);
        if (existing) return existing.id;
        const assessmentId = nextId(db, 'SLA');
        db.prepare(
          `INSERT INTO customer_sla_assessments (id, customer_id, service_id, product_id, period_start, period_end,
             objective_bp, availability_bp, restore_objective_minutes, mttr_minutes, outage_minutes, incidents, verdict,
             breaches, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          assessmentId,
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
          json.stringify(a.breaches),
          now(),
        );
        return assessmentId;
      });
      return toAssessment(db.prepare('SELECT * FROM customer_sla_assessments WHERE id = ?').get(id) as AssessmentRow);
    },
    async assessments(customerId, periodStart, periodEnd) {
      return (
        db
          .prepare(
            `SELECT * FROM customer_sla_assessments WHERE customer_id = ? AND period_start = ? AND period_end = ?
             ORDER BY service_id`,
          )
          .all(customerId, periodStart, periodEnd) as AssessmentRow[]
      ).map(toAssessment);
    },

    async recordDegradation(key, d) {
      once(
        db,
        key,
        'recordQosDegradation',
        () =>
          db
            .prepare(
              `INSERT OR IGNORE INTO customer_qos_degradations (id, service_problem_id, customer_id, service_id, period_start,
               period_end, started_at, estimated_restoration, projected_minutes, allowed_minutes, soft_threshold_crossed,
               detail, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              nextId(db, 'QD'),
              d.serviceProblemId,
              d.customerId,
              d.serviceId,
              d.periodStart,
              d.periodEnd,
              d.startedAt,
              d.estimatedRestoration,
              d.projectedMinutes,
              d.allowedMinutes,
              d.softThresholdCrossed ? 1 : 0,
              d.detail,
              now(),
            ).changes,
      );
      return toDegradation(
        db
          .prepare('SELECT * FROM customer_qos_degradations WHERE service_problem_id = ?')
          .get(d.serviceProblemId) as DegradationRow,
      );
    },
    async degradationNotified(key, id, notificationId) {
      once(
        db,
        key,
        'qosDegradationNotified',
        () =>
          db.prepare('UPDATE customer_qos_degradations SET notification_id = ? WHERE id = ?').run(notificationId, id)
            .changes,
      );
      return toDegradation(
        db.prepare('SELECT * FROM customer_qos_degradations WHERE id = ?').get(id) as DegradationRow,
      );
    },
    async recordViolation(key, v) {
      const id = once(db, key, 'recordSlaViolation', () => {
        const existing = db
          .prepare('SELECT id FROM customer_sla_violations WHERE assessment_id = ?')
          .pluck()
          .get(v.assessmentId) as string | undefined;
        if (existing) return existing;
        const violationId = nextId(db, 'SLV');
        db.prepare(
          `INSERT INTO customer_sla_violations (id, assessment_id, customer_id, service_id, credit_id, amount_minor, currency,
             notification_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          violationId,
          v.assessmentId,
          v.customerId,
          v.serviceId,
          v.creditId,
          v.amountMinor,
          v.currency,
          v.notificationId,
          now(),
        );
        return violationId;
      });
      return toViolation(db.prepare('SELECT * FROM customer_sla_violations WHERE id = ?').get(id) as ViolationRow);
    },
    async violations(customerId, periodStart, periodEnd) {
      return (
        db
          .prepare(
            `SELECT v.* FROM customer_sla_violations v JOIN customer_sla_assessments a ON a.id = v.assessment_id
             WHERE v.customer_id = ? AND a.period_start = ? AND a.period_end = ? ORDER BY v.service_id`,
          )
          .all(customerId, periodStart, periodEnd) as ViolationRow[]
      ).map(toViolation);
    },

    async recordReport(key, r) {
      const id = once(db, key, 'recordQosReport', () => {
        const existing = reportOf(r.customerId, r.periodStart, r.periodEnd);
        if (existing) return existing.id;
        const reportId = nextId(db, 'QOS');
        db.prepare(
          `INSERT INTO customer_qos_reports (id, customer_id, period_start, period_end, body, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(reportId, r.customerId, r.periodStart, r.periodEnd, json.stringify(r.body), now());
        return reportId;
      });
      return toReport(db.prepare('SELECT * FROM customer_qos_reports WHERE id = ?').get(id) as ReportRow);
    },
    async reportSent(key, reportId, notificationId) {
      once(
        db,
        key,
        'qosReportSent',
        () =>
          db
            .prepare('UPDATE customer_qos_reports SET notification_id = COALESCE(notification_id, ?) WHERE id = ?')
            .run(notificationId, reportId).changes,
      );
      return toReport(db.prepare('SELECT * FROM customer_qos_reports WHERE id = ?').get(reportId) as ReportRow);
    },
    async getReport(customerId, periodStart, periodEnd) {
      const row = reportOf(customerId, periodStart, periodEnd);
      return row && toReport(row);
    },
  };
}
