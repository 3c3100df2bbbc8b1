import type { Ports } from '../../src/ports';
import { createResourceProvisioningActivities } from './resource-provisioning';

/** Every Level-3 process of the RM&O layer, as the activities the RM&O worker registers. */
export function createRmoActivities(ports: Ports) {
  return {
    ...createResourceProvisioningActivities(ports),
  };
}
export type RmoActivities = ReturnType<typeof createRmoActivities>;
