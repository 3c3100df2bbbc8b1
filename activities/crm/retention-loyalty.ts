import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Retention & Loyalty (1.FAB.1.9), to come. */
export function createRetentionLoyaltyActivities(_ports: Ports) {
  return {};
}
