import type { KpiSample, Threshold } from '../../../src/ports/resource-performance';
import { KPIS, type Kpi } from '../../../src/simulators/performance';

/** The limit a KPI must stay within on this kind of element, if it has one. */
export const limitOf = (thresholds: Threshold[], resourceType: string, kpi: Kpi) =>
  thresholds.find((t) => t.resourceType === resourceType && t.kpi === kpi)?.limit;

/** A reading within every threshold of its element's kind. */
export const withinThresholds = (s: KpiSample, thresholds: Threshold[], resourceType: string) =>
  KPIS.every((kpi) => {
    const limit = limitOf(thresholds, resourceType, kpi);
    return limit === undefined || s[kpi] <= limit;
  });
