import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderInvoice } from '../../billing/invoice';
import { BusinessErrorType, reject } from '../../contracts/errors';
import { type ChargePeriod, daysBetween, FINAL_BILL_MONTH_DAYS } from '../../domain/billing/proration';
import type { BillingPort, BillingAccountView } from '../../ports/billing';
import { type NewLine, recurringLinesOf, type UsageTotalRow, usageLineOf, withTax } from '../sqlite/bill-charges';
import { type BillRunRow, creditLine, mustReconcile, toBillRun } from '../sqlite/bill-runs';
import { mustAccount, mustBill } from './billing-rows';
import { nextId, once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { sqliteShaped } from './rows';

/**
 * Create & Deliver Bill on PostgreSQL (1.B.1.8.2, 1.B.1.8.3, and the final bill of ceased
 * products): the SQLite store's pricing (bill-charges.ts) on this store's rows. Drafting locks
 * the billing account, so two workers never bill the same days or the same usage twice; the
 * usage billed is claimed and summed in one statement (UPDATE … RETURNING), never read into
 * memory record by record.
 */

/** Where bill documents go when the caller names none: no store file here to put them beside. */
const DEFAULT_INVOICE_DIR = path.join(os.tmpdir(), 'etom-invoices');

const runOf = async (db: Pool | Tx, billRunId: string) => {
  const { rows } = await db.query('SELECT * FROM bill_runs WHERE id = $1', [billRunId]);
  return rows[0] && toBillRun(sqliteShaped<BillRunRow>(rows[0]));
};

/** A product's charge periods, oldest first; one open period from its start when none were recorded. */
async function chargePeriodsOf(tx: Tx, productId: string): Promise<ChargePeriod[]> {
  const periods = await tx.query(
    `SELECT valid_from AS "validFrom", valid_to AS "validTo", recurring_minor AS "recurringMinor", status
       FROM product_charge_periods WHERE product_id = $1 ORDER BY valid_from`,
    [productId],
  );
  if (periods.rows.length) return periods.rows.map((p) => sqliteShaped<ChargePeriod>(p, ['recurringMinor']));
  const { rows } = await tx.query(
    'SELECT start_date AS "validFrom", recurring_minor AS "recurringMinor", status FROM products WHERE id = $1',
    [productId],
  );
  return rows.map((p) => ({ ...sqliteShaped<Omit<ChargePeriod, 'validTo'>>(p, ['recurringMinor']), validTo: null }));
}

const billedTo = async (tx: Tx, productId: string) =>
  (await tx.query<{ billed_to: string }>('SELECT billed_to FROM product_billed_to WHERE product_id = $1', [productId]))
    .rows[0]?.billed_to ?? null;

/** The recurring lines of one product over the window, from the day after what is already billed of it. */
async function recurringLines(
  tx: Tx,
  product: { id: string; offeringName: string },
  window: { from: string; to: string },
  ofDays: number,
): Promise<NewLine[]> {
  const periods = await chargePeriodsOf(tx, product.id);
  return recurringLinesOf(product, await billedTo(tx, product.id), () => periods, window, ofDays);
}

/**
 * The customer's rated usage (of `serviceIds` only, when given) billed on `billId`: the records
 * claimed and summed by service and type in one statement. A record another bill claimed first
 * is no longer `rated` when this one reaches it, so it is billed once.
 */
async function usageLines(
  tx: Tx,
  customerId: string,
  billId: string,
  at: string,
  serviceIds?: string[],
): Promise<NewLine[]> {
  const { rows } = await tx.query(
    `WITH billed AS (
       UPDATE usage_records SET state = 'billed', bill_id = $1, updated_at = $2
        WHERE customer_id = $3 AND state = 'rated' ${serviceIds ? 'AND service_id = ANY($4)' : ''}
        RETURNING service_id, usage_type, units, charge_minor)
     SELECT service_id, usage_type, count(*) AS n, COALESCE(sum(units), 0) AS units, COALESCE(sum(charge_minor), 0) AS charge
       FROM billed GROUP BY service_id, usage_type ORDER BY service_id COLLATE "C", usage_type COLLATE "C"`,
    [billId, at, customerId, ...(serviceIds ? [serviceIds] : [])],
  );
  return rows.map((r) => usageLineOf(sqliteShaped<UsageTotalRow>(r, ['n', 'units', 'charge'])));
}

/** Writes a draft bill with its lines and the VAT on them. */
async function insertBill(
  tx: Tx,
  b: { id: string; billRunId: string; periodStart: string; periodEnd: string; at: string },
  a: BillingAccountView,
  lines: NewLine[],
): Promise<void> {
  const { net, tax, all } = withTax(lines);
  await tx.query(
    `INSERT INTO bills (id, bill_run_id, billing_account_id, customer_id, period_start, period_end, currency, state,
       net_minor, tax_minor, total_minor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11)`,
    [b.id, b.billRunId, a.id, a.customerId, b.periodStart, b.periodEnd, a.currency, net, tax, net + tax, b.at],
  );
  await tx.query(
    `INSERT INTO bill_lines (bill_id, line_no, kind, description, reference, quantity, amount_minor)
     SELECT $1, n, kind, description, reference, quantity, amount_minor
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[]) WITH ORDINALITY
         AS l(kind, description, reference, quantity, amount_minor, n)`,
    [
      b.id,
      all.map((l) => l.kind),
      all.map((l) => l.description),
      all.map((l) => l.reference),
      all.map((l) => l.quantity),
      all.map((l) => l.amountMinor),
    ],
  );
}

/** Records that the products are billed up to `to` on `billId` (never moving a date back). */
async function markBilled(tx: Tx, productIds: readonly string[], to: string, billId: string): Promise<void> {
  await tx.query(
    `INSERT INTO product_billed_to (product_id, billed_to, bill_id) SELECT unnest($1::text[]), $2, $3
       ON CONFLICT (product_id) DO UPDATE SET billed_to = excluded.billed_to, bill_id = excluded.bill_id
       WHERE excluded.billed_to > product_billed_to.billed_to`,
    [productIds, to, billId],
  );
}

export function createPostgresBillRuns(
  pool: Pool,
  now: () => string,
): Pick<
  BillingPort,
  'lastBillRunEnd' | 'openBillRun' | 'closeBillRun' | 'billRun' | 'draftBill' | 'issueBill' | 'draftFinalBill'
> {
  return {
    async lastBillRunEnd() {
      const { rows } = await pool.query<{ end: string | null }>(
        `SELECT MAX(period_end COLLATE "C") AS end FROM bill_runs WHERE kind = 'cycle'`,
      );
      return rows[0]!.end;
    },
    async openBillRun(key, r) {
      await once(pool, key, 'openBillRun', async (tx) => {
        const { rowCount } = await tx.query(
          `INSERT INTO bill_runs (id, period_start, period_end, state, created_at) VALUES ($1, $2, $3, 'running', $4)
           ON CONFLICT (id) DO NOTHING`,
          [r.billRunId, r.periodStart, r.periodEnd, now()],
        );
        if (!rowCount) reject(BusinessErrorType.ConflictingRequest, `bill run ${r.billRunId} already exists`);
        return r.billRunId;
      });
      return (await runOf(pool, r.billRunId))!;
    },
    async closeBillRun(key, billRunId) {
      await once(pool, key, 'closeBillRun', async (tx) => {
        const { rowCount } = await tx.query("UPDATE bill_runs SET state = 'completed' WHERE id = $1", [billRunId]);
        return rowCount;
      });
      return (
        (await runOf(pool, billRunId)) ?? reject(BusinessErrorType.NotFound, `bill run ${billRunId} does not exist`)
      );
    },
    async billRun(billRunId) {
      return runOf(pool, billRunId);
    },

    async draftBill(key, d) {
      const billId = await once(pool, key, 'draftBill', async (tx) => {
        const r =
          (await runOf(tx, d.billRunId)) ??
          reject(BusinessErrorType.NotFound, `bill run ${d.billRunId} does not exist`);
        const a = await mustAccount(tx, d.billingAccountId, true);
        const existing = await tx.query<{ id: string }>(
          'SELECT id FROM bills WHERE bill_run_id = $1 AND billing_account_id = $2',
          [r.billRunId, a.id],
        );
        if (existing.rows[0])
          reject(
            BusinessErrorType.ConflictingRequest,
            `account ${a.id} already has bill ${existing.rows[0].id} in run ${r.billRunId}`,
          );
        const id = await nextId(tx, 'BILL');
        const window = { from: r.periodStart, to: r.periodEnd };
        const ofDays = daysBetween(r.periodStart, r.periodEnd);
        const out: NewLine[] = [];
        for (const p of a.products) out.push(...(await recurringLines(tx, p, window, ofDays)));
        out.push(...(await usageLines(tx, a.customerId, id, now())));
        out.push(...d.credits.map((c) => creditLine(c, a.customerId)));
        await insertBill(
          tx,
          { id, billRunId: r.billRunId, periodStart: r.periodStart, periodEnd: r.periodEnd, at: now() },
          a,
          out,
        );
        await markBilled(
          tx,
          a.products.map((p) => p.id),
          r.periodEnd,
          id,
        );
        return id;
      });
      return mustBill(pool, billId);
    },

    async issueBill(key, i, event) {
      await once(pool, key, 'issueBill', async (tx) => {
        const b = await mustBill(tx, i.billId, true);
        if (b.state !== 'draft')
          reject(BusinessErrorType.InvalidStateTransition, `bill ${b.id} is ${b.state}, not draft`);
        const billed = await tx.query<{ charge: string }>(
          'SELECT COALESCE(SUM(charge_minor), 0) AS charge FROM usage_records WHERE bill_id = $1',
          [b.id],
        );
        mustReconcile(b, Number(billed.rows[0]!.charge));
        const a = await mustAccount(tx, b.billingAccountId);
        const usage = await tx.query(
          `SELECT service_id AS "serviceId", usage_type AS "usageType", count(*) AS records, SUM(units) AS units,
                  SUM(allowance_units) AS "allowanceUnits", SUM(charge_minor) AS "chargeMinor"
             FROM usage_records WHERE bill_id = $1 GROUP BY service_id, usage_type
            ORDER BY service_id COLLATE "C", usage_type COLLATE "C"`,
          [b.id],
        );
        const issuedAt = now();
        const doc = renderInvoice(
          { ...b, issuedAt, dueAt: i.dueAt, state: 'issued' },
          a,
          usage.rows.map((u) =>
            sqliteShaped<Parameters<typeof renderInvoice>[2][number]>(u, [
              'records',
              'units',
              'allowanceUnits',
              'chargeMinor',
            ]),
          ),
        );
        const dir = i.invoiceDir ?? DEFAULT_INVOICE_DIR;
        fs.mkdirSync(dir, { recursive: true });
        // Written before the commit: a retry after a failed commit writes the same document again.
        const file = path.join(dir, `${b.id}.md`);
        fs.writeFileSync(file, doc);
        await tx.query(
          "UPDATE bills SET state = 'issued', issued_at = $1, due_at = $2, document_path = $3 WHERE id = $4",
          [issuedAt, i.dueAt, file, b.id],
        );
        await tx.query('UPDATE billing_accounts SET balance_minor = balance_minor + $1 WHERE id = $2', [
          b.totalMinor,
          b.billingAccountId,
        ]);
        const issued = event?.(await mustBill(tx, b.id), b);
        if (issued) await appendEvent(tx, issued, issuedAt);
        return file;
      });
      return mustBill(pool, i.billId);
    },

    async draftFinalBill(key, f) {
      const billId = await once(pool, key, 'draftFinalBill', async (tx) => {
        const a = await mustAccount(tx, f.billingAccountId, true);
        // The run id is the final bill's own (its workflow's): asked again, it is the same bill.
        const done = await tx.query<{ id: string }>('SELECT id FROM bills WHERE bill_run_id = $1', [f.billRunId]);
        if (done.rows[0]) return done.rows[0].id;
        const products = f.productIds.map(
          (id) =>
            a.products.find((p) => p.id === id) ??
            reject(BusinessErrorType.InvalidInput, `product ${id} is not billed to account ${a.id}`),
        );
        // The bill covers each product from what is billed of it (or its start) to the cease.
        let periodStart = f.ceasedAt;
        for (const p of products) {
          const start = (await billedTo(tx, p.id)) ?? (await chargePeriodsOf(tx, p.id))[0]?.validFrom ?? f.ceasedAt;
          if (start < periodStart) periodStart = start;
        }
        const id = await nextId(tx, 'BILL');
        const lines: NewLine[] = [];
        for (const p of products)
          lines.push(...(await recurringLines(tx, p, { from: periodStart, to: f.ceasedAt }, FINAL_BILL_MONTH_DAYS)));
        lines.push(
          ...(await usageLines(
            tx,
            a.customerId,
            id,
            now(),
            products.flatMap((p) => p.serviceIds),
          )),
        );
        await tx.query(
          `INSERT INTO bill_runs (id, period_start, period_end, state, created_at, kind)
           VALUES ($1, $2, $3, 'completed', $4, 'final')`,
          [f.billRunId, periodStart, f.ceasedAt, now()],
        );
        await insertBill(tx, { id, billRunId: f.billRunId, periodStart, periodEnd: f.ceasedAt, at: now() }, a, lines);
        await markBilled(tx, f.productIds, f.ceasedAt, id);
        return id;
      });
      return mustBill(pool, billId);
    },
  };
}
