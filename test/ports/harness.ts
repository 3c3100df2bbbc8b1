import { expect } from 'vitest';
import { BusinessRejection } from '../../src/contracts/errors';
import { migrate, openPool, type Pool } from '../../src/adapters/postgres/database';
import { usePostgresDatabases } from '../support/postgres';

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
 * For the test file that calls it: a function that gives each test a PostgreSQL database of its
 * own at the latest schema, on the run's throwaway server (Debian's), so tests never see each
 * other's rows.
 */
export function postgresDatabases(prefix: string): () => Promise<Pool> {
  const databases = usePostgresDatabases(prefix);
  return async () => {
    const pool = openPool(databases.database());
    // The template is at the latest schema: this only checks it, and fails loudly if it is not.
    await migrate(pool);
    return pool;
  };
}
