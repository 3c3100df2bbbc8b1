import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Bill, BillLine } from '../../domain/billing/billing';
import type { BillingPort } from '../../ports/billing';
import type { Db } from './database';

interface BillRow {
  id: string;
  bill_run_id: string;
  billing_account_id: string;
  customer_id: string;
  period_start: string;
  period_end: string;
  currency: string;
  state: Bill['state'];
  net_minor: number;
  tax_minor: number;
  total_minor: number;
  paid_minor: number;
  issued_at: string | null;
  due_at: string | null;
  document_path: string | null;
}

/** Bills as the store holds them, with their lines in order; `mustBill` refuses one that does not exist. */
export function billReader(db: Db) {
  const lines = (billId: string): BillLine[] =>
    (
      db.prepare('SELECT * FROM bill_lines WHERE bill_id = ? ORDER BY line_no').all(billId) as Array<{
        line_no: number;
        kind: BillLine['kind'];
        description: string;
        reference: string | null;
        quantity: number;
        amount_minor: number;
      }>
    ).map((l) => ({
      lineNo: l.line_no,
      kind: l.kind,
      description: l.description,
      reference: l.reference,
      quantity: l.quantity,
      amountMinor: l.amount_minor,
    }));
  const getBill = (billId: string): Bill | undefined => {
    const r = db.prepare('SELECT * FROM bills WHERE id = ?').get(billId) as BillRow | undefined;
    return (
      r && {
        id: r.id,
        billRunId: r.bill_run_id,
        billingAccountId: r.billing_account_id,
        customerId: r.customer_id,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        currency: r.currency,
        state: r.state,
        netMinor: r.net_minor,
        taxMinor: r.tax_minor,
        totalMinor: r.total_minor,
        paidMinor: r.paid_minor,
        issuedAt: r.issued_at,
        dueAt: r.due_at,
        documentPath: r.document_path,
        lines: lines(r.id),
      }
    );
  };
  const mustBill = (billId: string): Bill =>
    getBill(billId) ?? reject(BusinessErrorType.NotFound, `bill ${billId} does not exist`);
  return { getBill, mustBill };
}

/** The bills themselves: one, or every bill of an account. */
export function createSqliteBills(db: Db): Pick<BillingPort, 'bill' | 'billsOf'> {
  const { getBill } = billReader(db);
  return {
    async bill(billId) {
      return getBill(billId);
    },
    async billsOf(accountId) {
      return (
        db.prepare('SELECT id FROM bills WHERE billing_account_id = ? ORDER BY id').pluck().all(accountId) as string[]
      ).map((id) => getBill(id)!);
    },
  };
}
