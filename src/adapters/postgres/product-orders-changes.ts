import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ProductChange, ProductChargePeriod, ProductRecord } from '../../ports/product-orders';
import { once, type Pool, type Tx } from './database';
import { type ChargePeriodRow, toChargePeriod } from '../sqlite/product-order-rows';
import { sqliteShaped } from './rows';

/**
 * The product inventory's history on PostgreSQL (migration 012), as the SQLite store's: one open
 * charge period per product; a change of price or status closes it at the change date and opens
 * the next (a cease opens none). The product's row is locked while it changes.
 */

export async function openFirstPeriod(
  tx: Tx,
  p: Pick<ProductRecord, 'id' | 'startDate' | 'recurringMinor' | 'orderId'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO product_charge_periods (product_id, valid_from, valid_to, recurring_minor, status, order_id)
     VALUES ($1, $2, NULL, $3, 'active', $4) ON CONFLICT DO NOTHING`,
    [p.id, p.startDate, p.recurringMinor, p.orderId],
  );
}

export async function recordProductChange(pool: Pool, key: string, c: ProductChange): Promise<void> {
  await once(pool, key, 'recordProductChange', async (tx) => {
    const row = (
      await tx.query<{ status: ProductRecord['status']; recurring_minor: string }>(
        'SELECT status, recurring_minor FROM products WHERE id = $1 FOR UPDATE',
        [c.productId],
      )
    ).rows[0];
    if (!row) throw new BusinessRejection(BusinessErrorType.NotFound, `no product ${c.productId}`);
    const before = { status: row.status, recurring: Number(row.recurring_minor) };
    const status = c.status ?? before.status;
    if (before.status === 'terminated' && status !== 'terminated')
      throw new BusinessRejection(
        BusinessErrorType.InvalidStateTransition,
        `product ${c.productId} is terminated: it cannot become ${status}`,
      );
    const recurring = c.recurringMinor ?? before.recurring;
    await tx.query(
      `UPDATE products SET characteristics = COALESCE($2::jsonb, characteristics), recurring_minor = $3, status = $4
       WHERE id = $1`,
      [c.productId, c.characteristics ? JSON.stringify(c.characteristics) : null, recurring, status],
    );
    if (recurring === before.recurring && status === before.status) return c.productId;
    const open = (
      await tx.query<{ same: boolean }>(
        'SELECT valid_from = $2::timestamptz AS same FROM product_charge_periods WHERE product_id = $1 AND valid_to IS NULL',
        [c.productId, c.at],
      )
    ).rows[0];
    if (open?.same) {
      // A change at the open period's own start replaces its values (a cease closes it there).
      if (status === 'terminated')
        await tx.query('UPDATE product_charge_periods SET valid_to = $2 WHERE product_id = $1 AND valid_to IS NULL', [
          c.productId,
          c.at,
        ]);
      else
        await tx.query(
          'UPDATE product_charge_periods SET recurring_minor = $2, status = $3, order_id = $4 WHERE product_id = $1 AND valid_to IS NULL',
          [c.productId, recurring, status, c.orderId],
        );
      return c.productId;
    }
    if (open)
      await tx.query('UPDATE product_charge_periods SET valid_to = $2 WHERE product_id = $1 AND valid_to IS NULL', [
        c.productId,
        c.at,
      ]);
    if (status !== 'terminated')
      await tx.query(
        `INSERT INTO product_charge_periods (product_id, valid_from, valid_to, recurring_minor, status, order_id)
         VALUES ($1, $2, NULL, $3, $4, $5)`,
        [c.productId, c.at, recurring, status, c.orderId],
      );
    return c.productId;
  });
}

export async function chargePeriods(pool: Pool, productId: string): Promise<ProductChargePeriod[]> {
  const { rows } = await pool.query('SELECT * FROM product_charge_periods WHERE product_id = $1 ORDER BY valid_from', [
    productId,
  ]);
  return rows.map((r: object) => toChargePeriod(sqliteShaped<ChargePeriodRow>(r, ['recurring_minor'])));
}
