import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canTransitionItem, canTransitionOrder } from '../../domain/fulfilment/product-order-lifecycle';
import type { ProductOrderItemState, ProductOrderState } from '../../domain/fulfilment/product-order';
import type {
  ProductOrderItemRecord,
  ProductOrderPort,
  ProductOrderRecord,
  ProductRecord,
} from '../../ports/product-orders';
import { type Db, json, nextId, once } from './database';
import { appendEvent } from './event-outbox';
import { searchIds } from './search';
import { preparedOnce } from './statements';

interface OrderRow {
  id: string;
  customer_id: string;
  channel: string;
  state: ProductOrderState;
  state_reason: string | null;
  contact_id: string | null;
  request_id: string | null;
  requested_completion_date: string | null;
  committed_date: string | null;
  billing_account_id: string | null;
  quote_id: string | null;
  discount_pct: number;
  one_time_minor: number;
  recurring_minor: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

interface ItemRow {
  order_id: string;
  item_id: string;
  action: 'add';
  product_offering_id: string;
  region: string;
  characteristics: string;
  state: ProductOrderItemState;
  state_reason: string | null;
  service_order_ids: string;
  product_id: string | null;
}

interface ProductRow {
  id: string;
  customer_id: string;
  product_offering_id: string;
  order_id: string;
  item_id: string;
  billing_account_id: string;
  status: ProductRecord['status'];
  recurring_minor: number;
  one_time_minor: number;
  service_ids: string;
  region: string;
  start_date: string;
}

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

  const toItem = (r: ItemRow): ProductOrderItemRecord => ({
    itemId: r.item_id,
    action: r.action,
    productOfferingId: r.product_offering_id,
    region: r.region,
    characteristics: json.parse(r.characteristics),
    state: r.state,
    stateReason: r.state_reason,
    serviceOrderIds: json.parse(r.service_order_ids),
    productId: r.product_id,
  });

  const toOrder = (id: string, r: OrderRow | undefined, items: ItemRow[]): ProductOrderRecord => {
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no product order ${id}`);
    return {
      id: r.id,
      customerId: r.customer_id,
      channel: r.channel,
      state: r.state,
      stateReason: r.state_reason,
      contactId: r.contact_id,
      requestId: r.request_id,
      requestedCompletionDate: r.requested_completion_date,
      committedDate: r.committed_date,
      billingAccountId: r.billing_account_id,
      quoteId: r.quote_id,
      discountPct: r.discount_pct,
      oneTimeMinor: r.one_time_minor,
      recurringMinor: r.recurring_minor,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      completedAt: r.completed_at,
      items: items.map(toItem),
    };
  };
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

  const toProduct = (r: ProductRow): ProductRecord => ({
    id: r.id,
    customerId: r.customer_id,
    productOfferingId: r.product_offering_id,
    orderId: r.order_id,
    itemId: r.item_id,
    billingAccountId: r.billing_account_id,
    status: r.status,
    recurringMinor: r.recurring_minor,
    oneTimeMinor: r.one_time_minor,
    serviceIds: json.parse(r.service_ids),
    region: r.region,
    startDate: r.start_date,
  });

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
          `INSERT INTO product_order_items (order_id, item_id, action, product_offering_id, region, characteristics, state)
           VALUES (?, ?, ?, ?, ?, ?, 'acknowledged')`,
        );
        for (const i of o.items) {
          insItem.run(o.id, i.itemId, i.action, i.productOfferingId, i.region, json.stringify(i.characteristics));
        }
        logState(o.id, null, null, 'acknowledged', 'order received', at);
        if (event) appendEvent(db, event(load(o.id)), at);
        return o.id;
      });
      return load(o.id);
    },

    async get(orderId) {
      return orderRow(orderId) ? load(orderId) : undefined;
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

    async update(orderId, change, at) {
      db.transaction(() => {
        load(orderId);
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
             recurring_minor, one_time_minor, service_ids, region, start_date)
           VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
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
        );
        sql('UPDATE product_order_items SET product_id = ? WHERE order_id = ? AND item_id = ?').run(
          productId,
          p.orderId,
          p.itemId,
        );
        return productId;
      });
      return toProduct(sql('SELECT * FROM products WHERE id = ?').get(id) as ProductRow);
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
