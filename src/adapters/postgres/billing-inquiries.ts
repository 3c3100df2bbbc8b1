import { type BillingPort, questionOf } from '../../ports/billing';
import { commonQuestionsOf, type InquiryRow, toInquiry } from '../sqlite/billing-inquiries';
import { mustBill } from './billing-rows';
import { nextId, once, type Pool } from './database';
import { sqliteShaped } from './rows';

/**
 * Manage Customer Billing Inquiries (1.B.1.8.1) and the published answers (1.O.1.1.4) on
 * PostgreSQL, the same contract as the SQLite adapter: an inquiry, its adjustment and the
 * account's balance written together, once per key.
 */
export function createPostgresBillingInquiries(
  pool: Pool,
  now: () => string,
): Pick<BillingPort, 'recordInquiry' | 'commonQuestions' | 'publishAnswer' | 'publishedAnswer'> {
  return {
    async recordInquiry(key, i) {
      const inquiryId = await once(pool, key, 'recordInquiry', async (tx) => {
        const b = await mustBill(tx, i.billId);
        const id = await nextId(tx, 'INQ');
        await tx.query(
          `INSERT INTO billing_inquiries (id, customer_id, bill_id, usage_record_id, claim, state, finding, adjustment_minor,
             answered_from, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            id,
            i.customerId,
            i.billId,
            i.usageRecordId,
            i.claim,
            i.state,
            i.finding,
            i.adjustmentMinor,
            i.answeredFrom ?? null,
            now(),
          ],
        );
        if (i.adjustmentMinor !== 0) {
          await tx.query(
            `INSERT INTO billing_adjustments (id, inquiry_id, bill_id, billing_account_id, amount_minor, reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [await nextId(tx, 'ADJ'), id, b.id, b.billingAccountId, i.adjustmentMinor, i.finding, now()],
          );
          await tx.query('UPDATE billing_accounts SET balance_minor = balance_minor + $1 WHERE id = $2', [
            i.adjustmentMinor,
            b.billingAccountId,
          ]);
        }
        return id;
      });
      const { rows } = await pool.query('SELECT * FROM billing_inquiries WHERE id = $1', [inquiryId]);
      return toInquiry(sqliteShaped<InquiryRow>(rows[0]!, ['usage_record_id', 'adjustment_minor']));
    },

    async commonQuestions(regions, since) {
      if (!regions.length) return [];
      const { rows } = await pool.query<{ claim: string; state: 'upheld' | 'notUpheld' }>(
        `SELECT x.claim, x.state FROM billing_inquiries x JOIN customers c ON c.id = x.customer_id
          WHERE c.region = ANY($1) AND x.created_at >= $2::timestamptz`,
        [regions, since],
      );
      return commonQuestionsOf(rows);
    },

    async publishAnswer(key, a) {
      await once(pool, key, 'publishAnswer', async (tx) => {
        await tx.query(
          `INSERT INTO billing_answers (question, answer, asked, published_by, run_id, published_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (question) DO UPDATE SET answer = excluded.answer, asked = excluded.asked,
             published_by = excluded.published_by, run_id = excluded.run_id, published_at = excluded.published_at`,
          [a.question, a.answer, a.asked, a.publishedBy, a.runId, now()],
        );
        return a.question;
      });
    },

    async publishedAnswer(question) {
      const { rows } = await pool.query<{ question: string; answer: string }>(
        'SELECT question, answer FROM billing_answers WHERE question = $1',
        [questionOf(question)],
      );
      return rows[0];
    },
  };
}
