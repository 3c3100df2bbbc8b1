import { createActivitiesByLayer } from '../../activities';
import * as workflows from '../../workflows';
import { LAYERS, type LayerKey } from '../layers';
import type { Ports } from '../ports';

/** What each registered activity declares: its name, its eTOM id and the layer that runs it. */
export interface RegisteredActivity {
  name: string;
  etomId: string;
  layer: LayerKey;
}

/**
 * The activities the workers register, read from the factories themselves. Factories only
 * close over their ports, so building them with ports that refuse every use is safe and
 * proves they do no work at construction.
 */
export function registeredActivities(): RegisteredActivity[] {
  const refuse: Ports = new Proxy({} as Ports, {
    get: (_t, port) => {
      if (port === 'then') return undefined;
      return new Proxy(() => undefined, {
        get: () => {
          throw new Error(`port ${String(port)} used while only listing activities`);
        },
        apply: () => {
          throw new Error(`port ${String(port)} used while only listing activities`);
        },
      });
    },
  });
  const byLayer = createActivitiesByLayer(refuse);
  return LAYERS.flatMap((layer) =>
    Object.entries(byLayer[layer]).map(([name, fn]) => ({
      name,
      etomId: String((fn as { etomId?: unknown }).etomId),
      layer,
    })),
  );
}

/** The workflow types the workers register: every function workflows/index.ts exports. */
export function registeredWorkflows(): Set<string> {
  return new Set(
    Object.entries(workflows)
      .filter(([, v]) => typeof v === 'function')
      .map(([name]) => name),
  );
}
