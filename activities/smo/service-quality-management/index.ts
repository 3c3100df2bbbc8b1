import type { Ports } from '../../../src/ports';
import { createAnalyzeServiceQuality } from './analyze-service-quality';
import { createIdentifyAndReportServiceConstraints } from './identify-report-service-constraints';
import { createImproveService } from './improve-service';
import { createMonitorServiceQuality } from './monitor-service-quality';

/**
 * Service Quality Management (1.A.2.4): the quality customers experience, per period. One run
 * (the serviceQuality workflow's id) gathers the period's outages and the resource performance
 * RM&O reported, computes each service's KQIs, proposes improvements where a service misses
 * its design targets, and reports the constraints to CRM (customers' SLAs) and to RM&O.
 */
export function createServiceQualityManagementActivities(
  ports: Pick<
    Ports,
    | 'serviceQuality'
    | 'serviceOutages'
    | 'notifications'
    | 'networkActivation'
    | 'serviceInventory'
    | 'readinessReports'
  >,
) {
  return {
    monitorServiceQuality: createMonitorServiceQuality(ports),
    analyzeServiceQuality: createAnalyzeServiceQuality(ports),
    improveService: createImproveService(ports),
    identifyAndReportServiceConstraints: createIdentifyAndReportServiceConstraints(ports),
  };
}
