import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of S/P Interface Management (1.FAB.4.6), to come. */
export function createSpInterfaceManagementActivities(_ports: Ports) {
  return {};
}
