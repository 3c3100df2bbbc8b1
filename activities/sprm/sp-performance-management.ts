import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of S/P Performance Management (1.A.4.4), to come. */
export function createSpPerformanceManagementActivities(_ports: Ports) {
  return {};
}
