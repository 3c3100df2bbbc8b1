import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Resource Performance Management (1.A.3.4), to come. */
export function createResourcePerformanceManagementActivities(_ports: Ports) {
  return {};
}
