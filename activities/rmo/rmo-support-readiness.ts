import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of RM&O Support & Readiness (1.O.3.1, except 1.O.3.1.6), to come. */
export function createRmoSupportReadinessActivities(_ports: Ports) {
  return {};
}
