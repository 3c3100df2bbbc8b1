import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of S/P Settlements & Billing Management (1.B.4.5), to come. */
export function createSpSettlementsBillingManagementActivities(_ports: Ports) {
  return {};
}
