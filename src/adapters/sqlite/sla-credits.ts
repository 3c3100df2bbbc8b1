import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { SlaCredit, SlaCreditPort } from '../../ports/sla-credits';
import { type Db, nextId, once } from './database';

/** An sla_credits row in this store's shape; the PostgreSQL adapter maps its rows with `toCredit` too. */
export interface CreditRow {
  id: string;
  customer_id: string;
  product_id: string | null;
  service_id: string | null;
  sla_id: string;
  period_start: string;
  period_end: string;
  amount_minor: number;
  currency: string;
  reason: string;
  state: SlaCredit['state'];
  applied_to_bill_id: string | null;
  created_at: string;
}

export const toCredit = (r: CreditRow): SlaCredit => ({
  id: r.id,
  customerId: r.customer_id,
  productId: r.product_id,
  serviceId: r.service_id,
  slaId: r.sla_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  amountMinor: r.amount_minor,
  currency: r.currency,
  reason: r.reason,
  state: r.state,
  appliedToBillId: r.applied_to_bill_id,
  createdAt: r.created_at,
});

export function createSqliteSlaCredits(db: Db, clock: Clock): SlaCreditPort {
  const get = (id: string) => db.prepare('SELECT * FROM sla_credits WHERE id = ?').get(id) as CreditRow | undefined;
  return {
    async record(key, c) {
      const id = once(db, key, 'recordSlaCredit', () => {
        const creditId = nextId(db, 'CR');
        db.prepare(
          `INSERT INTO sla_credits (id, customer_id, product_id, service_id, sla_id, period_start, period_end,
             amount_minor, currency, reason, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          creditId,
          c.customerId,
          c.productId,
          c.serviceId,
          c.slaId,
          c.periodStart,
          c.periodEnd,
          c.amountMinor,
          c.currency,
          c.reason,
          clock().toISOString(),
        );
        return creditId;
      });
      return toCredit(get(id)!);
    },
    async pending(customerId) {
      return (
        db
          .prepare("SELECT * FROM sla_credits WHERE customer_id = ? AND state = 'pending' ORDER BY created_at, id")
          .all(customerId) as CreditRow[]
      ).map(toCredit);
    },
    async markApplied(key, creditIds, billId) {
      once(db, key, 'applySlaCredits', () => {
        for (const id of creditIds) {
          const row = get(id);
          if (!row) reject(BusinessErrorType.NotFound, `SLA credit ${id} does not exist`);
          if (row!.state !== 'pending')
            reject(BusinessErrorType.InvalidStateTransition, `SLA credit ${id} is ${row!.state}, not pending`);
          db.prepare("UPDATE sla_credits SET state = 'applied', applied_to_bill_id = ? WHERE id = ?").run(billId, id);
        }
        return creditIds.length;
      });
      return creditIds.map((id) => toCredit(get(id)!));
    },
    async byCustomer(customerId) {
      return (
        db
          .prepare('SELECT * FROM sla_credits WHERE customer_id = ? ORDER BY created_at, id')
          .all(customerId) as CreditRow[]
      ).map(toCredit);
    },
    async get(creditId) {
      const row = get(creditId);
      return row && toCredit(row);
    },
  };
}
