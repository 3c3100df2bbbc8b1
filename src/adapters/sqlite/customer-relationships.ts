import { BusinessErrorType, reject } from '../../contracts/errors';
import type {
  ContactReport,
  CustomerInsight,
  Relationship,
  RetentionOffer,
  RiskAssessment,
  Survey,
} from '../../domain/lifecycle/relationship';
import type { Clock } from '../../ports/clock';
import type { ContactRow, CustomerRelationshipPort, RequestRow } from '../../ports/customer-relationships';
import { type Db, json, nextId, once } from './database';

type Row = Record<string, unknown>;

// The row mappers of both stores (PostgreSQL's rows through sqliteShaped).
export const toRelationship = (r: Row): Relationship => ({
  customerId: r.customer_id as string,
  state: r.state as Relationship['state'],
  identityKey: r.identity_key as string,
  establishedAt: r.established_at as string,
  terminatedAt: (r.terminated_at ?? null) as string | null,
  reason: (r.reason ?? null) as string | null,
});
export const toRisk = (r: Row): RiskAssessment => ({
  id: r.id as string,
  customerId: r.customer_id as string,
  insightId: r.insight_id as string,
  score: Number(r.score),
  factors: json.parse(r.factors as string),
  mainFactor: (r.main_factor ?? null) as string | null,
  fraud: r.fraud === 1,
  atRisk: r.at_risk === 1,
  assessedAt: r.created_at as string,
});
export const toOffer = (r: Row): RetentionOffer => ({
  id: r.id as string,
  customerId: r.customer_id as string,
  riskAssessmentId: r.risk_assessment_id as string,
  kind: r.kind as RetentionOffer['kind'],
  detail: json.parse(r.detail as string),
  notificationId: r.notification_id as string,
});
export const toSurvey = (r: Row): Survey => ({
  id: r.id as string,
  customerId: r.customer_id as string,
  trigger: r.trigger as Survey['trigger'],
  reference: r.reference as string,
  state: r.state as Survey['state'],
  delivered: r.delivered === 1,
  score: (r.score ?? null) as number | null,
  comment: (r.comment ?? null) as string | null,
  sentAt: r.sent_at as string,
  answeredAt: (r.answered_at ?? null) as string | null,
});
export const toContactRow = (c: Row): ContactRow => ({
  id: c.id as string,
  customerId: (c.customer_id ?? null) as string | null,
  channel: c.channel as string,
  reason: c.reason as string,
  openedAt: c.opened_at as string,
  closedAt: (c.closed_at ?? null) as string | null,
  durationSeconds: (c.duration_seconds ?? null) as number | null,
});

export function createSqliteCustomerRelationships(db: Db, _clock: Clock): CustomerRelationshipPort {
  const get = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as Row | undefined;
  const count = (sql: string, ...args: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...args) as number;
  const relationship = (customerId: string) => {
    const r = get('SELECT * FROM customer_relationships WHERE customer_id = ?', customerId);
    return r && toRelationship(r);
  };

  return {
    async getRelationship(customerId) {
      return relationship(customerId);
    },
    async customersWithIdentity(identityKey) {
      // The identity a relationship was established under stays its own when the customer's
      // e-mail changes later: both are looked at, so a changed e-mail frees no identity (#13).
      return db
        .prepare(
          `SELECT id FROM customers WHERE lower(trim(email)) = ?
           UNION SELECT customer_id FROM customer_relationships WHERE identity_key = ? ORDER BY 1`,
        )
        .pluck()
        .all(identityKey, identityKey) as string[];
    },
    async establish(key, customerId, identityKey, at) {
      once(db, key, 'establishRelationship', () => {
        // A relationship ended before is re-established, its archived record kept.
        db.prepare(
          `INSERT INTO customer_relationships (customer_id, state, identity_key, established_at)
           VALUES (?, 'established', ?, ?)
           ON CONFLICT (customer_id) DO UPDATE SET state = 'established', established_at = excluded.established_at,
             terminated_at = NULL, reason = NULL
           WHERE customer_relationships.state = 'terminated'`,
        ).run(customerId, identityKey, at);
        return customerId;
      });
      return relationship(customerId)!;
    },
    async terminate(key, customerId, reason, archive, at) {
      once(db, key, 'terminateRelationship', () => {
        const current = relationship(customerId);
        if (!current) return reject(BusinessErrorType.NotFound, `no relationship with ${customerId}`);
        if (current.state === 'terminated') return customerId;
        db.prepare(
          `UPDATE customer_relationships SET state = 'terminated', terminated_at = ?, reason = ?, archive = ?
           WHERE customer_id = ?`,
        ).run(at, reason, json.stringify(archive), customerId);
        return customerId;
      });
      return relationship(customerId)!;
    },

    async facts(customerId, troublesSince) {
      const credit = get('SELECT * FROM credit_profiles WHERE customer_id = ?', customerId);
      const slaMissed = count('SELECT COUNT(*) FROM trouble_tickets WHERE customer_id = ? AND sla_met = 0', customerId);
      const credits = count(
        "SELECT COUNT(*) FROM sla_credits WHERE customer_id = ? AND state <> 'cancelled'",
        customerId,
      );
      const overdue = get(
        `SELECT COUNT(*) AS n, COALESCE(SUM(total_minor - paid_minor), 0) AS owed FROM bills
         WHERE customer_id = ? AND state = 'overdue'`,
        customerId,
      ) as { n: number; owed: number };
      const usageRecords = count(
        'SELECT COUNT(*) FROM usage_records WHERE customer_id = ? AND started_at >= ?',
        customerId,
        troublesSince,
      );
      const lastScore = db
        .prepare(
          `SELECT score FROM satisfaction_surveys WHERE customer_id = ? AND state = 'answered'
           ORDER BY answered_at DESC, id DESC LIMIT 1`,
        )
        .pluck()
        .get(customerId) as number | undefined;
      return {
        products: (
          db.prepare('SELECT status, recurring_minor FROM products WHERE customer_id = ?').all(customerId) as Row[]
        ).map((p) => ({ status: p.status as string, recurringMinor: Number(p.recurring_minor) })),
        orders: db.prepare('SELECT state FROM product_orders WHERE customer_id = ?').all(customerId) as Array<{
          state: string;
        }>,
        contacts: count('SELECT COUNT(*) FROM contacts WHERE customer_id = ?', customerId),
        troubleTickets: count(
          "SELECT COUNT(*) FROM trouble_tickets WHERE customer_id = ? AND created_at >= ? AND state <> 'cancelled'",
          customerId,
          troublesSince,
        ),
        slaBreaches: slaMissed + credits,
        payment: credit
          ? {
              outstandingMinor: Number(credit.outstanding_minor),
              creditLimitMinor: Number(credit.credit_limit_minor),
              daysPastDue: Number(credit.days_past_due),
              fraudFlag: credit.fraud_flag === 1,
            }
          : null,
        lastSatisfactionScore: lastScore ?? null,
        overdueBills: overdue.n,
        overdueMinor: overdue.owed,
        usageRecords,
      };
    },
    async recordInsight(key, insight) {
      const id = once(db, key, 'recordInsight', () => {
        const insightId = nextId(db, 'CI');
        db.prepare('INSERT INTO customer_insights (id, customer_id, profile, created_at) VALUES (?, ?, ?, ?)').run(
          insightId,
          insight.customerId,
          json.stringify(insight),
          insight.builtAt,
        );
        return insightId;
      });
      const r = get('SELECT * FROM customer_insights WHERE id = ?', id)!;
      return { ...json.parse<Omit<CustomerInsight, 'id'>>(r.profile as string), id };
    },
    async latestInsight(customerId) {
      const r = get(
        'SELECT * FROM customer_insights WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
        customerId,
      );
      return r && { ...json.parse<Omit<CustomerInsight, 'id'>>(r.profile as string), id: r.id as string };
    },
    async recordRisk(key, risk) {
      const id = once(db, key, 'recordRisk', () => {
        const riskId = nextId(db, 'RA');
        db.prepare(
          `INSERT INTO customer_risk_assessments (id, customer_id, insight_id, score, factors, main_factor, fraud, at_risk, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          riskId,
          risk.customerId,
          risk.insightId,
          risk.score,
          json.stringify(risk.factors),
          risk.mainFactor,
          risk.fraud ? 1 : 0,
          risk.atRisk ? 1 : 0,
          risk.assessedAt,
        );
        return riskId;
      });
      return toRisk(get('SELECT * FROM customer_risk_assessments WHERE id = ?', id)!);
    },
    async latestRisk(customerId) {
      const r = get(
        'SELECT * FROM customer_risk_assessments WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
        customerId,
      );
      return r && toRisk(r);
    },
    async recordOffer(key, offer, at) {
      const id = once(db, key, 'recordRetentionOffer', () => {
        const offerId = nextId(db, 'RTO');
        db.prepare(
          `INSERT INTO retention_offers (id, customer_id, risk_assessment_id, kind, detail, notification_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          offerId,
          offer.customerId,
          offer.riskAssessmentId,
          offer.kind,
          json.stringify(offer.detail),
          offer.notificationId,
          at,
        );
        return offerId;
      });
      return toOffer(get('SELECT * FROM retention_offers WHERE id = ?', id)!);
    },
    async offersOf(customerId) {
      return (
        db.prepare('SELECT * FROM retention_offers WHERE customer_id = ? ORDER BY id').all(customerId) as Row[]
      ).map(toOffer);
    },

    async sendSurvey(key, s) {
      const id = once(db, key, 'sendSurvey', () => {
        const surveyId = nextId(db, 'SV');
        db.prepare(
          `INSERT INTO satisfaction_surveys (id, customer_id, trigger, reference, state, delivered, sent_at)
           VALUES (?, ?, ?, ?, 'sent', ?, ?)`,
        ).run(surveyId, s.customerId, s.trigger, s.reference, s.delivered ? 1 : 0, s.sentAt);
        return surveyId;
      });
      return toSurvey(get('SELECT * FROM satisfaction_surveys WHERE id = ?', id)!);
    },
    async getSurvey(surveyId) {
      const r = get('SELECT * FROM satisfaction_surveys WHERE id = ?', surveyId);
      return r && toSurvey(r);
    },
    async closeSurvey(key, surveyId, outcome, at) {
      once(db, key, 'closeSurvey', () => {
        const r = get('SELECT state FROM satisfaction_surveys WHERE id = ?', surveyId);
        if (!r) return reject(BusinessErrorType.NotFound, `no survey ${surveyId}`);
        if (r.state !== 'sent') {
          return reject(BusinessErrorType.InvalidStateTransition, `survey ${surveyId} is already ${String(r.state)}`);
        }
        if (outcome.state === 'answered') {
          db.prepare(
            `UPDATE satisfaction_surveys SET state = 'answered', score = ?, comment = ?, answered_at = ? WHERE id = ?`,
          ).run(outcome.score, outcome.comment, at, surveyId);
        } else {
          db.prepare(`UPDATE satisfaction_surveys SET state = 'expired' WHERE id = ?`).run(surveyId);
        }
        return surveyId;
      });
      return toSurvey(get('SELECT * FROM satisfaction_surveys WHERE id = ?', surveyId)!);
    },

    async contactsOf(customerId) {
      const where = customerId === null ? '' : 'WHERE customer_id = ?';
      const args = customerId === null ? [] : [customerId];
      const contacts = (db.prepare(`SELECT * FROM contacts ${where} ORDER BY opened_at, id`).all(...args) as Row[]).map(
        toContactRow,
      );
      const requests = db
        .prepare(`SELECT request_type AS requestType, status FROM customer_requests ${where}`)
        .all(...args) as RequestRow[];
      return { contacts, requests };
    },
    async recordContactReport(key, report) {
      const id = once(db, key, 'recordContactReport', () => {
        const reportId = nextId(db, 'CR');
        db.prepare(
          'INSERT INTO customer_contact_reports (id, customer_id, report, created_at) VALUES (?, ?, ?, ?)',
        ).run(reportId, report.customerId, json.stringify(report), report.createdAt);
        return reportId;
      });
      const r = get('SELECT * FROM customer_contact_reports WHERE id = ?', id)!;
      return { ...json.parse<Omit<ContactReport, 'id'>>(r.report as string), id };
    },
  };
}
