import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Problem Handling (1.A.1.6), to come. */
export function createProblemHandlingActivities(_ports: Ports) {
  return {};
}
