import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresSales } from '../../src/adapters/postgres/sales';
import { postgresDatabases } from './harness';
import { NOW, salesContract, type SalesHarness } from './sales.contract';
import { postgresRows, sqliteRows } from './table-rows';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const clock = () => new Date(NOW);

salesContract('SQLite', async (): Promise<SalesHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
  return {
    port: store.ports.sales,
    ...sqliteRows(store.db),
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
    ...postgresRows(pool),
    async close() {
      await pool.end();
    },
  };
});
