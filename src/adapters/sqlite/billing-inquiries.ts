import { type BillingPort, type InquiryRecord, questionOf } from '../../ports/billing';
import { type Db, nextId, once } from './database';
import { billReader } from './bills';

export interface InquiryRow {
  id: string;
  customer_id: string;
  bill_id: string;
  usage_record_id: number | null;
  claim: string;
  state: InquiryRecord['state'];
  finding: string;
  adjustment_minor: number;
}
export const toInquiry = (r: InquiryRow): InquiryRecord => ({
  inquiryId: r.id,
  customerId: r.customer_id,
  billId: r.bill_id,
  usageRecordId: r.usage_record_id,
  claim: r.claim,
  state: r.state,
  finding: r.finding,
  adjustmentMinor: r.adjustment_minor,
});

/** The inquiries' claims counted by question (lower case), most asked first (both stores). */
export function commonQuestionsOf(rows: Array<{ claim: string; state: InquiryRecord['state'] }>) {
  const byQuestion = new Map<string, { question: string; asked: number; upheld: number; notUpheld: number }>();
  for (const r of rows) {
    const question = questionOf(r.claim);
    const q = byQuestion.get(question) ?? { question, asked: 0, upheld: 0, notUpheld: 0 };
    q.asked++;
    q[r.state]++;
    byQuestion.set(question, q);
  }
  return [...byQuestion.values()].sort((a, b) => b.asked - a.asked || a.question.localeCompare(b.question));
}

/** Manage Customer Billing Inquiries: each inquiry recorded with its finding, and the adjustment it made. */
export function createSqliteBillingInquiries(
  db: Db,
  now: () => string,
): Pick<BillingPort, 'recordInquiry' | 'commonQuestions' | 'publishAnswer' | 'publishedAnswer'> {
  const { mustBill } = billReader(db);
  return {
    async recordInquiry(key, i) {
      const inquiryId = once(db, key, 'recordInquiry', () => {
        const b = mustBill(i.billId);
        const id = nextId(db, 'INQ');
        db.prepare(
          `INSERT INTO billing_inquiries (id, customer_id, bill_id, usage_record_id, claim, state, finding, adjustment_minor,
             answered_from, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
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
        );
        if (i.adjustmentMinor !== 0) {
          db.prepare(
            'INSERT INTO billing_adjustments (id, inquiry_id, bill_id, billing_account_id, amount_minor, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          ).run(nextId(db, 'ADJ'), id, b.id, b.billingAccountId, i.adjustmentMinor, i.finding, now());
          db.prepare('UPDATE billing_accounts SET balance_minor = balance_minor + ? WHERE id = ?').run(
            i.adjustmentMinor,
            b.billingAccountId,
          );
        }
        return id;
      });
      return toInquiry(db.prepare('SELECT * FROM billing_inquiries WHERE id = ?').get(inquiryId) as InquiryRow);
    },

    async commonQuestions(regions, since) {
      if (!regions.length) return [];
      const rows = db
        .prepare(
          `SELECT x.claim, x.state FROM billing_inquiries x JOIN customers c ON c.id = x.customer_id
           WHERE c.region IN (${regions.map(() => '?').join(', ')}) AND x.created_at >= ?`,
        )
        .all(...regions, since) as Array<{ claim: string; state: InquiryRecord['state'] }>;
      return commonQuestionsOf(rows);
    },

    async publishAnswer(key, a) {
      once(db, key, 'publishAnswer', () => {
        db.prepare(
          `INSERT INTO billing_answers (question, answer, asked, published_by, run_id, published_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (question) DO UPDATE SET answer = excluded.answer, asked = excluded.asked,
             published_by = excluded.published_by, run_id = excluded.run_id, published_at = excluded.published_at`,
        ).run(a.question, a.answer, a.asked, a.publishedBy, a.runId, now());
        return a.question;
      });
    },

    async publishedAnswer(question) {
      return db.prepare('SELECT question, answer FROM billing_answers WHERE question = ?').get(questionOf(question)) as
        { question: string; answer: string } | undefined;
    },
  };
}
