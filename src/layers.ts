/**
 * The four horizontal layers of eTOM Operations. Each runs on its own task queue so that a
 * layer's worker can be deployed and scaled alone; one process may also poll all four.
 */
export const LAYERS = ['crm', 'smo', 'rmo', 'sprm'] as const;
export type LayerKey = (typeof LAYERS)[number];

export const LAYER_NAMES: Record<LayerKey, string> = {
  crm: 'CRM',
  smo: 'SM&O',
  rmo: 'RM&O',
  sprm: 'S/PRM',
};

/** The eTOM horizontal number (1.x.N.y) of each layer. */
export const LAYER_HORIZONTAL: Record<LayerKey, number> = { crm: 1, smo: 2, rmo: 3, sprm: 4 };

export function isLayerKey(value: string): value is LayerKey {
  return (LAYERS as readonly string[]).includes(value);
}

export function taskQueueFor(layer: LayerKey, prefix = 'etom'): string {
  return `${prefix}-${layer}`;
}
