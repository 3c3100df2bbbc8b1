import type { CatalogPort } from './catalog';
import type { Clock } from './clock';
import type { CustomerManagementPort } from './customer-management';
import type { NetworkActivationPort } from './network-activation';
import type { NotificationPort } from './notification';
import type { ProductOrderPort } from './product-orders';
import type { ResourceInventoryPort } from './resource-inventory';
import type { ResourceOrderPort } from './resource-orders';

export type { CatalogPort } from './catalog';
export type { Clock } from './clock';
export type { CustomerManagementPort } from './customer-management';
export type { NotificationPort, Notification } from './notification';
export type { ProductOrderPort } from './product-orders';
export type { ResourceInventoryPort } from './resource-inventory';
export type { NetworkActivationPort } from './network-activation';

/**
 * The OSS/BSS interfaces the processes work through. Activities receive the subset they need;
 * the embedded default wires them to SQLite and simulators, a deployment to its real systems.
 */
export interface Ports {
  clock: Clock;
  catalog: CatalogPort;
  customers: CustomerManagementPort;
  notifications: NotificationPort;
  productOrders: ProductOrderPort;
  inventory: ResourceInventoryPort;
  resourceOrders: ResourceOrderPort;
  network: NetworkActivationPort;
}
