import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresProcessRuns } from '../../src/adapters/postgres/process-runs';
import { type ProcessRunHarness, processRunsContract } from './process-runs.contract';
import { postgresDatabases } from './harness';

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

const database = postgresDatabases('runs');

processRunsContract('PostgreSQL', async (): Promise<ProcessRunHarness> => {
  const pool = await database();
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
