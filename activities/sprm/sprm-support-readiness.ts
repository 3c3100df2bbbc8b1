import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of S/PRM Support & Readiness (1.O.4.1), to come. */
export function createSprmSupportReadinessActivities(_ports: Ports) {
  return {};
}
