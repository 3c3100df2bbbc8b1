import type { ResourcePerformanceEntry } from '../domain/assurance/messages';
import type { Kpi, KpiSample } from '../simulators/performance';
import type { z } from 'zod';

export type { Kpi, KpiSample };

/** An element whose performance is watched, with where it sits in the topology. */
export interface MonitoredResource {
  id: string;
  resourceType: string;
  region: string;
  parentId: string | null;
  redundantWith: string | null;
  serviceId: string | null;
}

export interface Threshold {
  resourceType: string;
  kpi: Kpi;
  limit: number;
}

/** A KPI over its threshold during a period (1.A.3.4.1), and what was done about it. */
export interface ThresholdCrossing {
  id: string;
  resourceId: string;
  kpi: Kpi;
  worstValue: number;
  limit: number;
  firstAt: string;
  samples: number;
  periodStart: string;
  periodEnd: string;
  /** The resource trouble raised for it (or for the parent element it was folded into). */
  troubleId: string | null;
  /** The parent element whose crossing explains this one (correlation, 1.A.3.4.2). */
  correlatedTo: string | null;
}

/** An early warning (1.A.3.4.2): a trend that will reach a threshold before long. */
export interface PerformanceWarning {
  id: string;
  resourceId: string;
  kpi: Kpi;
  slopePerHour: number;
  lastValue: number;
  limit: number;
  predictedCrossingAt: string;
  periodStart: string;
  periodEnd: string;
}

/** A traffic control put on an element (1.A.3.4.3). */
export interface TrafficControl {
  id: string;
  resourceId: string;
  kind: 'reroute' | 'rateLimit';
  shedPct: number;
  /** With `reroute`: the element taking the traffic (the redundant mate). */
  targetResourceId: string | null;
  reason: string;
  periodStart: string;
  periodEnd: string;
  effectiveFrom: string;
  appliedAt: string;
}

export type PerformanceEntry = z.infer<typeof ResourcePerformanceEntry>;

export interface PerformanceReport {
  id: string;
  scope: { region: string | null; resourceIds: string[] };
  periodStart: string;
  periodEnd: string;
  entries: PerformanceEntry[];
  crossings: number;
  warnings: number;
  controls: number;
  createdAt: string;
}

export interface Period {
  periodStart: string;
  periodEnd: string;
}

/**
 * RM&O's performance records (1.A.3.4) and the collector behind them: the embedded default
 * reads the simulated elements (src/simulators/performance.ts), a deployment its PM system.
 * Every write takes an idempotency key; a retried call changes nothing twice.
 */
export interface ResourcePerformancePort {
  /**
   * The elements watched in a region (infrastructure — nodes, cards — and the elements in
   * service for customers) or exactly those named.
   */
  monitoredResources(scope: { region?: string; resourceIds?: string[] }): Promise<MonitoredResource[]>;
  /** Reads the elements' counters at each time and stores the samples; returns how many are stored. */
  collect(idempotencyKey: string, resourceIds: string[], times: string[]): Promise<number>;
  /** Samples of an element in [from, to), oldest first. */
  samples(resourceId: string, from: string, to: string): Promise<KpiSample[]>;
  thresholds(): Promise<Threshold[]>;

  /** Records crossings; one per element, KPI and period (a second record of the same is ignored). */
  recordCrossings(
    idempotencyKey: string,
    crossings: Array<Omit<ThresholdCrossing, 'id'>>,
  ): Promise<ThresholdCrossing[]>;
  crossings(period: Period, resourceId?: string): Promise<ThresholdCrossing[]>;

  recordWarnings(
    idempotencyKey: string,
    warnings: Array<Omit<PerformanceWarning, 'id'>>,
  ): Promise<PerformanceWarning[]>;
  warnings(period: Period, resourceId?: string): Promise<PerformanceWarning[]>;

  /** Puts a control on the element (one per element and period) and records it. */
  applyControl(idempotencyKey: string, control: Omit<TrafficControl, 'id' | 'appliedAt'>): Promise<TrafficControl>;
  controls(resourceId: string): Promise<TrafficControl[]>;

  recordReport(idempotencyKey: string, report: Omit<PerformanceReport, 'id' | 'createdAt'>): Promise<PerformanceReport>;
  getReport(reportId: string): Promise<PerformanceReport | undefined>;
}
