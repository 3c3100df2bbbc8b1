import type { Ports } from '../../ports';
import { systemClock, type Clock } from '../../ports/clock';
import { createSqliteCatalog } from './catalog';
import { createSqliteCustomerManagement } from './customer-management';
import { type Db, openDatabase } from './database';
import { createSqliteNotification } from './notification';
import { createSqliteProductOrders } from './product-orders';
import { createSqliteResourceInventory } from './resource-inventory';
import { createSqliteResourceOrders } from './resource-orders';
import { createNetworkSimulator } from '../../simulators/network';
import { seedSampleOperator } from './seed';

export interface SqliteStore {
  db: Db;
  ports: Ports;
  close(): void;
}

export interface CreateSqliteStoreOptions {
  filename: string;
  clock?: Clock;
  /** Load the sample operator into an empty store (default true). */
  seed?: boolean;
}

/** The embedded enterprise store, with every port it implements wired to one database. */
export function createSqliteStore({ filename, clock = systemClock, seed = true }: CreateSqliteStoreOptions): SqliteStore {
  const db = openDatabase({ filename });
  if (seed) seedSampleOperator(db);
  return {
    db,
    ports: {
      clock,
      catalog: createSqliteCatalog(db),
      customers: createSqliteCustomerManagement(db),
      notifications: createSqliteNotification(db, clock),
      productOrders: createSqliteProductOrders(db),
      inventory: createSqliteResourceInventory(db, clock),
      resourceOrders: createSqliteResourceOrders(db, clock),
      network: createNetworkSimulator(db, clock),
    },
    close: () => db.close(),
  };
}
