import type { BillingAccountView, BillingPort } from '../../ports/billing';
import type { Clock } from '../../ports/clock';
import { type BilledLineRow, STANDING, toBilledLine } from '../sqlite/bills';
import { createPostgresBillingCollection } from './billing-collection';
import { createPostgresBillingInquiries } from './billing-inquiries';
import { billingAccountOf, billsOf, mustAccount } from './billing-rows';
import { createPostgresBillRuns } from './bill-runs';
import { once, type Pool } from './database';
import { sqliteShaped } from './rows';
import { searchIds } from './search';

/**
 * Billing & Collections Management (1.B.1.8) on PostgreSQL: the same contract as the SQLite
 * adapter (test/ports/billing.contract.ts runs on both), read through the SQLite adapter's row
 * mappers. What concurrent workers could do twice is serialised by the database: a draft or a
 * final bill locks its billing account, a payment, a dunning step or an issue locks its bill.
 */

export function createPostgresBilling(pool: Pool, clock: Clock): BillingPort {
  const now = () => clock().toISOString();
  return {
    async account(accountId) {
      return billingAccountOf(pool, accountId);
    },
    async searchAccounts(q) {
      const { total, ids } = await searchIds(pool, 'billing_accounts', {
        anyOf: [
          ['id', q.ids],
          ['status', q.statuses],
          ['customer_id', q.customerIds],
        ],
        dates: undefined,
        dateColumns: {},
        offset: q.offset,
        limit: q.limit,
        newest: 'created_at',
      });
      const orders: BillingAccountView[] = [];
      for (const id of ids) orders.push((await billingAccountOf(pool, id))!);
      return { total, orders };
    },
    async accountsToBill() {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT DISTINCT billing_account_id COLLATE "C" AS id FROM products WHERE status IN ('active', 'suspended') ORDER BY 1`,
      );
      return rows.map((r) => r.id);
    },
    async updateAccount(key, accountId, change) {
      await mustAccount(pool, accountId);
      await once(pool, key, 'updateBillingAccount', async (tx) => {
        const { rowCount } = await tx.query(
          `UPDATE billing_accounts SET billing_address = COALESCE($1, billing_address),
             delivery_channel = COALESCE($2, delivery_channel) WHERE id = $3`,
          [change.billingAddress ?? null, change.deliveryChannel ?? null, accountId],
        );
        return rowCount;
      });
      return (await billingAccountOf(pool, accountId))!;
    },

    async bill(billId) {
      return (await billsOf(pool, [billId]))[0];
    },
    async billsOf(accountId) {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT id FROM bills WHERE billing_account_id = $1 ORDER BY id COLLATE "C"',
        [accountId],
      );
      return billsOf(
        pool,
        rows.map((r) => r.id),
      );
    },
    async searchBills(q) {
      const { total, ids } = await searchIds(pool, 'bills', {
        anyOf: [
          ['id', q.ids],
          ['billing_account_id', q.billingAccountIds],
          ['customer_id', q.customerIds],
          [`(${STANDING})`, q.standings],
        ],
        dates: q.dates,
        dateColumns: { issuedAt: 'issued_at' },
        offset: q.offset,
        limit: q.limit,
        newest: 'created_at',
      });
      return { total, orders: await billsOf(pool, ids) };
    },
    async searchBillLines(q) {
      // As the SQLite store's: every criterion given holds, tax lines are never charges of their own.
      const clauses = ["l.kind <> 'tax'"];
      const params: unknown[] = [];
      const anyOf = (column: string, values: readonly string[] | undefined) => {
        if (!values) return;
        params.push(values);
        clauses.push(`${column} = ANY($${params.length})`);
      };
      anyOf('l.bill_id', q.billIds);
      anyOf('b.billing_account_id', q.billingAccountIds);
      anyOf('l.kind', q.kinds);
      if (q.lines) {
        params.push(
          q.lines.map((k) => k.billId),
          q.lines.map((k) => k.lineNo),
        );
        clauses.push(
          `(l.bill_id, l.line_no) IN (SELECT * FROM unnest($${params.length - 1}::text[], $${params.length}::int[]))`,
        );
      }
      const from = `FROM bill_lines l JOIN bills b ON b.id = l.bill_id WHERE ${clauses.join(' AND ')}`;
      const count = await pool.query<{ n: string }>(`SELECT count(*) AS n ${from}`, params);
      const { rows } = await pool.query(
        `SELECT l.*, b.billing_account_id, b.currency, b.period_start, b.period_end, b.issued_at ${from}
          ORDER BY b.created_at DESC, b.id DESC, l.line_no LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.limit, q.offset],
      );
      return {
        total: Number(count.rows[0]!.n),
        orders: rows.map((r) => toBilledLine(sqliteShaped<BilledLineRow>(r, ['amount_minor']))),
      };
    },

    ...createPostgresBillRuns(pool, now),
    ...createPostgresBillingCollection(pool, now),
    ...createPostgresBillingInquiries(pool, now),
  };
}
