import { createPostgresSettlements } from '../../src/adapters/postgres/settlements';
import { createSqliteSettlements } from '../../src/adapters/sqlite/settlements';
import { NOW, SUPPLIERS, settlementsContract } from './settlements.contract';
import { simulatedSupplier } from './simulated-supplier';
import { onBothStores } from './table-rows';

onBothStores(settlementsContract, {
  database: 'settlements',
  now: NOW,
  sqlite: (store, clock) => createSqliteSettlements(store.db, clock, SUPPLIERS.gateway()),
  postgres: (pool, clock) => createPostgresSettlements(pool, clock, SUPPLIERS.gateway()),
  extras: simulatedSupplier,
});
