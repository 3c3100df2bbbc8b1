import type { Pool } from '../../src/adapters/postgres/database';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';
import type { Db } from '../../src/adapters/sqlite/database';
import type { Clock } from '../../src/ports/clock';
import { type Closable, postgresDatabases, withHarness } from './harness';

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

/** What a store-backed contract harness has: its port, the fixture rows, and a close. */
export type StoreHarness<P, X = object> = { port: P } & TableRows & X & Closable;

/**
 * Runs a contract on both adapters — an empty SQLite store in memory, and a PostgreSQL database of
 * its own per test on a throwaway server of this machine (Debian's) — both on a clock that reads
 * `now`. `extras` gives each store's reads beside the port that a contract asks for beyond rows.
 */
export function onBothStores<P, X = object>(
  contract: (adapter: string, make: () => Promise<StoreHarness<P, X>>) => void,
  options: {
    database: string;
    now: string;
    sqlite: (store: SqliteStore, clock: Clock) => P;
    postgres: (pool: Pool, clock: Clock) => P;
    extras?: { sqlite: (db: Db) => X; postgres: (pool: Pool) => X };
  },
): void {
  const clock = () => new Date(options.now);
  contract('SQLite', async () => {
    const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
    return {
      port: options.sqlite(store, clock),
      ...sqliteRows(store.db),
      ...(options.extras?.sqlite(store.db) as X),
      async close() {
        store.close();
      },
    };
  });
  const database = postgresDatabases(options.database);
  contract('PostgreSQL', async () => {
    const pool = await database();
    return {
      port: options.postgres(pool, clock),
      ...postgresRows(pool),
      ...(options.extras?.postgres(pool) as X),
      async close() {
        await pool.end();
      },
    };
  });
}

/** A row a contract starts from: its table, and its columns as both stores share them. */
export type Fixture = [table: string, row: Record<string, unknown>];

/** A test body run on a harness built for it alone, with the contract's fixtures put in first. */
export const withFixtures = <H extends TableRows & Closable>(make: () => Promise<H>, fixtures: readonly Fixture[]) =>
  withHarness(async () => {
    const h = await make();
    for (const [table, row] of fixtures) await h.insert(table, row);
    return h;
  });
