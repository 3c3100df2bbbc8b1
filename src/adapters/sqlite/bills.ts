import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Bill, BillLine } from '../../domain/billing/billing';
import type { BilledLine, BillingPort, BillLineSearch } from '../../ports/billing';
import type { Db } from './database';
import { searchIds } from './search';

export interface BillRow {
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

export interface LineRow {
  line_no: number;
  kind: BillLine['kind'];
  description: string;
  reference: string | null;
  quantity: number;
  amount_minor: number;
}

export const toLine = (l: LineRow): BillLine => ({
  lineNo: l.line_no,
  kind: l.kind,
  description: l.description,
  reference: l.reference,
  quantity: l.quantity,
  amountMinor: l.amount_minor,
});

/** A bill from its row and its lines in order (both stores' rows). */
export const toBill = (r: BillRow, lines: BillLine[]): Bill => ({
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
  lines,
});

/** Bills as the store holds them, with their lines in order; `mustBill` refuses one that does not exist. */
export function billReader(db: Db) {
  const lines = (billId: string): BillLine[] =>
    (db.prepare('SELECT * FROM bill_lines WHERE bill_id = ? ORDER BY line_no').all(billId) as LineRow[]).map(toLine);
  const getBill = (billId: string): Bill | undefined => {
    const r = db.prepare('SELECT * FROM bills WHERE id = ?').get(billId) as BillRow | undefined;
    return r && toBill(r, lines(r.id));
  };
  const mustBill = (billId: string): Bill =>
    getBill(billId) ?? reject(BusinessErrorType.NotFound, `bill ${billId} does not exist`);
  return { getBill, mustBill };
}

/** Where a bill stands (BillStanding): a payment received against a sent bill makes it partly paid. */
export const STANDING = `CASE WHEN state IN ('issued', 'overdue') THEN
  CASE WHEN paid_minor > 0 THEN 'partlyPaid' ELSE 'awaitingPayment' END ELSE state END`;

/** A line with the columns of its bill a list of lines shows. */
export type BilledLineRow = LineRow & {
  bill_id: string;
  billing_account_id: string;
  currency: string;
  period_start: string;
  period_end: string;
  issued_at: string | null;
};

export const toBilledLine = (l: BilledLineRow): BilledLine => ({
  ...toLine(l),
  billId: l.bill_id,
  billingAccountId: l.billing_account_id,
  currency: l.currency,
  periodStart: l.period_start,
  periodEnd: l.period_end,
  issuedAt: l.issued_at,
});

/** The lines of bills, with the bill each is on, as the search asks for them (tax lines aside). */
function searchLines(db: Db, q: BillLineSearch): { total: number; orders: BilledLine[] } {
  const clauses = ["l.kind <> 'tax'"];
  const params: unknown[] = [];
  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (!values) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  anyOf('l.bill_id', q.billIds);
  anyOf('b.billing_account_id', q.billingAccountIds);
  anyOf('l.kind', q.kinds);
  if (q.lines) {
    clauses.push(`(${q.lines.map(() => '(l.bill_id = ? AND l.line_no = ?)').join(' OR ') || '0'})`);
    params.push(...q.lines.flatMap((k) => [k.billId, k.lineNo]));
  }
  const from = `FROM bill_lines l JOIN bills b ON b.id = l.bill_id WHERE ${clauses.join(' AND ')}`;
  const total = db
    .prepare(`SELECT COUNT(*) ${from}`)
    .pluck()
    .get(...params) as number;
  const rows = db
    .prepare(
      `SELECT l.*, b.billing_account_id, b.currency, b.period_start, b.period_end, b.issued_at ${from}
        ORDER BY b.created_at DESC, b.rowid DESC, l.line_no LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as BilledLineRow[];
  return { total, orders: rows.map(toBilledLine) };
}

/** The bills themselves: one, every bill of an account, a list (TMF678), and their lines. */
export function createSqliteBills(db: Db): Pick<BillingPort, 'bill' | 'billsOf' | 'searchBills' | 'searchBillLines'> {
  const { getBill } = billReader(db);
  return {
    async searchBills(q) {
      const { total, ids } = searchIds(db, 'bills', {
        anyOf: [
          ['id', q.ids],
          ['billing_account_id', q.billingAccountIds],
          ['customer_id', q.customerIds],
          [STANDING, q.standings],
        ],
        dates: q.dates,
        dateColumns: { issuedAt: 'issued_at' },
        offset: q.offset,
        limit: q.limit,
      });
      return { total, orders: ids.map((id) => getBill(id)!) };
    },
    async searchBillLines(q) {
      return searchLines(db, q);
    },
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
