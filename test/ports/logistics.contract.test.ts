import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresLogistics } from '../../src/adapters/postgres/logistics';
import { postgresDatabases } from './harness';
import { type LogisticsHarness, logisticsContract, NOW } from './logistics.contract';
import { postgresRows, sqliteRows } from './table-rows';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const clock = () => new Date(NOW);
type Resource = Awaited<ReturnType<LogisticsHarness['resource']>>;
type Acceptance = Awaited<ReturnType<LogisticsHarness['acceptance']>>;

logisticsContract('SQLite', async (): Promise<LogisticsHarness> => {
  // The store's migrations add the sample operator's warehouse policies: the contract brings its own.
  const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
  store.db.prepare('DELETE FROM warehouse_policies').run();
  return {
    port: store.ports.logistics,
    ...sqliteRows(store.db),
    async resource(id) {
      const r = store.db.prepare('SELECT site, state, attributes FROM resources WHERE id = ?').get(id) as
        { site: string | null; state: string; attributes: string } | undefined;
      return r && ({ ...r, attributes: JSON.parse(r.attributes) } as Resource);
    },
    async acceptance(id) {
      return store.db
        .prepare('SELECT reason, source, state FROM resource_acceptance WHERE resource_id = ?')
        .get(id) as Acceptance;
    },
    async close() {
      store.close();
    },
  };
});

const database = postgresDatabases('logistics');

logisticsContract('PostgreSQL', async (): Promise<LogisticsHarness> => {
  const pool = await database();
  return {
    port: createPostgresLogistics(pool, clock),
    ...postgresRows(pool),
    async resource(id) {
      return (
        await pool.query<NonNullable<Resource>>('SELECT site, state, attributes FROM resources WHERE id = $1', [id])
      ).rows[0];
    },
    async acceptance(id) {
      return (
        await pool.query<NonNullable<Acceptance>>(
          'SELECT reason, source, state FROM resource_acceptance WHERE resource_id = $1',
          [id],
        )
      ).rows[0];
    },
    async close() {
      await pool.end();
    },
  };
});
