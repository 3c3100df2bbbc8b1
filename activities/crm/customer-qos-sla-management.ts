import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Customer QoS/SLA Management (1.A.1.7), to come. */
export function createCustomerQosSlaManagementActivities(_ports: Ports) {
  return {};
}
