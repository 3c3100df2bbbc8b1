import { BusinessErrorType, reject } from '../../contracts/errors';
import { FINAL_BILL_MONTH_DAYS } from '../../domain/billing/proration';
import type { BillingPort } from '../../ports/billing';
import { billedTo, chargePeriodsOf, insertBill, markBilled, recurringLines, usageLines } from './bill-charges';
import { billingAccountReader } from './billing-accounts';
import { billReader } from './bills';
import { type Db, nextId, once } from './database';

/**
 * The final bill of ceased products (#12): what is not yet billed of them — their recurring
 * charge from the day after their last bill up to the cease date, prorated, and their rated usage
 * not yet billed — on a bill of its own, in a run of its own (kind `final`, one per run id).
 */
export function createSqliteFinalBills(db: Db, now: () => string): Pick<BillingPort, 'draftFinalBill'> {
  const { mustBill } = billReader(db);
  const account = billingAccountReader(db);
  return {
    async draftFinalBill(key, f) {
      const billId = once(db, key, 'draftFinalBill', () => {
        // The run id is the final bill's own (its workflow's): asked again, it is the same bill.
        const done = db.prepare('SELECT id FROM bills WHERE bill_run_id = ?').pluck().get(f.billRunId) as
          string | undefined;
        if (done) return done;
        const a =
          account(f.billingAccountId) ??
          reject(BusinessErrorType.NotFound, `billing account ${f.billingAccountId} does not exist`);
        const products = f.productIds.map(
          (id) =>
            a.products.find((p) => p.id === id) ??
            reject(BusinessErrorType.InvalidInput, `product ${id} is not billed to account ${a.id}`),
        );
        // The bill covers each product from what is billed of it (or its start) to the cease.
        const starts = products.map((p) => billedTo(db, p.id) ?? chargePeriodsOf(db, p.id)[0]?.validFrom ?? f.ceasedAt);
        const periodStart = starts.reduce((m, s) => (s < m ? s : m), f.ceasedAt);
        const id = nextId(db, 'BILL');
        const lines = [
          ...products.flatMap((p) =>
            recurringLines(db, p, { from: periodStart, to: f.ceasedAt }, FINAL_BILL_MONTH_DAYS),
          ),
          ...usageLines(
            db,
            a.customerId,
            id,
            now(),
            products.flatMap((p) => p.serviceIds),
          ),
        ];
        db.prepare(
          `INSERT INTO bill_runs (id, period_start, period_end, state, created_at, kind)
           VALUES (?, ?, ?, 'completed', ?, 'final')`,
        ).run(f.billRunId, periodStart, f.ceasedAt, now());
        insertBill(
          db,
          {
            id,
            billRunId: f.billRunId,
            billingAccountId: a.id,
            customerId: a.customerId,
            periodStart,
            periodEnd: f.ceasedAt,
            currency: a.currency,
            at: now(),
          },
          lines,
        );
        markBilled(db, f.productIds, f.ceasedAt, id);
        return id;
      });
      return mustBill(billId);
    },
  };
}
