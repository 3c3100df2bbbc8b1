import type { Ports } from '../../../src/ports';
import { createEnableResourceProvisioning } from './enable-resource-provisioning';
import { createEnableResourcePerformanceManagement } from './enable-resource-performance-management';
import { createSupportResourceTroubleManagement } from './support-resource-trouble-management';
import { createEnableResourceDataCollectionAndProcessing } from './enable-resource-data-collection-processing';
import { createManageResourceInventory } from './manage-resource-inventory';
import { createManageLogistics } from './manage-logistics';
import { createManageWorkforce } from './manage-workforce';

/**
 * RM&O Support & Readiness (1.O.3.1): resource classes kept
 * ready — the inventory synchronised with what the network reports and watched for capacity,
 * new and repaired resources tested and accepted into the pools, preventive maintenance and
 * repairs, long-term performance and availability analyses, and the logistics of CPE and spares.
 */
export function createRmoSupportReadinessActivities(
  ports: Pick<
    Ports,
    | 'readinessReports'
    | 'operationalTrends'
    | 'inventoryReconciliation'
    | 'capacityShortfalls'
    | 'resourceAcceptance'
    | 'maintenanceJobs'
    | 'resourceClasses'
    | 'logistics'
    | 'networkActivation'
    | 'workforce'
    | 'serviceProblems'
    | 'clock'
  >,
) {
  return {
    enableResourceProvisioning: createEnableResourceProvisioning(ports),
    enableResourcePerformanceManagement: createEnableResourcePerformanceManagement(ports),
    supportResourceTroubleManagement: createSupportResourceTroubleManagement(ports),
    enableResourceDataCollectionAndProcessing: createEnableResourceDataCollectionAndProcessing(ports),
    manageResourceInventory: createManageResourceInventory(ports),
    manageLogistics: createManageLogistics(ports),
    manageWorkforce: createManageWorkforce(ports),
  };
}
