import type { ServiceKqi } from '../domain/assurance/messages';

/** A service as quality management sees it: whose, where, on what, and what it was designed to meet. */
export interface QualityService {
  serviceId: string;
  customerId: string;
  region: string;
  state: string;
  /** The elements it runs on (its assurance record). */
  resourceIds: string[];
  /** Design targets (services.assurance): availability in %, restoration in hours. */
  sla: { availabilityPct: number; restoreHours: number } | null;
  qos: Record<string, number>;
}

export interface CustomerAlert {
  id: string;
  serviceId: string;
  customerId: string;
  startedAt: string;
  estimatedRestoration: string;
  detail: string;
}

/** Something monitoring (1.A.2.4.1) kept for a run — or set aside, with the reason, as not affecting quality. */
export interface QualityEvent {
  id: string;
  runId: string;
  serviceId: string | null;
  customerId: string | null;
  kind: 'outage' | 'degradation';
  /** The outage record, or the element whose performance degraded. */
  sourceId: string;
  resourceId: string | null;
  performanceBp: number | null;
  degrading: boolean;
  startedAt: string;
  endedAt: string;
  detail: string;
  filteredReason: string | null;
}

/** A service's KQIs for a run (1.A.2.4.2), with what they are compared to. */
export interface ServiceKqiRecord extends ServiceKqi {
  runId: string;
  periodStart: string;
  periodEnd: string;
  /** Worst share of the period an element carrying the service met its thresholds. */
  performanceBp: number;
  degrading: boolean;
  targetAvailabilityBp: number | null;
  targetRestoreMinutes: number | null;
  /** The QoS it was designed to (1.F.2.2.1), measured end to end, and what fell short. */
  qos: QosMeasure;
}

/** One service's designed QoS beside what was measured; null where not designed or not measured. */
export interface QosMeasure {
  latencyMs: number | null;
  maxLatencyMs: number | null;
  /** Share of the committed rate the end-to-end test carried (100 when it reports no shortfall). */
  throughputPct: number | null;
  minThroughputPct: number | null;
  committedBandwidthMbps: number | null;
  deliveredBandwidthMbps: number | null;
  /** What missed the design, in words; null when the design was met. */
  shortfall: string | null;
}

export interface ImprovementAction {
  id: string;
  runId: string;
  serviceId: string;
  kind: 'improveResilience' | 'shortenRestoration' | 'requestCapacity';
  /** The process the proposal goes to (SM&O configuration, SM&O problems, RM&O performance). */
  addressedTo: string;
  reason: string;
  createdAt: string;
}

export interface ServiceConstraint {
  id: string;
  runId: string;
  serviceId: string;
  customerId: string;
  kind: 'resourceFailure' | 'capacityShortage';
  /** The element behind it ('' when unknown, as for an outage certified by its cause). */
  resourceId: string;
  detail: string;
  createdAt: string;
}

/**
 * SM&O's quality records (1.A.2.4), kept per run (one period's analysis), and the read view of
 * the service inventory quality needs. Every write takes an idempotency key.
 */
export interface ServiceQualityPort {
  /** Active services, in these regions (all regions when null). */
  activeServices(regions: string[] | null): Promise<QualityService[]>;
  /** A service in whatever state it is. */
  service(serviceId: string): Promise<QualityService | undefined>;
  /** Active services running on the element or on an element below it (a card carries its ports' services). */
  servicesCarriedBy(resourceId: string): Promise<QualityService[]>;

  /**
   * The losses of service Customer QoS/SLA Management told customers of within the period, past
   * their soft threshold (1.A.1.7.2, before the period ends), whose restoration is not certified
   * yet (a certified one is an outage): what 1.A.2.4.1 takes in.
   */
  customerAlerts(periodStart: string, periodEnd: string): Promise<CustomerAlert[]>;

  recordEvents(
    idempotencyKey: string,
    runId: string,
    events: Array<Omit<QualityEvent, 'id' | 'runId'>>,
  ): Promise<QualityEvent[]>;
  events(runId: string): Promise<QualityEvent[]>;

  recordKqis(idempotencyKey: string, kqis: ServiceKqiRecord[]): Promise<ServiceKqiRecord[]>;
  kqis(runId: string): Promise<ServiceKqiRecord[]>;

  /** One action per run, service and kind: recording it again returns the first. */
  recordImprovement(
    idempotencyKey: string,
    action: Omit<ImprovementAction, 'id' | 'createdAt'>,
  ): Promise<ImprovementAction>;
  improvements(runId: string): Promise<ImprovementAction[]>;

  recordConstraints(
    idempotencyKey: string,
    constraints: Array<Omit<ServiceConstraint, 'id' | 'createdAt'>>,
  ): Promise<ServiceConstraint[]>;
  constraints(runId: string): Promise<ServiceConstraint[]>;
}
