import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresSales } from '../../src/adapters/postgres/sales';
import { postgresDatabases } from './harness';
import { NOW, salesContract, type SalesHarness } from './sales.contract';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const clock = () => new Date(NOW);
const columns = (row: Record<string, unknown>) => Object.keys(row).join(', ');

salesContract('SQLite', async (): Promise<SalesHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
  return {
    port: store.ports.sales,
    async insert(table, row) {
      store.db
        .prepare(
          `INSERT INTO ${table} (${columns(row)}) VALUES (${Object.keys(row)
            .map(() => '?')
            .join(', ')})`,
        )
        .run(...Object.values(row));
    },
    async count(table) {
      return store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    },
    async close() {
      store.close();
    },
  };
});

const database = postgresDatabases('sales');

salesContract('PostgreSQL', async (): Promise<SalesHarness> => {
  const pool = await database();
  return {
    port: createPostgresSales(pool, clock),
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
    async close() {
      await pool.end();
    },
  };
});
