import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Bill } from '../../domain/billing/billing';
import type { BillingPort, SuspensionService } from '../../ports/billing';
import { billingAccountOf, mustBill } from './billing-rows';
import { nextId, once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';

/**
 * Manage Collection (1.B.1.8.5) on PostgreSQL, the same contract as the SQLite adapter. A
 * payment or a dunning step locks its bill, so two payments received at once both count; a
 * suspension or a restoration locks the account, whose status follows what is still held.
 */

const outstanding = (b: Bill) => b.totalMinor - b.paidMinor;

const lockAccount = (tx: Tx, accountId: string) =>
  tx.query('SELECT id FROM billing_accounts WHERE id = $1 FOR UPDATE', [accountId]);

export function createPostgresBillingCollection(
  pool: Pool,
  now: () => string,
): Pick<
  BillingPort,
  'recordPayment' | 'dunningStep' | 'suspensionServices' | 'suspendForNonPayment' | 'restoreAfterPayment'
> {
  return {
    async recordPayment(key, p, event) {
      const paymentId = await once(pool, key, 'recordPayment', async (tx) => {
        const b = await mustBill(tx, p.billId, true);
        if (b.state === 'draft' || b.state === 'cancelled')
          reject(BusinessErrorType.InvalidStateTransition, `bill ${b.id} is ${b.state}`);
        const id = await nextId(tx, 'PAY');
        await tx.query(
          'INSERT INTO payments (id, billing_account_id, bill_id, amount_minor, reference, received_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, b.billingAccountId, b.id, p.amountMinor, p.reference, now()],
        );
        const paid = b.paidMinor + p.amountMinor;
        await tx.query('UPDATE bills SET paid_minor = $1, state = $2 WHERE id = $3', [
          paid,
          paid >= b.totalMinor ? 'paid' : b.state,
          b.id,
        ]);
        await tx.query('UPDATE billing_accounts SET balance_minor = balance_minor - $1 WHERE id = $2', [
          p.amountMinor,
          b.billingAccountId,
        ]);
        const changed = event?.(await mustBill(tx, b.id), b);
        if (changed) await appendEvent(tx, changed, now());
        return id;
      });
      return { bill: await mustBill(pool, p.billId), paymentId };
    },

    async dunningStep(key, s) {
      return once(pool, key, 'dunningStep', async (tx) => {
        const b = await mustBill(tx, s.billId, true);
        const stepId = await nextId(tx, 'DUN');
        await tx.query(
          'INSERT INTO dunning_steps (id, bill_id, step, action, outstanding_minor, at) VALUES ($1, $2, $3, $4, $5, $6)',
          [stepId, b.id, s.step, s.action, outstanding(b), now()],
        );
        if (b.state === 'issued') await tx.query("UPDATE bills SET state = 'overdue' WHERE id = $1", [b.id]);
        return { stepId, outstandingMinor: outstanding(b) };
      });
    },

    async suspensionServices(billId, phase) {
      const b = await mustBill(pool, billId);
      // Each product's services in the order it lists them; a service no longer in service
      // (ceased meanwhile) has nothing to suspend.
      const products =
        phase === 'suspend'
          ? `SELECT p.id, p.order_id, p.item_id, p.service_ids FROM products p
              WHERE p.billing_account_id = $1 AND p.status = 'active'`
          : `SELECT p.id, p.order_id, p.item_id, s.service_ids FROM service_suspensions s JOIN products p ON p.id = s.product_id
              WHERE s.bill_id = $1 AND s.restored_at IS NULL`;
      const { rows } = await pool.query<SuspensionService>(
        `SELECT sv.id AS "serviceId", p.id AS "productId", p.order_id AS "productOrderId", p.item_id AS "itemId",
                sv.customer_id AS "customerId", sv.cfs_spec_id AS "cfsSpecId", sv.region
           FROM (${products}) p CROSS JOIN LATERAL jsonb_array_elements_text(p.service_ids) WITH ORDINALITY AS j(service_id, n)
           JOIN services sv ON sv.id = j.service_id
          WHERE $2 = 'resume' OR sv.state = 'active'
          ORDER BY p.id COLLATE "C", j.n`,
        [phase === 'suspend' ? b.billingAccountId : b.id, phase],
      );
      return rows;
    },

    async suspendForNonPayment(key, billId, event) {
      return once(pool, key, 'suspendForNonPayment', async (tx) => {
        const b = await mustBill(tx, billId, true);
        if (outstanding(b) <= 0)
          reject(BusinessErrorType.InvalidStateTransition, `bill ${b.id} is paid: nothing to suspend for`);
        await lockAccount(tx, b.billingAccountId);
        const { rows } = await tx.query<{ id: string; customer_id: string; service_ids: string[] }>(
          `SELECT id, customer_id, service_ids FROM products WHERE billing_account_id = $1 AND status = 'active'
            ORDER BY id COLLATE "C"`,
          [b.billingAccountId],
        );
        for (const p of rows)
          await tx.query(
            `INSERT INTO service_suspensions (id, customer_id, product_id, service_ids, bill_id, suspended_at)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [await nextId(tx, 'SUSP'), p.customer_id, p.id, JSON.stringify(p.service_ids), b.id, now()],
          );
        const was = (await billingAccountOf(tx, b.billingAccountId))!.status;
        await tx.query("UPDATE billing_accounts SET status = 'suspended' WHERE id = $1", [b.billingAccountId]);
        if (event && was !== 'suspended')
          await appendEvent(tx, event((await billingAccountOf(tx, b.billingAccountId))!), now());
        return rows.map((p) => p.id);
      });
    },

    async restoreAfterPayment(key, billId, event) {
      return once(pool, key, 'restoreAfterPayment', async (tx) => {
        const b = await mustBill(tx, billId);
        await lockAccount(tx, b.billingAccountId);
        const held = await tx.query<{ product_id: string }>(
          `WITH restored AS (
             UPDATE service_suspensions SET restored_at = $1 WHERE bill_id = $2 AND restored_at IS NULL
             RETURNING id, product_id)
           SELECT product_id FROM restored ORDER BY id COLLATE "C"`,
          [now(), b.id],
        );
        // The account stays suspended while another bill's suspension still holds some of its products.
        const still = await tx.query(
          `SELECT 1 FROM service_suspensions s JOIN bills b ON b.id = s.bill_id
            WHERE b.billing_account_id = $1 AND s.restored_at IS NULL LIMIT 1`,
          [b.billingAccountId],
        );
        const was = (await billingAccountOf(tx, b.billingAccountId))!.status;
        if (!still.rowCount) {
          await tx.query("UPDATE billing_accounts SET status = 'active' WHERE id = $1", [b.billingAccountId]);
          if (event && was !== 'active')
            await appendEvent(tx, event((await billingAccountOf(tx, b.billingAccountId))!), now());
        }
        return held.rows.map((s) => s.product_id);
      });
    },
  };
}
