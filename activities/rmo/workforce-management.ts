import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Manage Workforce (1.O.3.1.6), to come. */
export function createWorkforceManagementActivities(_ports: Ports) {
  return {};
}
