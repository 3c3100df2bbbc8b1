import type { ServiceInventoryPort } from '../../ports/service-inventory';
import type { Db } from './database';
import { createSqliteServiceIdentifiers } from './service-identifiers';
import { createSqliteServiceOrders } from './service-orders';
import { createSqliteServices } from './services';

/** Manage Service Inventory: service orders, the services they make, and the identifiers those hold. */
export function createSqliteServiceInventory(db: Db): ServiceInventoryPort {
  return {
    ...createSqliteServiceOrders(db),
    ...createSqliteServices(db),
    ...createSqliteServiceIdentifiers(db),
  };
}
