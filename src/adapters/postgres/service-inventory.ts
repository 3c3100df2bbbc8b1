import type { ServiceInventoryPort } from '../../ports/service-inventory';
import type { Pool } from './database';
import { createPostgresServiceIdentifiers } from './service-identifiers';
import { createPostgresServiceOrders } from './service-orders';
import { createPostgresServices } from './services';

/**
 * Manage Service Inventory on PostgreSQL: service orders, the services they make, and the
 * identifiers those hold — the same contract as the SQLite adapter
 * (test/ports/service-inventory.contract.ts runs on both).
 */
export function createPostgresServiceInventory(pool: Pool): ServiceInventoryPort {
  return {
    ...createPostgresServiceOrders(pool),
    ...createPostgresServices(pool),
    ...createPostgresServiceIdentifiers(pool),
  };
}
