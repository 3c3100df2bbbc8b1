import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresCatalog, seedPostgresCatalog } from '../../src/adapters/postgres/catalog';
import { type CatalogHarness, catalogContract } from './catalog.contract';
import { postgresDatabases } from './harness';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

catalogContract('SQLite', async (): Promise<CatalogHarness> => {
  const store = createSqliteStore({ filename: ':memory:' });
  return {
    port: store.ports.catalog,
    async close() {
      store.close();
    },
  };
});

const freshDatabase = postgresDatabases('catalog');

catalogContract('PostgreSQL', async (): Promise<CatalogHarness> => {
  const pool = await freshDatabase();
  await seedPostgresCatalog(pool);
  return {
    port: createPostgresCatalog(pool),
    async close() {
      await pool.end();
    },
  };
});

describe('the sample catalog on PostgreSQL', () => {
  it('is loaded once when several workers start together, and equals the SQLite store’s', async () => {
    const pool = await freshDatabase();
    const sqlite = createSqliteStore({ filename: ':memory:' });
    try {
      const loaded = await Promise.all([1, 2, 3, 4].map(() => seedPostgresCatalog(pool)));
      expect(loaded.filter(Boolean)).toHaveLength(1);
      expect(await seedPostgresCatalog(pool)).toBe(false);
      const catalog = createPostgresCatalog(pool);
      expect(await catalog.listOfferings()).toEqual(await sqlite.ports.catalog.listOfferings());
      expect(await catalog.listCfsSpecs()).toEqual(await sqlite.ports.catalog.listCfsSpecs());
    } finally {
      sqlite.close();
      await pool.end();
    }
  });
});
