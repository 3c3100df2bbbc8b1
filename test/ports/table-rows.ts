import type { Pool } from '../../src/adapters/postgres/database';
import type { Db } from '../../src/adapters/sqlite/database';

/**
 * A contract's fixtures put in and counted beside the port, in the columns both stores share:
 * the same rows for SQLite and PostgreSQL, so a suite states its starting point once.
 */
export interface TableRows {
  insert(table: string, row: Record<string, unknown>): Promise<void>;
  count(table: string): Promise<number>;
}

const columns = (row: Record<string, unknown>) => Object.keys(row).join(', ');

export const sqliteRows = (db: Db): TableRows => ({
  async insert(table, row) {
    db.prepare(
      `INSERT INTO ${table} (${columns(row)}) VALUES (${Object.keys(row)
        .map(() => '?')
        .join(', ')})`,
    ).run(...Object.values(row));
  },
  async count(table) {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  },
});

export const postgresRows = (pool: Pool): TableRows => ({
  async insert(table, given) {
    // PostgreSQL's ordered items also keep their position in the order (the SQLite store's do not).
    const row = table === 'product_order_items' ? { position: Number(given.item_id), ...given } : given;
    await pool.query(
      `INSERT INTO ${table} (${columns(row)}) VALUES (${Object.keys(row)
        .map((_, i) => `$${i + 1}`)
        .join(', ')})`,
      Object.values(row),
    );
  },
  async count(table) {
    return Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  },
});
