import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canTransitionItem, canTransitionOrder } from '../../domain/fulfilment/product-order-lifecycle';
import type { ProductOrderPort, ProductOrderRecord } from '../../ports/product-orders';
import { inTransaction, nextId, once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { chargePeriods, openFirstPeriod, recordProductChange } from './product-orders-changes';
import {
  changedOrder,
  type ItemRow,
  type OrderRow,
  type ProductRow,
  toOrder,
  toProduct,
} from '../sqlite/product-order-rows';
import { sqliteShaped } from './rows';
import { searchIds } from './search';

/**
 * Product orders (TMF622) and the product inventory (TMF637) on PostgreSQL: the same contract
 * as the SQLite adapter (test/ports/product-orders.contract.ts runs on both), for workers on
 * several hosts. A change locks its order's row, so two workers moving one order take turns and
 * the second sees the state the first left; the unique keys (order id, one product per item)
 * and a per-customer lock for the billing account keep concurrent workers from writing twice.
 */

const DATE_COLUMNS = {
  createdAt: 'created_at',
  completedAt: 'completed_at',
  requestedCompletionDate: 'requested_completion_date',
  committedDate: 'committed_date',
} as const;

/** The order's and product's money columns: BIGINT, in minor units. */
const MONEY = ['one_time_minor', 'recurring_minor'];
const product = (r: object) => toProduct(sqliteShaped<ProductRow>(r, MONEY));

const TERMINAL = new Set(['rejected', 'completed', 'partial', 'failed', 'cancelled']);

export function createPostgresProductOrders(pool: Pool): ProductOrderPort {
  const logState = (tx: Tx, ...values: unknown[]) =>
    tx.query(
      'INSERT INTO order_state_history (order_id, item_id, from_state, to_state, reason, at) VALUES ($1, $2, $3, $4, $5, $6)',
      values,
    );

  /** The orders of `ids`, in that order, in two reads (orders, then all their items). */
  const loadMany = async (db: Pool | Tx, ids: string[], lock = false): Promise<ProductOrderRecord[]> => {
    const orders = await db.query(`SELECT * FROM product_orders WHERE id = ANY($1)${lock ? ' FOR UPDATE' : ''}`, [ids]);
    const items = await db.query(
      'SELECT * FROM product_order_items WHERE order_id = ANY($1) ORDER BY order_id, position',
      [ids],
    );
    const rowOf = new Map(orders.rows.map((r) => sqliteShaped<OrderRow>(r, MONEY)).map((r) => [r.id, r]));
    const itemsOf = new Map(ids.map((id) => [id, [] as ItemRow[]]));
    for (const i of items.rows.map((r) => sqliteShaped<ItemRow>(r))) itemsOf.get(i.order_id)?.push(i);
    return ids.map((id) => toOrder(id, rowOf.get(id), itemsOf.get(id) ?? []));
  };
  const load = async (db: Pool | Tx, id: string, lock = false) => (await loadMany(db, [id], lock))[0]!;

  return {
    async create(key, o, at, event) {
      await once(pool, key, 'createProductOrder', async (tx) => {
        // A resubmitted order (same external id) is the same order: keep the first, even when
        // two workers record it at the same moment (the primary key makes the second wait).
        const inserted = await tx.query(
          `INSERT INTO product_orders (id, customer_id, channel, state, contact_id, request_id,
             requested_completion_date, quote_id, discount_pct, one_time_minor, recurring_minor, created_at, updated_at)
           VALUES ($1, $2, $3, 'acknowledged', $4, $5, $6, $7, $8, $9, $10, $11, $11)
           ON CONFLICT (id) DO NOTHING`,
          [
            o.id,
            o.customerId,
            o.channel,
            o.contactId,
            o.requestId,
            o.requestedCompletionDate,
            o.quoteId,
            o.discountPct,
            o.oneTimeMinor,
            o.recurringMinor,
            at,
          ],
        );
        if (inserted.rowCount === 0) return o.id;
        for (const [position, i] of o.items.entries())
          await tx.query(
            `INSERT INTO product_order_items (order_id, position, item_id, action, product_offering_id, region, characteristics, state,
               product_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'acknowledged', $8)`,
            [
              o.id,
              position,
              i.itemId,
              i.action,
              i.productOfferingId,
              i.region,
              JSON.stringify(i.characteristics),
              i.productId ?? null,
            ],
          );
        await logState(tx, o.id, null, null, 'acknowledged', 'order received', at);
        if (event) await appendEvent(tx, event(await load(tx, o.id)), at);
        return o.id;
      });
      return load(pool, o.id);
    },

    async get(orderId) {
      const [order] = await loadMany(pool, [orderId]).catch((err: unknown) => {
        if (err instanceof BusinessRejection && err.type === BusinessErrorType.NotFound) return [undefined];
        throw err;
      });
      return order;
    },

    async search(q) {
      const { total, ids } = await searchIds(pool, 'product_orders', {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['customer_id', q.customerIds],
          ['channel', q.channels],
        ],
        dates: q.dates,
        dateColumns: DATE_COLUMNS,
        newest: 'created_at',
        offset: q.offset,
        limit: q.limit,
      });
      return { total, orders: await loadMany(pool, ids) };
    },

    async transition(key, orderId, to, reason, at, event) {
      await once(pool, key, 'transitionProductOrder', async (tx) => {
        const from = (await load(tx, orderId, true)).state;
        if (from === to) return to;
        if (!canTransitionOrder(from, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `product order ${orderId} cannot go from ${from} to ${to}`,
            { from, to },
          );
        }
        await tx.query(
          'UPDATE product_orders SET state = $1, state_reason = $2, updated_at = $3, completed_at = $4 WHERE id = $5',
          [to, reason, at, TERMINAL.has(to) ? at : null, orderId],
        );
        await logState(tx, orderId, null, from, to, reason, at);
        if (event) await appendEvent(tx, event(await load(tx, orderId)), at);
        return to;
      });
      return load(pool, orderId);
    },

    async transitionItem(key, orderId, itemId, to, reason, at, event) {
      await once(pool, key, 'transitionProductOrderItem', async (tx) => {
        const item = (await load(tx, orderId, true)).items.find((i) => i.itemId === itemId);
        if (!item) throw new BusinessRejection(BusinessErrorType.NotFound, `no item ${itemId} in order ${orderId}`);
        if (item.state === to) return to;
        if (!canTransitionItem(item.state, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `item ${itemId} of order ${orderId} cannot go from ${item.state} to ${to}`,
            { from: item.state, to },
          );
        }
        await tx.query(
          'UPDATE product_order_items SET state = $1, state_reason = $2 WHERE order_id = $3 AND item_id = $4',
          [to, reason, orderId, itemId],
        );
        await tx.query('UPDATE product_orders SET updated_at = $1 WHERE id = $2', [at, orderId]);
        await logState(tx, orderId, itemId, item.state, to, reason, at);
        if (event) await appendEvent(tx, event(await load(tx, orderId)), at);
        return to;
      });
      return load(pool, orderId);
    },

    async update(orderId, change, at, event) {
      await inTransaction(pool, async (tx) => {
        const before = await load(tx, orderId, true);
        const set = (column: string, value: unknown) =>
          tx.query(`UPDATE product_orders SET ${column} = $1, updated_at = $2 WHERE id = $3`, [value, at, orderId]);
        if (change.committedDate !== undefined) await set('committed_date', change.committedDate);
        if (change.requestedCompletionDate !== undefined)
          await set('requested_completion_date', change.requestedCompletionDate);
        if (change.creditDecision !== undefined) await set('credit_decision', JSON.stringify(change.creditDecision));
        if (change.feasibility !== undefined) await set('feasibility', JSON.stringify(change.feasibility));
        if (change.billingAccountId !== undefined) await set('billing_account_id', change.billingAccountId);
        if (change.itemServiceOrders)
          await tx.query('UPDATE product_order_items SET service_order_ids = $1 WHERE order_id = $2 AND item_id = $3', [
            JSON.stringify(change.itemServiceOrders.serviceOrderIds),
            orderId,
            change.itemServiceOrders.itemId,
          ]);
        if (change.itemCharacteristics)
          await tx.query('UPDATE product_order_items SET characteristics = $1 WHERE order_id = $2 AND item_id = $3', [
            JSON.stringify(change.itemCharacteristics.characteristics),
            orderId,
            change.itemCharacteristics.itemId,
          ]);
        if (event) {
          const after = await load(tx, orderId);
          if (changedOrder(before, after)) await appendEvent(tx, event(after), at);
        }
      });
      return load(pool, orderId);
    },

    async history(orderId) {
      const { rows } = await pool.query<{
        item_id: string | null;
        from_state: string | null;
        to_state: string;
        reason: string | null;
        at: Date;
      }>('SELECT item_id, from_state, to_state, reason, at FROM order_state_history WHERE order_id = $1 ORDER BY seq', [
        orderId,
      ]);
      return rows.map((r) => ({
        itemId: r.item_id,
        from: r.from_state,
        to: r.to_state,
        reason: r.reason,
        at: r.at.toISOString(),
      }));
    },

    async recordJeopardy(key, j) {
      return once(pool, key, 'recordJeopardy', async (tx) => {
        const id = await nextId(tx, 'JP');
        await tx.query(
          'INSERT INTO order_jeopardies (id, order_id, committed_date, detected_at, open_items, action) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, j.orderId, j.committedDate, j.detectedAt, JSON.stringify(j.openItems), j.action],
        );
        return id;
      });
    },

    async jeopardies(orderId) {
      const { rows } = await pool.query<{
        id: string;
        committed_date: string;
        detected_at: Date;
        open_items: string[];
        action: string;
      }>('SELECT * FROM order_jeopardies WHERE order_id = $1 ORDER BY id', [orderId]);
      return rows.map((r) => ({
        id: r.id,
        committedDate: r.committed_date,
        detectedAt: r.detected_at.toISOString(),
        openItems: r.open_items,
        action: r.action,
      }));
    },

    async ensureBillingAccount(key, customerId, at) {
      return once(pool, key, 'ensureBillingAccount', async (tx) => {
        // Two workers opening the customer's first account at once (different keys): the second
        // waits on this lock until the first commits, then finds its account.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`billing-account:${customerId}`]);
        const existing = await tx.query<{ id: string }>(
          "SELECT id FROM billing_accounts WHERE customer_id = $1 AND status = 'active' ORDER BY id LIMIT 1",
          [customerId],
        );
        if (existing.rows[0]) return existing.rows[0].id;
        const id = await nextId(tx, 'BA');
        await tx.query('INSERT INTO billing_accounts (id, customer_id, created_at) VALUES ($1, $2, $3)', [
          id,
          customerId,
          at,
        ]);
        return id;
      });
    },

    async recordProduct(key, p) {
      const id = await once(pool, key, 'recordProduct', async (tx) => {
        const existing = async () =>
          (
            await tx.query<{ id: string }>('SELECT id FROM products WHERE order_id = $1 AND item_id = $2', [
              p.orderId,
              p.itemId,
            ])
          ).rows[0]?.id;
        const found = await existing();
        if (found) return found;
        const productId = await nextId(tx, 'PRD');
        // A worker recording the same item at this moment: the unique (order, item) keeps its product.
        const inserted = await tx.query(
          `INSERT INTO products (id, customer_id, product_offering_id, order_id, item_id, billing_account_id, status,
             recurring_minor, one_time_minor, service_ids, region, start_date, characteristics)
           VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9, $10, $11, $12)
           ON CONFLICT (order_id, item_id) DO NOTHING`,
          [
            productId,
            p.customerId,
            p.productOfferingId,
            p.orderId,
            p.itemId,
            p.billingAccountId,
            p.recurringMinor,
            p.oneTimeMinor,
            JSON.stringify(p.serviceIds),
            p.region,
            p.startDate,
            JSON.stringify(p.characteristics ?? {}),
          ],
        );
        if (inserted.rowCount === 0) return (await existing())!;
        await openFirstPeriod(tx, { ...p, id: productId });
        await tx.query('UPDATE product_order_items SET product_id = $1 WHERE order_id = $2 AND item_id = $3', [
          productId,
          p.orderId,
          p.itemId,
        ]);
        return productId;
      });
      return product((await pool.query('SELECT * FROM products WHERE id = $1', [id])).rows[0]!);
    },

    async recordProductChange(key, change) {
      await recordProductChange(pool, key, change);
      return product((await pool.query('SELECT * FROM products WHERE id = $1', [change.productId])).rows[0]!);
    },

    async chargePeriods(productId) {
      return chargePeriods(pool, productId);
    },

    async productsOf(customerId) {
      const { rows } = await pool.query('SELECT * FROM products WHERE customer_id = $1 ORDER BY id', [customerId]);
      return rows.map(product);
    },

    async searchProducts(q) {
      const { total, ids } = await searchIds(pool, 'products', {
        anyOf: [
          ['id', q.ids],
          ['status', q.statuses],
          ['customer_id', q.customerIds],
          ['product_offering_id', q.productOfferingIds],
          ['order_id', q.orderIds],
        ],
        dates: q.dates,
        dateColumns: { startDate: 'start_date' },
        newest: 'start_date',
        offset: q.offset,
        limit: q.limit,
      });
      const { rows } = await pool.query('SELECT * FROM products WHERE id = ANY($1)', [ids]);
      const byId = new Map(rows.map(product).map((p) => [p.id, p]));
      return { total, orders: ids.map((id) => byId.get(id)!) };
    },
  };
}
