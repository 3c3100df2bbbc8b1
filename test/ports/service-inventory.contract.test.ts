import { createPostgresServiceInventory } from '../../src/adapters/postgres/service-inventory';
import { outboxExtras } from './outbox';
import { type IdentifierReads, NOW, serviceInventoryContract } from './service-inventory.contract';
import { onBothStores } from './table-rows';

const SQL = 'SELECT id, state, reservation_id AS "reservationId", service_id AS "serviceId" FROM resources ORDER BY id';
type Held = Awaited<ReturnType<IdentifierReads['resources']>>;

onBothStores(serviceInventoryContract, {
  database: 'service_inventory',
  now: NOW,
  sqlite: (store) => store.ports.serviceInventory,
  postgres: (pool) => createPostgresServiceInventory(pool),
  extras: {
    sqlite: (db) => ({
      ...outboxExtras.sqlite(db),
      async resources() {
        return db.prepare(SQL).all() as Held;
      },
    }),
    postgres: (pool) => ({
      ...outboxExtras.postgres(pool),
      async resources() {
        return (await pool.query(SQL)).rows as Held;
      },
    }),
  },
});
