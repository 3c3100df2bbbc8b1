import { createSqliteStore } from '../../src/adapters/sqlite';
import { appendEvent as appendSqlite } from '../../src/adapters/sqlite/event-outbox';
import { inTransaction } from '../../src/adapters/postgres/database';
import { appendEvent } from '../../src/adapters/postgres/event-outbox';
import { createPostgresEventSubscriptions } from '../../src/adapters/postgres/event-subscriptions';
import { type EventSubscriptionHarness, eventSubscriptionsContract } from './event-subscriptions.contract';
import { postgresDatabases } from './harness';

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

const database = postgresDatabases('hub');

eventSubscriptionsContract('PostgreSQL', async (): Promise<EventSubscriptionHarness> => {
  const pool = await database();
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
