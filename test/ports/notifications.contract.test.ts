import { createSqliteStore } from '../../src/adapters/sqlite';
import { migrate, openPool } from '../../src/adapters/postgres/database';
import { createPostgresNotifications } from '../../src/adapters/postgres/notifications';
import { useThrowawayPostgres } from '../support/postgres';
import { type NotificationHarness, notificationsContract, NOW } from './notifications.contract';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const clock = () => new Date(NOW);

notificationsContract('SQLite', async (): Promise<NotificationHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
  return {
    port: store.ports.notifications,
    async sent() {
      return store.db.prepare('SELECT count(*) FROM notifications').pluck().get() as number;
    },
    async close() {
      store.close();
    },
  };
});

const pg = useThrowawayPostgres();
let databases = 0;

notificationsContract('PostgreSQL', async (): Promise<NotificationHarness> => {
  // A database per test: the suite's tests never see each other's rows.
  const name = `notifications_${process.pid}_${++databases}`;
  pg().ensureDatabase(name);
  const pool = openPool(pg().url(name));
  await migrate(pool);
  return {
    port: createPostgresNotifications(pool, clock),
    async sent() {
      return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM notifications')).rows[0]!.n);
    },
    async close() {
      await pool.end();
    },
  };
});
