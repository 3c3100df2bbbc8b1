import type { CatalogPort } from './catalog';
import type { Clock } from './clock';
import type { CustomerManagementPort } from './customer-management';
import type { NetworkActivationPort } from './network-activation';
import type { NotificationPort } from './notification';
import type { PartnerGatewayPort } from './partner-gateway';
import type { PartnerOrderPort } from './partner-orders';
import type { ProductOrderPort } from './product-orders';
import type { ResourceInventoryPort } from './resource-inventory';
import type { ResourceOrderPort } from './resource-orders';
import type { ServiceInventoryPort } from './service-inventory';
import type { WorkforcePort } from './workforce';

export type { CatalogPort } from './catalog';
export type { Clock } from './clock';
export type { CustomerManagementPort } from './customer-management';
export type { NotificationPort, Notification } from './notification';
export type { ProductOrderPort } from './product-orders';
export type { ResourceInventoryPort } from './resource-inventory';
export type { NetworkActivationPort } from './network-activation';
export type { PartnerGatewayPort } from './partner-gateway';
export type { PartnerOrderPort } from './partner-orders';
export type { ServiceInventoryPort } from './service-inventory';
export type { WorkforcePort } from './workforce';

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
  partners: PartnerGatewayPort;
  partnerOrders: PartnerOrderPort;
  services: ServiceInventoryPort;
  workforce: WorkforcePort;
}
