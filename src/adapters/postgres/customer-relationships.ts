import { BusinessErrorType, reject } from '../../contracts/errors';
import type { ContactReport, CustomerInsight } from '../../domain/lifecycle/relationship';
import type { Clock } from '../../ports/clock';
import type { CustomerRelationshipPort, RequestRow } from '../../ports/customer-relationships';
import { toContactRow, toOffer, toRelationship, toRisk, toSurvey } from '../sqlite/customer-relationships';
import { nextId, once, type Pool, type Tx } from './database';
import { shapedRows, sqliteShaped } from './rows';

/**
 * Retention & Loyalty's relationships, insight, risk, offers and surveys on PostgreSQL: the same
 * contract as the SQLite adapter (test/ports/customer-relationships.contract.ts runs on both).
 * A survey is closed under its row lock and a relationship ended under its own, so two workers
 * answering one survey at once answer it once: the second is refused, as a second answer is.
 */

type Row = Record<string, unknown>;

async function one(db: Pool | Tx, sql: string, params: unknown[]): Promise<Row | undefined> {
  const { rows } = await db.query(sql, params);
  return rows[0] && sqliteShaped<Row>(rows[0]);
}

/** A count or a sum as a number: PostgreSQL gives bigint and numeric as text. */
async function number(db: Pool, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: string | number | null }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

export function createPostgresCustomerRelationships(pool: Pool, _clock: Clock): CustomerRelationshipPort {
  const relationship = async (db: Pool | Tx, customerId: string, lock = false) => {
    const r = await one(db, `SELECT * FROM customer_relationships WHERE customer_id = $1${lock ? ' FOR UPDATE' : ''}`, [
      customerId,
    ]);
    return r && toRelationship(r);
  };
  const byId = async (table: string, id: string) => (await one(pool, `SELECT * FROM ${table} WHERE id = $1`, [id]))!;
  const latest = (table: string, customerId: string) =>
    one(pool, `SELECT * FROM ${table} WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [customerId]);

  return {
    async getRelationship(customerId) {
      return relationship(pool, customerId);
    },
    async customersWithIdentity(identityKey) {
      // The identity a relationship was established under stays its own when the e-mail changes (#13).
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM customers WHERE lower(trim(email)) = $1
         UNION SELECT customer_id FROM customer_relationships WHERE identity_key = $1 ORDER BY 1`,
        [identityKey],
      );
      return rows.map((r) => r.id);
    },
    async establish(key, customerId, identityKey, at) {
      await once(pool, key, 'establishRelationship', async (tx) => {
        // A relationship ended before is re-established, its archived record kept.
        await tx.query(
          `INSERT INTO customer_relationships (customer_id, state, identity_key, established_at)
           VALUES ($1, 'established', $2, $3)
           ON CONFLICT (customer_id) DO UPDATE SET state = 'established', established_at = excluded.established_at,
             terminated_at = NULL, reason = NULL
           WHERE customer_relationships.state = 'terminated'`,
          [customerId, identityKey, at],
        );
        return customerId;
      });
      return (await relationship(pool, customerId))!;
    },
    async terminate(key, customerId, reason, archive, at) {
      await once(pool, key, 'terminateRelationship', async (tx) => {
        const current = await relationship(tx, customerId, true);
        if (!current) return reject(BusinessErrorType.NotFound, `no relationship with ${customerId}`);
        if (current.state === 'terminated') return customerId;
        await tx.query(
          `UPDATE customer_relationships SET state = 'terminated', terminated_at = $1, reason = $2, archive = $3
           WHERE customer_id = $4`,
          [at, reason, JSON.stringify(archive ?? null), customerId],
        );
        return customerId;
      });
      return (await relationship(pool, customerId))!;
    },

    async facts(customerId, troublesSince) {
      const credit = await one(pool, 'SELECT * FROM credit_profiles WHERE customer_id = $1', [customerId]);
      const slaMissed = await number(
        pool,
        'SELECT COUNT(*) AS n FROM trouble_tickets WHERE customer_id = $1 AND sla_met = false',
        [customerId],
      );
      const credits = await number(
        pool,
        "SELECT COUNT(*) AS n FROM sla_credits WHERE customer_id = $1 AND state <> 'cancelled'",
        [customerId],
      );
      const overdue = (
        await pool.query<{ n: string; owed: string }>(
          `SELECT COUNT(*) AS n, COALESCE(SUM(total_minor - paid_minor), 0) AS owed FROM bills
           WHERE customer_id = $1 AND state = 'overdue'`,
          [customerId],
        )
      ).rows[0]!;
      const lastScore = await one(
        pool,
        `SELECT score FROM satisfaction_surveys WHERE customer_id = $1 AND state = 'answered'
         ORDER BY answered_at DESC, id DESC LIMIT 1`,
        [customerId],
      );
      const products = await pool.query<{ status: string; recurring_minor: string }>(
        'SELECT status, recurring_minor FROM products WHERE customer_id = $1',
        [customerId],
      );
      const orders = await pool.query<{ state: string }>('SELECT state FROM product_orders WHERE customer_id = $1', [
        customerId,
      ]);
      return {
        products: products.rows.map((p) => ({ status: p.status, recurringMinor: Number(p.recurring_minor) })),
        orders: orders.rows.map((o) => ({ state: o.state })),
        contacts: await number(pool, 'SELECT COUNT(*) AS n FROM contacts WHERE customer_id = $1', [customerId]),
        troubleTickets: await number(
          pool,
          "SELECT COUNT(*) AS n FROM trouble_tickets WHERE customer_id = $1 AND created_at >= $2 AND state <> 'cancelled'",
          [customerId, troublesSince],
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
        lastSatisfactionScore: (lastScore?.score as number | undefined) ?? null,
        overdueBills: Number(overdue.n),
        overdueMinor: Number(overdue.owed),
        usageRecords: await number(
          pool,
          'SELECT COUNT(*) AS n FROM usage_records WHERE customer_id = $1 AND started_at >= $2',
          [customerId, troublesSince],
        ),
      };
    },
    async recordInsight(key, insight) {
      const id = await once(pool, key, 'recordInsight', async (tx) => {
        const insightId = await nextId(tx, 'CI');
        await tx.query('INSERT INTO customer_insights (id, customer_id, profile, created_at) VALUES ($1, $2, $3, $4)', [
          insightId,
          insight.customerId,
          JSON.stringify(insight),
          insight.builtAt,
        ]);
        return insightId;
      });
      const r = await byId('customer_insights', id);
      return { ...(JSON.parse(r.profile as string) as Omit<CustomerInsight, 'id'>), id };
    },
    async latestInsight(customerId) {
      const r = await latest('customer_insights', customerId);
      return r && { ...(JSON.parse(r.profile as string) as Omit<CustomerInsight, 'id'>), id: r.id as string };
    },
    async recordRisk(key, risk) {
      const id = await once(pool, key, 'recordRisk', async (tx) => {
        const riskId = await nextId(tx, 'RA');
        await tx.query(
          `INSERT INTO customer_risk_assessments (id, customer_id, insight_id, score, factors, main_factor, fraud, at_risk, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            riskId,
            risk.customerId,
            risk.insightId,
            risk.score,
            JSON.stringify(risk.factors),
            risk.mainFactor,
            risk.fraud,
            risk.atRisk,
            risk.assessedAt,
          ],
        );
        return riskId;
      });
      return toRisk(await byId('customer_risk_assessments', id));
    },
    async latestRisk(customerId) {
      const r = await latest('customer_risk_assessments', customerId);
      return r && toRisk(r);
    },
    async recordOffer(key, offer, at) {
      const id = await once(pool, key, 'recordRetentionOffer', async (tx) => {
        const offerId = await nextId(tx, 'RTO');
        await tx.query(
          `INSERT INTO retention_offers (id, customer_id, risk_assessment_id, kind, detail, notification_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            offerId,
            offer.customerId,
            offer.riskAssessmentId,
            offer.kind,
            JSON.stringify(offer.detail),
            offer.notificationId,
            at,
          ],
        );
        return offerId;
      });
      return toOffer(await byId('retention_offers', id));
    },
    async offersOf(customerId) {
      const { rows } = await pool.query('SELECT * FROM retention_offers WHERE customer_id = $1 ORDER BY id', [
        customerId,
      ]);
      return shapedRows<Row>(rows).map(toOffer);
    },

    async sendSurvey(key, s) {
      const id = await once(pool, key, 'sendSurvey', async (tx) => {
        const surveyId = await nextId(tx, 'SV');
        await tx.query(
          `INSERT INTO satisfaction_surveys (id, customer_id, trigger, reference, state, delivered, sent_at)
           VALUES ($1, $2, $3, $4, 'sent', $5, $6)`,
          [surveyId, s.customerId, s.trigger, s.reference, s.delivered, s.sentAt],
        );
        return surveyId;
      });
      return toSurvey(await byId('satisfaction_surveys', id));
    },
    async getSurvey(surveyId) {
      const r = await one(pool, 'SELECT * FROM satisfaction_surveys WHERE id = $1', [surveyId]);
      return r && toSurvey(r);
    },
    async closeSurvey(key, surveyId, outcome, at) {
      await once(pool, key, 'closeSurvey', async (tx) => {
        const r = await one(tx, 'SELECT state FROM satisfaction_surveys WHERE id = $1 FOR UPDATE', [surveyId]);
        if (!r) return reject(BusinessErrorType.NotFound, `no survey ${surveyId}`);
        if (r.state !== 'sent') {
          return reject(BusinessErrorType.InvalidStateTransition, `survey ${surveyId} is already ${String(r.state)}`);
        }
        if (outcome.state === 'answered') {
          await tx.query(
            `UPDATE satisfaction_surveys SET state = 'answered', score = $1, comment = $2, answered_at = $3 WHERE id = $4`,
            [outcome.score, outcome.comment, at, surveyId],
          );
        } else {
          await tx.query(`UPDATE satisfaction_surveys SET state = 'expired' WHERE id = $1`, [surveyId]);
        }
        return surveyId;
      });
      return toSurvey(await byId('satisfaction_surveys', surveyId));
    },

    async contactsOf(customerId) {
      const where = customerId === null ? '' : 'WHERE customer_id = $1';
      const args = customerId === null ? [] : [customerId];
      const contacts = await pool.query(`SELECT * FROM contacts ${where} ORDER BY opened_at, id`, args);
      const requests = await pool.query<RequestRow>(
        `SELECT request_type AS "requestType", status FROM customer_requests ${where}`,
        args,
      );
      return { contacts: shapedRows<Row>(contacts.rows).map(toContactRow), requests: requests.rows };
    },
    async recordContactReport(key, report) {
      const id = await once(pool, key, 'recordContactReport', async (tx) => {
        const reportId = await nextId(tx, 'CR');
        await tx.query(
          'INSERT INTO customer_contact_reports (id, customer_id, report, created_at) VALUES ($1, $2, $3, $4)',
          [reportId, report.customerId, JSON.stringify(report), report.createdAt],
        );
        return reportId;
      });
      const r = await byId('customer_contact_reports', id);
      return { ...(JSON.parse(r.report as string) as Omit<ContactReport, 'id'>), id };
    },
  };
}
