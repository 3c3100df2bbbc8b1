import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { applyMigrations } from '../../src/adapters/sqlite/database';

/**
 * Migration 030 rebuilds service_orders, resource_orders and resource_order_items for the
 * actions modify, suspend and resume (#12). Run again over a store holding orders (the
 * installed base's), it keeps every row and every reference, and leaves foreign keys on.
 */
describe('migration 030-order-actions', () => {
  it('keeps the orders and their references, and takes the new actions only', () => {
    const store = createSqliteStore({ filename: ':memory:', installedBase: true });
    const { db } = store;
    // The installed base records no resource order: one with an item, for the rebuild to keep.
    const resourceId = db.prepare('SELECT id FROM resources LIMIT 1').pluck().get() as string;
    db.prepare(
      `INSERT INTO resource_orders (id, service_order_id, service_id, customer_id, region, action, state, needs, created_at, updated_at)
       VALUES ('RO-1', 'SO-1', 'SVC-1', 'CUST-1001', 'PAR', 'add', 'completed', '[]', 'now', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO resource_order_items (resource_order_id, resource_id, resource_spec_id, action, state, updated_at)
       VALUES ('RO-1', ?, 'RS-X', 'add', 'completed', 'now')`,
    ).run(resourceId);
    const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    const tables = ['service_orders', 'services', 'resource_orders', 'resource_order_items', 'service_tests'];
    const before = tables.map(count);
    expect(before[0]).toBeGreaterThan(0);
    expect(before[3]).toBe(1);

    db.prepare('DELETE FROM schema_migrations WHERE version = 30').run();
    expect(applyMigrations(db)).toEqual([30]);
    expect(tables.map(count)).toEqual(before);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);

    const order = db.prepare('SELECT * FROM service_orders LIMIT 1').get() as Record<string, unknown>;
    const copy = (id: string, action: string) =>
      db
        .prepare(
          `INSERT INTO service_orders (id, product_order_id, item_id, customer_id, cfs_spec_id, region, action, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?)`,
        )
        .run(
          id,
          order['product_order_id'],
          'x',
          order['customer_id'],
          order['cfs_spec_id'],
          order['region'],
          action,
          'now',
          'now',
        );
    for (const action of ['modify', 'suspend', 'resume']) copy(`SO-${action}`, action);
    expect(() => copy('SO-bogus', 'bogus')).toThrow(/CHECK constraint failed/);
    // References still hold: a service cannot point at an order that is not there.
    expect(() =>
      db
        .prepare("UPDATE services SET service_order_id = 'SO-none' WHERE rowid = (SELECT MIN(rowid) FROM services)")
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    store.close();
  });
});
