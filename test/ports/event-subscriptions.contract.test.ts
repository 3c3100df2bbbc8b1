import { createSqliteStore } from '../../src/adapters/sqlite';
import { appendEvent as appendSqlite } from '../../src/adapters/sqlite/event-outbox';
import { inTransaction, migrate, openPool } from '../../src/adapters/postgres/database';
import { appendEvent } from '../../src/adapters/postgres/event-outbox';
import { createPostgresEventSubscriptions } from '../../src/adapters/postgres/event-subscriptions';
import { useThrowawayPostgres } from '../support/postgres';
import { type EventSubscriptionHarness, eventSubscriptionsContract } from './event-subscriptions.contract';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

eventSubscriptionsContract('SQLite', async (): Promise<EventSubscriptionHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false });
  return {
    port: store.ports.eventSubscriptions,
    async append(events, at) {
      store.db.transaction(() => {
        for (const e of events) appendSqlite(store.db, e, at);
      })();
    },
    async close() {
      store.close();
    },
  };
});

const pg = useThrowawayPostgres();
let databases = 0;

eventSubscriptionsContract('PostgreSQL', async (): Promise<EventSubscriptionHarness> => {
  // A database per test: the suite's tests never see each other's rows.
  const name = `hub_${process.pid}_${++databases}`;
  pg().ensureDatabase(name);
  const pool = openPool(pg().url(name));
  await migrate(pool);
  return {
    port: createPostgresEventSubscriptions(pool),
    async append(events, at) {
      await inTransaction(pool, async (tx) => {
        for (const e of events) await appendEvent(tx, e, at);
      });
    },
    async close() {
      await pool.end();
    },
  };
});
