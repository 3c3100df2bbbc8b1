import type { LayerKey } from '../src/layers';
import type { Ports } from '../src/ports';
import { createCrmActivities } from './crm';
import { createRmoActivities } from './rmo';
import { createSmoActivities } from './smo';
import { createSprmActivities } from './sprm';

/** The activities each layer's worker registers, built over one set of ports. */
export function createActivitiesByLayer(ports: Ports): Record<LayerKey, Record<string, unknown>> {
  return {
    crm: createCrmActivities(ports),
    smo: createSmoActivities(ports),
    rmo: createRmoActivities(ports),
    sprm: createSprmActivities(ports),
  };
}
