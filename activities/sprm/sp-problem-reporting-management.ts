import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of S/P Problem Reporting & Management (1.A.4.3), to come. */
export function createSpProblemReportingManagementActivities(_ports: Ports) {
  return {};
}
