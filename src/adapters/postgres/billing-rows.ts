import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Bill } from '../../domain/billing/billing';
import type { BillingAccountView } from '../../ports/billing';
import {
  ACCOUNT_SQL,
  BILLED_PRODUCTS_SQL,
  type BilledProductRow,
  type BillingAccountRow,
  toBillingAccount,
} from '../sqlite/billing-accounts';
import { type BillRow, type LineRow, toBill, toLine } from '../sqlite/bills';
import type { Pool, Tx } from './database';
import { sqliteShaped } from './rows';

/** Billing's reads on PostgreSQL, through the SQLite adapter's row mappers: accounts as billing sees them, bills with their lines. */

const BILL_BIGINTS = ['net_minor', 'tax_minor', 'total_minor', 'paid_minor'];

/** The account as billing sees it, its row locked (FOR UPDATE) when `lock`, so its bills are drafted one at a time. */
export async function billingAccountOf(
  db: Pool | Tx,
  accountId: string,
  lock = false,
): Promise<BillingAccountView | undefined> {
  const { rows } = await db.query(`${ACCOUNT_SQL} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [accountId]);
  if (!rows[0]) return undefined;
  const products = await db.query(`${BILLED_PRODUCTS_SQL} WHERE p.billing_account_id = $1 ORDER BY p.id COLLATE "C"`, [
    accountId,
  ]);
  return toBillingAccount(
    sqliteShaped<BillingAccountRow>(rows[0], ['balance_minor', 'credit_limit_minor']),
    products.rows.map((p) => sqliteShaped<BilledProductRow>(p, ['recurring_minor'])),
  );
}

export const mustAccount = async (db: Pool | Tx, accountId: string, lock = false) =>
  (await billingAccountOf(db, accountId, lock)) ??
  reject(BusinessErrorType.NotFound, `billing account ${accountId} does not exist`);

/** Bills by id, with their lines in order, in the order of `ids` (an id not there is left out). */
export async function billsOf(db: Pool | Tx, ids: readonly string[]): Promise<Bill[]> {
  if (!ids.length) return [];
  const bills = await db.query('SELECT * FROM bills WHERE id = ANY($1)', [ids]);
  const lines = await db.query('SELECT * FROM bill_lines WHERE bill_id = ANY($1) ORDER BY bill_id, line_no', [ids]);
  const byId = new Map(
    bills.rows.map((r) => {
      const row = sqliteShaped<BillRow>(r, BILL_BIGINTS);
      const own = lines.rows
        .filter((l) => (l as { bill_id: string }).bill_id === row.id)
        .map((l) => toLine(sqliteShaped<LineRow>(l, ['amount_minor'])));
      return [row.id, toBill(row, own)] as const;
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One bill, its row locked (FOR UPDATE) when `lock`; NotFound when it does not exist. */
export async function mustBill(db: Pool | Tx, billId: string, lock = false): Promise<Bill> {
  if (lock) await db.query('SELECT id FROM bills WHERE id = $1 FOR UPDATE', [billId]);
  return (await billsOf(db, [billId]))[0] ?? reject(BusinessErrorType.NotFound, `bill ${billId} does not exist`);
}
