import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Service Quality Management (1.A.2.4), to come. */
export function createServiceQualityManagementActivities(_ports: Ports) {
  return {};
}
