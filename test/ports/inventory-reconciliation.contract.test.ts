import { createPostgresInventoryReconciliation } from '../../src/adapters/postgres/inventory-reconciliation';
import {
  inventoryReconciliationContract,
  NETWORK,
  NOW,
  type ReconciliationReads,
} from './inventory-reconciliation.contract';
import { onBothStores } from './table-rows';

type Discrepancy = Awaited<ReturnType<ReconciliationReads['discrepancy']>>;
type Acceptance = Awaited<ReturnType<ReconciliationReads['acceptance']>>;

onBothStores(inventoryReconciliationContract, {
  database: 'inventory_reconciliation',
  now: NOW,
  // The embedded store asks its network simulator, which reads the contract's rows.
  sqlite: (store) => store.ports.inventoryReconciliation,
  // PostgreSQL is given its discovery: here a network that agrees with the inventory.
  postgres: (pool, clock) => createPostgresInventoryReconciliation(pool, clock, async () => NETWORK),
  extras: {
    sqlite: (db): ReconciliationReads => ({
      async discrepancy(id) {
        return db
          .prepare('SELECT settled_by, settlement FROM inventory_discrepancies WHERE id = ?')
          .get(id) as Discrepancy;
      },
      async acceptance(id) {
        return db
          .prepare('SELECT reason, source, state FROM resource_acceptance WHERE resource_id = ?')
          .get(id) as Acceptance;
      },
    }),
    postgres: (pool): ReconciliationReads => ({
      async discrepancy(id) {
        return (
          await pool.query<NonNullable<Discrepancy>>(
            'SELECT settled_by, settlement FROM inventory_discrepancies WHERE id = $1',
            [id],
          )
        ).rows[0];
      },
      async acceptance(id) {
        return (
          await pool.query<NonNullable<Acceptance>>(
            'SELECT reason, source, state FROM resource_acceptance WHERE resource_id = $1',
            [id],
          )
        ).rows[0];
      },
    }),
  },
});
