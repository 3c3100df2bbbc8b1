import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ProductChange, ProductRecord } from '../../ports/product-orders';
import { type Db, json, once } from './database';
import { type ChargePeriodRow, type ProductRow, toChargePeriod, toProduct } from './product-order-rows';

/**
 * The product inventory's history (migration 028): a product's price and status over time, one
 * open period at a time. Written with the product itself, in its transaction.
 */

/** Opens the first charge period of a product just recorded. */
export function openFirstPeriod(db: Db, p: Pick<ProductRecord, 'id' | 'startDate' | 'recurringMinor' | 'orderId'>) {
  db.prepare(
    `INSERT OR IGNORE INTO product_charge_periods (product_id, valid_from, valid_to, recurring_minor, status, order_id)
     VALUES (?, ?, NULL, ?, 'active', ?)`,
  ).run(p.id, p.startDate, p.recurringMinor, p.orderId);
}

/**
 * Records a change of the product (once per key): the product row takes the new values; a change
 * of price or status closes the open period at the change date and opens the next (a cease opens
 * none). A change at the open period's own start replaces that period's values.
 */
export function recordProductChange(db: Db, key: string, c: ProductChange): ProductRecord {
  once(db, key, 'recordProductChange', () => {
    const row = db.prepare('SELECT * FROM products WHERE id = ?').get(c.productId) as ProductRow | undefined;
    if (!row) throw new BusinessRejection(BusinessErrorType.NotFound, `no product ${c.productId}`);
    const status = c.status ?? row.status;
    if (row.status === 'terminated' && status !== 'terminated')
      throw new BusinessRejection(
        BusinessErrorType.InvalidStateTransition,
        `product ${c.productId} is terminated: it cannot become ${status}`,
      );
    const recurring = c.recurringMinor ?? row.recurring_minor;
    const characteristics = c.characteristics ? json.stringify(c.characteristics) : row.characteristics;
    db.prepare('UPDATE products SET characteristics = ?, recurring_minor = ?, status = ? WHERE id = ?').run(
      characteristics,
      recurring,
      status,
      c.productId,
    );
    if (recurring === row.recurring_minor && status === row.status) return c.productId;
    const open = db
      .prepare('SELECT * FROM product_charge_periods WHERE product_id = ? AND valid_to IS NULL')
      .get(c.productId) as ChargePeriodRow | undefined;
    if (open && open.valid_from === c.at) {
      if (status === 'terminated')
        db.prepare('UPDATE product_charge_periods SET valid_to = ? WHERE product_id = ? AND valid_from = ?').run(
          c.at,
          c.productId,
          c.at,
        );
      else
        db.prepare(
          'UPDATE product_charge_periods SET recurring_minor = ?, status = ?, order_id = ? WHERE product_id = ? AND valid_from = ?',
        ).run(recurring, status, c.orderId, c.productId, c.at);
      return c.productId;
    }
    if (open)
      db.prepare('UPDATE product_charge_periods SET valid_to = ? WHERE product_id = ? AND valid_from = ?').run(
        c.at,
        c.productId,
        open.valid_from,
      );
    if (status !== 'terminated')
      db.prepare(
        `INSERT INTO product_charge_periods (product_id, valid_from, valid_to, recurring_minor, status, order_id)
         VALUES (?, ?, NULL, ?, ?, ?)`,
      ).run(c.productId, c.at, recurring, status, c.orderId);
    return c.productId;
  });
  return toProduct(db.prepare('SELECT * FROM products WHERE id = ?').get(c.productId) as ProductRow);
}

export const chargePeriods = (db: Db, productId: string) =>
  (
    db
      .prepare('SELECT * FROM product_charge_periods WHERE product_id = ? ORDER BY valid_from')
      .all(productId) as ChargePeriodRow[]
  ).map(toChargePeriod);
