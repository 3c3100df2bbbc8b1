import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderInvoice } from '../../billing/invoice';
import { BusinessErrorType, reject } from '../../contracts/errors';
import { daysBetween } from '../../domain/billing/proration';
import type { SlaCredit } from '../../domain/assurance/sla-credit';
import type { Bill } from '../../domain/billing/billing';
import type { BillingPort, BillRun } from '../../ports/billing';
import { insertBill, markBilled, type NewLine, recurringLines, usageLines } from './bill-charges';
import { type Db, nextId, once } from './database';
import { billingAccountReader } from './billing-accounts';
import { billReader } from './bills';
import { appendEvent } from './event-outbox';

/** Where bill documents go when the caller names no directory: beside the store, or a temp dir for an in-memory one. */
const defaultInvoiceDir = (db: Db) =>
  db.name && db.name !== ':memory:'
    ? path.join(path.dirname(db.name), 'invoices')
    : path.join(os.tmpdir(), 'etom-invoices');

export interface BillRunRow {
  id: string;
  period_start: string;
  period_end: string;
  state: BillRun['state'];
}
export const toBillRun = (r: BillRunRow): BillRun => ({
  billRunId: r.id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  state: r.state,
});

/**
 * The quality check before a bill leaves (both stores): its lines make its total, its usage
 * lines the charges of the records billed on it.
 */
export function mustReconcile(b: Bill, billedUsageMinor: number): void {
  const sum = b.lines.reduce((s, l) => s + l.amountMinor, 0);
  const usageLines = b.lines.filter((l) => l.kind === 'usage').reduce((s, l) => s + l.amountMinor, 0);
  if (sum !== b.totalMinor || usageLines !== billedUsageMinor)
    reject(
      BusinessErrorType.ContractViolation,
      `bill ${b.id} does not reconcile (lines ${sum}, total ${b.totalMinor}, usage ${usageLines}/${billedUsageMinor})`,
    );
}

/** An SLA credit as the (negative) line of the customer's bill; another customer's credit is refused (both stores). */
export function creditLine(c: SlaCredit, customerId: string): NewLine {
  if (c.customerId !== customerId) reject(BusinessErrorType.InvalidInput, `credit ${c.id} is not ${customerId}'s`);
  return {
    kind: 'slaCredit',
    description: `SLA credit ${c.id}: ${c.reason}`,
    reference: c.id,
    quantity: 1,
    amountMinor: -c.amountMinor,
  };
}

/** Create & Deliver Bill: bill runs, each account's bill drafted from its charges, checked and issued as a document. */
export function createSqliteBillRuns(
  db: Db,
  now: () => string,
): Pick<BillingPort, 'lastBillRunEnd' | 'openBillRun' | 'closeBillRun' | 'billRun' | 'draftBill' | 'issueBill'> {
  const { mustBill } = billReader(db);
  const account = billingAccountReader(db);
  const run = (billRunId: string): BillRun | undefined => {
    const r = db.prepare('SELECT * FROM bill_runs WHERE id = ?').get(billRunId) as BillRunRow | undefined;
    return r && toBillRun(r);
  };

  return {
    async lastBillRunEnd() {
      return (
        (db.prepare("SELECT MAX(period_end) FROM bill_runs WHERE kind = 'cycle'").pluck().get() as string | null) ??
        null
      );
    },
    async openBillRun(key, r) {
      once(db, key, 'openBillRun', () => {
        if (run(r.billRunId)) reject(BusinessErrorType.ConflictingRequest, `bill run ${r.billRunId} already exists`);
        db.prepare(
          "INSERT INTO bill_runs (id, period_start, period_end, state, created_at) VALUES (?, ?, ?, 'running', ?)",
        ).run(r.billRunId, r.periodStart, r.periodEnd, now());
        return r.billRunId;
      });
      return run(r.billRunId)!;
    },
    async closeBillRun(key, billRunId) {
      once(
        db,
        key,
        'closeBillRun',
        () => db.prepare("UPDATE bill_runs SET state = 'completed' WHERE id = ?").run(billRunId).changes,
      );
      return run(billRunId) ?? reject(BusinessErrorType.NotFound, `bill run ${billRunId} does not exist`);
    },
    async billRun(billRunId) {
      return run(billRunId);
    },
    async draftBill(key, d) {
      const billId = once(db, key, 'draftBill', () => {
        const r = run(d.billRunId) ?? reject(BusinessErrorType.NotFound, `bill run ${d.billRunId} does not exist`);
        const a =
          account(d.billingAccountId) ??
          reject(BusinessErrorType.NotFound, `billing account ${d.billingAccountId} does not exist`);
        const existing = db
          .prepare('SELECT id FROM bills WHERE bill_run_id = ? AND billing_account_id = ?')
          .pluck()
          .get(r.billRunId, a.id);
        if (existing)
          reject(
            BusinessErrorType.ConflictingRequest,
            `account ${a.id} already has bill ${existing} in run ${r.billRunId}`,
          );
        const id = nextId(db, 'BILL');
        // Each product's charge periods over the bill period, prorated on its days (bill-charges.ts).
        const window = { from: r.periodStart, to: r.periodEnd };
        const ofDays = daysBetween(r.periodStart, r.periodEnd);
        const out: NewLine[] = a.products.flatMap((p) => recurringLines(db, p, window, ofDays));
        out.push(...usageLines(db, a.customerId, id, now()));
        out.push(...d.credits.map((c) => creditLine(c, a.customerId)));
        insertBill(
          db,
          { ...r, id, billingAccountId: a.id, customerId: a.customerId, currency: a.currency, at: now() },
          out,
        );
        markBilled(
          db,
          a.products.map((p) => p.id),
          r.periodEnd,
          id,
        );
        return id;
      });
      return mustBill(billId);
    },
    async issueBill(key, i, event) {
      once(db, key, 'issueBill', () => {
        const b = mustBill(i.billId);
        if (b.state !== 'draft')
          reject(BusinessErrorType.InvalidStateTransition, `bill ${b.id} is ${b.state}, not draft`);
        mustReconcile(
          b,
          db
            .prepare('SELECT COALESCE(SUM(charge_minor), 0) FROM usage_records WHERE bill_id = ?')
            .pluck()
            .get(b.id) as number,
        );
        const a = account(b.billingAccountId)!;
        const usage = db
          .prepare(
            `SELECT service_id AS serviceId, usage_type AS usageType, COUNT(*) AS records, SUM(units) AS units,
                    SUM(allowance_units) AS allowanceUnits, SUM(charge_minor) AS chargeMinor
               FROM usage_records WHERE bill_id = ? GROUP BY service_id, usage_type ORDER BY 1, 2`,
          )
          .all(b.id) as Parameters<typeof renderInvoice>[2];
        const issuedAt = now();
        const doc = renderInvoice({ ...b, issuedAt, dueAt: i.dueAt, state: 'issued' }, a, usage);
        const dir = i.invoiceDir ?? defaultInvoiceDir(db);
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${b.id}.md`);
        fs.writeFileSync(file, doc);
        db.prepare("UPDATE bills SET state = 'issued', issued_at = ?, due_at = ?, document_path = ? WHERE id = ?").run(
          issuedAt,
          i.dueAt,
          file,
          b.id,
        );
        db.prepare('UPDATE billing_accounts SET balance_minor = balance_minor + ? WHERE id = ?').run(
          b.totalMinor,
          b.billingAccountId,
        );
        const issued = event?.(mustBill(b.id), b);
        if (issued) appendEvent(db, issued, issuedAt);
        return file;
      });
      return mustBill(i.billId);
    },
  };
}
