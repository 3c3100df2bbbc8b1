import type { Figures, Objective } from '../domain/readiness/report';
import type { DiscoveredElement } from '../simulators/discovery';

/** Rows of a trend analysis: one per group (region, channel, supplier…), figures by name. */
export interface Trend {
  /** Tables the figures came from. */
  sources: string[];
  /** Tables the analysis would read but that this store does not (yet) have: no data. */
  missing: string[];
  rows: Array<{ group: string; figures: Figures }>;
}

/** The trend analyses the readiness processes run on stored history. */
export type TrendName =
  | 'contacts'
  | 'orders'
  | 'troubleTickets'
  | 'billingInquiries'
  | 'retention'
  | 'offeringOrders'
  | 'salesChannels'
  | 'customerQos'
  | 'campaigns'
  | 'serviceProblems'
  | 'serviceQuality'
  | 'resourceTroubles'
  | 'requisitions'
  | 'partnerProblems'
  | 'supplierPerformance'
  | 'settlements'
  | 'partnerContacts';

export interface ReadinessActionRequest {
  etomId: string;
  runId: string;
  metric: string;
  subject: string;
  value: number;
  limit: number;
  action: string;
}

export interface PoolFigures {
  resourceSpecId: string;
  region: string;
  total: number;
  free: number;
}

export interface NumberBlock {
  id: string;
  resourceSpecId: string;
  region: string;
  firstValue: string;
  lastValue: string;
  size: number;
}

export interface ClassCount {
  resourceSpecId: string;
  resourceType: string;
  region: string;
  total: number;
  available: number;
  reserved: number;
  inService: number;
  outOfService: number;
  /** 'supplier': bought from suppliers when needed (a contract covers it), so never short. */
  suppliedBy: 'own' | 'supplier';
}

export interface InventoryElement {
  resourceId: string;
  resourceType: string;
  region: string;
  state: string;
  serviceId: string | null;
  configuredFor: string | null;
}

export interface Shortfall {
  id: string;
  resourceSpecId: string;
  region: string;
  available: number;
  total: number;
  state: 'short' | 'capacityOrdered' | 'resolved';
  addedResourceIds: string[];
}

export interface AcceptanceItem {
  resourceId: string;
  resourceType: string;
  reason: 'new' | 'repaired' | 'discovered';
  source: string;
  state: 'pending' | 'accepted' | 'failed';
  resourceState: string;
}

export interface MaintenanceJob {
  id: string;
  resourceId: string;
  kind: 'preventive' | 'repair';
  reason: string;
  state: 'requested' | 'passed' | 'repaired' | 'failed';
}

export interface ClassSample {
  resourceSpecId: string;
  region: string;
  total: number;
  inService: number;
  available: number;
  outOfService: number;
  tests: number;
  failedTests: number;
  meanLatencyMs: number | null;
}

export interface RatingReference {
  /** The tariff table rating reads, when this store has one. */
  tariffSource: string | null;
  classes: Array<{ cfsSpecId: string; content: unknown }>;
}

export interface CampaignPlan {
  name: string;
  region: string;
  segment: string;
  productOfferingId: string;
  rationale: string;
  figures: Figures;
  runId: string;
}

export interface ActiveService {
  serviceId: string;
  cfsSpecId: string;
  customerId: string;
  /** Network elements the inventory associates with the service (identifiers are not elements). */
  elementIds: string[];
}

/**
 * Operations Support & Readiness (1.O.*.1): trend figures from stored history, objectives,
 * stored reports and readiness actions, number and identifier blocks, inventory against
 * discovery, capacity shortfalls and the acceptance of new or repaired resources, maintenance
 * jobs, resource class samples, rating reference data and campaign plans. Every write takes
 * an idempotency key.
 */
export interface ReadinessPort {
  objectives(): Promise<Record<string, Objective>>;
  setObjective(metric: string, limit: number, direction?: 'max' | 'min'): Promise<void>;
  trend(name: TrendName, since: string): Promise<Trend>;
  recordReport(
    key: string,
    r: { runId: string; layer: string; etomId: string; figures: Figures; findings: string[]; details: unknown },
  ): Promise<string>;
  /** Stores the action and notifies its owner; an action still open on the same subject is returned instead. */
  raiseAction(key: string, a: ReadinessActionRequest): Promise<string>;
  /** Closes the open actions of a process on a metric whose subject is back within its objective. */
  closeActions(key: string, etomId: string, metric: string, stillCrossing: string[]): Promise<string[]>;
  actions(runId?: string): Promise<Array<ReadinessActionRequest & { id: string; state: string }>>;
  reports(runId: string): Promise<Array<{ id: string; etomId: string; figures: Figures; findings: string[] }>>;

  pools(resourceSpecId: string): Promise<PoolFigures[]>;
  /** Adds `size` new identifiers (telephone numbers, address ranges) to a region's pool. */
  addBlock(key: string, resourceSpecId: string, region: string, size: number, reason: string): Promise<NumberBlock>;

  classCounts(): Promise<ClassCount[]>;
  /** For each service class, what one instance needs, and where suppliers can provide it. */
  serviceClassNeeds(): Promise<
    Array<{ cfsSpecId: string; resourceSpecId: string; quantity: number; role: string; suppliedIn: string[] }>
  >;
  discover(): Promise<DiscoveredElement[]>;
  inventoryElements(): Promise<InventoryElement[]>;
  activeServices(): Promise<ActiveService[]>;
  recordDiscrepancy(
    key: string,
    d: { runId: string; etomId: string; kind: string; subject: string; detail: string; resolution: string },
  ): Promise<string>;
  /** An available element the network no longer reports is taken out of the pools. */
  takeOutOfService(key: string, resourceId: string, reason: string): Promise<boolean>;
  /** An element the network reports and the inventory lacks is recorded, pending acceptance. */
  registerDiscovered(key: string, element: DiscoveredElement): Promise<string>;
  openShortfall(
    key: string,
    s: { resourceSpecId: string; region: string; available: number; total: number },
  ): Promise<Shortfall>;
  shortfalls(state?: Shortfall['state']): Promise<Shortfall[]>;
  /**
   * Resource capability delivery installs the capacity a shortfall asks for (in the embedded
   * default, a simulated installation): new resources, out of service, handed over for acceptance.
   */
  deliverCapacity(key: string, shortfallId: string): Promise<Shortfall>;
  handOver(key: string, resourceId: string, reason: AcceptanceItem['reason'], source: string): Promise<void>;
  pendingAcceptance(): Promise<AcceptanceItem[]>;
  /** Records an acceptance test; a pass puts the resource in the available pool. */
  recordAcceptance(key: string, resourceId: string, passed: boolean, detail: string): Promise<AcceptanceItem>;

  requestMaintenance(
    key: string,
    j: { resourceId: string; kind: MaintenanceJob['kind']; reason: string },
  ): Promise<MaintenanceJob>;
  openMaintenance(): Promise<MaintenanceJob[]>;
  completeMaintenance(
    key: string,
    jobId: string,
    state: 'passed' | 'repaired' | 'failed',
    result: string,
  ): Promise<void>;
  /** Out-of-service network elements nobody holds, nor waits to accept, nor ships: to repair. */
  idleOutOfService(types: string[]): Promise<string[]>;
  /** Configured elements of a class, to sample its performance. */
  configuredElements(): Promise<Array<{ resourceId: string; resourceSpecId: string; region: string }>>;
  recordSamples(key: string, runId: string, samples: ClassSample[]): Promise<void>;
  samples(since: string): Promise<Array<ClassSample & { runId: string; at: string }>>;
  /** Resources with more outages than acceptable in the window (state history). */
  outagesByResource(since: string): Promise<Array<{ resourceId: string; outages: number }>>;

  ratingReference(): Promise<RatingReference>;
  latestRatingVersion(cfsSpecId: string): Promise<{ version: number; checksum: string } | undefined>;
  recordRatingVersion(
    key: string,
    v: { cfsSpecId: string; checksum: string; source: string; content: unknown },
  ): Promise<number>;

  /** Per region: customers, and spare capacity of each offering's resources. */
  marketFigures(): Promise<Array<{ region: string; customers: number; spare: Record<string, number> }>>;
  planCampaign(key: string, plan: CampaignPlan): Promise<{ id: string; created: boolean }>;
}
