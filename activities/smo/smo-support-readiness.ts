import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of SM&O Support & Readiness (1.O.2.1), to come. */
export function createSmoSupportReadinessActivities(_ports: Ports) {
  return {};
}
