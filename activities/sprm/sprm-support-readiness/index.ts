import type { Ports } from '../../../src/ports';
import { createSupportSPRequisitionManagement } from './support-sp-requisition-management';
import { createSupportSPProblemReportingAndManagement } from './support-sp-problem-reporting-management';
import { createSupportSPPerformanceManagement } from './support-sp-performance-management';
import { createSupportSPSettlementsAndBillingManagement } from './support-sp-settlements-billing-management';
import { createSupportSPInterfaceManagement } from './support-sp-interface-management';

/**
 * S/PRM Support & Readiness (1.O.4.1): every facility for dealing with suppliers and partners
 * available and working — requisition, problem, performance, settlement and interface trends
 * per supplier, held against objectives, with readiness actions where they are crossed.
 */
export function createSprmSupportReadinessActivities(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return {
    supportSPRequisitionManagement: createSupportSPRequisitionManagement(ports),
    supportSPProblemReportingAndManagement: createSupportSPProblemReportingAndManagement(ports),
    supportSPPerformanceManagement: createSupportSPPerformanceManagement(ports),
    supportSPSettlementsAndBillingManagement: createSupportSPSettlementsAndBillingManagement(ports),
    supportSPInterfaceManagement: createSupportSPInterfaceManagement(ports),
  };
}
