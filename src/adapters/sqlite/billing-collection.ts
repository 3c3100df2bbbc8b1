import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Bill } from '../../domain/billing/billing';
import type { BillingPort } from '../../ports/billing';
import { type Db, nextId, once } from './database';
import { billingAccountReader } from './billing-accounts';
import { billReader } from './bills';
import { appendEvent } from './event-outbox';

/** Manage Collection: payments against bills, dunning, and the services suspended for non-payment and restored. */
export function createSqliteBillingCollection(
  db: Db,
  now: () => string,
): Pick<
  BillingPort,
  'recordPayment' | 'dunningStep' | 'suspensionServices' | 'suspendForNonPayment' | 'restoreAfterPayment'
> {
  const { mustBill } = billReader(db);
  const account = billingAccountReader(db);
  const outstanding = (b: Bill) => b.totalMinor - b.paidMinor;

  return {
    async recordPayment(key, p, event) {
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
        const changed = event?.(mustBill(b.id), b);
        if (changed) appendEvent(db, changed, now());
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
    async suspensionServices(billId, phase) {
      const b = mustBill(billId);
      const products =
        phase === 'suspend'
          ? db
              .prepare(
                "SELECT id, order_id, item_id, service_ids FROM products WHERE billing_account_id = ? AND status = 'active' ORDER BY id",
              )
              .all(b.billingAccountId)
          : db
              .prepare(
                `SELECT p.id, p.order_id, p.item_id, s.service_ids FROM service_suspensions s JOIN products p ON p.id = s.product_id
                  WHERE s.bill_id = ? AND s.restored_at IS NULL ORDER BY p.id`,
              )
              .all(b.id);
      const service = db.prepare('SELECT id, customer_id, cfs_spec_id, region, state FROM services WHERE id = ?');
      return (products as Array<{ id: string; order_id: string; item_id: string; service_ids: string }>).flatMap((p) =>
        (JSON.parse(p.service_ids) as string[]).flatMap((id) => {
          const s = service.get(id) as
            { id: string; customer_id: string; cfs_spec_id: string; region: string; state: string } | undefined;
          // A service no longer in service (ceased meanwhile) has nothing to suspend.
          if (!s || (phase === 'suspend' && s.state !== 'active')) return [];
          return [
            {
              serviceId: s.id,
              productId: p.id,
              productOrderId: p.order_id,
              itemId: p.item_id,
              customerId: s.customer_id,
              cfsSpecId: s.cfs_spec_id,
              region: s.region,
            },
          ];
        }),
      );
    },
    async suspendForNonPayment(key, billId, event) {
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
          db.prepare(
            'INSERT INTO service_suspensions (id, customer_id, product_id, service_ids, bill_id, suspended_at) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(nextId(db, 'SUSP'), p.customer_id, p.id, p.service_ids, b.id, now());
        }
        const was = account(b.billingAccountId)!.status;
        db.prepare("UPDATE billing_accounts SET status = 'suspended' WHERE id = ?").run(b.billingAccountId);
        if (event && was !== 'suspended') appendEvent(db, event(account(b.billingAccountId)!), now());
        return products.map((p) => p.id);
      });
    },
    async restoreAfterPayment(key, billId, event) {
      return once(db, key, 'restoreAfterPayment', () => {
        const b = mustBill(billId);
        const held = db
          .prepare('SELECT id, product_id FROM service_suspensions WHERE bill_id = ? AND restored_at IS NULL')
          .all(b.id) as Array<{ id: string; product_id: string }>;
        for (const s of held)
          db.prepare('UPDATE service_suspensions SET restored_at = ? WHERE id = ?').run(now(), s.id);
        // The account stays suspended while another bill's suspension still holds some of its products.
        const still = db
          .prepare(
            `SELECT COUNT(*) FROM service_suspensions s JOIN bills b ON b.id = s.bill_id
              WHERE b.billing_account_id = ? AND s.restored_at IS NULL`,
          )
          .pluck()
          .get(b.billingAccountId) as number;
        const was = account(b.billingAccountId)!.status;
        if (!still) db.prepare("UPDATE billing_accounts SET status = 'active' WHERE id = ?").run(b.billingAccountId);
        if (event && !still && was !== 'active') appendEvent(db, event(account(b.billingAccountId)!), now());
        return held.map((s) => s.product_id);
      });
    },
  };
}
