import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresProductOrders } from '../../src/adapters/postgres/product-orders';
import type { EventEnvelope } from '../../src/ports/event-subscriptions';
import {
  CUSTOMERS,
  type Held,
  OFFERINGS,
  type ProductOrderHarness,
  productOrdersContract,
} from './product-orders.contract';
import { postgresDatabases } from './harness';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const TABLES: Record<Held, string> = {
  orders: 'product_orders',
  items: 'product_order_items',
  stateChanges: 'order_state_history',
  jeopardies: 'order_jeopardies',
  billingAccounts: 'billing_accounts',
  products: 'products',
  events: 'event_outbox',
};

productOrdersContract('SQLite', async (): Promise<ProductOrderHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false });
  const db = store.db;
  // The orders' references: the SQLite store's foreign keys want them.
  for (const id of CUSTOMERS)
    db.prepare(
      "INSERT INTO customers (id, name, segment, region, email, created_at) VALUES (?, ?, 'business', 'PAR', 'c@example.net', '2026-01-01')",
    ).run(id, id);
  for (const id of OFFERINGS)
    db.prepare(
      "INSERT INTO product_offerings (id, name, description, recurring_minor, one_time_minor, lead_time_days, segment) VALUES (?, ?, '', 0, 0, 1, 'business')",
    ).run(id, id);
  return {
    port: store.ports.productOrders,
    async count(what) {
      return db.prepare(`SELECT count(*) FROM ${TABLES[what]}`).pluck().get() as number;
    },
    async events(entityId) {
      const rows = db
        .prepare('SELECT entity_seq, envelope FROM event_outbox WHERE entity_id = ? ORDER BY seq')
        .all(entityId) as Array<{ entity_seq: number; envelope: string }>;
      return rows.map((r) => ({ entitySeq: r.entity_seq, envelope: JSON.parse(r.envelope) as EventEnvelope }));
    },
    async close() {
      store.close();
    },
  };
});

const database = postgresDatabases('orders');

productOrdersContract('PostgreSQL', async (): Promise<ProductOrderHarness> => {
  const pool = await database();
  for (const id of OFFERINGS)
    await pool.query(
      "INSERT INTO product_offerings (id, name, description, recurring_minor, one_time_minor, lead_time_days, segment) VALUES ($1, $1, '', 0, 0, 1, 'business')",
      [id],
    );
  return {
    port: createPostgresProductOrders(pool),
    async count(what) {
      return Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLES[what]}`)).rows[0]!.n);
    },
    async events(entityId) {
      const { rows } = await pool.query<{ entity_seq: number; envelope: EventEnvelope }>(
        'SELECT entity_seq, envelope FROM event_outbox WHERE entity_id = $1 ORDER BY seq',
        [entityId],
      );
      return rows.map((r) => ({ entitySeq: r.entity_seq, envelope: r.envelope }));
    },
    async close() {
      await pool.end();
    },
  };
});
