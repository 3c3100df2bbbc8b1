import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { SlaCreditPort } from '../../ports/sla-credits';
import { type CreditRow, toCredit } from '../sqlite/sla-credits';
import { nextId, once, type Pool, type Tx } from './database';
import { sqliteShaped } from './rows';

/**
 * SLA credits on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/sla-credits.contract.ts runs on both). Applying credits locks them in id order, so
 * two bills applying the same credit at once apply it once: the second is refused.
 */

const creditOf = (r: object) => toCredit(sqliteShaped<CreditRow>(r, ['amount_minor']));

export function createPostgresSlaCredits(pool: Pool, clock: Clock): SlaCreditPort {
  const credits = async (db: Pool | Tx, where: string, params: unknown[], lock = false) =>
    (
      await db.query(
        `SELECT * FROM sla_credits WHERE ${where} ORDER BY created_at, id${lock ? ' FOR UPDATE' : ''}`,
        params,
      )
    ).rows.map(creditOf);

  return {
    async record(key, c) {
      const id = await once(pool, key, 'recordSlaCredit', async (tx) => {
        const creditId = await nextId(tx, 'CR');
        await tx.query(
          `INSERT INTO sla_credits (id, customer_id, product_id, service_id, sla_id, period_start, period_end,
             amount_minor, currency, reason, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
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
          ],
        );
        return creditId;
      });
      return (await credits(pool, 'id = $1', [id]))[0]!;
    },

    async pending(customerId) {
      return credits(pool, "customer_id = $1 AND state = 'pending'", [customerId]);
    },

    async markApplied(key, creditIds, billId) {
      await once(pool, key, 'applySlaCredits', async (tx) => {
        const locked = new Map(
          (
            await tx.query<{ id: string; state: string }>(
              'SELECT id, state FROM sla_credits WHERE id = ANY($1) ORDER BY id FOR UPDATE',
              [creditIds],
            )
          ).rows.map((r) => [r.id, r.state]),
        );
        for (const id of creditIds) {
          const state = locked.get(id);
          if (!state) reject(BusinessErrorType.NotFound, `SLA credit ${id} does not exist`);
          if (state !== 'pending')
            reject(BusinessErrorType.InvalidStateTransition, `SLA credit ${id} is ${state}, not pending`);
        }
        await tx.query("UPDATE sla_credits SET state = 'applied', applied_to_bill_id = $1 WHERE id = ANY($2)", [
          billId,
          creditIds,
        ]);
        return creditIds.length;
      });
      const byId = new Map((await credits(pool, 'id = ANY($1)', [creditIds])).map((c) => [c.id, c]));
      return creditIds.map((id) => byId.get(id)!);
    },

    async byCustomer(customerId) {
      return credits(pool, 'customer_id = $1', [customerId]);
    },

    async get(creditId) {
      return (await credits(pool, 'id = $1', [creditId]))[0];
    },
  };
}
