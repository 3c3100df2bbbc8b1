import type { Ports } from '../../src/ports';

/** Every Level-3 process of the S/PRM layer, as the activities the S/PRM worker registers. */
export function createSprmActivities(_ports: Ports) {
  return {};
}
export type SprmActivities = ReturnType<typeof createSprmActivities>;
