import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of CRM Support & Readiness (1.O.1.1), to come. */
export function createCrmSupportReadinessActivities(_ports: Ports) {
  return {};
}
