import type { Ports } from '../../src/ports';
import { createServiceConfigurationActivationActivities } from './service-configuration-activation';

/** Every Level-3 process of the SM&O layer, as the activities the SM&O worker registers. */
export function createSmoActivities(ports: Ports) {
  return {
    ...createServiceConfigurationActivationActivities(ports),
  };
}
export type SmoActivities = ReturnType<typeof createSmoActivities>;
