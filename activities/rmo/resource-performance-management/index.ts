import type { Ports } from '../../../src/ports';
import { createAnalyzeResourcePerformance } from './analyze-resource-performance';
import { createControlResourcePerformance } from './control-resource-performance';
import { createMonitorResourcePerformance } from './monitor-resource-performance';
import { createReportResourcePerformance } from './report-resource-performance';

/**
 * Resource Performance Management (1.A.3.4): watch the elements' performance against
 * thresholds, catch a degradation early from its trend, put traffic controls on what
 * degrades, and report the period to Service Quality Management.
 */
export function createResourcePerformanceManagementActivities(
  ports: Pick<Ports, 'resourcePerformance' | 'serviceProblems'>,
) {
  return {
    monitorResourcePerformance: createMonitorResourcePerformance(ports),
    analyzeResourcePerformance: createAnalyzeResourcePerformance(ports),
    controlResourcePerformance: createControlResourcePerformance(ports),
    reportResourcePerformance: createReportResourcePerformance(ports),
  };
}
