import { createSqliteStore } from '../../src/adapters/sqlite';
import { migrate, openPool } from '../../src/adapters/postgres/database';
import { createPostgresProcessRuns } from '../../src/adapters/postgres/process-runs';
import { useThrowawayPostgres } from '../support/postgres';
import { type ProcessRunHarness, processRunsContract } from './process-runs.contract';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

processRunsContract('SQLite', async (): Promise<ProcessRunHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false });
  return {
    port: store.ports.processRuns,
    async attempts() {
      return store.db.prepare('SELECT count(*) FROM process_runs').pluck().get() as number;
    },
    async close() {
      store.close();
    },
  };
});

const pg = useThrowawayPostgres();
let databases = 0;

processRunsContract('PostgreSQL', async (): Promise<ProcessRunHarness> => {
  // A database per test: the suite's tests never see each other's rows.
  const name = `runs_${process.pid}_${++databases}`;
  pg().ensureDatabase(name);
  const pool = openPool(pg().url(name));
  await migrate(pool);
  return {
    port: createPostgresProcessRuns(pool),
    async attempts() {
      return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM process_runs')).rows[0]!.n);
    },
    async close() {
      await pool.end();
    },
  };
});
