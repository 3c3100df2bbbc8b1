import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Selling (1.F.1.4), to come. */
export function createSellingActivities(_ports: Ports) {
  return {};
}
