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
import { createSupplierSimulator } from '../../simulators/suppliers';
import { configuredPartnerGateway } from '../http/routing-partner-gateway';
import type { SuppliersConfig } from '../../config/suppliers';
import { createSqlitePartnerOrders } from './partner-orders';
import { createSqliteServiceInventory } from './service-inventory';
import { createSqliteWorkforce } from './workforce';
import { seedSampleOperator } from './seed';
import { createSqliteReadinessReports } from './readiness-reports';
import { createSqliteOperationalTrends } from './operational-trends';
import { createSqliteNumberBlocks } from './number-blocks';
import { createSqliteInventoryReconciliation } from './inventory-reconciliation';
import { createSqliteCapacityShortfalls } from './capacity-shortfalls';
import { createSqliteResourceAcceptance } from './resource-acceptance';
import { createSqliteMaintenanceJobs } from './maintenance-jobs';
import { createSqliteResourceClasses } from './resource-classes';
import { createSqliteRatingReferences } from './rating-references';
import { createSqliteCampaignPlans } from './campaign-plans';
import { createSqliteLogistics } from './logistics';
import { createSqliteSales } from './sales';
import { createSqliteCustomerRelationships } from './customer-relationships';
import { createSqlitePartnerInteractions } from './partner-interactions';
import { seedInstalledBase } from './installed-base';
import { createSqliteAlarms } from './alarms';
import { createSqliteResourceTroubles } from './resource-troubles';
import { createSqliteResourcePerformance } from './resource-performance';
import { createSqliteTroubleTickets } from './trouble-tickets';
import { createSqliteServiceProblems } from './service-problems';
import { createSqliteServiceQuality } from './service-quality';
import { createSqliteCustomerSla } from './customer-sla';
import { createSqlitePartnerProblems } from './partner-problems';
import { createSqliteUsage } from './usage';
import { createSqliteBilling } from './billing';
import { createSqliteSettlements } from './settlements';
import { createSqliteSlaCredits } from './sla-credits';
import { createSqliteServiceOutages } from './service-outages';
import { createSqliteEventSubscriptions } from './event-subscriptions';
import { createSqliteProcessRuns } from './process-runs';

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
  /**
   * Also load the installed base: customers with active services, as if fulfilment had run
   * for them before (default false; the embedded runtime turns it on for assurance and billing).
   */
  installedBase?: boolean;
  /** How many times faster than ours the simulated suppliers' time runs. */
  supplierSpeed?: number;
  /** The suppliers served over HTTP (ETOM_SUPPLIERS, #15); the others stay simulated. */
  suppliers?: SuppliersConfig;
}

/** The embedded enterprise store, with every port it implements wired to one database. */
export function createSqliteStore({
  filename,
  clock = systemClock,
  seed = true,
  installedBase = false,
  supplierSpeed,
  suppliers = {},
}: CreateSqliteStoreOptions): SqliteStore {
  const db = openDatabase({ filename });
  // The installed base joins a new store only: an existing one already has its own history.
  if (seed && seedSampleOperator(db) && installedBase) seedInstalledBase(db);
  const partnerGateway = configuredPartnerGateway(
    createSupplierSimulator(db, clock, { speed: supplierSpeed }),
    suppliers,
    {
      partnerOrders: createSqlitePartnerOrders(db, clock),
      partnerProblems: createSqlitePartnerProblems(db, clock),
    },
  );
  return {
    db,
    ports: {
      clock,
      catalog: createSqliteCatalog(db),
      customerManagement: createSqliteCustomerManagement(db),
      notifications: createSqliteNotification(db, clock),
      productOrders: createSqliteProductOrders(db),
      resourceInventory: createSqliteResourceInventory(db, clock),
      resourceOrders: createSqliteResourceOrders(db, clock),
      networkActivation: createNetworkSimulator(db, clock),
      partnerGateway,
      partnerOrders: createSqlitePartnerOrders(db, clock),
      serviceInventory: createSqliteServiceInventory(db),
      workforce: createSqliteWorkforce(db, clock),
      alarms: createSqliteAlarms(db, clock),
      resourceTroubles: createSqliteResourceTroubles(db, clock),
      resourcePerformance: createSqliteResourcePerformance(db, clock),
      troubleTickets: createSqliteTroubleTickets(db, clock),
      serviceProblems: createSqliteServiceProblems(db, clock),
      serviceQuality: createSqliteServiceQuality(db, clock),
      customerSla: createSqliteCustomerSla(db, clock),
      partnerProblems: createSqlitePartnerProblems(db, clock),
      usage: createSqliteUsage(db, clock),
      billing: createSqliteBilling(db, clock),
      // Each supplier's bills and answers come through its gateway: simulated, or over TMF678.
      settlements: createSqliteSettlements(db, clock, partnerGateway),
      slaCredits: createSqliteSlaCredits(db, clock),
      serviceOutages: createSqliteServiceOutages(db),
      sales: createSqliteSales(db, clock),
      customerRelationships: createSqliteCustomerRelationships(db, clock),
      partnerInteractions: createSqlitePartnerInteractions(db, clock),
      readinessReports: createSqliteReadinessReports(db, clock),
      operationalTrends: createSqliteOperationalTrends(db, clock),
      numberBlocks: createSqliteNumberBlocks(db, clock),
      inventoryReconciliation: createSqliteInventoryReconciliation(db, clock),
      capacityShortfalls: createSqliteCapacityShortfalls(db, clock),
      resourceAcceptance: createSqliteResourceAcceptance(db, clock),
      maintenanceJobs: createSqliteMaintenanceJobs(db, clock),
      resourceClasses: createSqliteResourceClasses(db, clock),
      ratingReferences: createSqliteRatingReferences(db, clock),
      campaignPlans: createSqliteCampaignPlans(db, clock),
      logistics: createSqliteLogistics(db, clock),
      eventSubscriptions: createSqliteEventSubscriptions(db),
      processRuns: createSqliteProcessRuns(db),
    },
    close: () => db.close(),
  };
}
