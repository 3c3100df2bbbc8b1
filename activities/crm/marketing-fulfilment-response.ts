import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Marketing Fulfilment Response (1.F.1.3), to come. */
export function createMarketingFulfilmentResponseActivities(_ports: Ports) {
  return {};
}
