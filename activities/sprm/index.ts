import type { Ports } from '../../src/ports';
import { createSPRequisitionManagementActivities } from './sp-requisition-management';

/** Every Level-3 process of the S/PRM layer, as the activities the S/PRM worker registers. */
export function createSprmActivities(ports: Ports) {
  return {
    ...createSPRequisitionManagementActivities(ports),
  };
}
export type SprmActivities = ReturnType<typeof createSprmActivities>;
