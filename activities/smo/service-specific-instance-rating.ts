import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Service & Specific Instance Rating (1.B.2.5), to come. */
export function createServiceSpecificInstanceRatingActivities(_ports: Ports) {
  return {};
}
