import crypto from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { type RunningPostgres, postgresAt } from '../../src/cluster/postgres';

/** The database the unit project's global setup migrates once, that each test's database copies. */
export const POSTGRES_TEMPLATE = 'etom_template';

/**
 * For the test file that calls it: the unit project's throwaway PostgreSQL server (started once
 * for the run by test/support/postgres-global-setup.ts), and, per call of the function it
 * returns, a fresh database at the latest schema, copied from the template. The file's databases
 * are dropped after its tests, so a long run does not fill the temp dir.
 */
export function usePostgresDatabases(prefix: string): { server: () => RunningPostgres; database: () => string } {
  let pg: RunningPostgres | undefined;
  const made: string[] = [];
  beforeAll(() => {
    pg = postgresAt(inject('postgresDataDir'));
  });
  afterAll(() => {
    // FORCE: a pool a failed test left open must not keep its database.
    for (const name of made) pg?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return {
    server: () => pg!,
    database: () => {
      // Unique across files and runs: two files never share a database, whatever their prefix.
      const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      pg!.query(`CREATE DATABASE ${name} TEMPLATE ${POSTGRES_TEMPLATE}`);
      made.push(name);
      return pg!.url(name);
    },
  };
}
