import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderInvoice } from '../../billing/invoice';
import { BusinessErrorType, reject } from '../../contracts/errors';
import { type Bill, type BillLine, taxOf } from '../../domain/billing/billing';
import type { BillingAccountView, BillingPort, BillRun, InquiryRecord } from '../../ports/billing';
import type { Clock } from '../../ports/clock';
import { type Db, nextId, once } from './database';

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

/** Where bill documents go when the caller names no directory: beside the store, or a temp dir for an in-memory one. */
const defaultInvoiceDir = (db: Db) =>
  db.name && db.name !== ':memory:'
    ? path.join(path.dirname(db.name), 'invoices')
    : path.join(os.tmpdir(), 'etom-invoices');

export function createSqliteBilling(db: Db, clock: Clock): BillingPort {
  const now = () => clock().toISOString();
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
  const account = (accountId: string): BillingAccountView | undefined => {
    const a = db
      .prepare(
        `SELECT a.*, c.name AS customer_name FROM billing_accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?`,
      )
      .get(accountId) as
      | {
          id: string;
          customer_id: string;
          customer_name: string;
          currency: string;
          status: string;
          billing_address: string | null;
          delivery_channel: string;
          balance_minor: number;
        }
      | undefined;
    if (!a) return undefined;
    const products = (
      db
        .prepare(
          `SELECT p.id, p.product_offering_id, o.name, p.status, p.recurring_minor, p.service_ids FROM products p
             JOIN product_offerings o ON o.id = p.product_offering_id WHERE p.billing_account_id = ? ORDER BY p.id`,
        )
        .all(accountId) as Array<{
        id: string;
        product_offering_id: string;
        name: string;
        status: string;
        recurring_minor: number;
        service_ids: string;
      }>
    ).map((p) => ({
      id: p.id,
      offeringId: p.product_offering_id,
      offeringName: p.name,
      status: p.status,
      recurringMinor: p.recurring_minor,
      serviceIds: JSON.parse(p.service_ids) as string[],
    }));
    return {
      id: a.id,
      customerId: a.customer_id,
      customerName: a.customer_name,
      currency: a.currency,
      status: a.status,
      billingAddress: a.billing_address,
      deliveryChannel: a.delivery_channel,
      balanceMinor: a.balance_minor,
      products,
    };
  };
  const run = (billRunId: string): BillRun | undefined => {
    const r = db.prepare('SELECT * FROM bill_runs WHERE id = ?').get(billRunId) as
      { id: string; period_start: string; period_end: string; state: BillRun['state'] } | undefined;
    return r && { billRunId: r.id, periodStart: r.period_start, periodEnd: r.period_end, state: r.state };
  };
  const outstanding = (b: Bill) => b.totalMinor - b.paidMinor;

  return {
    async account(accountId) {
      return account(accountId);
    },
    async accountsToBill() {
      return db
        .prepare(
          `SELECT DISTINCT billing_account_id FROM products WHERE status IN ('active', 'suspended') ORDER BY billing_account_id`,
        )
        .pluck()
        .all() as string[];
    },
    async updateAccount(key, accountId, change) {
      if (!account(accountId)) reject(BusinessErrorType.NotFound, `billing account ${accountId} does not exist`);
      once(
        db,
        key,
        'updateBillingAccount',
        () =>
          db
            .prepare(
              'UPDATE billing_accounts SET billing_address = COALESCE(?, billing_address), delivery_channel = COALESCE(?, delivery_channel) WHERE id = ?',
            )
            .run(change.billingAddress ?? null, change.deliveryChannel ?? null, accountId).changes,
      );
      return account(accountId)!;
    },
    async lastBillRunEnd() {
      return (db.prepare('SELECT MAX(period_end) FROM bill_runs').pluck().get() as string | null) ?? null;
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
        const out: Array<Omit<BillLine, 'lineNo'>> = [];
        for (const p of a.products.filter((x) => x.status !== 'terminated'))
          out.push({
            kind: 'recurring',
            description: `${p.offeringName} (${p.id}), monthly charge`,
            reference: p.id,
            quantity: 1,
            amountMinor: p.recurringMinor,
          });
        const usage = db
          .prepare(
            `SELECT service_id, usage_type, COUNT(*) AS n, SUM(units) AS units, SUM(charge_minor) AS charge FROM usage_records
              WHERE customer_id = ? AND state = 'rated' GROUP BY service_id, usage_type ORDER BY service_id, usage_type`,
          )
          .all(a.customerId) as Array<{
          service_id: string;
          usage_type: string;
          n: number;
          units: number;
          charge: number;
        }>;
        for (const u of usage)
          out.push({
            kind: 'usage',
            description: `${u.usage_type} usage on ${u.service_id} (${u.n} records, ${u.units} units)`,
            reference: u.service_id,
            quantity: u.n,
            amountMinor: u.charge,
          });
        db.prepare(
          `UPDATE usage_records SET state = 'billed', bill_id = ?, updated_at = ? WHERE customer_id = ? AND state = 'rated'`,
        ).run(id, now(), a.customerId);
        for (const c of d.credits) {
          if (c.customerId !== a.customerId)
            reject(BusinessErrorType.InvalidInput, `credit ${c.id} is not ${a.customerId}'s`);
          out.push({
            kind: 'slaCredit',
            description: `SLA credit ${c.id}: ${c.reason}`,
            reference: c.id,
            quantity: 1,
            amountMinor: -c.amountMinor,
          });
        }
        const net = out.reduce((s, l) => s + l.amountMinor, 0);
        const tax = taxOf(net);
        out.push({ kind: 'tax', description: 'VAT 20 %', reference: null, quantity: 1, amountMinor: tax });
        db.prepare(
          `INSERT INTO bills (id, bill_run_id, billing_account_id, customer_id, period_start, period_end, currency, state, net_minor,
             tax_minor, total_minor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
        ).run(id, r.billRunId, a.id, a.customerId, r.periodStart, r.periodEnd, a.currency, net, tax, net + tax, now());
        const ins = db.prepare(
          'INSERT INTO bill_lines (bill_id, line_no, kind, description, reference, quantity, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        out.forEach((l, i) => ins.run(id, i + 1, l.kind, l.description, l.reference, l.quantity, l.amountMinor));
        return id;
      });
      return mustBill(billId);
    },
    async issueBill(key, i) {
      once(db, key, 'issueBill', () => {
        const b = mustBill(i.billId);
        if (b.state !== 'draft')
          reject(BusinessErrorType.InvalidStateTransition, `bill ${b.id} is ${b.state}, not draft`);
        // Quality check before the bill leaves: its lines make its total, its usage lines its billed records.
        const sum = b.lines.reduce((s, l) => s + l.amountMinor, 0);
        const usageLines = b.lines.filter((l) => l.kind === 'usage').reduce((s, l) => s + l.amountMinor, 0);
        const billed = db
          .prepare('SELECT COALESCE(SUM(charge_minor), 0) FROM usage_records WHERE bill_id = ?')
          .pluck()
          .get(b.id) as number;
        if (sum !== b.totalMinor || usageLines !== billed)
          reject(
            BusinessErrorType.ContractViolation,
            `bill ${b.id} does not reconcile (lines ${sum}, total ${b.totalMinor}, usage ${usageLines}/${billed})`,
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
        return file;
      });
      return mustBill(i.billId);
    },
    async bill(billId) {
      return getBill(billId);
    },
    async billsOf(accountId) {
      return (
        db.prepare('SELECT id FROM bills WHERE billing_account_id = ? ORDER BY id').pluck().all(accountId) as string[]
      ).map((id) => getBill(id)!);
    },
    async recordPayment(key, p) {
      const paymentId = once(db, key, 'recordPayment', () => {
        const b = mustBill(p.billId);
        if (b.state === 'draft' || b.state === 'cancelled')
          reject(BusinessErrorType.InvalidStateTransition, `bill ${b.id} is ${b.state}`);
        const id = nextId(db, 'PAY');
        db.prepare(
          'INSERT INTO payments (id, billing_account_id, bill_id, amount_minor, reference, received_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(id, b.billingAccountId, b.id, p.amountMinor, p.reference, now());
        const paid = b.paidMinor + p.amountMinor;
        db.prepare('UPDATE bills SET paid_minor = ?, state = ? WHERE id = ?').run(
          paid,
          paid >= b.totalMinor ? 'paid' : b.state,
          b.id,
        );
        db.prepare('UPDATE billing_accounts SET balance_minor = balance_minor - ? WHERE id = ?').run(
          p.amountMinor,
          b.billingAccountId,
        );
        return id;
      });
      return { bill: mustBill(p.billId), paymentId };
    },
    async dunningStep(key, s) {
      return once(db, key, 'dunningStep', () => {
        const b = mustBill(s.billId);
        const stepId = nextId(db, 'DUN');
        db.prepare(
          'INSERT INTO dunning_steps (id, bill_id, step, action, outstanding_minor, at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(stepId, b.id, s.step, s.action, outstanding(b), now());
        if (b.state === 'issued') db.prepare("UPDATE bills SET state = 'overdue' WHERE id = ?").run(b.id);
        return { stepId, outstandingMinor: outstanding(b) };
      });
    },
    async suspendForNonPayment(key, billId) {
      return once(db, key, 'suspendForNonPayment', () => {
        const b = mustBill(billId);
        if (outstanding(b) <= 0)
          reject(BusinessErrorType.InvalidStateTransition, `bill ${b.id} is paid: nothing to suspend for`);
        const products = db
          .prepare(
            "SELECT id, customer_id, service_ids FROM products WHERE billing_account_id = ? AND status = 'active'",
          )
          .all(b.billingAccountId) as Array<{ id: string; customer_id: string; service_ids: string }>;
        for (const p of products) {
          db.prepare("UPDATE products SET status = 'suspended' WHERE id = ?").run(p.id);
          db.prepare(
            'INSERT INTO service_suspensions (id, customer_id, product_id, service_ids, bill_id, suspended_at) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(nextId(db, 'SUSP'), p.customer_id, p.id, p.service_ids, b.id, now());
        }
        db.prepare("UPDATE billing_accounts SET status = 'suspended' WHERE id = ?").run(b.billingAccountId);
        return products.map((p) => p.id);
      });
    },
    async restoreAfterPayment(key, billId) {
      return once(db, key, 'restoreAfterPayment', () => {
        const b = mustBill(billId);
        const held = db
          .prepare('SELECT id, product_id FROM service_suspensions WHERE bill_id = ? AND restored_at IS NULL')
          .all(b.id) as Array<{ id: string; product_id: string }>;
        for (const s of held) {
          db.prepare("UPDATE products SET status = 'active' WHERE id = ? AND status = 'suspended'").run(s.product_id);
          db.prepare('UPDATE service_suspensions SET restored_at = ? WHERE id = ?').run(now(), s.id);
        }
        const still = db
          .prepare("SELECT COUNT(*) FROM products WHERE billing_account_id = ? AND status = 'suspended'")
          .pluck()
          .get(b.billingAccountId) as number;
        if (!still) db.prepare("UPDATE billing_accounts SET status = 'active' WHERE id = ?").run(b.billingAccountId);
        return held.map((s) => s.product_id);
      });
    },
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
