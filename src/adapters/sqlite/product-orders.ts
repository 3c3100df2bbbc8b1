import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canTransitionItem, canTransitionOrder } from '../../domain/fulfilment/product-order-lifecycle';
import type { ProductOrderPort, ProductOrderRecord } from '../../ports/product-orders';
import { type Db, json, nextId, once } from './database';
import {
  changedOrder,
  type ItemRow,
  type OrderItemRow,
  type OrderRow,
  type ProductRow,
  toOrder,
  toProduct,
} from './product-order-rows';
import { appendEvent } from './event-outbox';
import { chargePeriods, openFirstPeriod, recordProductChange } from './product-changes';
import { searchIds } from './search';
import { preparedOnce } from './statements';

const DATE_COLUMNS = {
  createdAt: 'created_at',
  completedAt: 'completed_at',
  requestedCompletionDate: 'requested_completion_date',
  committedDate: 'committed_date',
} as const;

const TERMINAL = new Set(['rejected', 'completed', 'partial', 'failed', 'cancelled']);

export function createSqliteProductOrders(db: Db): ProductOrderPort {
  const sql = preparedOnce(db);
  const orderRow = (id: string) => sql('SELECT * FROM product_orders WHERE id = ?').get(id) as OrderRow | undefined;
  const itemRows = (id: string) =>
    sql('SELECT * FROM product_order_items WHERE order_id = ? ORDER BY rowid').all(id) as ItemRow[];
  const logState = (...values: unknown[]) =>
    sql(
      'INSERT INTO order_state_history (order_id, item_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(...values);

  const load = (id: string): ProductOrderRecord => {
    const r = orderRow(id);
    return toOrder(id, r, r ? itemRows(id) : []);
  };

  /** A page of orders in two reads (the orders, then all their items), in the page's order. */
  const loadPage = (ids: string[]): ProductOrderRecord[] => {
    const page = JSON.stringify(ids);
    const inPage = 'IN (SELECT value FROM json_each(?))';
    const orders = sql(`SELECT * FROM product_orders WHERE id ${inPage}`).all(page) as OrderRow[];
    const items = sql(`SELECT * FROM product_order_items WHERE order_id ${inPage} ORDER BY rowid`).all(page);
    const rowOf = new Map(orders.map((r) => [r.id, r]));
    const itemsOf = new Map(ids.map((id) => [id, [] as ItemRow[]]));
    for (const i of items as ItemRow[]) itemsOf.get(i.order_id)?.push(i);
    return ids.map((id) => toOrder(id, rowOf.get(id), itemsOf.get(id) ?? []));
  };

  return {
    async create(key, o, at, event) {
      once(db, key, 'createProductOrder', () => {
        // A resubmitted order (same external id) is the same order: keep the first.
        if (orderRow(o.id)) return o.id;
        sql(
          `INSERT INTO product_orders (id, customer_id, channel, state, contact_id, request_id,
             requested_completion_date, quote_id, discount_pct, one_time_minor, recurring_minor, created_at, updated_at)
           VALUES (?, ?, ?, 'acknowledged', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
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
          at,
        );
        const insItem = sql(
          `INSERT INTO product_order_items (order_id, item_id, action, product_offering_id, region, characteristics, state,
             product_id)
           VALUES (?, ?, ?, ?, ?, ?, 'acknowledged', ?)`,
        );
        for (const i of o.items) {
          const chars = json.stringify(i.characteristics);
          insItem.run(o.id, i.itemId, i.action, i.productOfferingId, i.region, chars, i.productId ?? null);
        }
        logState(o.id, null, null, 'acknowledged', 'order received', at);
        if (event) appendEvent(db, event(load(o.id)), at);
        return o.id;
      });
      return load(o.id);
    },

    async get(orderId) {
      // One statement, not an order read then an items read: under WAL each statement is a read
      // transaction of its own (two lock syscalls), which is most of a point read's cost.
      const rows = sql(
        `SELECT o.id, o.customer_id, o.channel, o.state, o.state_reason, o.contact_id, o.request_id, o.requested_completion_date, o.committed_date, o.billing_account_id, o.quote_id, o.discount_pct, o.one_time_minor, o.recurring_minor, o.created_at, o.updated_at, o.completed_at, i.item_id, i.action, i.product_offering_id, i.region, i.characteristics,
           i.state AS item_state, i.state_reason AS item_state_reason, i.service_order_ids, i.product_id
         FROM product_orders o LEFT JOIN product_order_items i ON i.order_id = o.id
         WHERE o.id = ? ORDER BY i.rowid`,
      ).all(orderId) as OrderItemRow[];
      if (!rows.length) return undefined;
      const items = rows.flatMap(({ item_id, item_state, item_state_reason, ...r }): ItemRow[] =>
        item_id === null ? [] : [{ ...r, order_id: r.id, item_id, state: item_state, state_reason: item_state_reason }],
      );
      return toOrder(orderId, rows[0], items);
    },

    async search(q) {
      const { total, ids } = searchIds(db, 'product_orders', {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['customer_id', q.customerIds],
          ['channel', q.channels],
        ],
        dates: q.dates,
        dateColumns: DATE_COLUMNS,
        offset: q.offset,
        limit: q.limit,
      });
      return { total, orders: loadPage(ids) };
    },

    async transition(key, orderId, to, reason, at, event) {
      once(db, key, 'transitionProductOrder', () => {
        const from = load(orderId).state;
        if (from === to) return to;
        if (!canTransitionOrder(from, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `product order ${orderId} cannot go from ${from} to ${to}`,
            { from, to },
          );
        }
        sql('UPDATE product_orders SET state = ?, state_reason = ?, updated_at = ?, completed_at = ? WHERE id = ?').run(
          to,
          reason,
          at,
          TERMINAL.has(to) ? at : null,
          orderId,
        );
        logState(orderId, null, from, to, reason, at);
        if (event) appendEvent(db, event(load(orderId)), at);
        return to;
      });
      return load(orderId);
    },

    async transitionItem(key, orderId, itemId, to, reason, at, event) {
      once(db, key, 'transitionProductOrderItem', () => {
        const item = load(orderId).items.find((i) => i.itemId === itemId);
        if (!item) throw new BusinessRejection(BusinessErrorType.NotFound, `no item ${itemId} in order ${orderId}`);
        if (item.state === to) return to;
        if (!canTransitionItem(item.state, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `item ${itemId} of order ${orderId} cannot go from ${item.state} to ${to}`,
            { from: item.state, to },
          );
        }
        sql('UPDATE product_order_items SET state = ?, state_reason = ? WHERE order_id = ? AND item_id = ?').run(
          to,
          reason,
          orderId,
          itemId,
        );
        sql('UPDATE product_orders SET updated_at = ? WHERE id = ?').run(at, orderId);
        logState(orderId, itemId, item.state, to, reason, at);
        if (event) appendEvent(db, event(load(orderId)), at);
        return to;
      });
      return load(orderId);
    },

    async update(orderId, change, at, event) {
      db.transaction(() => {
        const before = load(orderId);
        const set = (column: string, value: unknown) =>
          sql(`UPDATE product_orders SET ${column} = ?, updated_at = ? WHERE id = ?`).run(value, at, orderId);
        if (change.committedDate !== undefined) set('committed_date', change.committedDate);
        if (change.requestedCompletionDate !== undefined)
          set('requested_completion_date', change.requestedCompletionDate);
        if (change.creditDecision !== undefined) set('credit_decision', json.stringify(change.creditDecision));
        if (change.feasibility !== undefined) set('feasibility', json.stringify(change.feasibility));
        if (change.billingAccountId !== undefined) set('billing_account_id', change.billingAccountId);
        if (change.itemServiceOrders) {
          sql('UPDATE product_order_items SET service_order_ids = ? WHERE order_id = ? AND item_id = ?').run(
            json.stringify(change.itemServiceOrders.serviceOrderIds),
            orderId,
            change.itemServiceOrders.itemId,
          );
        }
        if (change.itemCharacteristics) {
          sql('UPDATE product_order_items SET characteristics = ? WHERE order_id = ? AND item_id = ?').run(
            json.stringify(change.itemCharacteristics.characteristics),
            orderId,
            change.itemCharacteristics.itemId,
          );
        }
        if (event) {
          const after = load(orderId);
          if (changedOrder(before, after)) appendEvent(db, event(after), at);
        }
      })();
      return load(orderId);
    },

    async history(orderId) {
      const rows = sql(
        'SELECT item_id, from_state, to_state, reason, at FROM order_state_history WHERE order_id = ? ORDER BY seq',
      ).all(orderId) as Array<{
        item_id: string | null;
        from_state: string | null;
        to_state: string;
        reason: string | null;
        at: string;
      }>;
      return rows.map((r) => ({ itemId: r.item_id, from: r.from_state, to: r.to_state, reason: r.reason, at: r.at }));
    },

    async recordJeopardy(key, j) {
      return once(db, key, 'recordJeopardy', () => {
        const id = nextId(db, 'JP');
        sql(
          'INSERT INTO order_jeopardies (id, order_id, committed_date, detected_at, open_items, action) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(id, j.orderId, j.committedDate, j.detectedAt, json.stringify(j.openItems), j.action);
        return id;
      });
    },

    async jeopardies(orderId) {
      const rows = sql('SELECT * FROM order_jeopardies WHERE order_id = ? ORDER BY id').all(orderId) as Array<{
        id: string;
        committed_date: string;
        detected_at: string;
        open_items: string;
        action: string;
      }>;
      return rows.map((r) => ({
        id: r.id,
        committedDate: r.committed_date,
        detectedAt: r.detected_at,
        openItems: json.parse<string[]>(r.open_items),
        action: r.action,
      }));
    },

    async ensureBillingAccount(key, customerId, at) {
      return once(db, key, 'ensureBillingAccount', () => {
        const existing = sql(
          "SELECT id FROM billing_accounts WHERE customer_id = ? AND status = 'active' ORDER BY id LIMIT 1",
        )
          .pluck()
          .get(customerId) as string | undefined;
        if (existing) return existing;
        const id = nextId(db, 'BA');
        sql('INSERT INTO billing_accounts (id, customer_id, created_at) VALUES (?, ?, ?)').run(id, customerId, at);
        return id;
      });
    },

    async recordProduct(key, p) {
      const id = once(db, key, 'recordProduct', () => {
        const existing = sql('SELECT id FROM products WHERE order_id = ? AND item_id = ?')
          .pluck()
          .get(p.orderId, p.itemId) as string | undefined;
        if (existing) return existing;
        const productId = nextId(db, 'PRD');
        sql(
          `INSERT INTO products (id, customer_id, product_offering_id, order_id, item_id, billing_account_id, status,
             recurring_minor, one_time_minor, service_ids, region, start_date, characteristics)
           VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)`,
        ).run(
          productId,
          p.customerId,
          p.productOfferingId,
          p.orderId,
          p.itemId,
          p.billingAccountId,
          p.recurringMinor,
          p.oneTimeMinor,
          json.stringify(p.serviceIds),
          p.region,
          p.startDate,
          json.stringify(p.characteristics ?? {}),
        );
        openFirstPeriod(db, { ...p, id: productId });
        sql('UPDATE product_order_items SET product_id = ? WHERE order_id = ? AND item_id = ?').run(
          productId,
          p.orderId,
          p.itemId,
        );
        return productId;
      });
      return toProduct(sql('SELECT * FROM products WHERE id = ?').get(id) as ProductRow);
    },

    async recordProductChange(key, change) {
      return recordProductChange(db, key, change);
    },

    async chargePeriods(productId) {
      return chargePeriods(db, productId);
    },

    async productsOf(customerId) {
      return (sql('SELECT * FROM products WHERE customer_id = ? ORDER BY id').all(customerId) as ProductRow[]).map(
        toProduct,
      );
    },

    async searchProducts(q) {
      const { total, ids } = searchIds(db, 'products', {
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
      const one = sql('SELECT * FROM products WHERE id = ?');
      return { total, orders: ids.map((id) => toProduct(one.get(id) as ProductRow)) };
    },
  };
}
