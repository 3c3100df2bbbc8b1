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
import type { AlarmPort } from './alarms';
import type { ResourceTroublePort } from './resource-troubles';
import type { ResourcePerformancePort } from './resource-performance';
import type { TroubleTicketPort } from './trouble-tickets';
import type { ServiceProblemPort } from './service-problems';
import type { ServiceQualityPort } from './service-quality';
import type { CustomerSlaPort } from './customer-sla';
import type { PartnerProblemPort } from './partner-problems';
import type { UsagePort } from './usage';
import type { BillingPort } from './billing';
import type { SettlementPort } from './settlements';
import type { SlaCreditPort } from './sla-credits';

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
export type { AlarmPort } from './alarms';
export type { ResourceTroublePort } from './resource-troubles';
export type { ResourcePerformancePort } from './resource-performance';
export type { TroubleTicketPort } from './trouble-tickets';
export type { ServiceProblemPort } from './service-problems';
export type { ServiceQualityPort } from './service-quality';
export type { CustomerSlaPort } from './customer-sla';
export type { PartnerProblemPort } from './partner-problems';
export type { UsagePort } from './usage';
export type { BillingPort } from './billing';
export type { SettlementPort } from './settlements';
export type { SlaCreditPort } from './sla-credits';

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
  alarms: AlarmPort;
  resourceTroubles: ResourceTroublePort;
  resourcePerformance: ResourcePerformancePort;
  troubleTickets: TroubleTicketPort;
  serviceProblems: ServiceProblemPort;
  serviceQuality: ServiceQualityPort;
  customerSla: CustomerSlaPort;
  partnerProblems: PartnerProblemPort;
  usage: UsagePort;
  billing: BillingPort;
  settlements: SettlementPort;
  slaCredits: SlaCreditPort;
}
