import { createSqliteStore } from '../../src/adapters/sqlite';
import { createPostgresNotifications } from '../../src/adapters/postgres/notifications';
import { type NotificationHarness, notificationsContract, NOW } from './notifications.contract';
import { postgresDatabases } from './harness';

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

const database = postgresDatabases('notifications');

notificationsContract('PostgreSQL', async (): Promise<NotificationHarness> => {
  const pool = await database();
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
