import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Billing & Collections Management (1.B.1.8), to come. */
export function createBillingCollectionsManagementActivities(_ports: Ports) {
  return {};
}
