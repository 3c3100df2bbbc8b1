import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresResourceClasses } from '../../src/adapters/postgres/resource-classes';
import { postgresDatabases } from './harness';
import { NOW, type ResourceClassHarness, resourceClassesContract } from './resource-classes.contract';
import { postgresRows, sqliteRows } from './table-rows';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const clock = () => new Date(NOW);

resourceClassesContract('SQLite', async (): Promise<ResourceClassHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
  return {
    port: store.ports.resourceClasses,
    ...sqliteRows(store.db),
    async close() {
      store.close();
    },
  };
});

const database = postgresDatabases('resource_classes');

resourceClassesContract('PostgreSQL', async (): Promise<ResourceClassHarness> => {
  const pool = await database();
  return {
    port: createPostgresResourceClasses(pool, clock),
    ...postgresRows(pool),
    async close() {
      await pool.end();
    },
  };
});
