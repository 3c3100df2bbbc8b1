import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Resource Trouble Management (1.A.3.3), to come. */
export function createResourceTroubleManagementActivities(_ports: Ports) {
  return {};
}
