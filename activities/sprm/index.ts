import type { Ports } from '../../src/ports';
import { createSprmSupportReadinessActivities } from './sprm-support-readiness';
import { createSpInterfaceManagementActivities } from './sp-interface-management';
import { createSpSettlementsBillingManagementActivities } from './sp-settlements-billing-management';
import { createSpPerformanceManagementActivities } from './sp-performance-management';
import { createSpProblemReportingManagementActivities } from './sp-problem-reporting-management';
import { createSPRequisitionManagementActivities } from './sp-requisition-management';

/** Every Level-3 process of the S/PRM layer, as the activities the S/PRM worker registers. */
export function createSprmActivities(ports: Ports) {
  return {
    ...createSprmSupportReadinessActivities(ports),
    ...createSpInterfaceManagementActivities(ports),
    ...createSpSettlementsBillingManagementActivities(ports),
    ...createSpPerformanceManagementActivities(ports),
    ...createSpProblemReportingManagementActivities(ports),
    ...createSPRequisitionManagementActivities(ports),
  };
}
export type SprmActivities = ReturnType<typeof createSprmActivities>;
