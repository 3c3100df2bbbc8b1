import path from 'node:path';
import type { Ports } from '../../ports';
import { systemClock, type Clock } from '../../ports/clock';
import { createSupplierSimulator } from '../../simulators/suppliers';
import type { SuppliersConfig } from '../../config/suppliers';
import { configuredPartnerGateway } from '../http/routing-partner-gateway';
import type { Db } from '../sqlite/database';
import { createPostgresAlarms } from './alarms';
import { createPostgresBilling } from './billing';
import { createPostgresCampaignPlans } from './campaign-plans';
import { createPostgresCapacityShortfalls } from './capacity-shortfalls';
import { createPostgresCatalog } from './catalog';
import { createPostgresCustomerManagement } from './customer-management';
import { createPostgresCustomerRelationships } from './customer-relationships';
import { createPostgresCustomerSla } from './customer-sla';
import { migrate, openPool, type Pool } from './database';
import { createPostgresEventSubscriptions } from './event-subscriptions';
import { createPostgresInventoryReconciliation } from './inventory-reconciliation';
import { createPostgresLogistics } from './logistics';
import { createPostgresMaintenanceJobs } from './maintenance-jobs';
import { createPostgresNotifications } from './notifications';
import { createPostgresNumberBlocks } from './number-blocks';
import { createPostgresOperationalTrends } from './operational-trends';
import { createPostgresPartnerInteractions } from './partner-interactions';
import { createPostgresPartnerOrders } from './partner-orders';
import { createPostgresPartnerProblems } from './partner-problems';
import { createPostgresProcessRuns } from './process-runs';
import { createPostgresProductOrders } from './product-orders';
import { createPostgresRatingReferences } from './rating-references';
import { createPostgresReadinessReports } from './readiness-reports';
import { createPostgresResourceAcceptance } from './resource-acceptance';
import { createPostgresResourceClasses } from './resource-classes';
import { createPostgresResourceInventory } from './resource-inventory';
import { createPostgresResourceOrders } from './resource-orders';
import { createPostgresResourcePerformance } from './resource-performance';
import { createPostgresResourceTroubles } from './resource-troubles';
import { createPostgresSales } from './sales';
import { seedPostgresSampleOperator } from './sample-operator';
import { createPostgresServiceInventory } from './service-inventory';
import { createPostgresSettlements } from './settlements';
import { createPostgresServiceOutages } from './service-outages';
import { createPostgresServiceProblems } from './service-problems';
import { createPostgresServiceQuality } from './service-quality';
import { openSimulatedWorld } from './simulated-world';
import { createPostgresSlaCredits } from './sla-credits';
import { createPostgresTroubleTickets } from './trouble-tickets';
import { createPostgresUsage } from './usage';
import { createPostgresWorkforce } from './workforce';

export interface PostgresStore {
  /** The simulated outside world's own SQLite file (network, suppliers): not enterprise data. */
  db: Db;
  pool: Pool;
  ports: Ports;
  close(): Promise<void>;
}

export interface CreatePostgresStoreOptions {
  /** `postgres://…` (ETOM_STORE_URL). */
  url: string;
  /** Where the simulated world keeps its SQLite file (the data dir). */
  dataDir: string;
  clock?: Clock;
  /** Load the sample operator into an empty store (default true). */
  seed?: boolean;
  /** Also load the installed base into a new store (default false), as the SQLite store does. */
  installedBase?: boolean;
  /** How many times faster than ours the simulated suppliers' time runs. */
  supplierSpeed?: number;
  /** The suppliers served over HTTP (ETOM_SUPPLIERS, #15); the others stay simulated. */
  suppliers?: SuppliersConfig;
}

/**
 * The enterprise store on a PostgreSQL server, every port wired to one pool: the same shape as
 * the SQLite store (src/adapters/sqlite/index.ts). The schema is migrated and the sample
 * operator seeded into an empty database, once, whichever process starts first (both take
 * advisory locks). The simulators keep their own state beside it (./simulated-world.ts).
 */
export async function createPostgresStore({
  url,
  dataDir,
  clock = systemClock,
  seed = true,
  installedBase = false,
  supplierSpeed,
  suppliers = {},
}: CreatePostgresStoreOptions): Promise<PostgresStore> {
  const pool = openPool(url);
  try {
    await migrate(pool);
    // The installed base joins a new store only: an existing one already has its own history.
    if (seed) await seedPostgresSampleOperator(pool, { installedBase });
  } catch (err) {
    await pool.end();
    throw err;
  }
  const world = openSimulatedWorld(pool, path.join(dataDir, 'simulators.db'), clock, { installedBase });
  const partnerOrders = createPostgresPartnerOrders(pool, clock);
  const partnerProblems = createPostgresPartnerProblems(pool, clock);
  const simulatedSuppliers = createSupplierSimulator(world.db, clock, { speed: supplierSpeed });
  const partnerGateway = configuredPartnerGateway(
    {
      ...simulatedSuppliers,
      // A supplier bills what it supplied, as its copy of our inventory shows it: renewed first.
      async supplierBill(...args) {
        await world.refreshResources();
        return simulatedSuppliers.supplierBill(...args);
      },
    },
    suppliers,
    { partnerOrders, partnerProblems },
  );
  return {
    db: world.db,
    pool,
    ports: {
      clock,
      catalog: createPostgresCatalog(pool),
      customerManagement: createPostgresCustomerManagement(pool),
      notifications: createPostgresNotifications(pool, clock),
      productOrders: createPostgresProductOrders(pool),
      resourceInventory: createPostgresResourceInventory(pool, clock),
      resourceOrders: createPostgresResourceOrders(pool, clock),
      networkActivation: world.networkActivation,
      partnerGateway,
      partnerOrders,
      serviceInventory: createPostgresServiceInventory(pool),
      workforce: createPostgresWorkforce(pool, clock),
      alarms: createPostgresAlarms(pool, clock),
      resourceTroubles: createPostgresResourceTroubles(pool, clock),
      resourcePerformance: createPostgresResourcePerformance(pool, clock, world.collectPerformance),
      troubleTickets: createPostgresTroubleTickets(pool, clock),
      serviceProblems: createPostgresServiceProblems(pool, clock),
      serviceQuality: createPostgresServiceQuality(pool, clock),
      customerSla: createPostgresCustomerSla(pool, clock),
      partnerProblems,
      usage: createPostgresUsage(pool, clock),
      billing: createPostgresBilling(pool, clock),
      // Each supplier's bills and answers come through its gateway: simulated, or over TMF678.
      settlements: createPostgresSettlements(pool, clock, partnerGateway),
      slaCredits: createPostgresSlaCredits(pool, clock),
      serviceOutages: createPostgresServiceOutages(pool),
      sales: createPostgresSales(pool, clock),
      customerRelationships: createPostgresCustomerRelationships(pool, clock),
      partnerInteractions: createPostgresPartnerInteractions(pool, clock),
      readinessReports: createPostgresReadinessReports(pool, clock),
      operationalTrends: createPostgresOperationalTrends(pool, clock),
      numberBlocks: createPostgresNumberBlocks(pool, clock),
      inventoryReconciliation: createPostgresInventoryReconciliation(pool, clock, world.discover),
      capacityShortfalls: createPostgresCapacityShortfalls(pool, clock),
      resourceAcceptance: createPostgresResourceAcceptance(pool, clock),
      maintenanceJobs: createPostgresMaintenanceJobs(pool, clock),
      resourceClasses: createPostgresResourceClasses(pool, clock),
      ratingReferences: createPostgresRatingReferences(pool, clock),
      campaignPlans: createPostgresCampaignPlans(pool, clock),
      logistics: createPostgresLogistics(pool, clock),
      eventSubscriptions: createPostgresEventSubscriptions(pool),
      processRuns: createPostgresProcessRuns(pool),
    },
    async close() {
      world.close();
      await pool.end();
    },
  };
}
