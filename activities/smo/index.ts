import type { Ports } from '../../src/ports';
import { createSmoSupportReadinessActivities } from './smo-support-readiness';
import { createServiceSpecificInstanceRatingActivities } from './service-specific-instance-rating';
import { createServiceQualityManagementActivities } from './service-quality-management';
import { createServiceProblemManagementActivities } from './service-problem-management';
import { createServiceConfigurationActivationActivities } from './service-configuration-activation';

/** Every Level-3 process of the SM&O layer, as the activities the SM&O worker registers. */
export function createSmoActivities(ports: Ports) {
  return {
    ...createSmoSupportReadinessActivities(ports),
    ...createServiceSpecificInstanceRatingActivities(ports),
    ...createServiceQualityManagementActivities(ports),
    ...createServiceProblemManagementActivities(ports),
    ...createServiceConfigurationActivationActivities(ports),
  };
}
export type SmoActivities = ReturnType<typeof createSmoActivities>;
