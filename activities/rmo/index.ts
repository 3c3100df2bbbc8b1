import type { Ports } from '../../src/ports';
import { createRmoSupportReadinessActivities } from './rmo-support-readiness';
import { createResourceDataCollectionProcessingActivities } from './resource-data-collection-processing';
import { createResourcePerformanceManagementActivities } from './resource-performance-management';
import { createResourceTroubleManagementActivities } from './resource-trouble-management';
import { createResourceProvisioningActivities } from './resource-provisioning';

/** Every Level-3 process of the RM&O layer, as the activities the RM&O worker registers. */
export function createRmoActivities(ports: Ports) {
  return {
    ...createRmoSupportReadinessActivities(ports),
    ...createResourceDataCollectionProcessingActivities(ports),
    ...createResourcePerformanceManagementActivities(ports),
    ...createResourceTroubleManagementActivities(ports),
    ...createResourceProvisioningActivities(ports),
  };
}
export type RmoActivities = ReturnType<typeof createRmoActivities>;
