import type { Ports } from '../../src/ports';

/** Placeholder: the Level-3 processes of Resource Data Collection & Processing (1.AB.3.5), to come. */
export function createResourceDataCollectionProcessingActivities(_ports: Ports) {
  return {};
}
