import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresAlarms } from '../../src/adapters/postgres/alarms';
import { ALARM_API } from '../../src/events/alarm-events';
import type { EventEnvelope } from '../../src/ports/event-subscriptions';
import { type AlarmHarness, alarmsContract, NOW } from './alarms.contract';
import { postgresDatabases } from './harness';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const clock = () => new Date(NOW);
const TABLES = { alarms: 'alarms', batches: 'alarm_batches', rootCauses: 'alarm_root_causes', tasks: 'alarm_tasks' };

alarmsContract('SQLite', async (): Promise<AlarmHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
  const db = store.db;
  return {
    port: store.ports.alarms,
    async events() {
      const rows = db.prepare('SELECT envelope FROM event_outbox WHERE api = ? ORDER BY seq').pluck().all(ALARM_API);
      return (rows as string[]).map((r) => JSON.parse(r) as EventEnvelope);
    },
    async count(what) {
      return db.prepare(`SELECT count(*) FROM ${TABLES[what]}`).pluck().get() as number;
    },
    async close() {
      store.close();
    },
  };
});

const database = postgresDatabases('alarms');

alarmsContract('PostgreSQL', async (): Promise<AlarmHarness> => {
  const pool = await database();
  return {
    port: createPostgresAlarms(pool, clock),
    async events() {
      const { rows } = await pool.query<{ envelope: EventEnvelope }>(
        'SELECT envelope FROM event_outbox WHERE api = $1 ORDER BY seq',
        [ALARM_API],
      );
      return rows.map((r) => r.envelope);
    },
    async count(what) {
      return Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLES[what]}`)).rows[0]!.n);
    },
    async close() {
      await pool.end();
    },
  };
});
