import type { Ports } from '../../src/ports';

/** Every Level-3 process of the SM&O layer, as the activities the SM&O worker registers. */
export function createSmoActivities(_ports: Ports) {
  return {};
}
export type SmoActivities = ReturnType<typeof createSmoActivities>;
