import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Service Problem Management (1.A.2.3), to come. */
export function createServiceProblemManagementActivities(_ports: Ports) {
  return {};
}
