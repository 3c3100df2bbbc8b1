import type { Ports } from '../../../src/ports';
import { createManageServiceInventory } from './manage-service-inventory';
import { createEnableServiceConfigurationAndActivation } from './enable-service-configuration-activation';
import { createSupportServiceProblemManagement } from './support-service-problem-management';
import { createEnableServiceQualityManagement } from './enable-service-quality-management';
import { createSupportServiceAndSpecificInstanceRating } from './support-service-specific-instance-rating';

/**
 * SM&O Support & Readiness (1.O.2.1): manage service classes so capacity is there and services
 * can be instantiated and managed — the service inventory kept true to the network, service
 * capacity ready for orders, service problem and quality trends, and rating reference data.
 */
export function createSmoSupportReadinessActivities(
  ports: Pick<
    Ports,
    | 'readinessReports'
    | 'operationalTrends'
    | 'numberBlocks'
    | 'inventoryReconciliation'
    | 'resourceClasses'
    | 'ratingReferences'
    | 'clock'
  >,
) {
  return {
    manageServiceInventory: createManageServiceInventory(ports),
    enableServiceConfigurationAndActivation: createEnableServiceConfigurationAndActivation(ports),
    supportServiceProblemManagement: createSupportServiceProblemManagement(ports),
    enableServiceQualityManagement: createEnableServiceQualityManagement(ports),
    supportServiceAndSpecificInstanceRating: createSupportServiceAndSpecificInstanceRating(ports),
  };
}
