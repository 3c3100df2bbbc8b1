import type { BillingPort, InquiryRecord } from '../../ports/billing';
import { type Db, nextId, once } from './database';
import { billReader } from './bills';

/** Manage Customer Billing Inquiries: each inquiry recorded with its finding, and the adjustment it made. */
export function createSqliteBillingInquiries(db: Db, now: () => string): Pick<BillingPort, 'recordInquiry'> {
  const { mustBill } = billReader(db);
  return {
    async recordInquiry(key, i) {
      const inquiryId = once(db, key, 'recordInquiry', () => {
        const b = mustBill(i.billId);
        const id = nextId(db, 'INQ');
        db.prepare(
          `INSERT INTO billing_inquiries (id, customer_id, bill_id, usage_record_id, claim, state, finding, adjustment_minor, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, i.customerId, i.billId, i.usageRecordId, i.claim, i.state, i.finding, i.adjustmentMinor, now());
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
      const r = db.prepare('SELECT * FROM billing_inquiries WHERE id = ?').get(inquiryId) as {
        id: string;
        customer_id: string;
        bill_id: string;
        usage_record_id: number | null;
        claim: string;
        state: InquiryRecord['state'];
        finding: string;
        adjustment_minor: number;
      };
      return {
        inquiryId: r.id,
        customerId: r.customer_id,
        billId: r.bill_id,
        usageRecordId: r.usage_record_id,
        claim: r.claim,
        state: r.state,
        finding: r.finding,
        adjustmentMinor: r.adjustment_minor,
      };
    },
  };
}
