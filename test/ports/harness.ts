import { expect } from 'vitest';
import { BusinessRejection } from '../../src/contracts/errors';
import { migrate, openPool, type Pool } from '../../src/adapters/postgres/database';
import { useThrowawayPostgres } from '../support/postgres';

/** What every contract's harness can do: be closed when its test ends. */
export interface Closable {
  close(): Promise<void>;
}

/** A test body run on a harness built for it alone, closed whatever the body does. */
export const withHarness =
  <H extends Closable>(make: () => Promise<H>) =>
  (body: (h: H) => Promise<void>) =>
  async () => {
    const h = await make();
    try {
      await body(h);
    } finally {
      await h.close();
    }
  };

/** The error a port rejects with, so each expectation names its type. */
export async function rejection(p: Promise<unknown>): Promise<BusinessRejection> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BusinessRejection);
  return err as BusinessRejection;
}

/**
 * For the test file that calls it: a throwaway PostgreSQL server (Debian's), and a function that
 * gives each test a database of its own at the latest schema, so tests never see each other's rows.
 */
export function postgresDatabases(prefix: string): () => Promise<Pool> {
  const pg = useThrowawayPostgres();
  let databases = 0;
  return async () => {
    const name = `${prefix}_${process.pid}_${++databases}`;
    pg().ensureDatabase(name);
    const pool = openPool(pg().url(name));
    await migrate(pool);
    return pool;
  };
}
