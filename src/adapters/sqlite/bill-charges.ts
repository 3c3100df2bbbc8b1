import { type BillLine, taxOf } from '../../domain/billing/billing';
import { type ChargePeriod, prorate } from '../../domain/billing/proration';
import type { Db } from './database';

/** A bill line before it is numbered on its bill. */
export type NewLine = Omit<BillLine, 'lineNo'>;

/**
 * A product's charge periods (product inventory history, migration 028), oldest first. A product
 * recorded without any (written before its history was kept) has one open period from its start
 * at its current price and status.
 */
export function chargePeriodsOf(db: Db, productId: string): ChargePeriod[] {
  const periods = db
    .prepare(
      `SELECT valid_from AS validFrom, valid_to AS validTo, recurring_minor AS recurringMinor, status
         FROM product_charge_periods WHERE product_id = ? ORDER BY valid_from`,
    )
    .all(productId) as ChargePeriod[];
  if (periods.length) return periods;
  const p = db
    .prepare('SELECT start_date AS validFrom, recurring_minor AS recurringMinor, status FROM products WHERE id = ?')
    .get(productId) as Omit<ChargePeriod, 'validTo'> | undefined;
  return p ? [{ ...p, validTo: null }] : [];
}

/** Up to when the product's recurring charge is billed (null: never billed). */
export const billedTo = (db: Db, productId: string) =>
  (db.prepare('SELECT billed_to FROM product_billed_to WHERE product_id = ?').pluck().get(productId) as
    string | undefined) ?? null;

/** Records that the products are billed up to `to` on `billId` (never moving a date back). */
export function markBilled(db: Db, productIds: readonly string[], to: string, billId: string) {
  const up = db.prepare(
    `INSERT INTO product_billed_to (product_id, billed_to, bill_id) VALUES (?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET billed_to = excluded.billed_to, bill_id = excluded.bill_id
       WHERE excluded.billed_to > product_billed_to.billed_to`,
  );
  for (const id of productIds) up.run(id, to, billId);
}

/**
 * The recurring lines of one product over [from, to): each charge period overlapping it,
 * prorated on `ofDays` (see `prorate`), from the day after what is already billed. Each line
 * says its dates, so a modify mid-period shows as two lines and a cease ends at its date.
 */
export function recurringLines(
  db: Db,
  product: { id: string; offeringName: string },
  window: { from: string; to: string },
  ofDays: number,
): NewLine[] {
  return recurringLinesOf(product, billedTo(db, product.id), () => chargePeriodsOf(db, product.id), window, ofDays);
}

/** `recurringLines` from what the store holds of the product (both stores): up to when it is billed, its charge periods. */
export function recurringLinesOf(
  product: { id: string; offeringName: string },
  billed: string | null,
  periods: () => ChargePeriod[],
  window: { from: string; to: string },
  ofDays: number,
): NewLine[] {
  const from = billed && billed > window.from ? billed : window.from;
  if (from >= window.to) return [];
  return prorate(periods(), { from, to: window.to }, ofDays).map((c) => ({
    kind: 'recurring',
    description: `${product.offeringName} (${product.id}), ${c.from} to ${c.to}: ${c.days}/${c.ofDays} days of ${c.recurringMinor} monthly`,
    reference: product.id,
    quantity: c.days,
    amountMinor: c.amountMinor,
  }));
}

/** A service's rated usage of one type, as a bill line (both stores). */
export interface UsageTotalRow {
  service_id: string;
  usage_type: string;
  n: number;
  units: number;
  charge: number;
}
export const usageLineOf = (u: UsageTotalRow): NewLine => ({
  kind: 'usage',
  description: `${u.usage_type} usage on ${u.service_id} (${u.n} records, ${u.units} units)`,
  reference: u.service_id,
  quantity: u.n,
  amountMinor: u.charge,
});

/** A bill's lines with the VAT on them last, and its net and tax (both stores). */
export function withTax(lines: NewLine[]): { net: number; tax: number; all: NewLine[] } {
  const net = lines.reduce((s, l) => s + l.amountMinor, 0);
  const tax = taxOf(net);
  return {
    net,
    tax,
    all: [...lines, { kind: 'tax', description: 'VAT 20 %', reference: null, quantity: 1, amountMinor: tax }],
  };
}

/** The rated usage of `serviceIds` (all of the customer's when absent) as lines; the records become billed on `billId`. */
export function usageLines(db: Db, customerId: string, billId: string, at: string, serviceIds?: string[]): NewLine[] {
  const only = serviceIds ? `AND service_id IN (${serviceIds.map(() => '?').join(', ') || 'NULL'})` : '';
  const args = [customerId, ...(serviceIds ?? [])];
  const usage = db
    .prepare(
      `SELECT service_id, usage_type, COUNT(*) AS n, SUM(units) AS units, SUM(charge_minor) AS charge FROM usage_records
        WHERE customer_id = ? AND state = 'rated' ${only} GROUP BY service_id, usage_type ORDER BY service_id, usage_type`,
    )
    .all(...args) as UsageTotalRow[];
  db.prepare(
    `UPDATE usage_records SET state = 'billed', bill_id = ?, updated_at = ? WHERE customer_id = ? AND state = 'rated' ${only}`,
  ).run(billId, at, ...args);
  return usage.map(usageLineOf);
}

/** Writes a draft bill with its lines and the VAT on them. */
export function insertBill(
  db: Db,
  b: {
    id: string;
    billRunId: string;
    billingAccountId: string;
    customerId: string;
    periodStart: string;
    periodEnd: string;
    currency: string;
    at: string;
  },
  lines: NewLine[],
) {
  const { net, tax, all } = withTax(lines);
  db.prepare(
    `INSERT INTO bills (id, bill_run_id, billing_account_id, customer_id, period_start, period_end, currency, state, net_minor,
       tax_minor, total_minor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
  ).run(
    b.id,
    b.billRunId,
    b.billingAccountId,
    b.customerId,
    b.periodStart,
    b.periodEnd,
    b.currency,
    net,
    tax,
    net + tax,
    b.at,
  );
  const ins = db.prepare(
    'INSERT INTO bill_lines (bill_id, line_no, kind, description, reference, quantity, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  all.forEach((l, i) => ins.run(b.id, i + 1, l.kind, l.description, l.reference, l.quantity, l.amountMinor));
}
